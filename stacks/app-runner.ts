/**
 * Runs the app: load and validate the config (every problem at once, exit 1, nothing written), print
 * the recovery budget, build the stacks, then synthesize into a staging folder and swap it into place,
 * so a failure part-way never leaves a half-written cdktf.out behind.
 */
import { App } from 'cdktf';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, describeRecoveryBudget, loadConfig, type AppConfig } from '../config';
import { applyPolicies } from '../policies';

export type BuildStacks = (app: App, config: AppConfig) => void;

/** Removes what a previous synth left, so an invalid config never leaves stacks that look current. */
function removeStaleOutput(outdir: string): void {
  rmSync(join(outdir, 'stacks'), { recursive: true, force: true });
  rmSync(join(outdir, 'manifest.json'), { force: true });
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function runApp(build: BuildStacks): void {
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  let config: AppConfig;
  try {
    const loaded = loadConfig();
    config = loaded.config;
    for (const o of loaded.overrides) log(`override: ${o}`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    removeStaleOutput(outdir);
    log(err.message);
    process.exit(1);
  }

  log(`genai-demo: environment ${config.environment}, stacks: ${Object.values(config.stackNames).filter(Boolean).join(', ')}`);
  if (config.dr) {
    for (const line of describeRecoveryBudget(config.recoveryBudget)) log(line);
    log(`DR sizing: nodes ${config.dr.eks.minNodes}..${config.dr.eks.maxNodes} (primary ${config.primary.eks.minNodes}..${config.primary.eks.maxNodes}), RDS Multi-AZ ${config.dr.database.multiAz}`);
  }
  for (const w of config.warnings) log(`WARNING: ${w}`);

  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    build(app, config);
    // Security rules (policies/, RULES.md): findings fail the synth in production, warn elsewhere.
    const policies = applyPolicies(app, config);
    try {
      app.synth();
    } finally {
      for (const line of policies.summary()) log(line);
    }
    // Under the cdktf CLI error annotations do not throw (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS): fail here.
    if (policies.enforce && policies.violations.length > 0) throw new Error(`${policies.violations.length} unsuppressed policy findings`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    removeStaleOutput(outdir);
    log(`synth failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  installOutput(staging, outdir);
}

/**
 * Moves a complete synth from `staging` into `outdir`. Stacks no longer synthesized are removed, except
 * under the cdktf CLI, which removes such orphaned stack folders itself (and fails if they are gone).
 */
function installOutput(staging: string, outdir: string): void {
  const underCli = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  const synthesized = readdirSync(join(staging, 'stacks'));
  for (const name of readdirSync(join(outdir, 'stacks'))) {
    if (!underCli || synthesized.includes(name)) rmSync(join(outdir, 'stacks', name), { recursive: true, force: true });
  }
  for (const name of synthesized) renameSync(join(staging, 'stacks', name), join(outdir, 'stacks', name));
  for (const entry of readdirSync(staging)) {
    if (entry === 'stacks') continue;
    rmSync(join(outdir, entry), { recursive: true, force: true });
    renameSync(join(staging, entry), join(outdir, entry));
  }
  rmSync(staging, { recursive: true, force: true });
}
