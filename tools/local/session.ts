/**
 * One local deployment from start to end, shared by `npm run up`, `npm run down`, the end-to-end suite
 * and the benchmark: prerequisites, the emulator (started or reused), the bootstrap, the synth, the
 * terraform runs, the read-back, and the teardown.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../lib/terraform';
import type { AppConfig } from '../../config';
import { OVERRIDE_ENV } from '../../config/context';
import { bootstrap, type BootstrapResult } from './bootstrap';
import {
  applyAll,
  clearJournal,
  deploymentEnv,
  destroyAll,
  interruptedRuns,
  loadLocalConfig,
  localPaths,
  replanAll,
  synthesize,
  type Deployment,
  type JournalEntry,
  type LocalPaths,
  type RunSummary,
} from './deploy';
import { disableDeletionProtection } from './destroy';
import {
  DEFAULT_PORT_RANGE,
  emulatorEnv,
  readEmulator,
  startEmulator,
  stopEmulator,
  type EmulatorInfo,
} from './emulator';
import { readInventory, type Inventory } from './inventory';
import { describeOrphans, findOrphans, listInventory, providerRegions, readOwnership } from './orphans';
import { checkPrerequisites, describeMissing } from './prerequisites';
import { Progress } from './progress';
import { withRoleOverrides } from './role-overrides';
import { formatSummary } from './summary';
import { formatChecks, synthesizedResourceTypes, verifyInventory, type CheckResult } from './verify';

/** A deployment with its emulator running. */
export interface LocalSession {
  readonly paths: LocalPaths;
  readonly config: AppConfig;
  readonly emulator: EmulatorInfo;
  /** Emulator endpoint and dummy credentials, for the SDK. */
  readonly awsEnv: NodeJS.ProcessEnv;
  /** The terraform side: synth output, logs, terraform environment, progress. */
  readonly deployment: Deployment;
  readonly bootstrap: BootstrapResult;
}

export interface OpenSessionOptions {
  /** Folder of this deployment (synth output, logs, emulator state). */
  readonly workDir: string;
  readonly progress?: Progress;
  /** Ports to pick the emulator's from. @default 5200-5299 */
  readonly portRange?: readonly [number, number];
  /** Extra terraform arguments for apply/destroy. @default none */
  readonly applyArgs?: readonly string[];
}

/** Fails with the exact list of what is missing and how to install it. */
export function requirePrerequisites(): void {
  const missing = checkPrerequisites();
  if (missing.length > 0) throw new Error(describeMissing(missing));
}

/**
 * Checks prerequisites, starts the emulator (or reuses the one this work dir already runs), creates
 * the state bucket and hosted zone on it, and synthesizes production with DR into the work dir.
 */
