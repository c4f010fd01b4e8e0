/**
 * Shared bits of the `up` and `down` commands: argument parsing, Ctrl-C handling, exit codes.
 */
import { resolve } from 'node:path';
import { DEFAULT_WORK_DIR } from './deploy';
import { killChildren, runningChildren } from './process';

/** `--work-dir DIR` (a deployment apart from the default `.local/up`, e.g. for a second checkout's test). */
export function workDirFromArgs(argv: readonly string[] = process.argv.slice(2)): string {
  const i = argv.findIndex((a) => a === '--work-dir' || a.startsWith('--work-dir='));
  if (i < 0) return DEFAULT_WORK_DIR;
  const value = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  if (value === undefined || value === '') throw new Error('--work-dir needs a folder');
  return resolve(value);
}

/**
 * On Ctrl-C (or SIGTERM): pass the signal to the running terraform processes (they stop cleanly and
 * release their state lock), wait for them, print `hint` and exit 130.
 */
export function handleInterrupts(hint: string): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      killChildren('SIGKILL');
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping terraform (press Ctrl-C again to kill it)…\n`);
    killChildren('SIGINT');
    const wait = setInterval(() => {
      if (runningChildren().length > 0) return;
      clearInterval(wait);
      process.stderr.write(`${hint}\n`);
      process.exit(130);
    }, 200);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs `main`, printing an error without a stack trace for expected failures, and sets the exit code. */
export function runCli(main: () => Promise<boolean>): void {
  // The SDK warns that its 2027 releases will need Node 22; the project supports Node >= 20 until then.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
