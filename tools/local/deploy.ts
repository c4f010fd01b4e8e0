/**
 * The local deploy itself: synthesize production with DR into the deployment's own folder, then
 * `terraform init` + `apply` every stack in the dependency order of manifest.json (independent stacks
 * side by side), re-plan every stack expecting no changes, and destroy in reverse order.
 * terraform runs directly in the stack folders (the cdktf CLI adds seconds per call) with the offline
 * provider mirror when present, and with the emulator only through the environment.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../../config';
import { OVERRIDE_ENV } from '../../config/context';
import { ROOT, readManifest, terraformEnv, type ManifestStack } from '../lib/terraform';
import { classifyPlan, type PlanResourceChange, type QuirkClassification } from './emulator-quirks';
import { runGraph, type TaskOutcome } from '../lib/graph';
import { entryOf } from '../lib/maps';
import { isAlive } from './emulator';
import { describeHeldLock, readStateLock } from './lock';
import { runCommand, startCommand } from '../lib/process';
import { type Progress, formatSeconds } from './progress';
import { StallWatch, describeStall, type StallPolicy } from './stall-watch';
import {
  extractErrors,
  parseApplySummary,
  parsePlan,
  resourceDone,
  type ChangeCounts,
  type PlannedChanges,
} from './terraform-output';

/** Context forced by the local deploy whatever cdktf.json says: the full production design with DR. */
export const FORCED_CONTEXT: readonly string[] = [
  'genai-demo:environment=production',
  'genai-demo:multi-region.enable-dr=true',
];

/**
 * The GENAI_DEMO_CONTEXT value for the local synth: the user's own `key=value` overrides first, then
 * the forced ones (later pairs win). A JSON-object override cannot be combined with pairs: rejected.
 */
export function localContextOverride(userValue: string | undefined): string {
  const own = userValue?.trim() ?? '';
  if (own.startsWith('{')) {
    throw new Error(
      `${OVERRIDE_ENV} holds a JSON object; the local deploy needs key=value pairs (e.g. genai-demo:domain=example.org)`,
    );
  }
  return [own, ...FORCED_CONTEXT].filter((s) => s !== '').join(' ');
}

/** Where one local deployment keeps its files. */
export interface LocalPaths {
  /** Root of everything below. */
  readonly workDir: string;
  /** The deployment's own synth output (other tools may rewrite cdktf.out at any time). */
  readonly outdir: string;
  /** `<stack>.<phase>.log` files, the synth log and the emulator's log. */
  readonly logsDir: string;
  /** The running emulator (JSON). */
  readonly emulatorFile: string;
}

/** The paths of a deployment rooted at `workDir`. */
export function localPaths(workDir: string): LocalPaths {
  return {
    workDir,
    outdir: join(workDir, 'cdktf.out'),
    logsDir: join(workDir, 'logs'),
    emulatorFile: join(workDir, 'emulator.json'),
  };
}

/** A terraform apply or destroy in progress, as recorded in the deployment's journal. */
export interface JournalEntry {
  readonly stack: string;
  readonly phase: Phase;
  /** The terraform process (its process group holds the provider plugins). */
  readonly pid: number;
  readonly started: string;
}

function journalDir(paths: LocalPaths): string {
  return join(paths.workDir, 'journal');
}