export async function openSession(opts: OpenSessionOptions): Promise<LocalSession> {
  requirePrerequisites();
  const progress = opts.progress ?? new Progress();
  const paths = localPaths(opts.workDir);
  // The roles a role-swap command left in this work dir (drill switchover etc.) are synthesized again.
  const roleEnv = withRoleOverrides(process.env, opts.workDir, OVERRIDE_ENV);
  const config = loadLocalConfig(roleEnv);
  const t0 = Date.now();
  let emulator = readEmulator(paths.emulatorFile);
  const interrupted = interruptedRuns(paths);
  if (emulator && interrupted.length > 0) {
    await reportInterrupted(paths, interrupted, emulatorEnv(emulator.endpoint), progress);
    await stopEmulator(paths.emulatorFile);
    emulator = undefined;
  }
  clearJournal(paths);
  if (emulator) progress.note(`emulator: reusing moto_server pid ${emulator.pid} on ${emulator.endpoint}`);
  else {
    emulator = await startEmulator({
      logFile: join(paths.logsDir, 'emulator.log'),
      stateFile: paths.emulatorFile,
      portRange: opts.portRange ?? DEFAULT_PORT_RANGE,
    });
    progress.note(
      `emulator: moto_server pid ${emulator.pid} on ${emulator.endpoint} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  try {
    const awsEnv = emulatorEnv(emulator.endpoint);
    const boot = await bootstrap(config, awsEnv);
    progress.note(
      `bootstrap: state bucket ${boot.bucket} (${config.state.region}) ${boot.bucketCreated ? 'created' : 'present'}, versioning + encryption on` +
        (boot.hostedZoneId
          ? `; hosted zone ${config.domain} ${boot.hostedZoneId} ${boot.hostedZoneCreated ? 'created' : 'present'}`
          : ''),
    );
    const s0 = Date.now();
    await synthesize(paths.outdir, paths.logsDir, roleEnv);
    progress.note(`synth: production with DR into ${paths.outdir} (${((Date.now() - s0) / 1000).toFixed(1)} s)`);
    const deployment: Deployment = { paths, env: deploymentEnv(awsEnv), progress, applyArgs: opts.applyArgs, emulator };
    return { paths, config, emulator, awsEnv, deployment, bootstrap: boot };
  } catch (err) {
    // Nothing applied yet: leave no emulator behind a failed start.
    await stopEmulator(paths.emulatorFile);
    throw err;
  }
}

/**
 * Says what an interrupted run left: which terraform was killed, and what the emulator holds that no
 * state owns (on AWS these would be imported with `terraform import`, or deleted, by a person). The
 * emulator is disposable, so the session then starts it anew and applies everything from nothing.
 */
async function reportInterrupted(
  paths: LocalPaths,
  runs: readonly JournalEntry[],
  awsEnv: NodeJS.ProcessEnv,
  progress: Progress,
): Promise<void> {
  for (const r of runs)
    progress.note(
      `interrupted: terraform ${r.phase} of ${r.stack} (pid ${r.pid}, started ${r.started}) was killed before it ended`,
    );
  if (existsSync(join(paths.outdir, 'manifest.json'))) {
    const stacks = readManifest(paths.outdir);
    const regions = [...new Set(stacks.flatMap(providerRegions))];
    const orphans = findOrphans(await listInventory(regions, awsEnv), await readOwnership(stacks, awsEnv));
    progress.note(
      `interrupted: ${orphans.length} resource(s) on the emulator are in no state${orphans.length > 0 ? ':' : ''}`,
    );
    for (const line of describeOrphans(orphans)) progress.note(`  ${line}`);
  }
  progress.note('interrupted: the emulator is disposable: starting a new one and applying every stack from nothing');
}

/** The session of a work dir whose emulator is running (for `down`), or undefined. */
export function attachSession(workDir: string, progress = new Progress()): LocalSession | undefined {
  const paths = localPaths(workDir);
  const emulator = readEmulator(paths.emulatorFile);
  if (emulator === undefined) return undefined;
  const config = loadLocalConfig(withRoleOverrides(process.env, workDir, OVERRIDE_ENV));
  const awsEnv = emulatorEnv(emulator.endpoint);
  return {
    paths,
    config,
    emulator,
    awsEnv,
    deployment: { paths, env: deploymentEnv(awsEnv), progress, emulator },
    bootstrap: { bucket: config.state.bucket, bucketCreated: false, hostedZoneCreated: false },
  };
}

export const apply = (s: LocalSession): Promise<RunSummary> => applyAll(s.deployment);

/**
 * Re-synthesizes the session's deployment with extra `key=value` context overrides (GENAI_DEMO_CONTEXT
 * syntax) on top of the user's and the forced ones, into the same folder, and returns the session with the
 * configuration that synth used. For walking a deployment through configurations (roles, generations).
 */
export async function resynthesize(s: LocalSession, overrides: readonly string[]): Promise<LocalSession> {
  const own = [process.env[OVERRIDE_ENV]?.trim() ?? '', ...overrides].filter((o) => o !== '').join(' ');
  const env = { ...process.env, [OVERRIDE_ENV]: own };
  const config = loadLocalConfig(env);
  const t0 = Date.now();
  await synthesize(s.paths.outdir, s.paths.logsDir, env);
  s.deployment.progress.note(
    `synth: ${overrides.length} override(s) into ${s.paths.outdir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return { ...s, config };
}
export const replan = (s: LocalSession): Promise<RunSummary> => replanAll(s.deployment);

/** Verification of a session: the read-back and every check. */
export interface Verification {
  readonly inventory: Inventory;
  readonly checks: readonly CheckResult[];
  readonly ok: boolean;
  readonly seconds: number;
}

/** Reads the deployment back and runs every check, printing the table. */
export async function verify(s: LocalSession): Promise<Verification> {
  const t0 = Date.now();
  const inventory = await readInventory(s.config, s.awsEnv);
  const checks = verifyInventory(s.config, inventory, synthesizedResourceTypes(s.paths.outdir));
  const seconds = (Date.now() - t0) / 1000;
  const ok = checks.every((c) => c.status !== 'fail');
  s.deployment.progress.note(`verification (${seconds.toFixed(1)} s): ${ok ? 'passed' : 'FAILED'}`);
  for (const line of formatChecks(checks)) s.deployment.progress.note(line);
  return { inventory, checks, ok, seconds };
}

/** The summary lines of the session's deployment. */
export function summary(s: LocalSession, inventory: Inventory): string[] {
  return formatSummary(s.config, inventory);
}

/** How a teardown went. */
export interface TeardownResult {
  readonly destroy?: RunSummary;
  /** Deletion protection turned off on the emulator before destroy (emulator-only step). */
  readonly unprotected: readonly string[];
  readonly ok: boolean;
}

/**
 * Destroys every stack in reverse dependency order, stops the emulator and removes the work dir.
 * When a destroy fails the emulator is still stopped (its state is in memory: nothing survives it),
 * and the logs are kept for inspection.
 */
export async function teardown(s: LocalSession, opts: { keepLogs?: boolean } = {}): Promise<TeardownResult> {
  let destroy: RunSummary | undefined;
  let unprotected: string[] = [];
  try {
    unprotected = await disableDeletionProtection(s.config, s.awsEnv);
    if (unprotected.length > 0)
      s.deployment.progress.note(`emulator only: deletion protection turned off for ${unprotected.join(', ')}`);
    destroy = await destroyAll(s.deployment);
  } finally {
    await stopEmulator(s.paths.emulatorFile);
    s.deployment.progress.note(`emulator: stopped (pid ${s.emulator.pid})`);
  }
  const ok = destroy?.ok ?? false;
  if (ok && !opts.keepLogs) rmSync(s.paths.workDir, { recursive: true, force: true });
  else rmSync(s.paths.outdir, { recursive: true, force: true });
  return { destroy, unprotected, ok };
}
