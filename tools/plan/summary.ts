/**
 * The ordered plan's record: per stack what `terraform show -json` of its saved plan would do (add,
 * change, replace, destroy, with the addresses replaced and destroyed), the guard's verdict on protected
 * resources, and the same record as Markdown for people (a CI job summary, a pull-request comment).
 */
import { protectedRole, removalKind, type PlannedResourceChange, type ProtectionContext } from './protected';

/** The subset of `terraform show -json <planfile>` read here. */
export interface PlanJson {
  readonly resource_changes?: readonly PlannedResourceChange[];
  readonly prior_state?: {
    readonly values?: { readonly root_module?: { readonly resources?: ReadonlyArray<{ readonly mode: string }> } };
  };
}

/** A protected resource the plan would destroy or replace. */
export interface GuardFinding {
  readonly stack: string;
  readonly address: string;
  readonly action: 'replace' | 'destroy';
  /** The protected role of the resource and, for a replacement, the attributes forcing it. */
  readonly reason: string;
}

/** How one stack's plan went. */
export type StackStatus =
  /** Planned: the counts below are terraform's. */
  | 'planned'
  /** Not planned: a stack it reads remote state from has no state yet (never applied). */
  | 'waiting-for-dependency'
  /** Not planned: a stack it depends on failed to plan. */
  | 'skipped'
  /** terraform init/plan/show failed. */
  | 'failed';

/** How many resources a plan adds, changes in place and destroys (terraform's `Plan:` line). */
export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** One stack of the ordered plan. */
export interface StackPlanSummary extends PlanCounts {
  readonly stack: string;
  readonly status: StackStatus;
  /** Why the stack was not planned or what failed (status other than `planned`). */
  readonly detail?: string;
  /** True when the stack already had resources in its state before this plan. */
  readonly hasState: boolean;
  /** Resources destroyed and created again (counted here only, not in add or destroy). */
  readonly replace: number;
  readonly replaced: readonly string[];
  readonly destroyed: readonly string[];
  /** The saved plan (terraform's binary format), for `terraform apply <planfile>`. */
  readonly planFile?: string;
  /** `terraform show -json` of the saved plan. */
  readonly planJsonFile?: string;
  /** Protected resources this plan would destroy or replace. */
  readonly findings: readonly GuardFinding[];
  /** With `--apply`: the saved plan was applied. @default false */
  readonly applied?: boolean;
}

/** Counts and addresses of one saved plan. */
export function summarizePlan(
  stack: string,
  plan: PlanJson,
  ctx: ProtectionContext,
): Omit<StackPlanSummary, 'status' | 'planFile' | 'planJsonFile'> {
  const changes = (plan.resource_changes ?? []).filter((c) => c.mode === 'managed');
  const has = (c: PlannedResourceChange, action: string) => c.change.actions.includes(action);
  const replaced = changes.filter((c) => removalKind(c) === 'replace').map((c) => c.address);
  const destroyed = changes.filter((c) => removalKind(c) === 'destroy').map((c) => c.address);
  return {
    stack,
    hasState: (plan.prior_state?.values?.root_module?.resources ?? []).some((r) => r.mode === 'managed'),
    add: changes.filter((c) => has(c, 'create') && !has(c, 'delete')).length,
    change: changes.filter((c) => has(c, 'update')).length,
    replace: replaced.length,
    destroy: destroyed.length,
    replaced,
    destroyed,
    findings: guardFindings(stack, changes, ctx),
  };
}

function describePath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The protected resources among `changes` that would be destroyed or replaced. */
export function guardFindings(
  stack: string,
  changes: readonly PlannedResourceChange[],
  ctx: ProtectionContext,
): GuardFinding[] {
  return changes.flatMap((c) => {
    const action = removalKind(c);
    if (action === undefined) return [];
    const role = protectedRole(stack, c, ctx);
    if (role === undefined) return [];
    const paths = (c.change.replace_paths ?? []).map(describePath);
    const why =
      action === 'replace'
        ? `would be replaced${paths.length > 0 ? ` (${paths.join(', ')} forces replacement)` : ''}`
        : 'would be destroyed';
    return [{ stack, address: c.address, action, reason: `${role} ${why}` }];
  });
}

/** An operator's `--allow-replace` value: `<address>` (any stack) or `<stack>:<address>`. */
export interface Override {
  readonly stack?: string;
  readonly address: string;
}

/** Parses `--allow-replace` values; throws on an empty one. */
export function parseOverrides(values: readonly string[]): Override[] {
  return values.map((v) => {
    const text = v.trim();
    if (text === '')
      throw new Error(
        '--allow-replace needs a resource address, e.g. --allow-replace aws_db_instance.Database_Instance_1A2B3C4D',
      );
    const colon = text.indexOf(':');
    return colon > 0 ? { stack: text.slice(0, colon), address: text.slice(colon + 1) } : { address: text };
  });
}

