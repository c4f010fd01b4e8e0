/**
 * Runs the app: parse the arguments (unknown flags: exit 2), load and validate the config (every problem
 * at once, exit 1, nothing written), print the recovery budget, build the stacks, then synthesize into a
 * staging folder and swap it into place, so a failure part-way never leaves a half-written cdktf.out.
 */
import { App } from 'cdktf';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeRecoveryBudget, describeRoleSwapBudget, loadConfig, roleSwapBudget, type AppConfig } from '../config';
import { applyPolicies } from '../policies';
import { UsageError, parseCommandLine, runMain } from '../tools/lib/cli';

export type BuildStacks = (app: App, config: AppConfig) => void;

/** Removes what a previous synth left, so an invalid config never leaves stacks that look current. */
function removeStaleOutput(outdir: string): void {
  rmSync(join(outdir, 'stacks'), { recursive: true, force: true });
  rmSync(join(outdir, 'manifest.json'), { force: true });
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The app's command line. */
export const APP_USAGE = `Usage: node dist/main.js [--context key=value]... [--debug]
  -c, --context key=value   config override, e.g. genai-demo:environment=development (repeatable)
      --debug               print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help                this text
Overrides may also come from GENAI_DEMO_CONTEXT (README, "Configuration").`;

/** Parses the app's arguments into the `--context` list the config loader reads. Throws UsageError. */
export function parseAppArgs(argv: readonly string[]): { readonly help: boolean; readonly contextArgs: string[] } {
  const { values } = parseCommandLine(argv, { context: { type: 'string', short: 'c', multiple: true } });
  const pairs = values.context ?? [];
  for (const pair of pairs) {
    if (pair === '' || pair.startsWith('-'))
      throw new UsageError(`--context "${pair}": expected key=value, e.g. genai-demo:environment=development`);
  }
  return { help: values.help === true, contextArgs: pairs.flatMap((p) => ['--context', p]) };
}

/**
 * Runs the app as a process: arguments, config, stacks, synth. Every failure, expected or not, goes
 * through tools/lib/cli.ts runMain: one message, no stack trace (unless --debug), non-zero exit, and
 * the previous synth's stacks removed so nothing stale looks current.
 */
export function runApp(build: BuildStacks): void {
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  runMain(() => synthApp(build, outdir, process.argv.slice(2)), {
    program: 'synth',
    usage: APP_USAGE,
    onFailure: () => removeFailedSynth(outdir),
  });
}

/** After a failure: neither the staging folder nor an earlier synth that looks current is left in `outdir`. */
export function removeFailedSynth(outdir: string): void {
  rmSync(`${outdir}.staging-${process.pid}`, { recursive: true, force: true });
  removeStaleOutput(outdir);
}

/** Options of {@link synthApp}. */
export interface SynthOptions {
  /**
   * Print the app's description: its environment and stacks, recovery and role-swap budgets, DR sizing and
   * config warnings (the state bootstrap, which synthesizes another stack, leaves it out).
   * @default true
   */
  readonly describeApp?: boolean;
}

/** Loads the config, builds and synthesizes; returns the exit status, throws on failure. */
export function synthApp(
  build: BuildStacks,
  outdir: string,
  argv: readonly string[],
  options: SynthOptions = {},
): number {
  const args = parseAppArgs(argv);
  if (args.help) {
    process.stdout.write(`${APP_USAGE}\n`);
    return 0;
  }
  const loaded = loadConfig({ argv: args.contextArgs });
  const config = loaded.config;
  for (const o of loaded.overrides) log(`override: ${o}`);

  if (options.describeApp ?? true) describeApp(config);

  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
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
  if (policies.enforce && policies.violations.length > 0)
    throw new Error(`synth failed: ${policies.violations.length} unsuppressed policy findings`);
  installOutput(staging, outdir);
  return 0;
}

/** The app's description on stderr: environment and stacks, budgets, DR sizing, config warnings. */
function describeApp(config: AppConfig): void {
  log(
    `genai-demo: environment ${config.environment}, stacks: ${Object.values(config.stackNames).filter(Boolean).join(', ')}`,
  );
  if (config.dr) {
    for (const line of describeRecoveryBudget(config.recoveryBudget)) log(line);
    const roleSwap = roleSwapBudget(config);
    if (roleSwap !== undefined) for (const line of describeRoleSwapBudget(roleSwap)) log(line);
    log(
      `DR sizing: nodes ${config.dr.eks.minNodes}..${config.dr.eks.maxNodes} (primary ${config.primary.eks.minNodes}..${config.primary.eks.maxNodes}), RDS Multi-AZ ${config.dr.database.multiAz}`,
    );
  }
  for (const w of config.warnings) log(`WARNING: ${w}`);
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
