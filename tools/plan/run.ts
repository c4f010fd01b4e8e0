/**
 * The ordered plan: `terraform init` + `plan -out` on every synthesized stack of manifest.json,
 * `terraform show -json` of each saved plan, and the guard over protected resources. With `apply`, the
 * stacks go in dependency order and each stack's saved plan is applied as soon as it is judged, before
 * the stacks that read its outputs are planned, so no plan is made from stale outputs. Without it, plans
 * only read, so every stack is planned side by side (on 2 cores: 4 stacks in about half the time of the
 * chain) and reported in manifest order.
 *
 * On a fresh deployment a stack that reads `terraform_remote_state` of a stack never applied cannot be
 * planned (terraform: `Unable to find remote state`). Such a stack is reported as
 * `waiting-for-dependency`, naming the dependency without state, instead of failing: apply in order
 * (`--apply`) and it is planned in turn.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, type ManifestStack } from '../lib/terraform';
import { PhaseFailure, localPaths, terraformPhase, type Deployment } from '../local/deploy';
import { runGraph } from '../lib/graph';
import { entryOf } from '../lib/maps';
import { runCommand } from '../lib/process';
import type { Progress } from '../local/progress';
import type { ProtectionContext } from './protected';
import {
  judge,
  runSummary,
  summarizePlan,
  type Override,
  type PlanJson,
  type PlanRunSummary,
  type StackPlanSummary,
} from './summary';

export interface OrderedPlanOptions {
  /** The synthesized app (holding manifest.json). */
  readonly outdir: string;
  /** Where plans, their JSON, logs and the summaries go. */
  readonly workDir: string;
  /** terraform's environment: the target's endpoint and credentials plus terraformEnv's CLI config. */
  readonly env: NodeJS.ProcessEnv;
  /** `AWS`, or the emulator endpoint: recorded in the summary. */
  readonly target: string;
  readonly progress: Progress;
  readonly protection: ProtectionContext;
  /** The operator's `--allow-replace` overrides. @default none */
  readonly overrides?: readonly Override[];
  /** Apply each stack's saved plan once the guard allows it. @default false */
  readonly apply?: boolean;
}

/** The files written next to the plans. */
export interface PlanFiles {
  readonly json: string;
  readonly markdown: string;
}

/** Where the ordered plan of `workDir` writes its summary. */
export function planFiles(workDir: string): PlanFiles {
  return { json: join(workDir, 'plan-summary.json'), markdown: join(workDir, 'plan-summary.md') };
}

const INIT_ARGS = ['init', '-input=false', '-no-color'];
/** terraform's message when a terraform_remote_state object does not exist yet. */
const NO_REMOTE_STATE = /Unable to find remote state/;

function notPlanned(stack: string, status: StackPlanSummary['status'], detail: string): StackPlanSummary {
  return {
    stack,
    status,
    detail,
    hasState: false,
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    replaced: [],
    destroyed: [],
    findings: [],
  };
}

function firstError(err: unknown): string {
  if (err instanceof PhaseFailure)
    return `${err.result.phase} failed: ${(err.result.errors[0] ?? 'see log').split('\n').slice(0, 3).join(' ')} (log ${err.result.logFile})`;
  return err instanceof Error ? err.message : String(err);
}

