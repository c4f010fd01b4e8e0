/**
 * Signal handling of the tools, the second half of the CLI kit (tools/lib/cli.ts has arguments, the error
 * path and exit codes). Every tool reacts to Ctrl-C and SIGTERM through `onInterrupt`; the ones that run
 * terraform pass the signal on to it with `stopChildrenOnInterrupt`, so it stops cleanly and releases its
 * state lock instead of being orphaned.
 */
import { EXIT_INTERRUPTED } from './cli';
import { killChildren, runningChildren } from './process';

/** The signals that mean "stop": Ctrl-C, and what process managers and `timeout` send. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Called on each interrupt with the signal and how many have come so far (1 for the first). */
export type InterruptHandler = (signal: NodeJS.Signals, count: number) => void;

/** Installs `handler` for SIGINT and SIGTERM. Returns the function that removes it again. */
export function onInterrupt(handler: InterruptHandler): () => void {
  let count = 0;
  const listener = (signal: NodeJS.Signals) => handler(signal, ++count);
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of INTERRUPT_SIGNALS) process.off(signal, listener);
  };
}

/** How often the first interrupt checks whether the children have gone. */
const CHILD_POLL_MS = 200;

/**
 * On the first interrupt, passes SIGINT to every running child (tools/lib/process.ts; their process
 * groups: terraform's providers too), waits until all have exited, prints `hint` and exits 130. A second
 * interrupt kills them (SIGKILL) and exits at once.
 */
export function stopChildrenOnInterrupt(hint: string): () => void {
  return onInterrupt((signal, count) => {
    if (count > 1) {
      killChildren('SIGKILL');
      process.exit(EXIT_INTERRUPTED);
    }
    process.stderr.write(`\n${signal}: stopping terraform (press Ctrl-C again to kill it)…\n`);
    killChildren('SIGINT');
    const wait = setInterval(() => {
      if (runningChildren().length > 0) return;
      clearInterval(wait);
      process.stderr.write(`${hint}\n`);
      process.exit(EXIT_INTERRUPTED);
    }, CHILD_POLL_MS);
  });
}
