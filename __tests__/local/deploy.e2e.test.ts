/**
 * End to end on the local AWS emulator: the whole production + DR app applies, verifies through the
 * AWS APIs, re-plans with no changes, refuses a second writer while the state is locked, and destroys
 * to nothing, leaving no process behind. The suite starts its own emulator on a free port in its own
 * work dir and always stops it (afterAll), whatever failed.
 */
import { HeadObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientSettings } from '../../tools/local/aws';
import { destroyAll, describeFailures, stacksOf, type RunSummary } from '../../tools/local/deploy';
import { disableDeletionProtection } from '../../tools/local/destroy';
import { emulatorEnv, isAlive, isPortFree, stopEmulator } from '../../tools/local/emulator';
import { readInventory } from '../../tools/local/inventory';
import { holdStateLock, stateLocation } from '../../tools/local/lock';
import { killChildren, runCommand, runningChildren } from '../../tools/local/process';
import { Progress } from '../../tools/local/progress';
import { apply, openSession, replan, verify, type LocalSession } from '../../tools/local/session';
import { ROOT } from '../../tools/lib/terraform';

const MINUTE = 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'genai-demo-e2e-'));
const progress = new Progress({ write: (line) => process.stdout.write(`${line}\n`), heartbeatMs: 30_000 });
let session: LocalSession | undefined;

/** Fails with the runner's own description of what went wrong, so the jest output names stack and error. */
function expectOk(summary: RunSummary): void {
  expect(describeFailures(summary)).toEqual([]);
  expect(summary.ok).toBe(true);
}

function need(): LocalSession {
  if (session === undefined) throw new Error('the emulator session did not start (see beforeAll)');
  return session;
}

/** Processes whose working directory is inside `dir` (Linux /proc; empty elsewhere). */
function processesIn(dir: string): string[] {
  if (!existsSync('/proc/self/cwd')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        const cwd = readlinkSync(`/proc/${p}/cwd`);
        return cwd.startsWith(dir) ? [`${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ')}`] : [];
      } catch {
        return [];
      }
    });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) execFileSync(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT });
  session = await openSession({ workDir, progress });
}, 3 * MINUTE);

afterAll(async () => {
  killChildren('SIGKILL');
  if (session) await stopEmulator(session.paths.emulatorFile);
  rmSync(workDir, { recursive: true, force: true });
}, MINUTE);

test('the synthesized Terraform is byte-identical with and without the emulator environment', () => {
  const s = need();
  const outdirs = ['plain', 'emulator'].map((n) => join(workDir, `synth-${n}`));
  const base = { ...process.env, GENAI_DEMO_CONTEXT: 'genai-demo:environment=production genai-demo:multi-region.enable-dr=true' };
  const envs = [base, emulatorEnv(s.emulator.endpoint, base)];
  outdirs.forEach((outdir, i) => {
    const res = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...envs[i], CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect(res.status).toBe(0);
  });
  const stacks = stacksOf({ ...s.deployment, paths: { ...s.paths, outdir: outdirs[0] } });
  expect(stacks.length).toBe(4);
  for (const stack of stacks) {
    const rel = join('stacks', stack.name, 'cdk.tf.json');
    const [plain, emulated, deployed] = [...outdirs, s.paths.outdir].map((o) => readFileSync(join(o, rel), 'latin1'));
    expect(emulated === plain).toBe(true);
    expect(deployed === plain).toBe(true);
    expect(plain).not.toContain(s.emulator.endpoint);
  }
  expect(readFileSync(join(outdirs[1], 'manifest.json'), 'latin1')).toBe(readFileSync(join(outdirs[0], 'manifest.json'), 'latin1'));
  outdirs.forEach((o) => rmSync(o, { recursive: true, force: true }));
});