function writeJournal(paths: LocalPaths, stack: string, phase: Phase, pid: number | undefined): string | undefined {
  if (pid === undefined) return undefined;
  mkdirSync(journalDir(paths), { recursive: true });
  const file = join(journalDir(paths), `${stack}.${phase}.json`);
  const entry: JournalEntry = { stack, phase, pid, started: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(entry)}\n`);
  return file;
}

/**
 * Applies and destroys that started and never ended by themselves: their terraform was killed (or the
 * machine stopped), so resources they created may be in no state. Entries whose terraform still runs
 * are another run in progress, not interruptions, and are left out.
 */
export function interruptedRuns(paths: LocalPaths, alive: (pid: number) => boolean = isAlive): JournalEntry[] {
  const dir = journalDir(paths);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JournalEntry)
    .filter((e) => !alive(e.pid));
}

/** Forgets every interruption (after the deployment was rebuilt). */
export function clearJournal(paths: LocalPaths): void {
  rmSync(journalDir(paths), { recursive: true, force: true });
}

/** The default deployment of `npm run up` / `npm run down`: `.local/up`. */
export const DEFAULT_WORK_DIR = join(ROOT, '.local', 'up');

/** Names another local deployment's work dir for the drill commands (default: {@link DEFAULT_WORK_DIR}). */
export const LOCAL_WORK_DIR_ENV = 'GENAI_DEMO_LOCAL_WORK_DIR';

/** Loads the config exactly as the local synth sees it (cdktf.json plus the forced overrides). */
export function loadLocalConfig(baseEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig({ cwd: ROOT, env: { [OVERRIDE_ENV]: localContextOverride(baseEnv[OVERRIDE_ENV]) }, argv: [] })
      .config;
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.message);
    throw err;
  }
}

/** Runs the compiled app (dist/main.js) into `outdir` with the forced context. */
export async function synthesize(outdir: string, logsDir: string, baseEnv: NodeJS.ProcessEnv): Promise<void> {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(`${relative(process.cwd(), main)} is missing: run \`node tools/build.mjs\` first`);
  mkdirSync(logsDir, { recursive: true });
  const env = { ...baseEnv, CDKTF_OUTDIR: outdir, [OVERRIDE_ENV]: localContextOverride(baseEnv[OVERRIDE_ENV]) };
  const logFile = join(logsDir, 'synth.log');
  const res = await runCommand(process.execPath, [main], { cwd: ROOT, env, logFile });
  if (res.code !== 0) throw new Error(`synth failed (log: ${logFile}):\n${res.output.trim()}`);
}

/** Phases of a stack's life on the emulator. */
export type Phase = 'init' | 'apply' | 'plan' | 'destroy';

/** How one phase of one stack went. */
export interface PhaseResult {
  readonly stack: string;
  readonly phase: Phase;
  readonly ok: boolean;
  readonly seconds: number;
  readonly logFile: string;
  /** Resources added/changed/destroyed (apply, destroy) or planned (plan). */
  readonly counts?: ChangeCounts;
  /** Plan only: what it would change. */
  readonly planned?: PlannedChanges;
  /** Error diagnostics of a failed run. */
  readonly errors: readonly string[];
  /** Plan only, when it showed a diff: which changes are emulator quirks and which are real. */
  readonly quirks?: QuirkClassification;
}

/** Thrown by a stack task so the graph runner skips its dependents; carries the phase results. */
export class PhaseFailure extends Error {
  constructor(readonly result: PhaseResult) {
    super(`${result.stack} ${result.phase} failed`);
  }
}

/** A deployment to drive: its synth output, logs and the environment terraform runs with. */
export interface Deployment {
  readonly paths: LocalPaths;
  /** Emulator endpoint and credentials (emulatorEnv) plus the terraform CLI config (terraformEnv). */
  readonly env: NodeJS.ProcessEnv;
  readonly progress: Progress;
  /** Extra terraform arguments for apply/destroy, e.g. `-parallelism=20`. @default none */
  readonly applyArgs?: readonly string[];
  /** When a stalled delete is diagnosed and when it fails the destroy. @default 30 s / 240 s */
  readonly stallPolicy?: StallPolicy;
  /**
   * The emulator the deployment runs on: a phase stops at once, naming it, when its process ends (the
   * provider would otherwise retry the refused connections for minutes). @default - not watched
   */
  readonly emulator?: { readonly pid: number; readonly endpoint: string };
}

/** How often a running phase checks that the emulator is still alive. */
const EMULATOR_POLL_MS = 1_000;

/** The message of a phase cut short because the emulator process ended. */
export function emulatorGoneMessage(stack: string, phase: Phase, emulator: { pid: number; endpoint: string }): string {
  return (
    `${stack}: ${phase} stopped: the local emulator (moto_server pid ${emulator.pid} on ${emulator.endpoint}) is no longer running. ` +
    'Its state lived in memory and is gone with it: run `npm run down` to clean up, then `npm run up` to start again.'
  );
}

/** The terraform environment for a deployment: `baseEnv` (with the emulator's endpoint) plus the CLI config. */
export function deploymentEnv(baseEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return terraformEnv(baseEnv);
}

/** The stacks of the deployment's synth output, dependencies first. */
export function stacksOf(dep: Deployment): ManifestStack[] {
  return readManifest(dep.paths.outdir);
}

