/**
 * The stack dependency graph of cdktf.out/manifest.json, one copy for every tool: its order (each stack
 * after its dependencies; cycles and unknown names refused), and one task per stack run over it: a stack
 * starts as soon as everything it depends on has succeeded (forward: apply), or as soon as everything
 * that depends on it is gone (reverse: destroy), so independent stacks run side by side. When a task
 * fails, the stacks that needed it are skipped, never started.
 */
import { entryOf } from './maps';

/** A node of the graph: a stack and the stacks it depends on. */
export interface GraphNode {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/** How one stack's task ended. */
export type TaskOutcome<R> =
  | { readonly name: string; readonly status: 'succeeded'; readonly result: R }
  | { readonly name: string; readonly status: 'failed'; readonly error: unknown }
  | { readonly name: string; readonly status: 'skipped'; readonly reason: string };

export interface RunGraphOptions {
  /** Reverse order: a stack waits for its dependents instead of its dependencies. @default false */
  readonly reverse?: boolean;
  /** At most this many tasks at once. @default Infinity */
  readonly concurrency?: number;
}

/**
 * The nodes in an order where each comes after its dependencies: at every step the first node (in the
 * given order) whose dependencies are all placed, so the result is stable. Throws when a dependency names
 * no node of the graph or the graph has a cycle.
 */
export function orderGraph<N extends GraphNode>(nodes: readonly N[]): N[] {
  const names = new Set(nodes.map((n) => n.name));
  for (const n of nodes) {
    for (const d of n.dependencies) if (!names.has(d)) throw new Error(`${n.name} depends on unknown stack ${d}`);
  }
  const placed = new Set<string>();
  const ordered: N[] = [];
  const pending = [...nodes];
  while (pending.length > 0) {
    const i = pending.findIndex((n) => n.dependencies.every((d) => placed.has(d)));
    if (i < 0) throw new Error(`dependency cycle among ${pending.map((n) => n.name).join(', ')}`);
    const [next] = pending.splice(i, 1);
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}

/** Throws when a dependency names no node of the graph or the graph has a cycle (see orderGraph). */
export function checkGraph(nodes: readonly GraphNode[]): void {
  orderGraph(nodes);
}

/** What each node waits for: its dependencies, or (reverse) the nodes that depend on it. */
export function prerequisitesOf(nodes: readonly GraphNode[], reverse: boolean): Map<string, string[]> {
  const waits = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const n of nodes) {
    for (const d of n.dependencies) {
      if (reverse) entryOf(waits, d, `the stacks ${n.name} depends on`).push(n.name);
      else entryOf(waits, n.name, 'the prerequisites of each stack').push(d);
    }
  }
  return waits;
}

/**
 * Runs `task` once per node, each as soon as its prerequisites succeeded. Resolves with one outcome per
 * node, in the order of `nodes`, after every started task has ended (never rejects for a task error).
 */
export async function runGraph<R>(
  nodes: readonly GraphNode[],
  task: (name: string) => Promise<R>,
  opts: RunGraphOptions = {},
): Promise<Array<TaskOutcome<R>>> {
  checkGraph(nodes);
  const waits = prerequisitesOf(nodes, opts.reverse ?? false);
  const limit = opts.concurrency ?? Number.POSITIVE_INFINITY;
  const outcomes = new Map<string, TaskOutcome<R>>();
  const running = new Set<string>();

  return new Promise((resolve) => {
    const pump = (): void => {
      let changed = true;
      while (changed) {
        changed = false;
        for (const n of nodes) {
          if (outcomes.has(n.name) || running.has(n.name)) continue;
          const blockers = entryOf(waits, n.name, 'the prerequisites of each stack');
          const bad = blockers.find((b) => {
            const o = outcomes.get(b);
            return o !== undefined && o.status !== 'succeeded';
          });
          if (bad !== undefined) {
            outcomes.set(n.name, { name: n.name, status: 'skipped', reason: `${bad} did not succeed` });
            changed = true;
            continue;
          }
          if (running.size >= limit || !blockers.every((b) => outcomes.get(b)?.status === 'succeeded')) continue;
          running.add(n.name);
          changed = true;
          void Promise.resolve()
            .then(() => task(n.name))
            .then(
              (result) => outcomes.set(n.name, { name: n.name, status: 'succeeded', result }),
              (error: unknown) => outcomes.set(n.name, { name: n.name, status: 'failed', error }),
            )
            .finally(() => {
              running.delete(n.name);
              pump();
            });
        }
      }
      if (running.size === 0 && outcomes.size === nodes.length)
        resolve(nodes.map((n) => entryOf(outcomes, n.name, 'the outcomes of the stack tasks')));
    };
    pump();
  });
}
