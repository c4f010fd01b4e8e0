/**
 * Shared bits of the `up` and `down` commands: strict argument parsing and exit codes (Ctrl-C: tools/lib/signals.ts).
 */
import { resolve } from 'node:path';
import { UsageError, parseCommandLine, runMain } from '../lib/cli';
import { DEFAULT_WORK_DIR } from './deploy';

/** Usage of `npm run up` / `npm run down`. */
export function localUsage(command: 'up' | 'down'): string {
  return `Usage: npm run ${command} -- [--work-dir DIR] [--debug]
  --work-dir DIR   a deployment apart from the default .local/up (e.g. for a second checkout's test)
  --debug          print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help       this text`;
}

/** `--work-dir DIR` (a deployment apart from the default `.local/up`). Throws UsageError on anything else. */
export function workDirFromArgs(argv: readonly string[] = process.argv.slice(2)): string {
  const { values } = parseCommandLine(argv, { 'work-dir': { type: 'string' } });
  const value = values['work-dir'];
  if (value === undefined) return DEFAULT_WORK_DIR;
  if (value === '') throw new UsageError('--work-dir needs a folder');
  return resolve(value);
}

/**
 * Runs `main` through the shared error path (tools/lib/cli.ts): a message without a stack trace, exit 1
 * (2 for a usage error, with the usage text); exit 0 when `main` resolves true. `-h` prints the usage.
 */
export function runCli(main: () => Promise<boolean>, command: 'up' | 'down'): void {
  // The SDK warns that its 2027 releases will need Node 22; the project supports Node >= 20 until then.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const usage = localUsage(command);
  runMain(
    async () => {
      if (parseCommandLine(process.argv.slice(2), { 'work-dir': { type: 'string' } }).values.help) {
        process.stdout.write(`${usage}\n`);
        return 0;
      }
      return (await main()) ? 0 : 1;
    },
    { program: command, usage },
  );
}