// The 5-minute figure is measured by `npm run bench:local` (bench-results/local-deploy.json), not asserted
// here: a timed assertion would fail on a loaded machine without anything being wrong.
test('every stack applies in dependency order and every verification check passes', async () => {
  const s = need();
  const t0 = Date.now();
  const applied = await apply(s);
  expectOk(applied);
  const names = stacksOf(s.deployment).map((st) => st.name);
  const applies = applied.results.filter((r) => r.phase === 'apply');
  expect(applies.map((r) => r.stack).sort()).toEqual([...names].sort());
  for (const r of applies) expect(r.counts?.add).toBeGreaterThan(0);
  const verification = await verify(s);
  const seconds = (Date.now() - t0) / 1000;
  progress.note(`e2e: apply + verify ${seconds.toFixed(1)} s`);
  expect(verification.checks.filter((c) => c.status !== 'pass')).toEqual([]);
}, 15 * MINUTE);

test('every stack re-plans with no changes', async () => {
  const s = need();
  const replanned = await replan(s);
  expectOk(replanned);
  const plans = replanned.results.filter((r) => r.phase === 'plan');
  expect(plans).toHaveLength(stacksOf(s.deployment).length);
  // With the emulator fixes of tools/local/moto/patched_server.py no stack needs a quirk excused:
  // `terraform plan -detailed-exitcode` exits 0 (no changes) for every one (a result carries `quirks`
  // only when the plan exited 2).
  expect(plans.filter((r) => r.quirks !== undefined).map((r) => [r.stack, r.quirks?.excused])).toEqual([]);
}, 5 * MINUTE);

test('a second apply while another process holds the state lock fails with the lock error and leaves the state intact', async () => {
  const s = need();
  const stack = stacksOf(s.deployment)[0];
  const loc = stateLocation(stack);
  const s3 = new S3Client(clientSettings(loc.region, s.awsEnv));
  const Key = loc.key;
  const read = async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key }));
    const body = await (await s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key }))).Body!.transformToString();
    return { etag: head.ETag, serial: (JSON.parse(body) as { serial: number }).serial, body };
  };
  try {
    const before = await read();
    const lock = await holdStateLock(stack, s.deployment.env);
    try {
      const second = await runCommand('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0'], {
        cwd: stack.dir,
        env: s.deployment.env,
        logFile: join(s.paths.logsDir, `${stack.name}.lock-test.log`),
      });
      expect(second.code).toBe(1);
      expect(second.output).toMatch(/Error acquiring the state lock/);
    } finally {
      await lock.release();
    }
    const after = await read();
    expect(after.etag).toBe(before.etag);
    expect(after.serial).toBe(before.serial);
    expect(after.body).toBe(before.body);
    await expect(s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: `${Key}.tflock` }))).rejects.toThrow();
  } finally {
    s3.destroy();
  }
}, 3 * MINUTE);

test('destroy in reverse order leaves nothing deployed, then no process runs and the work dir is gone', async () => {
  const s = need();
  await disableDeletionProtection(s.config, s.awsEnv);
  const destroyed = await destroyAll(s.deployment);
  expectOk(destroyed);

  // Every state is empty, and the APIs show nothing of ours in any region.
  for (const stack of stacksOf(s.deployment)) {
    const list = await runCommand('terraform', ['state', 'list'], { cwd: stack.dir, env: s.deployment.env });
    expect(list.code).toBe(0);
    expect(list.output.trim()).toBe('');
  }
  const inv = await readInventory(s.config, s.awsEnv);
  expect([inv.primary.vpc?.VpcId, inv.dr?.vpc?.VpcId]).toEqual([undefined, undefined]);
  expect(inv.healthChecks).toEqual([]);
  expect(inv.records.map((r) => r.Type).sort()).toEqual(['NS', 'SOA']);
  expect([...inv.globalAlarms, ...inv.primary.alarms, ...(inv.dr?.alarms ?? [])].map((a) => a.AlarmName)).toEqual([]);
  expect(inv.globalCompositeAlarms).toEqual([]);

  const { pid, port } = s.emulator;
  await stopEmulator(s.paths.emulatorFile);
  expect(isAlive(pid)).toBe(false);
  expect(await isPortFree(port)).toBe(true);
  expect(runningChildren()).toEqual([]);
  expect(processesIn(workDir)).toEqual([]);
  rmSync(workDir, { recursive: true, force: true });
  expect(existsSync(workDir)).toBe(false);
}, 10 * MINUTE);
