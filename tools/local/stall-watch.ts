/**
 * A destroy that waits on a dependency must not wait silently. Terraform prints
 * `<address>: Still destroying... [id=<id>, <elapsed> elapsed]` every 10 s while a delete is retried;
 * on the emulator every delete is answered at once, so a resource still going after a few tens of
 * seconds is waiting for something (a VPC for a route table, a subnet for an interface). The watch
 * then lists what the emulator holds in that resource's VPC against every state and, when something
 * there belongs to no state, stops terraform and fails with the ids and the stack that should have
 * owned them, instead of letting the provider retry for its whole delete timeout (~10 minutes).
 */
import type { ManifestStack } from '../lib/terraform';
import { describeOrphans, findOrphans, listInventory, providerRegions, readOwnership, type Orphan } from './orphans';

/** A resource terraform reports as still being destroyed. */
export interface StillDestroying {
  readonly address: string;
  readonly id: string;
  readonly seconds: number;
}

/** Parses `aws_vpc.x: Still destroying... [id=vpc-1, 1m20s elapsed]` (no colour); undefined for any other line. */
export function parseStillDestroying(line: string): StillDestroying | undefined {
  const m = /^(\S+): Still destroying\.\.\. \[id=([^,\]]+), ((?:\d+h)?(?:\d+m)?(?:\d+s)?) elapsed\]/.exec(line.trim());
  if (m === null) return undefined;
  const [, address, id, elapsed] = m;
  const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(elapsed)?.[1] ?? 0);
  return { address, id, seconds: part('h') * 3600 + part('m') * 60 + part('s') };
}

/** When to look, and when to give up. */
export interface StallPolicy {
  /** A delete still running after this many seconds is diagnosed. @default 30 */
  readonly diagnoseAfterSeconds?: number;
  /** A delete still running after this many seconds fails the destroy even when nothing unowned is found. @default 240 */
  readonly failAfterSeconds?: number;
}

export const DEFAULT_DIAGNOSE_AFTER_SECONDS = 30;
export const DEFAULT_FAIL_AFTER_SECONDS = 240;

/** The verdict on a stalled delete. */
export type StallVerdict =
  | { readonly kind: 'wait' }
  | { readonly kind: 'orphans'; readonly stalled: StillDestroying; readonly orphans: readonly Orphan[] }
  | { readonly kind: 'timeout'; readonly stalled: StillDestroying };

/** The message a stalled destroy fails with. */
export function describeStall(stack: string, verdict: Exclude<StallVerdict, { kind: 'wait' }>): string {
  const { address, id, seconds } = verdict.stalled;
  if (verdict.kind === 'timeout') {
    return `${stack}: ${address} (${id}) still destroying after ${seconds} s and nothing unowned was found in its VPC; stopped instead of waiting out the provider's timeout`;
  }
  return [
    `${stack}: ${address} (${id}) cannot be deleted: the emulator still holds ${verdict.orphans.length} resource(s) there that no Terraform state owns:`,
    ...describeOrphans(verdict.orphans).map((l) => `  ${l}`),
  ].join('\n');
}

/**
 * Watches one stack's destroy. `line` is fed every output line; it resolves to a verdict other than
 * `wait` when terraform should be stopped. Diagnoses run at most one at a time, and for one resource
 * again only after another `diagnoseAfterSeconds` of its own waiting.
 */
export class StallWatch {
  private readonly diagnoseAfter: number;
  private readonly failAfter: number;
  /** Per stalled resource id: the elapsed seconds of its last diagnosis (elapsed times are per resource). */
  private readonly lastDiagnosis = new Map<string, number>();
  private running = false;

  /**
   * @param stack the stack being destroyed; @param allStacks every stack of the deployment (their states
   * say what is owned); @param diagnose lists and judges (injectable for tests).
   */
  constructor(
    stack: ManifestStack,
    allStacks: readonly ManifestStack[],
    env: NodeJS.ProcessEnv,
    policy: StallPolicy = {},
    private readonly diagnose: (stalled: StillDestroying) => Promise<readonly Orphan[]> = (stalled) =>
      orphansNear(stalled, stack, allStacks, env),
  ) {
    this.diagnoseAfter = policy.diagnoseAfterSeconds ?? DEFAULT_DIAGNOSE_AFTER_SECONDS;
    this.failAfter = policy.failAfterSeconds ?? DEFAULT_FAIL_AFTER_SECONDS;
  }

  async line(line: string): Promise<StallVerdict> {
    const stalled = parseStillDestroying(line);
    if (stalled === undefined) return { kind: 'wait' };
    if (stalled.seconds >= this.failAfter) return { kind: 'timeout', stalled };
    const last = this.lastDiagnosis.get(stalled.id) ?? -Infinity;
    if (stalled.seconds < this.diagnoseAfter || this.running || stalled.seconds - last < this.diagnoseAfter)
      return { kind: 'wait' };
    this.running = true;
    this.lastDiagnosis.set(stalled.id, stalled.seconds);
    try {
      const orphans = await this.diagnose(stalled);
      return orphans.length > 0 ? { kind: 'orphans', stalled, orphans } : { kind: 'wait' };
    } finally {
      this.running = false;
    }
  }
}

/** What no state owns in the VPC of the stalled resource (or the VPC it is), in the stack's regions. */
export async function orphansNear(
  stalled: StillDestroying,
  stack: ManifestStack,
  allStacks: readonly ManifestStack[],
  env: NodeJS.ProcessEnv,
): Promise<Orphan[]> {
  const regions = providerRegions(stack);
  const items = await listInventory(regions, env, 'network');
  const self = items.find((i) => i.id === stalled.id || (i.aliases ?? []).includes(stalled.id));
  const vpcId = self?.vpcId ?? (stalled.id.startsWith('vpc-') ? stalled.id : undefined);
  if (vpcId === undefined) return [];
  const ownership = await readOwnership(allStacks, env);
  return findOrphans(
    items.filter((i) => i.vpcId === vpcId && i.id !== stalled.id),
    ownership,
  );
}