/** The guard's verdict over every stack: what is refused, what an override allowed, overrides that matched nothing. */
export interface GuardVerdict {
  readonly refused: readonly GuardFinding[];
  readonly allowed: readonly GuardFinding[];
  readonly unusedOverrides: readonly string[];
}

const matches = (o: Override, f: GuardFinding) =>
  o.address === f.address && (o.stack === undefined || o.stack === f.stack);

/** Splits the findings into refused and allowed by the operator's overrides. */
export function judge(findings: readonly GuardFinding[], overrides: readonly Override[]): GuardVerdict {
  const allowed = findings.filter((f) => overrides.some((o) => matches(o, f)));
  return {
    refused: findings.filter((f) => !allowed.includes(f)),
    allowed,
    unusedOverrides: overrides
      .filter((o) => !findings.some((f) => matches(o, f)))
      .map((o) => (o.stack ? `${o.stack}:${o.address}` : o.address)),
  };
}

/** The whole ordered plan, as written to plan-summary.json. */
export interface PlanRunSummary {
  /** `AWS` or the emulator endpoint (AWS_ENDPOINT_URL). */
  readonly target: string;
  readonly stacks: readonly StackPlanSummary[];
  readonly guard: GuardVerdict;
  /** True when any stack would change anything or was not planned for want of its dependency's state. */
  readonly changesPending: boolean;
  /** True when every stack planned (or waits for a dependency) and the guard refused nothing. */
  readonly ok: boolean;
}

/** Assembles the run summary from the stacks' results and the overrides. */
export function runSummary(
  target: string,
  stacks: readonly StackPlanSummary[],
  overrides: readonly Override[],
): PlanRunSummary {
  const guard = judge(
    stacks.flatMap((s) => s.findings),
    overrides,
  );
  const changesPending = stacks.some(
    (s) => s.status === 'waiting-for-dependency' || s.add + s.change + s.replace + s.destroy > 0,
  );
  const ok =
    guard.refused.length === 0 && stacks.every((s) => s.status === 'planned' || s.status === 'waiting-for-dependency');
  return { target, stacks, guard, changesPending, ok };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const code = (s: string) => `\`${s}\``;

/** One line per stack for the terminal. */
export function formatStackLine(s: StackPlanSummary): string {
  if (s.status !== 'planned') return `${s.stack}: ${s.status.toUpperCase()}${s.detail ? `: ${s.detail}` : ''}`;
  const counts = `${s.add} to add, ${s.change} to change, ${s.replace} to replace, ${s.destroy} to destroy${s.applied ? ' (applied)' : ''}`;
  const extra = [...s.replaced.map((a) => `replace ${a}`), ...s.destroyed.map((a) => `destroy ${a}`)];
  return `${s.stack}: ${s.add + s.change + s.replace + s.destroy === 0 ? 'no changes' : counts}${extra.length > 0 ? `\n    ${extra.join('\n    ')}` : ''}`;
}

/** The Markdown of the run: a table of stacks, then the replaced/destroyed addresses, then the guard. */
export function planMarkdown(r: PlanRunSummary): string {
  const verdict = !r.ok ? 'REFUSED or FAILED' : r.changesPending ? 'changes pending' : 'no changes';
  const lines = [
    `# Ordered plan: ${verdict}`,
    '',
    `Target: ${r.target}. Stacks in dependency order (manifest.json).`,
    '',
    '| stack | status | add | change | replace | destroy |',
    '|---|---|---|---|---|---|',
    ...r.stacks.map((s) =>
      s.status === 'planned'
        ? `| ${s.stack} | ${s.add + s.change + s.replace + s.destroy === 0 ? 'no changes' : s.applied ? 'changes, applied' : 'changes'} | ${s.add} | ${s.change} | ${s.replace} | ${s.destroy} |`
        : `| ${s.stack} | ${s.status}: ${cell(s.detail ?? '')} | | | | |`,
    ),
    '',
  ];
  const removals = r.stacks.flatMap((s) => [
    ...s.replaced.map((a) => `| ${s.stack} | replace | ${code(a)} |`),
    ...s.destroyed.map((a) => `| ${s.stack} | destroy | ${code(a)} |`),
  ]);
  if (removals.length > 0)
    lines.push('## Replaced and destroyed', '', '| stack | action | address |', '|---|---|---|', ...removals, '');
  lines.push('## Guard (writer database, state buckets, KMS keys, hosted zone)', '');
  if (r.guard.refused.length + r.guard.allowed.length === 0)
    lines.push('No protected resource would be destroyed or replaced.', '');
  for (const f of r.guard.refused) lines.push(`- **REFUSED** ${f.stack} ${code(f.address)}: ${cell(f.reason)}`);
  for (const f of r.guard.allowed)
    lines.push(`- allowed by \`--allow-replace\` (logged override): ${f.stack} ${code(f.address)}: ${cell(f.reason)}`);
  for (const o of r.guard.unusedOverrides) lines.push(`- override ${code(o)} matched no protected change`);
  if (r.guard.refused.length + r.guard.allowed.length + r.guard.unusedOverrides.length > 0) lines.push('');
  return lines.join('\n');
}