/** Runs one terraform phase in a stack folder with progress and a log; throws PhaseFailure on error. */
export async function terraformPhase(
  dep: Deployment,
  stack: ManifestStack,
  phase: Phase,
  args: readonly string[],
  acceptCodes: readonly number[] = [0],
  watch?: StallWatch,
): Promise<PhaseResult & { code: number }> {
  const logFile = join(dep.paths.logsDir, `${stack.name}.${phase}.log`);
  if (phase !== 'init') {
    const lock = await readStateLock(stack, dep.env);
    if (lock !== undefined) {
      const message = describeHeldLock(stack, lock);
      dep.progress.note(message.replace(/^/gm, `    [${stack.name}] `));
      throw new PhaseFailure({ stack: stack.name, phase, ok: false, seconds: 0, logFile, errors: [message] });
    }
  }
  const p = dep.progress.start(stack.name, phase);
  let stall: string | undefined;
  const started = startCommand('terraform', args, {
    cwd: stack.dir,
    env: dep.env,
    logFile,
    onLine: (line) => {
      if (resourceDone(line) !== undefined) p.resourceDone();
      if (watch === undefined || stall !== undefined) return;
      void watch.line(line).then(
        (verdict) => {
          if (verdict.kind === 'wait' || stall !== undefined) return;
          stall = describeStall(stack.name, verdict);
          dep.progress.note(stall.replace(/^/gm, `    [${stack.name}] `));
          stopGroup(started.child.pid);
        },
        (err: unknown) =>
          dep.progress.note(
            `    [${stack.name}] could not list the emulator's inventory: ${err instanceof Error ? err.message : String(err)}`,
          ),
      );
    },
  });
  const journal =
    phase === 'apply' || phase === 'destroy'
      ? writeJournal(dep.paths, stack.name, phase, started.child.pid)
      : undefined;
  const alive = dep.emulator;
  const poll =
    alive === undefined
      ? undefined
      : setInterval(() => {
          if (stall !== undefined || isAlive(alive.pid)) return;
          stall = emulatorGoneMessage(stack.name, phase, alive);
          dep.progress.note(`    [${stack.name}] ${stall}`);
          stopGroup(started.child.pid, false);
        }, EMULATOR_POLL_MS);
  const res = await started.done.finally(() => clearInterval(poll));
  // A run that ended by itself has written its state; one killed by a signal may have created resources it
  // never recorded: its journal stays, and the next session treats the deployment as interrupted.
  if (journal !== undefined && res.signal === undefined) rmSync(journal, { force: true });
  const ok = stall === undefined && acceptCodes.includes(res.code);
  const planned = phase === 'plan' ? parsePlan(res.output) : undefined;
  const counts = planned?.counts ?? parseApplySummary(res.output);
  const errors = ok ? [] : stall !== undefined ? [stall, ...extractErrors(res.output)] : extractErrors(res.output);
  let detail = counts ? `${counts.add} to add/added, ${counts.change} changed, ${counts.destroy} destroyed` : '';
  if (phase === 'apply' && counts)
    detail = `${counts.add} added, ${counts.change} changed, ${counts.destroy} destroyed`;
  if (phase === 'destroy' && counts) detail = `${counts.destroy} destroyed`;
  if (phase === 'plan' && planned)
    detail = res.code === 0 ? 'no changes' : `exit 2, ${planned.resources.length} resource(s) with changes`;
  if (phase === 'init') detail = '';
  if (!ok) detail = `exit ${res.code}, log ${relative(process.cwd(), logFile)}`;
  const ms = p.end(ok, detail);
  for (const e of errors) dep.progress.note(e.replace(/^/gm, `    [${stack.name}] `));
  const result = { stack: stack.name, phase, ok, seconds: ms / 1000, logFile, counts, planned, errors, code: res.code };
  if (!ok) throw new PhaseFailure(result);
  return result;
}

/** Every phase result of a graph run: those of succeeded stacks and those carried by failures. */
function collect(outcomes: Array<TaskOutcome<PhaseResult[]>>, partial: Map<string, PhaseResult[]>): PhaseResult[] {
  return outcomes.flatMap((o) => {
    if (o.status === 'succeeded') return o.result;
    if (o.status === 'failed') {
      const before = partial.get(o.name) ?? [];
      return o.error instanceof PhaseFailure ? [...before, o.error.result] : before;
    }
    return [];
  });
}

