/**
 * `npm run plan`: synthesize the app as configured, then plan every stack in dependency order against
 * the configured target: the endpoint in AWS_ENDPOINT_URL (the local emulator) when set, AWS otherwise
 * (credentials from the environment, e.g. OIDC in CI). Prints a summary per stack and writes it to
 * `.local/plan/plan-summary.json` and `.md`; the saved plans stay in `.local/plan/plans/`.
 *
 *   npm run plan                                   plan every stack; exit 1 on a failure or a refused plan
 *   npm run plan -- --detailed-exitcode            exit 2 when any stack would change (drift detection)
 *   npm run plan -- --allow-replace <[stack:]address>   let the guard pass that protected resource (logged)
 *   npm run plan -- --apply                        plan, judge and apply each stack in order (CI on main)
 *   npm run plan -- --work-dir DIR                 plans, logs and summaries elsewhere than .local/plan
 *   npm run plan -- --from DIR                     plan an app synthesized earlier (`cdktf synth --output DIR`)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../../config';
import { ROOT, terraformEnv } from '../lib/terraform';
import { parseCommandLine, runMain } from '../lib/cli';
import { stopChildrenOnInterrupt } from '../lib/signals';
import { isLoopbackEndpoint } from '../local/destroy';
import { emulatorEnv } from '../local/emulator';
import { runCommand } from '../lib/process';
import { Progress, formatSeconds } from '../local/progress';
import { protectionContext } from './protected';
import { orderedPlan, planFiles } from './run';
import { formatStackLine, parseOverrides, planMarkdown } from './summary';

/** Exit codes, as terraform's `-detailed-exitcode`: 0 no changes (or changes without the flag), 1 error or refusal, 2 changes. */
export const EXIT = { ok: 0, failed: 1, changes: 2 } as const;

/** The default folder of `npm run plan`. */
export const DEFAULT_PLAN_DIR = join(ROOT, '.local', 'plan');

export interface PlanCliArgs {
  readonly allowReplace: readonly string[];
  readonly detailedExitcode: boolean;
  readonly apply: boolean;
  readonly workDir: string;
  /** An app already synthesized (holding manifest.json), planned as is instead of synthesizing. */
  readonly from?: string;
}

/** Parses the command line; unknown options are errors. */
export function parsePlanArgs(argv: readonly string[]): PlanCliArgs {
  const { values } = parseCommandLine(argv, {
    'allow-replace': { type: 'string', multiple: true },
    'detailed-exitcode': { type: 'boolean' },
    apply: { type: 'boolean' },
    'work-dir': { type: 'string' },
    from: { type: 'string' },
  });
  return {
    allowReplace: values['allow-replace'] ?? [],
    detailedExitcode: values['detailed-exitcode'] ?? false,
    apply: values.apply ?? false,
    workDir: values['work-dir'] !== undefined ? resolve(values['work-dir']) : DEFAULT_PLAN_DIR,
    from: values.from !== undefined ? resolve(values.from) : undefined,
  };
}

/** The target's environment: the emulator's dummy credentials for a loopback endpoint, the caller's otherwise. */
export function targetEnv(env: NodeJS.ProcessEnv): { readonly target: string; readonly env: NodeJS.ProcessEnv } {
  const endpoint = env.AWS_ENDPOINT_URL;
  if (endpoint === undefined || endpoint === '') return { target: 'AWS', env };
  return { target: endpoint, env: isLoopbackEndpoint(endpoint) ? emulatorEnv(endpoint, env) : env };
}

async function main(): Promise<number> {
  const args = parsePlanArgs(process.argv.slice(2));
  const overrides = parseOverrides(args.allowReplace);
  const progress = new Progress();
  stopChildrenOnInterrupt(
    'Interrupted: the saved plans so far are in the work dir; nothing is applied unless --apply was given.',
  );
  let config: AppConfig;
  try {
    config = loadConfig({ cwd: ROOT, env: process.env, argv: [] }).config;
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.message);
    throw err;
  }
  const { target, env } = targetEnv(process.env);
  const t0 = Date.now();
  let outdir = args.from;
  if (outdir === undefined) {
    outdir = join(args.workDir, 'cdktf.out');
    const synthLog = join(args.workDir, 'logs', 'synth.log');
    const synth = await runCommand(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      logFile: synthLog,
    });
    if (synth.code !== 0)
      throw new Error(`synth failed (log ${relative(process.cwd(), synthLog)}):\n${synth.output.trim()}`);
    progress.note(
      `synth: ${config.environment} into ${relative(process.cwd(), outdir)} (${formatSeconds(Date.now() - t0)}); target ${target}`,
    );
  } else {
    if (!existsSync(join(outdir, 'manifest.json')))
      throw new Error(`--from ${outdir}: no manifest.json there (expected the output folder of a synth)`);
    progress.note(`planning the app synthesized in ${relative(process.cwd(), outdir) || '.'}; target ${target}`);
  }
  for (const o of overrides)
    progress.note(
      `OVERRIDE (logged): --allow-replace ${o.stack ? `${o.stack}:` : ''}${o.address}: the guard lets this protected resource be destroyed or replaced`,
    );

  const summary = await orderedPlan({
    outdir,
    workDir: args.workDir,
    env: terraformEnv(env),
    target,
    progress,
    protection: protectionContext(config),
    overrides,
    apply: args.apply,
  });
  const files = planFiles(args.workDir);
  writeFileSync(files.json, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.markdown, planMarkdown(summary));

  progress.note('');
  for (const s of summary.stacks) progress.note(formatStackLine(s));
  for (const f of summary.guard.allowed)
    progress.note(`OVERRIDDEN: ${f.stack} ${f.address}: ${f.reason} (allowed by --allow-replace)`);
  for (const o of summary.guard.unusedOverrides)
    progress.note(`note: --allow-replace ${o} matched no protected change`);
  for (const f of summary.guard.refused) {
    progress.note(
      `REFUSED: ${f.stack} ${f.address}: ${f.reason}. To proceed on purpose: --allow-replace ${f.stack}:${f.address}`,
    );
  }
  progress.note(
    `summary: ${relative(process.cwd(), files.markdown)}, ${relative(process.cwd(), files.json)} (${formatSeconds(Date.now() - t0)})`,
  );
  if (!summary.ok) return EXIT.failed;
  return args.detailedExitcode && summary.changesPending ? EXIT.changes : EXIT.ok;
}

/** Usage of `npm run plan`. */
export const PLAN_USAGE =
  'Usage: npm run plan -- [--allow-replace STACK:ADDRESS]... [--detailed-exitcode] [--apply] [--work-dir DIR] [--from SYNTH_DIR] [--debug]';

if (require.main === module) {
  runMain(
    async () => {
      const argv = process.argv.slice(2);
      parsePlanArgs(argv); // a usage error before anything runs
      if (argv.includes('--help') || argv.includes('-h')) {
        console.log(PLAN_USAGE);
        return 0;
      }
      return main();
    },
    { program: 'plan', usage: PLAN_USAGE },
  );
}
