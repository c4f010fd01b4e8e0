/**
 * What every emulator suite shares: its own work dir and emulator (started in beforeAll, always stopped in
 * afterAll whatever failed), the emulator's request log and the run's logs kept in
 * `.local/e2e-logs/<suite>` for a post-mortem, the inventory of what the emulator held before the first
 * apply, and the check every teardown makes: nothing on the emulator that no Terraform state owns.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../tools/lib/terraform';
import { describeFailures, destroyAll, stacksOf, type RunSummary } from '../../tools/local/deploy';
import { disableDeletionProtection } from '../../tools/local/destroy';
import { isAlive, isPortFree, stopEmulator } from '../../tools/local/emulator';
import {
  baselineOf,
  describeOrphans,
  findOrphans,
  listInventory,
  providerRegions,
  readOwnership,
} from '../../tools/local/orphans';
import { killChildren, processesIn, runCommand, runningChildren } from '../../tools/lib/process';
import { Progress } from '../../tools/local/progress';
import { openSession, type LocalSession } from '../../tools/local/session';

export const MINUTE = 60_000;

/** One emulator suite's fixture; see {@link useEmulatorSuite}. */
export interface EmulatorSuite {
  readonly workDir: string;
  readonly progress: Progress;
  /** Every progress line printed so far. */
  readonly printed: string[];
  /** The running session; throws when beforeAll could not start it. */
  session(): LocalSession;
  /** Replaces the session (after a re-synth or a re-opened session). */
  setSession(s: LocalSession): void;
  /** Records what the emulator holds now as the suite's baseline (before its first apply). */
  recordBaseline(): Promise<void>;
  /** What the emulator holds that no state of the session's stacks owns, beyond the baseline. */
  orphans(): Promise<string[]>;
}

/** Fails with the runner's own description of what went wrong, so the jest output names stack and error. */
export function expectOk(summary: RunSummary): void {
  expect(describeFailures(summary)).toEqual([]);
  expect(summary.ok).toBe(true);
}

/** Every region the session's stacks act in (their providers). */
export function regionsOf(s: LocalSession): string[] {
  return [...new Set(stacksOf(s.deployment).flatMap(providerRegions))];
}

export interface EmulatorSuiteOptions {
  /** Name of the kept log folder, `.local/e2e-logs/<name>`. */
  readonly name: string;
  /** Open the session in beforeAll and record the baseline. @default true */
  readonly open?: boolean;
}

/**
 * Registers the suite's beforeAll/afterAll and returns its fixture. afterAll only cleans up; the checks
 * of a teardown are a test of their own ({@link destroyAndCheck} or {@link expectNothingOrphaned}).
 */
export function useEmulatorSuite(opts: EmulatorSuiteOptions): EmulatorSuite {
  const workDir = mkdtempSync(join(tmpdir(), `genai-demo-${opts.name}-e2e-`));
  const printed: string[] = [];
  const progress = new Progress({
    write: (line) => {
      printed.push(line);
      process.stdout.write(`${line}\n`);
    },
    heartbeatMs: 30_000,
  });
  let current: LocalSession | undefined;
  let baseline = new Set<string>();
  const t0 = Date.now();

  const suite: EmulatorSuite = {
    workDir,
    progress,
    printed,
    session() {
      if (current === undefined) throw new Error('the emulator session did not start (see beforeAll)');
      return current;
    },
    setSession(s) {
      current = s;
    },
    async recordBaseline() {
      const s = suite.session();
      baseline = baselineOf(await listInventory(regionsOf(s), s.awsEnv));
    },
    async orphans() {
      const s = suite.session();
      return describeOrphans(
        findOrphans(
          await listInventory(regionsOf(s), s.awsEnv),
          await readOwnership(stacksOf(s.deployment), s.awsEnv),
          baseline,
        ),
      );
    },
  };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'main.js')))
      execFileSync(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT });
    // One JSON line per emulator request (tools/local/moto/patched_server.py): the evidence for a post-mortem.
    process.env.GENAI_DEMO_EMULATOR_REQUEST_LOG = join(workDir, 'logs', 'requests.jsonl');
    if (opts.open ?? true) {
      current = await openSession({ workDir, progress });
      await suite.recordBaseline();
    }
  }, 3 * MINUTE);

  afterAll(async () => {
    killChildren('SIGKILL');
    if (current) await stopEmulator(current.paths.emulatorFile);
    const keep = join(ROOT, '.local', 'e2e-logs', opts.name);
    rmSync(keep, { recursive: true, force: true });
    if (existsSync(join(workDir, 'logs'))) cpSync(join(workDir, 'logs'), keep, { recursive: true });
    rmSync(workDir, { recursive: true, force: true });
    delete process.env.GENAI_DEMO_EMULATOR_REQUEST_LOG;
    process.stdout.write(
      `${opts.name} e2e: wall time ${((Date.now() - t0) / 1000).toFixed(1)} s; logs kept in ${keep}\n`,
    );
  }, MINUTE);

  return suite;
}

/** The inventory check of a teardown that does not destroy: everything the emulator holds is in a state. */
export async function expectNothingOrphaned(suite: EmulatorSuite): Promise<void> {
  expect(await suite.orphans()).toEqual([]);
}

/**
 * The teardown every deploying suite ends with: destroy every stack (deletion protection turned off first,
 * an emulator-only step), every state empty, nothing left that no state owns, the emulator stopped with its
 * port free, no process left in the work dir, and the work dir gone. `beforeStop` reads the emulator
 * after the destroy, before it is stopped.
 */
export async function destroyAndCheck(
  suite: EmulatorSuite,
  opts: { readonly beforeStop?: () => Promise<void> } = {},
): Promise<void> {
  const s = suite.session();
  await disableDeletionProtection(s.config, s.awsEnv);
  expectOk(await destroyAll(s.deployment));
  for (const stack of stacksOf(s.deployment)) {
    const list = await runCommand('terraform', ['state', 'list'], { cwd: stack.dir, env: s.deployment.env });
    expect({ stack: stack.name, code: list.code, resources: list.output.trim() }).toEqual({
      stack: stack.name,
      code: 0,
      resources: '',
    });
  }
  await expectNothingOrphaned(suite);
  await opts.beforeStop?.();
  await stopAndCheck(suite);
}

/** Stops the emulator and checks that nothing of the suite is left running, then removes the work dir. */
export async function stopAndCheck(suite: EmulatorSuite): Promise<void> {
  const s = suite.session();
  const { pid, port } = s.emulator;
  await stopEmulator(s.paths.emulatorFile);
  expect(isAlive(pid)).toBe(false);
  expect(await isPortFree(port)).toBe(true);
  expect(runningChildren()).toEqual([]);
  expect(processesIn(suite.workDir)).toEqual([]);
  rmSync(suite.workDir, { recursive: true, force: true });
  expect(existsSync(suite.workDir)).toBe(false);
}