/** Summary of a graph run for the caller. */
export interface RunSummary {
  readonly ok: boolean;
  readonly results: readonly PhaseResult[];
  /** Stacks not run because something they needed failed. */
  readonly skipped: readonly string[];
  /** Failures that were not terraform phases (e.g. a missing binary). */
  readonly otherErrors: readonly string[];
  readonly seconds: number;
}

async function runOverStacks(
  dep: Deployment,
  order: 'forward' | 'reverse' | 'independent',
  perStack: (stack: ManifestStack, record: (r: PhaseResult) => void) => Promise<void>,
): Promise<RunSummary> {
  const manifest = stacksOf(dep);
  // Read-only runs (plans) need no order: every stack's state already exists.
  const stacks = order === 'independent' ? manifest.map((s) => ({ ...s, dependencies: [] })) : manifest;
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const partial = new Map<string, PhaseResult[]>();
  const t0 = Date.now();
  const outcomes = await runGraph(
    stacks,
    async (name) => {
      const results: PhaseResult[] = [];
      partial.set(name, results);
      await perStack(entryOf(byName, name, 'the stacks of the manifest'), (r) => results.push(r));
      return results;
    },
    { reverse: order === 'reverse' },
  );
  const otherErrors = outcomes.flatMap((o) =>
    o.status === 'failed' && !(o.error instanceof PhaseFailure)
      ? [`${o.name}: ${o.error instanceof Error ? o.error.message : String(o.error)}`]
      : [],
  );
  const skipped = outcomes.filter((o) => o.status === 'skipped').map((o) => o.name);
  return {
    ok: outcomes.every((o) => o.status === 'succeeded'),
    results: collect(outcomes, partial),
    skipped,
    otherErrors,
    seconds: (Date.now() - t0) / 1000,
  };
}

const INIT_ARGS = ['init', '-input=false', '-no-color'];

/** The SHA-256 of each stack's synthesized cdk.tf.json, by stack name. */
export function stackDigests(dep: Deployment): Map<string, string> {
  return new Map(
    stacksOf(dep).map((s) => [
      s.name,
      createHash('sha256')
        .update(readFileSync(join(s.dir, 'cdk.tf.json'), 'utf8'))
        .digest('hex'),
    ]),
  );
}

/**
 * The stacks an apply must visit after a re-synth: those whose Terraform differs from `previous` (the digests
 * of the last applied synth), and every stack that depends on one of them, directly or not, because a
 * producer's apply can change the outputs its consumers read. The others would apply with no change.
 */
export function stacksToApply(dep: Deployment, previous: ReadonlyMap<string, string>): Set<string> {
  const current = stackDigests(dep);
  const selected = new Set(
    [...current].filter(([name, digest]) => previous.get(name) !== digest).map(([name]) => name),
  );
  for (const stack of stacksOf(dep)) {
    if (stack.dependencies.some((d) => selected.has(d))) selected.add(stack.name);
  }
  return selected;
}

/** Options of {@link applyAll}. */
export interface ApplyOptions {
  /** Apply only these stacks (in dependency order); the others count as applied. @default every stack */
  readonly only?: ReadonlySet<string>;
}

/** `terraform init` + `apply` on every stack, each as soon as the stacks it reads from are applied. */
export function applyAll(dep: Deployment, opts: ApplyOptions = {}): Promise<RunSummary> {
  return runOverStacks(dep, 'forward', async (stack, record) => {
    if (opts.only !== undefined && !opts.only.has(stack.name)) return;
    record(await terraformPhase(dep, stack, 'init', INIT_ARGS));
    record(
      await terraformPhase(dep, stack, 'apply', [
        'apply',
        '-auto-approve',
        '-input=false',
        '-no-color',
        ...(dep.applyArgs ?? []),
      ]),
    );
  });
}

/**
 * `terraform plan -detailed-exitcode` on every stack, all side by side (plans are read-only): exit 0 is no changes, 1 an error.
 * Exit 2 (a diff) passes only when every planned change is a known emulator read-back quirk
 * (emulator-quirks.ts, judged on `terraform show -json` of the saved plan); any other change fails
 * with the resources and attributes it would touch.
 */
