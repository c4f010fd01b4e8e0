/**
 * Command-line options of the failover drill. Parsing is pure (no I/O) so every rule is unit-tested.
 *
 *   drill check                      [common options]
 *   drill failover --planned         [--dry-run] [--confirm-production] [timing options] [common options]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../lib/cli';

/** The drill's subcommands. */
export type DrillCommand = 'check' | 'failover';

/** Everything the drill needs from the command line, with defaults applied. */
export interface DrillOptions {
  readonly command: DrillCommand;
  /** `failover` only: the planned drill (invert the primary health check). */
  readonly planned: boolean;
  /** Print every call with its parameters and make none. */
  readonly dryRun: boolean;
  /** Allow touching a production zone. */
  readonly confirmProduction: boolean;
  /** A JSON file with the failover stack's outputs, instead of reading the S3 state. @default - the state object */
  readonly outputsFile?: string;
  /** Folder the reports are written to. */
  readonly reportDir: string;
  /** Seconds between two observation rounds while waiting. */
  readonly pollIntervalSeconds: number;
  /** Seconds to wait for failover (the failover name answering with DR). @default - max(300, 2 x the computed worst case) */
  readonly failoverTimeoutSeconds?: number;
  /** Seconds to wait for traffic to come back to the primary after the restore. @default - as failoverTimeoutSeconds */
  readonly failbackTimeoutSeconds?: number;
  /** Timeout of each HTTPS GET, in seconds. */
  readonly httpTimeoutSeconds: number;
  /** Timeout of each DNS query, in seconds. */
  readonly dnsTimeoutSeconds: number;
  /** Skip TLS certificate verification of the health endpoints (like `curl -k` in the spec). */
  readonly insecure: boolean;
  /** `--context key=value` pairs passed to the config loader. */
  readonly contextArgs: readonly string[];
}

export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 5;
export const DEFAULT_DNS_TIMEOUT_SECONDS = 3;

/** A usage error: the message is printed with the usage text and the exit code is 2 (tools/lib/cli.ts). */
export { UsageError };

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms instead. */
export const NODE_MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Accepted range of each timing option, in seconds. Route 53 checks every 10 or 30 s and fails over
 * within minutes, so polling faster than 0.1 s or slower than 5 minutes, or waiting more than a day,
 * measures nothing useful; every maximum is far inside what a Node timer holds.
 */
export const TIMING_RANGES = {
  'poll-interval': { min: 0.1, max: 300 },
  timeout: { min: 1, max: 86_400 },
  'failover-timeout': { min: 1, max: 86_400 },
  'failback-timeout': { min: 1, max: 86_400 },
  'http-timeout': { min: 0.1, max: 300 },
  'dns-timeout': { min: 0.1, max: 60 },
} as const satisfies Record<string, { min: number; max: number }>;

export const USAGE = `Usage:
  npm run drill -- check [options]
  npm run drill -- failover --planned [--dry-run] [--confirm-production] [options]

Commands:
  check                 pass/fail table: health endpoints, Route 53 health checks, DNS answers,
                        peering, replica lag (read-only)
  failover --planned    invert the primary health check, measure detection and DNS failover,
                        restore it (always: on error, timeout, Ctrl-C), measure failback, write a report

Options:
  --dry-run                 print every call with its parameters and make none
  --confirm-production      allow the drill to touch a production hosted zone
  --outputs FILE            failover stack outputs as JSON ({"name": value} or terraform output -json)
                            instead of the S3 state object
  --report-dir DIR          where reports are written (default .local/drill-reports)
  --poll-interval S         seconds between observation rounds (default ${DEFAULT_POLL_INTERVAL_SECONDS})
  --timeout S               both waits below at once
  --failover-timeout S      wait for failover at most S seconds (default max(300, 2 x recovery budget))
  --failback-timeout S      wait for traffic back on the primary at most S seconds (same default)
  --http-timeout S          each HTTPS GET (default ${DEFAULT_HTTP_TIMEOUT_SECONDS})
  --dns-timeout S           each DNS query (default ${DEFAULT_DNS_TIMEOUT_SECONDS})
  --insecure                do not verify TLS certificates of the health endpoints
  --context key=value       config override, as for the app (repeatable)
  --debug                   print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help                this text`;

function seconds(name: keyof typeof TIMING_RANGES, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const { min, max } = TIMING_RANGES[name];
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} "${raw}": expected a number of seconds >= ${min} and <= ${max}`);
  }
  return value;
}

/** Parses the arguments after `cli.js`. Returns `'help'` for -h/--help. Throws UsageError. */
export function parseDrillArgs(argv: readonly string[], root: string): DrillOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        planned: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'confirm-production': { type: 'boolean', default: false },
        outputs: { type: 'string' },
        'report-dir': { type: 'string' },
        'poll-interval': { type: 'string' },
        timeout: { type: 'string' },
        'failover-timeout': { type: 'string' },
        'failback-timeout': { type: 'string' },
        'http-timeout': { type: 'string' },
        'dns-timeout': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        context: { type: 'string', short: 'c', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
        debug: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1 || (positionals[0] !== 'check' && positionals[0] !== 'failover')) {
    throw new UsageError(`expected one command, check or failover; got ${positionals.length ? positionals.join(' ') : 'none'}`);
  }
  const command = positionals[0];
  if (command === 'failover' && !values.planned) {
    throw new UsageError('failover: only the planned drill exists; pass --planned (it inverts the primary health check, the application is not touched)');
  }
  if (command === 'check' && values.planned) throw new UsageError('--planned applies to failover only');

  const both = seconds('timeout', values.timeout);
  const pollIntervalSeconds = seconds('poll-interval', values['poll-interval']) ?? DEFAULT_POLL_INTERVAL_SECONDS;
  return {
    command,
    planned: values.planned === true,
    dryRun: values['dry-run'] === true,
    confirmProduction: values['confirm-production'] === true,
    outputsFile: values.outputs,
    reportDir: values['report-dir'] ?? join(root, '.local', 'drill-reports'),
    pollIntervalSeconds,
    failoverTimeoutSeconds: seconds('failover-timeout', values['failover-timeout']) ?? both,
    failbackTimeoutSeconds: seconds('failback-timeout', values['failback-timeout']) ?? both,
    httpTimeoutSeconds: seconds('http-timeout', values['http-timeout']) ?? DEFAULT_HTTP_TIMEOUT_SECONDS,
    dnsTimeoutSeconds: seconds('dns-timeout', values['dns-timeout']) ?? DEFAULT_DNS_TIMEOUT_SECONDS,
    insecure: values.insecure === true,
    contextArgs: (values.context ?? []).flatMap((pair) => ['--context', pair]),
  };
}

/** The default wait: 300 s, or twice the computed worst case when that is longer. */
export function defaultWaitSeconds(worstCaseSeconds: number): number {
  return Math.max(300, 2 * worstCaseSeconds);
}
