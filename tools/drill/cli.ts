/**
 * The failover drill's command line (`npm run drill -- <command>`); see docs/failover-drill.md.
 * Reads the config like the app does, what is deployed from the S3 state bucket, and talks to AWS (or
 * the local emulator, from AWS_ENDPOINT_URL) with the AWS SDK for JavaScript v3.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../../config';
import { ROOT } from '../lib/terraform';
import { LOCAL_WORK_DIR_ENV, localPaths } from '../local/deploy';
import { emulatorEnv, readEmulator, type EmulatorInfo } from '../local/emulator';
import { parseOverrides } from '../plan/summary';
import { runRoleSwap, type RoleSwapCommand } from './roleswap/commands';
import { writeRoleSwapReport } from './roleswap/report';
import { AwsTarget, LocalTarget, type RoleSwapTarget } from './roleswap/target';
import { AwsGateway } from './aws';
import { checkExitCode, formatCheckTable, runCheck } from './check';
import { systemClock, type Clock } from './clock';
import { readDeployment, type Deployment } from './deployment';
import { EMULATOR_UNOBSERVABLE, detectEndpoint } from './endpoint';
import { PlannedFailover, failoverExitCode } from './failover';
import { NodeNet, type Net } from './net';
import {
  ROLE_SWAP_COMMANDS,
  USAGE,
  UsageError,
  defaultWaitSeconds,
  parseDrillArgs,
  type DrillOptions,
} from './options';
import type { ProbeContext } from './probes';
import { outputsFromFile } from './outputs';
import { ensureWritableDir, writeReport, type CheckReport } from './report';
import { runMain } from '../lib/cli';
import { onInterrupt } from '../lib/signals';

/** What the CLI talks to; the tests replace parts of it. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  /** @default - the real network (NodeNet) */
  readonly net?: Net;
  /** Folder holding cdktf.json. @default ROOT */
  readonly root?: string;
  /** The work dir of `npm run up` looked at for a running local deployment. @default `<root>/.local/up` */
  readonly localWorkDir?: string;
  /** Installs the SIGINT/SIGTERM handlers of a failover run. @default installSignalHandlers */
  readonly onSignals?: (controller: AbortController, log: (line: string) => void) => () => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  clock: systemClock,
};

/**
 * On the first SIGINT or SIGTERM the controller is aborted: the drill stops waiting and restores the
 * health check before it exits. Further signals only say so (the process does not die mid-restore).
 * Returns the function that removes the handlers.
 */
export function installSignalHandlers(controller: AbortController, log: (line: string) => void): () => void {
  return onInterrupt((signal) => {
    if (!controller.signal.aborted) {
      log(`${signal}: stopping the drill; restoring the primary health check before exiting`);
      controller.abort(signal);
    } else {
      log(`${signal}: still restoring the primary health check, please wait`);
    }
  });
}

function loadDrillConfig(options: DrillOptions, io: CliIo): AppConfig {
  return loadConfig({ cwd: io.root ?? ROOT, env: io.env, argv: options.contextArgs }).config;
}

/** Selects a local deployment other than `.local/up` (e.g. a test's own work dir). */
export { LOCAL_WORK_DIR_ENV };

/** A running local deployment the drill targets. */
export interface LocalDeployment {
  readonly workDir: string;
  readonly emulator: EmulatorInfo;
}

/**
 * The local deployment to target: when no AWS target is given (no AWS_ENDPOINT_URL, no --confirm-production)
 * and the work dir of `npm run up` (or GENAI_DEMO_LOCAL_WORK_DIR) records an emulator whose process is alive.
 * Throws UsageError when GENAI_DEMO_LOCAL_WORK_DIR names a folder with no running deployment.
 */
export function findLocalDeployment(
  env: NodeJS.ProcessEnv,
  defaultWorkDir: string,
  confirmProduction: boolean,
): LocalDeployment | undefined {
  if ((env.AWS_ENDPOINT_URL ?? '') !== '' || confirmProduction) return undefined;
  const chosen = env[LOCAL_WORK_DIR_ENV]?.trim();
  const workDir = chosen ? resolve(chosen) : defaultWorkDir;
  const emulator = existsSync(workDir) ? readEmulator(localPaths(workDir).emulatorFile) : undefined;
  if (emulator === undefined && chosen)
    throw new UsageError(
      `${LOCAL_WORK_DIR_ENV}=${chosen}: no running local deployment there (no live emulator in ${localPaths(workDir).emulatorFile}); start one with npm run up -- --work-dir ${chosen}`,
    );
  return emulator === undefined ? undefined : { workDir, emulator };
}

/** The environment for tools run on the caller's behalf: the caller's, with PATH and HOME when it lacks them. */
function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

