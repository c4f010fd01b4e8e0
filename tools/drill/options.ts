/**
 * Command-line options of the failover drill. Parsing is pure (no I/O) so every rule is unit-tested.
 *
 *   drill check                      [common options]
 *   drill failover --planned         [--dry-run] [--confirm-production] [timing options] [common options]
 *   drill switchover --to REGION     [--dry-run] [--confirm-production] [role-swap options] [common options]
 *   drill failover --unplanned --to REGION   (same options)
 *   drill reprotect | failback       (same options)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../lib/cli';

/** The drill's subcommands. */
export type DrillCommand = 'check' | 'failover' | 'switchover' | 'failover-unplanned' | 'reprotect' | 'failback';

/** The role-swap commands (tools/drill/roleswap). */
export const ROLE_SWAP_COMMANDS = ['switchover', 'failover-unplanned', 'reprotect', 'failback'] as const;

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
  /** Role swap: the region that becomes the writer (switchover, failover --unplanned). */
  readonly to?: string;
  /** Role swap: `--allow-replace [stack:]address` values for the plan guard (logged in the report). */
  readonly allowReplace: readonly string[];
  /** Role swap: a planned switchover is refused above this replica lag, in seconds. @default - the replica-lag alarm threshold */
  readonly maxLagSeconds?: number;
  /** Role swap: how long the drain waits for ReplicaLag 0 after the fence, in seconds. */
  readonly drainTimeoutSeconds: number;
  /** Role swap: how long a reboot or a promotion may take, in seconds. */
  readonly waitTimeoutSeconds: number;
}

export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 5;
export const DEFAULT_DNS_TIMEOUT_SECONDS = 3;
/** ReplicaLag is published every minute: 15 minutes is 15 datapoints to see 0 after the fence. */
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 900;
/** AWS publishes no upper bound for a promotion ("several minutes or longer"): an hour before giving up waiting. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;

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
  'max-lag': { min: 0, max: 86_400 },
  'drain-timeout': { min: 1, max: 86_400 },
  'wait-timeout': { min: 1, max: 86_400 },
} as const satisfies Record<string, { min: number; max: number }>;

export const USAGE = `Usage:
  npm run drill -- check [options]
  npm run drill -- failover --planned [--dry-run] [--confirm-production] [options]
  npm run drill -- switchover --to REGION [--dry-run] [--confirm-production] [role-swap options]
  npm run drill -- failover --unplanned --to REGION [--dry-run] [--confirm-production] [role-swap options]
  npm run drill -- reprotect [--dry-run] [--confirm-production] [role-swap options]
  npm run drill -- failback [--dry-run] [--confirm-production] [role-swap options]

Commands:
  check                 pass/fail table: health endpoints, Route 53 health checks, DNS answers,
                        peering, replica lag (read-only)
  failover --planned    invert the primary health check, measure detection and DNS failover,
                        restore it (always: on error, timeout, Ctrl-C), measure failback, write a report
  switchover --to R     planned move of the writer to region R: fence the old writer (Terraform moves it
                        to a security group with no rule, then a reboot ends open connections), drain
                        (ReplicaLag 0), promote, DNS, capacity, through Terraform stack by stack
  failover --unplanned --to R
                        the writer's region is lost: state from the replica bucket, promote R, DNS;
                        nothing that needs the lost region's APIs; reports the data-loss bound
  reprotect             fence the old writer, then the standby region's next database generation as a
                        replica of the writer (after a switchover or once the lost region answers again)
  failback              switchover back to the primary region
  Without AWS_ENDPOINT_URL and --confirm-production, every command targets the running local deployment
  of \`npm run up\` (.local/up, or GENAI_DEMO_LOCAL_WORK_DIR) when there is one, and says so first.

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
Role-swap options:
  --to REGION               the region that becomes the writer (switchover, failover --unplanned)
  --allow-replace [STACK:]ADDRESS
                            let the plan guard pass this protected destroy/replace (logged; repeatable)
  --max-lag S               refuse a switchover when the replica lag is above S (default: the
                            genai-demo:multi-region.replica-lag-alarm-seconds threshold)
  --drain-timeout S         wait for ReplicaLag 0 after the fence at most S seconds (default ${DEFAULT_DRAIN_TIMEOUT_SECONDS})
  --wait-timeout S          wait for a reboot or a promotion at most S seconds (default ${DEFAULT_WAIT_TIMEOUT_SECONDS})
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
  const parse = () =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        planned: { type: 'boolean', default: false },
        unplanned: { type: 'boolean', default: false },
        to: { type: 'string' },
        'allow-replace': { type: 'string', multiple: true },
        'max-lag': { type: 'string' },
        'drain-timeout': { type: 'string' },
        'wait-timeout': { type: 'string' },
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
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const names = ['check', 'failover', 'switchover', 'reprotect', 'failback'];
  if (positionals.length !== 1 || !names.includes(positionals[0])) {
    throw new UsageError(
      `expected one command, ${names.join(', ')}; got ${positionals.length ? positionals.join(' ') : 'none'}`,
    );
  }
  let command = positionals[0] as DrillCommand;
  if (command === 'failover') {
    if (values.planned && values.unplanned)
      throw new UsageError('failover: --planned (the DNS drill) and --unplanned (the role swap) exclude each other');
    if (!values.planned && !values.unplanned) {
      throw new UsageError(
        'failover: pass --planned (the DNS drill: inverts the primary health check, the application is not touched) or --unplanned --to REGION (the writer region is lost)',
      );
    }
    if (values.unplanned) command = 'failover-unplanned';
  } else {
    if (values.planned) throw new UsageError('--planned applies to failover only');
    if (values.unplanned) throw new UsageError('--unplanned applies to failover only');
  }
  const roleSwap = (ROLE_SWAP_COMMANDS as readonly string[]).includes(command);
  const needsTo = command === 'switchover' || command === 'failover-unplanned';
  if (needsTo && (values.to === undefined || values.to.trim() === ''))
    throw new UsageError(
      `${positionals[0]}${command === 'failover-unplanned' ? ' --unplanned' : ''}: --to REGION is required`,
    );
  if (!needsTo && values.to !== undefined)
    throw new UsageError(
      `--to applies to switchover and failover --unplanned only${command === 'failback' ? ' (failback always goes to the primary region)' : ''}`,
    );
  for (const flag of ['allow-replace', 'max-lag', 'drain-timeout', 'wait-timeout'] as const) {
    if (!roleSwap && values[flag] !== undefined)
      throw new UsageError(
        `--${flag} applies to the role-swap commands only (switchover, failover --unplanned, reprotect, failback)`,
      );
  }
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
    to: values.to?.trim(),
    allowReplace: values['allow-replace'] ?? [],
    maxLagSeconds: seconds('max-lag', values['max-lag']),
    drainTimeoutSeconds: seconds('drain-timeout', values['drain-timeout']) ?? DEFAULT_DRAIN_TIMEOUT_SECONDS,
    waitTimeoutSeconds: seconds('wait-timeout', values['wait-timeout']) ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
  };
}

/** The default wait: 300 s, or twice the computed worst case when that is longer. */
export function defaultWaitSeconds(worstCaseSeconds: number): number {
  return Math.max(300, 2 * worstCaseSeconds);
}
