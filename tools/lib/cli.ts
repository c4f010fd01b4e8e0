/**
 * The one command-line kit of the app and every tool: strict argument parsing (node:util parseArgs:
 * an unknown flag or a flag without its value is a usage error) and one error path. Whatever fails,
 * expected or not, the program prints one message without a stack trace and exits non-zero:
 *   2  usage error (unknown flag, missing or malformed value), printed with the usage text;
 *   1  anything else: a configuration error (every problem with its key), or an unexpected error;
 *   130 interrupted (Ctrl-C or SIGTERM; tools/lib/signals.ts), as a shell reports 128 + SIGINT.
 * `--debug` (every program accepts it) or GENAI_DEMO_DEBUG=1 prints the stack trace as well.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const DEBUG_ENV = 'GENAI_DEMO_DEBUG';
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A bad command line: printed with the usage text, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every program accepts. */
export const COMMON_OPTIONS = {
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/**
 * Parses `argv` strictly with node:util parseArgs plus `--debug` and `-h/--help`. Throws UsageError on an
 * unknown flag, a missing value, a positional where none is allowed.
 */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** True when stack traces were asked for (`--debug` anywhere in argv, or GENAI_DEMO_DEBUG=1). */
export function debugRequested(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return argv.includes('--debug') || env[DEBUG_ENV] === '1' || env[DEBUG_ENV] === 'true';
}

/** What to print for a failure and the exit status; never a stack trace unless `debug`. */
export function describeFailure(
  program: string,
  err: unknown,
  usage: string | undefined,
  debug: boolean,
): { text: string; code: number } {
  const message = err instanceof Error ? err.message : String(err);
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof UsageError) {
    return { text: `${program}: ${message}${usage ? `\n\n${usage}` : ''}${stack}`, code: EXIT_USAGE };
  }
  if (err instanceof Error && err.name === 'ConfigError') return { text: `${message}${stack}`, code: EXIT_FAILURE };
  const hint = debug ? '' : ` (run with --debug or ${DEBUG_ENV}=1 for the stack trace)`;
  return { text: `${program}: ${message}${hint}${stack}`, code: EXIT_FAILURE };
}

export interface RunOptions {
  /** Name printed before messages (`synth`, `drill`). */
  readonly program: string;
  /** Usage text printed with a usage error. */
  readonly usage?: string;
  /** Runs before exiting on any failure (e.g. removing stale synth output). */
  readonly onFailure?: () => void;
}

/**
 * Runs a program's main function and exits with its status. Any throw or rejection, and any error that
 * escapes later (uncaught exception, unhandled rejection), takes the same path: message, no stack
 * trace, `onFailure`, non-zero exit.
 */
export function runMain(main: () => number | Promise<number>, opts: RunOptions): void {
  const debug = debugRequested();
  const fail = (err: unknown) => {
    const { text, code } = describeFailure(opts.program, err, opts.usage, debug);
    try {
      opts.onFailure?.();
    } catch (cleanupErr) {
      process.stderr.write(
        `${opts.program}: cleanup failed too: ${cleanupErr instanceof Error ? cleanupErr.message : String(cleanupErr)}\n`,
      );
    }
    process.stderr.write(`${text}\n`);
    process.exit(code);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  try {
    Promise.resolve(main()).then((code) => process.exit(code), fail);
  } catch (err) {
    fail(err);
  }
}