/** Runs the drill; resolves with the process exit status. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let options: DrillOptions;
  let config: AppConfig;
  let local: LocalDeployment | undefined;
  let env: NodeJS.ProcessEnv;
  let target: RoleSwapTarget | undefined;
  let allowReplace: ReturnType<typeof parseOverrides>;
  try {
    const parsed = parseDrillArgs(argv, io.root ?? ROOT);
    if (parsed === 'help') {
      io.out(USAGE);
      return 0;
    }
    options = parsed;
    // Bad files and folders are usage errors before anything is read from or done to AWS.
    if (options.outputsFile !== undefined) outputsFromFile(options.outputsFile);
    if (!options.dryRun) ensureWritableDir(options.reportDir);
    local = findLocalDeployment(
      io.env,
      io.localWorkDir ?? join(io.root ?? ROOT, '.local', 'up'),
      options.confirmProduction,
    );
    env = local === undefined ? io.env : emulatorEnv(local.emulator.endpoint, toolEnv(io.env));
    allowReplace = parseOverrides(options.allowReplace);
    target = roleSwapTarget(options, io, local, env, allowReplace);
    config =
      target !== undefined
        ? target.config()
        : local !== undefined
          ? new LocalTarget(local.workDir, local.emulator, io.env, env, {
              dryRun: true,
              allowReplace: [],
              print: io.out,
            }).config()
          : loadDrillConfig(options, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`drill: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof Error && /--allow-replace/.test(err.message)) {
      io.err(`drill: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (local !== undefined) {
    io.out(
      `Target: the local deployment in ${local.workDir} (emulator pid ${local.emulator.pid} on ${local.emulator.endpoint}); no AWS target given (AWS_ENDPOINT_URL / --confirm-production)`,
    );
  }
  if (config.dr === undefined) {
    io.err(
      `drill: environment "${config.environment}" deploys no DR region (genai-demo:multi-region.enable-dr, production only): nothing to drill`,
    );
    return 2;
  }

  const endpoint = detectEndpoint(env);
  const aws = new AwsGateway({
    dryRun: options.dryRun,
    print: io.out,
    forcePathStyle: endpoint.label !== 'AWS',
    requestTimeoutMs: Math.max(5000, options.httpTimeoutSeconds * 1000),
    env,
  });
  try {
    if (target !== undefined) return await runRoleSwapCommand(target, aws, options, config, io);
    io.out(
      `Failover drill: ${options.command}${options.dryRun ? ' (DRY RUN: every call is printed, none is made)' : ''}; ` +
        `environment ${config.environment}, ${config.primary.regionName} ${config.primary.region} -> ${config.dr.regionName} ${config.dr.region}; ` +
        `endpoint ${endpoint.label}${endpoint.emulator ? ' (local emulator)' : ''}`,
    );
    const deployment = await readDeployment(aws, config, options.outputsFile);
    const outputs = deployment.outputs;
    if (options.dryRun && options.outputsFile === undefined) {
      io.out(
        'Outputs: not read in a dry run; identifiers are shown as <output name> (pass --outputs FILE to see real ones)',
      );
    } else if (outputs.error !== undefined) io.out(`Outputs: ${outputs.error}`);
    else if (outputs.missing.length > 0)
      io.out(
        `Outputs from ${outputs.source}; MISSING: ${outputs.missing.join(', ')} (the checks that need them say N/A)`,
      );
    else io.out(`Outputs from ${outputs.source}`);

    const ctx: ProbeContext = {
      config,
      outputs,
      aws,
      net: io.net ?? new NodeNet(options.dnsTimeoutSeconds * 1000),
      endpoint,
      httpTimeoutMs: options.httpTimeoutSeconds * 1000,
      insecure: options.insecure,
      print: io.out,
    };
    return options.command === 'check'
      ? await runCheckCommand(ctx, deployment, options, io)
      : await runFailoverCommand(ctx, options, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`drill: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  } finally {
    aws.destroy();
  }
}

/** The target of a role-swap command (undefined for check and the DNS drill). */
function roleSwapTarget(
  options: DrillOptions,
  io: CliIo,
  local: LocalDeployment | undefined,
  env: NodeJS.ProcessEnv,
  allowReplace: ReturnType<typeof parseOverrides>,
): RoleSwapTarget | undefined {
  if (!(ROLE_SWAP_COMMANDS as readonly string[]).includes(options.command)) return undefined;
  const settings = { dryRun: options.dryRun, allowReplace, print: io.out };
  if (local !== undefined) return new LocalTarget(local.workDir, local.emulator, io.env, env, settings);
  const endpoint = detectEndpoint(io.env);
  const awsEnv = endpoint.emulator ? emulatorEnv(endpoint.label, toolEnv(io.env)) : toolEnv(io.env);
  return new AwsTarget(awsEnv, io.root ?? ROOT, options.contextArgs, settings, endpoint);
}