export function replanAll(dep: Deployment): Promise<RunSummary> {
  return runOverStacks(dep, 'independent', async (stack, record) => {
    const planFile = join(dep.paths.workDir, 'plans', `${stack.name}.tfplan`);
    mkdirSync(dirname(planFile), { recursive: true });
    // A stack folder re-synthesized since its last apply has no .terraform yet.
    if (!existsSync(join(stack.dir, '.terraform'))) record(await terraformPhase(dep, stack, 'init', INIT_ARGS));
    const res = await terraformPhase(
      dep,
      stack,
      'plan',
      ['plan', '-detailed-exitcode', '-input=false', '-no-color', `-out=${planFile}`],
      [0, 2],
    );
    if (res.code === 0) {
      record(res);
      return;
    }
    const show = await runCommand('terraform', ['show', '-json', '-no-color', planFile], {
      cwd: stack.dir,
      env: dep.env,
    });
    // Kept beside the plan log: the exact before/after values behind the verdict below.
    writeFileSync(join(dep.paths.logsDir, `${stack.name}.plan.json`), show.output);
    const changes =
      show.code === 0
        ? ((JSON.parse(show.output) as { resource_changes?: PlanResourceChange[] }).resource_changes ?? [])
        : [];
    const quirks =
      show.code === 0
        ? classifyPlan(changes)
        : { excused: [], unexplained: [`terraform show -json failed: ${show.output.trim()}`] };
    const ok = quirks.unexplained.length === 0;
    const verdict = ok
      ? `changes are emulator quirks only: ${quirks.excused.length} (${[...new Set(quirks.excused.map((e) => e.quirk))].join(', ')})`
      : `REAL CHANGES: ${quirks.unexplained.join('; ')}`;
    dep.progress.note(`[${stack.name}] plan ${ok ? 'ok' : 'FAILED'}: ${verdict}`);
    const result = { ...res, ok, quirks };
    if (!ok) throw new PhaseFailure(result);
    record(result);
  });
}

/**
 * `terraform destroy` on every stack, each once the stacks reading from it are gone. A delete that stalls
 * is diagnosed against the emulator's inventory (stall-watch.ts) and fails fast with what blocks it.
 */
export function destroyAll(dep: Deployment): Promise<RunSummary> {
  const all = stacksOf(dep);
  return runOverStacks(dep, 'reverse', async (stack, record) => {
    if (!existsSync(join(stack.dir, '.terraform'))) record(await terraformPhase(dep, stack, 'init', INIT_ARGS));
    const watch = new StallWatch(stack, all, dep.env, dep.stallPolicy);
    record(
      await terraformPhase(
        dep,
        stack,
        'destroy',
        ['destroy', '-auto-approve', '-input=false', '-no-color', ...(dep.applyArgs ?? [])],
        [0],
        watch,
      ),
    );
  });
}

/**
 * Ends a terraform run: SIGINT to terraform itself (it stops its providers, waits for calls in flight and
 * writes its state, as on Ctrl-C), then SIGKILL to its whole process group if it is still there after 15 s.
 * With `graceful` false (the emulator is gone: there is no state to write to), SIGKILL at once.
 */
function stopGroup(pid: number | undefined, graceful = true): void {
  if (pid === undefined) return;
  try {
    process.kill(graceful ? pid : -pid, graceful ? 'SIGINT' : 'SIGKILL');
  } catch {
    return; // already gone
  }
  if (!graceful) return;
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ended by itself
    }
  }, 15_000).unref();
}

/** One line per failure of a run, for the final report. */
export function describeFailures(summary: RunSummary): string[] {
  const lines = summary.results
    .filter((r) => !r.ok)
    .map((r) => {
      if (r.phase === 'plan' && r.quirks !== undefined) {
        return `${r.stack}: re-plan shows real changes: ${r.quirks.unexplained.join('; ')}; log ${r.logFile}`;
      }
      return `${r.stack}: ${r.phase} failed after ${formatSeconds(r.seconds * 1000)}: ${r.errors[0]?.split('\n')[0] ?? 'see log'}; log ${r.logFile}`;
    });
  return [...lines, ...summary.otherErrors, ...summary.skipped.map((s) => `${s}: skipped (a stack it needs failed)`)];
}
