/**
 * Reading terraform's human output (run with -no-color): resource counts for progress lines, the
 * summary line, the planned changes of a re-plan, and the error blocks of a failed run.
 */

/** Counts of an apply, a destroy or a plan. */
export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** `aws_vpc.Network_Vpc_1234: Creation complete after 2s [id=vpc-1]` and its siblings: one resource done. */
const RESOURCE_DONE = /^(\S+): (Creation|Modifications|Destruction) complete after /;

/** The resource address a progress line reports as done, or undefined. */
export function resourceDone(line: string): string | undefined {
  return RESOURCE_DONE.exec(line)?.[1];
}

/** Counts from `Apply complete! Resources: 3 added, 0 changed, 1 destroyed.` or `Destroy complete! Resources: 4 destroyed.` */
export function parseApplySummary(output: string): ChangeCounts | undefined {
  const apply = /Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed\./.exec(output);
  if (apply) return { add: Number(apply[1]), change: Number(apply[2]), destroy: Number(apply[3]) };
  const destroy = /Destroy complete! Resources: (\d+) destroyed\./.exec(output);
  if (destroy) return { add: 0, change: 0, destroy: Number(destroy[1]) };
  return undefined;
}

/** What a plan would do: counts and the resource lines (`# aws_x.y will be updated in-place`). */
export interface PlannedChanges {
  readonly counts: ChangeCounts;
  /** One line per resource with a planned action, e.g. `aws_eks_node_group.X will be updated in-place`. */
  readonly resources: readonly string[];
  /** The attribute lines of the diff (`~ remote_access { ... }`, `- scaling_configuration`), trimmed. */
  readonly attributes: readonly string[];
}

/** Parses `terraform plan` output; counts are 0 and lists empty for `No changes.` */
export function parsePlan(output: string): PlannedChanges {
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(output);
  const counts = m
    ? { add: Number(m[1]), change: Number(m[2]), destroy: Number(m[3]) }
    : { add: 0, change: 0, destroy: 0 };
  const lines = output.split('\n');
  const resources = lines
    .map((l) => /^\s*# (\S+ (?:will|must) be .+)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
  const attributes = lines
    .filter((l) => /^\s+[~+-] \S/.test(l) && !/^\s*[~+-] resource "/.test(l))
    .map((l) => l.trim());
  return { counts, resources, attributes };
}

/**
 * The error diagnostics of a failed run: each block from an `Error:` line to the next blank-line gap,
 * without terraform's box-drawing margin.
 */
export function extractErrors(output: string, maxLinesPerError = 12): string[] {
  const lines = output.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trimEnd());
  const errors: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Error: /.test(lines[i])) continue;
    const block: string[] = [];
    for (let j = i; j < lines.length && block.length < maxLinesPerError; j++) {
      if (j > i && /^(Error|Warning): /.test(lines[j])) break;
      block.push(lines[j]);
    }
    while (block.length > 0 && block[block.length - 1] === '') block.pop();
    errors.push(block.join('\n'));
  }
  return errors;
}