/** Plans (and with `apply`, applies) every stack in order; writes plan-summary.json and .md into workDir. */
export async function orderedPlan(opts: OrderedPlanOptions): Promise<PlanRunSummary> {
  const stacks = readManifest(opts.outdir);
  const overrides = opts.overrides ?? [];
  const plansDir = join(opts.workDir, 'plans');
  mkdirSync(plansDir, { recursive: true });
  const dep: Deployment = {
    paths: { ...localPaths(opts.workDir), outdir: opts.outdir },
    env: opts.env,
    progress: opts.progress,
  };
  const results = new Map<string, StackPlanSummary>();
  const applied = new Set<string>();

  const planOne = async (stack: ManifestStack): Promise<StackPlanSummary> => {
    // Applying: each stack waits for its dependencies' results. Planning only: all run side by side, and a
    // stack that cannot read a dependency's state is named after that dependency below.
    for (const d of opts.apply ? stack.dependencies : []) {
      const r = entryOf(results, d, `the plan results ${stack.name} waits for`);
      if (r.status === 'failed' || r.status === 'skipped')
        return notPlanned(stack.name, 'skipped', `${d} was not planned successfully`);
      if (r.status === 'waiting-for-dependency' || (!r.hasState && !applied.has(d))) {
        return notPlanned(
          stack.name,
          'waiting-for-dependency',
          `${d} has no state yet: apply it first, then plan this stack`,
        );
      }
    }
    const planFile = join(plansDir, `${stack.name}.tfplan`);
    const planJsonFile = join(plansDir, `${stack.name}.plan.json`);
    try {
      await terraformPhase(dep, stack, 'init', INIT_ARGS);
      // -detailed-exitcode only so the progress line says whether there are changes (exit 2); the counts come from the saved plan.
      await terraformPhase(
        dep,
        stack,
        'plan',
        ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=60s', `-out=${planFile}`],
        [0, 2],
      );
    } catch (err) {
      if (err instanceof PhaseFailure && err.result.errors.some((e) => NO_REMOTE_STATE.test(e))) {
        return notPlanned(
          stack.name,
          'waiting-for-dependency',
          'a stack it reads remote state from has no state yet: apply the stacks before it first',
        );
      }
      return notPlanned(stack.name, 'failed', firstError(err));
    }
    const show = await runCommand('terraform', ['show', '-json', '-no-color', planFile], {
      cwd: stack.dir,
      env: opts.env,
    });
    if (show.code !== 0)
      return notPlanned(stack.name, 'failed', `terraform show -json failed: ${show.output.trim().split('\n')[0]}`);
    writeFileSync(planJsonFile, show.output);
    const summary: StackPlanSummary = {
      ...summarizePlan(stack.name, JSON.parse(show.output) as PlanJson, opts.protection),
      status: 'planned',
      planFile,
      planJsonFile,
    };
    return summary;
  };

  const applyOne = async (stack: ManifestStack, planned: StackPlanSummary): Promise<StackPlanSummary> => {
    const verdict = judge(planned.findings, overrides);
    if (verdict.refused.length > 0)
      return { ...planned, status: 'failed', detail: 'not applied: the guard refused its plan' };
    if (planned.add + planned.change + planned.replace + planned.destroy === 0 && planned.hasState) {
      applied.add(stack.name);
      return planned;
    }
    try {
      if (planned.planFile === undefined)
        throw new Error(`${stack.name}: planned, but the summary names no saved plan file to apply`);
      await terraformPhase(dep, stack, 'apply', [
        'apply',
        '-input=false',
        '-no-color',
        '-lock-timeout=60s',
        planned.planFile,
      ]);
      applied.add(stack.name);
      return { ...planned, applied: true };
    } catch (err) {
      return { ...planned, status: 'failed', detail: `not applied: ${firstError(err)}` };
    }
  };

  const byName = new Map(stacks.map((s) => [s.name, s]));
  const graph = opts.apply ? stacks : stacks.map((s) => ({ ...s, dependencies: [] }));
  await runGraph(graph, async (name) => {
    const stack = entryOf(byName, name, 'the stacks of the manifest');
    let r = await planOne(stack);
    if (opts.apply && r.status === 'planned') r = await applyOne(stack, r);
    results.set(name, r);
    opts.progress.note(
      `[${name}] ${r.status === 'planned' ? 'plan' : r.status}: ${r.status === 'planned' ? `${r.add} to add, ${r.change} to change, ${r.replace} to replace, ${r.destroy} to destroy` : r.detail}`,
    );
  });

  for (const stack of stacks) {
    const r = entryOf(results, stack.name, 'the plan results');
    if (r.status !== 'waiting-for-dependency') continue;
    const missing = stack.dependencies.find((d) => {
      const dep = entryOf(results, d, `the plan results of ${stack.name}'s dependencies`);
      return dep.status === 'waiting-for-dependency' || (dep.status === 'planned' && !dep.hasState && !applied.has(d));
    });
    if (missing !== undefined)
      results.set(stack.name, { ...r, detail: `${missing} has no state yet: apply it first, then plan this stack` });
  }
  return runSummary(
    opts.target,
    stacks.map((s) => entryOf(results, s.name, 'the plan results')),
    overrides,
  );
}
