/**
 * What the role-swap emulator suites share: running a drill command against the suite's own local
 * deployment (tools/drill/cli.ts `main`, targeted through GENAI_DEMO_LOCAL_WORK_DIR exactly as a person's
 * `npm run drill` after `npm run up` is, with no AWS variable set), reading its report back, and recording
 * each command's phase times for `npm run bench:role-swap` (bench-results/role-swap.json).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type CliIo } from '../../tools/drill/cli';
import { systemClock } from '../../tools/drill/clock';
import type { RoleSwapReport } from '../../tools/drill/roleswap/commands';
import { attachSession, type LocalSession } from '../../tools/local/session';
import { replanAll } from '../../tools/local/deploy';
import { expectOk, stopAndCheck, type EmulatorSuite } from './e2e';
import type { RoleStep } from './role-sequence';

export const TAIWAN = 'ap-east-2';
export const TOKYO = 'ap-northeast-1';
/** The databases' identifiers by region stack (generation 1; later generations add `-g<N>`). */
export const P = 'genai-demo-production-postgres';
export const D = 'genai-demo-production-dr-postgres';

/** What the emulator must show after a command: the writer region and each region's instances by role. */
export const expectation = (name: string, writer: string, expect: RoleStep['expect']): RoleStep => ({
  name,
  writer,
  expect,
  patch: {},
});

/** Every stack re-plans with exit 0 (no quirk excused), nothing is outside a state, and the emulator stops leaving nothing. */
export async function expectCleanReplanAndStop(
  suite: EmulatorSuite,
  opts: { readonly stop?: boolean } = {},
): Promise<void> {
  const plans = await replanAll(suite.session().deployment);
  expectOk(plans);
  expect(plans.results.filter((r) => r.phase === 'plan' && r.quirks !== undefined).map((r) => r.stack)).toEqual([]);
  if (opts.stop === false) return;
  expect(await suite.orphans()).toEqual([]);
  await stopAndCheck(suite);
}

/** One command's run: its exit status, what it printed, and its JSON report. */
export interface SwapRun {
  readonly code: number;
  readonly lines: readonly string[];
  readonly report: RoleSwapReport;
}

/** Phase figures of every command run in this worker, for the benchmark file. */
const measured: Array<{
  suite: string;
  command: string;
  result: string;
  seconds: number;
  phases: Array<{ name: string; seconds: number; outcome: string }>;
  stacks: Array<{ stack: string; outcome: string; seconds: number }>;
}> = [];

/** The environment a person's shell has after `npm run up`: no AWS endpoint, no credentials. */
function personEnv(workDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GENAI_DEMO_LOCAL_WORK_DIR: workDir };
  for (const k of [
    'AWS_ENDPOINT_URL',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_REGION',
  ])
    delete env[k];
  return env;
}

/** Runs `npm run drill -- <argv>` in-process against the suite's deployment. */
export async function drill(
  suite: EmulatorSuite,
  argv: readonly string[],
): Promise<{ code: number; lines: string[]; reportDir: string }> {
  const reportDir = join(suite.workDir, 'reports', `${Date.now()}-${argv[0]}`);
  mkdirSync(reportDir, { recursive: true });
  const lines: string[] = [];
  const io: CliIo = {
    out: (l) => {
      lines.push(l);
      suite.progress.note(`drill: ${l}`);
    },
    err: (l) => {
      lines.push(l);
      suite.progress.note(`drill (stderr): ${l}`);
    },
    env: personEnv(suite.workDir),
    clock: systemClock,
    onSignals: () => () => undefined,
  };
  const code = await main([...argv, '--report-dir', reportDir], io);
  return { code, lines, reportDir };
}

/** Runs a role-swap command and returns its report; records its phase times for the benchmark. */
export async function swap(suite: EmulatorSuite, name: string, argv: readonly string[]): Promise<SwapRun> {
  const { code, lines, reportDir } = await drill(suite, argv);
  const files = readdirSync(reportDir).filter((f) => f.endsWith('.json'));
  if (files.length !== 1)
    throw new Error(`expected one JSON report in ${reportDir}, found ${files.length}; output:\n${lines.join('\n')}`);
  const report = JSON.parse(readFileSync(join(reportDir, files[0]), 'utf8')) as RoleSwapReport;
  measured.push({
    suite: name,
    command: argv.join(' '),
    result: report.result,
    seconds: Math.round(report.phases.reduce((t, p) => t + p.seconds, 0) * 10) / 10,
    phases: report.phases.map((p) => ({ name: p.name, seconds: p.seconds, outcome: p.outcome })),
    stacks: report.stacks.map((s) => ({
      stack: s.stack,
      outcome: s.outcome,
      seconds: Math.round(s.seconds * 10) / 10,
    })),
  });
  return { code, lines, report };
}

/** The session as the roles now are (the work dir's roles.json, as every later command reads it). */
export function reattach(suite: EmulatorSuite): LocalSession {
  const s = attachSession(suite.workDir, suite.progress);
  if (s === undefined) throw new Error(`no running local deployment in ${suite.workDir}`);
  suite.setSession(s);
  return s;
}

/**
 * With GENAI_DEMO_BENCH_ROLE_SWAP=<file> (set by `npm run bench:role-swap`), adds this suite's command
 * figures to that JSON file (one entry per suite, replaced on a re-run).
 */
export function flushBench(suiteName: string, wallSeconds: number): void {
  const file = process.env.GENAI_DEMO_BENCH_ROLE_SWAP;
  if (!file) return;
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { suites?: Record<string, unknown> })
    : {};
  const suites = {
    ...(previous.suites ?? {}),
    [suiteName]: { wallSeconds, commands: measured.filter((m) => m.suite === suiteName) },
  };
  writeFileSync(file, `${JSON.stringify({ ...previous, suites }, null, 2)}\n`);
}