async function runRoleSwapCommand(
  target: RoleSwapTarget,
  aws: AwsGateway,
  options: DrillOptions,
  config: AppConfig,
  io: CliIo,
): Promise<number> {
  // A local target was announced on the first line already.
  if (target.kind === 'aws') io.out(target.description);
  io.out(
    `Role swap: ${options.command === 'failover-unplanned' ? 'failover --unplanned' : options.command}${options.dryRun ? ' (DRY RUN: every AWS call and terraform command is printed, none is made)' : ''}; environment ${config.environment}`,
  );
  const report = await runRoleSwap({
    target,
    aws,
    clock: io.clock,
    log: io.out,
    settings: {
      command: options.command as RoleSwapCommand,
      to: options.to,
      dryRun: options.dryRun,
      confirmProduction: options.confirmProduction,
      pollIntervalMs: options.pollIntervalSeconds * 1000,
      drainTimeoutMs: options.drainTimeoutSeconds * 1000,
      waitTimeoutMs: options.waitTimeoutSeconds * 1000,
      maxLagSeconds: options.maxLagSeconds ?? config.multiRegion.replicaLagAlarmSeconds,
    },
  });
  io.out('');
  io.out(`Result: ${report.result.toUpperCase()}: ${report.message}`);
  for (const note of report.notes) io.out(`  - ${note}`);
  if (report.result !== 'dry-run') {
    const written = writeRoleSwapReport(options.reportDir, report);
    io.out(`Report: ${written.markdown} (and .json)`);
  }
  return report.result === 'done' || report.result === 'dry-run' ? 0 : 1;
}

async function runCheckCommand(
  ctx: ProbeContext,
  deployment: Deployment,
  options: DrillOptions,
  io: CliIo,
): Promise<number> {
  const startedAt = new Date(io.clock.now());
  if (ctx.endpoint.emulator) {
    io.out('Not observable on the local emulator (those rows say N/O, they are not passes):');
    for (const u of EMULATOR_UNOBSERVABLE) io.out(`  - ${u.what}: ${u.why}`);
  }
  const rows = await runCheck(ctx, deployment, startedAt);
  if (options.dryRun) {
    io.out('Dry run: the calls above were printed, none was made.');
    return 0;
  }
  io.out('');
  io.out(formatCheckTable(rows));
  const report: CheckReport = {
    kind: 'check',
    startedAt: startedAt.toISOString(),
    endpoint: ctx.endpoint.label,
    emulator: ctx.endpoint.emulator,
    environment: ctx.config.environment,
    outputsSource: ctx.outputs.source,
    outputsError: ctx.outputs.error ?? null,
    missingOutputs: ctx.outputs.missing,
    notObservable: ctx.endpoint.emulator ? EMULATOR_UNOBSERVABLE : [],
    rows,
  };
  const written = writeReport(options.reportDir, report);
  io.out(`Report: ${written.markdown}`);
  if (ctx.outputs.error !== undefined)
    io.out(`NOT CHECKED: the failover stack's outputs could not be read (${ctx.outputs.error})`);
  else if (checkExitCode([], ctx.outputs) !== 0)
    io.out(`NOT CHECKED: the failover stack's outputs lack ${ctx.outputs.missing.join(', ')}`);
  return checkExitCode(rows, ctx.outputs);
}

async function runFailoverCommand(ctx: ProbeContext, options: DrillOptions, io: CliIo): Promise<number> {
  const wait = defaultWaitSeconds(ctx.config.recoveryBudget.rto.worstCaseSeconds);
  const controller = new AbortController();
  const uninstall = (io.onSignals ?? installSignalHandlers)(controller, io.err);
  try {
    const drill = new PlannedFailover({
      ctx,
      clock: io.clock,
      signal: controller.signal,
      log: io.out,
      settings: {
        pollIntervalMs: options.pollIntervalSeconds * 1000,
        failoverTimeoutMs: (options.failoverTimeoutSeconds ?? wait) * 1000,
        failbackTimeoutMs: (options.failbackTimeoutSeconds ?? wait) * 1000,
        confirmProduction: options.confirmProduction,
      },
    });
    const report = await drill.run();
    io.out('');
    io.out(`Result: ${report.result.toUpperCase()}: ${report.message}`);
    // A run that changed nothing (dry run, refusal, error before the invert) has nothing to report.
    if (report.result !== 'dry-run' && report.restore.needed) {
      const m = report.measurements;
      io.out(`  detection ${fmt(m.detection)}; DNS failover ${fmt(m.dnsFailover)}; DNS failback ${fmt(m.dnsFailback)}`);
      const rto =
        report.rto.measuredSeconds === null ? m.dnsFailover.kind.toUpperCase() : `${report.rto.measuredSeconds} s`;
      io.out(
        `  RTO measured ${rto}; target ${report.rto.targetSeconds} s; computed budget ${report.rto.budgetWorstCaseSeconds} s`,
      );
      const written = writeReport(options.reportDir, report);
      io.out(`Report: ${written.markdown} (and .json)`);
    }
    return failoverExitCode(
      report,
      typeof controller.signal.reason === 'string' ? controller.signal.reason : undefined,
    );
  } finally {
    uninstall();
  }
}

function fmt(m: { seconds: number | null; kind: string; note: string }): string {
  if (m.kind === 'measured') return `${m.seconds} s`;
  if (m.kind === 'upper-bound') return `<= ${m.seconds} s`;
  return `${m.kind.toUpperCase()} (${m.note})`;
}

if (require.main === module) {
  // The SDK warns that its 2027 releases will need Node 22; the project supports Node >= 20 until then.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  runMain(() => main(process.argv.slice(2)), { program: 'drill', usage: USAGE });
}
