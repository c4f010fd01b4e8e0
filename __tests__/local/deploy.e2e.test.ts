/**
 * End to end on the local AWS emulator: an apply killed half-way (SIGKILL) is recovered by running the
 * runner again; the whole production + DR app then applies, verifies through the AWS APIs, re-plans
 * with no changes and holds nothing that no state owns; a second writer is refused while the state is
 * locked, and a stale lock is named with the command that releases it (never released by the runner);
 * destroy leaves nothing, leaving no process behind. The suite starts its own emulator on a free port
 * in its own work dir and always stops it (afterAll), whatever failed; its logs (including the
 * emulator's request log) are kept in .local/e2e-logs/deploy for the post-mortem of a failed run.
 *
 * Timeouts come from measured phase times (npm run bench:local, bench-results/local-deploy.json, idle
 * machine: apply 242 s, re-plan 13 s, destroy 134 s) with ~3x headroom for a loaded CI machine
 * (bench-results/e2e-under-load.json): a failing phase fails its test with the runner's diagnosis
 * long before these limits.
 */
import { CreateRouteTableCommand, DeleteRouteTableCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { HeadObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientSettings } from '../../tools/local/aws';
import { PhaseFailure, destroyAll, describeFailures, interruptedRuns, stacksOf, terraformPhase, type RunSummary } from '../../tools/local/deploy';
import { disableDeletionProtection } from '../../tools/local/destroy';
import { emulatorEnv, isAlive, isPortFree, stopEmulator } from '../../tools/local/emulator';
import { readInventory } from '../../tools/local/inventory';
import { holdStateLock, readStateLock, stateLocation } from '../../tools/local/lock';
import { baselineOf, describeOrphans, findOrphans, listInventory, providerRegions, readOwnership } from '../../tools/local/orphans';
import { killChildren, processesIn, runCommand, runningChildren } from '../../tools/local/process';
import { parseStillDestroying } from '../../tools/local/stall-watch';
import { Progress } from '../../tools/local/progress';
import { apply, openSession, replan, verify, type LocalSession } from '../../tools/local/session';
import { ROOT } from '../../tools/lib/terraform';

const MINUTE = 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'genai-demo-e2e-'));
const printed: string[] = [];
const progress = new Progress({
  write: (line) => {
    printed.push(line);
    process.stdout.write(`${line}\n`);
  },
  heartbeatMs: 30_000,
});
let session: LocalSession | undefined;
/** `region|id` of everything the emulator held before the first apply (default VPCs, the state bucket…). */
let baseline = new Set<string>();

/** Fails with the runner's own description of what went wrong, so the jest output names stack and error. */
function expectOk(summary: RunSummary): void {
  expect(describeFailures(summary)).toEqual([]);
  expect(summary.ok).toBe(true);
}

function need(): LocalSession {
  if (session === undefined) throw new Error('the emulator session did not start (see beforeAll)');
  return session;
}

/** Every region the deployment acts in (its stacks' providers). */
function regionsOf(s: LocalSession): string[] {
  return [...new Set(stacksOf(s.deployment).flatMap(providerRegions))];
}

/** What the emulator holds that no state owns, beyond what was there before the first apply. */
async function orphans(s: LocalSession): Promise<string[]> {
  const stacks = stacksOf(s.deployment);
  return describeOrphans(findOrphans(await listInventory(regionsOf(s), s.awsEnv), await readOwnership(stacks, s.awsEnv), baseline));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) execFileSync(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT });
  // One JSON line per emulator request (tools/local/moto/patched_server.py): the evidence for a post-mortem.
  process.env.GENAI_DEMO_EMULATOR_REQUEST_LOG = join(workDir, 'logs', 'requests.jsonl');
  session = await openSession({ workDir, progress });
}, 3 * MINUTE);

afterAll(async () => {
  killChildren('SIGKILL');
  if (session) await stopEmulator(session.paths.emulatorFile);
  const keep = join(ROOT, '.local', 'e2e-logs', 'deploy');
  rmSync(keep, { recursive: true, force: true });
  if (existsSync(join(workDir, 'logs'))) cpSync(join(workDir, 'logs'), keep, { recursive: true });
  rmSync(workDir, { recursive: true, force: true });
  delete process.env.GENAI_DEMO_EMULATOR_REQUEST_LOG;
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

test('an apply killed half-way (SIGKILL) leaves a journal and a stale lock; running the runner again starts clean', async () => {
  const s = need();
  const primary = stacksOf(s.deployment)[0];
  await terraformPhase(s.deployment, primary, 'init', ['init', '-input=false', '-no-color']);
  const log = join(s.paths.logsDir, `${primary.name}.apply.log`);
  const journal = join(workDir, 'journal', `${primary.name}.apply.json`);
  // Kill terraform and its provider from outside, as the OOM killer or a lost CI runner would, once 40
  // resources are created (about half of the stack's 107).
  let killedAt = 0;
  const killer = (async () => {
    for (;;) {
      await sleep(200);
      const done = existsSync(log) ? (readFileSync(log, 'utf8').match(/Creation complete/g) ?? []).length : 0;
      if (done >= 40 && existsSync(journal)) {
        killedAt = done;
        process.kill(-(JSON.parse(readFileSync(journal, 'utf8')) as { pid: number }).pid, 'SIGKILL');
        return;
      }
    }
  })();
  const apply = terraformPhase(s.deployment, primary, 'apply', ['apply', '-auto-approve', '-input=false', '-no-color']);
  await expect(apply).rejects.toBeInstanceOf(PhaseFailure);
  await killer;
  expect(killedAt).toBeGreaterThanOrEqual(40);
  expect(interruptedRuns(s.paths).map((r) => [r.stack, r.phase])).toEqual([[primary.name, 'apply']]);
  expect((await readStateLock(primary, s.deployment.env))?.ID).toEqual(expect.any(String));
  // What the killed terraform created and never recorded: on AWS, resources to import or delete by hand.
  expect((await orphans(s)).length).toBeGreaterThan(0);

  const before = printed.length;
  session = await openSession({ workDir, progress });
  const said = printed.slice(before).join('\n');
  expect(said).toMatch(new RegExp(`interrupted: terraform apply of ${primary.name} \\(pid \\d+`));
  expect(said).toMatch(/interrupted: [1-9]\d* resource\(s\) on the emulator are in no state/);
  expect(said).toMatch(/starting a new one and applying every stack from nothing/);
  expect(session.emulator.pid).not.toBe(s.emulator.pid);
  expect(isAlive(s.emulator.pid)).toBe(false);
  expect(interruptedRuns(session.paths)).toEqual([]);
  baseline = baselineOf(await listInventory(regionsOf(session), session.awsEnv));
}, 6 * MINUTE);

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
  // Nothing on the emulator escaped the states (no retried create left a duplicate behind).
  expect(await orphans(s)).toEqual([]);
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

test('a stale lock left by a killed run is named with the command that releases it, and never released by the runner', async () => {
  const s = need();
  const stack = stacksOf(s.deployment)[0];
  const lock = await holdStateLock(stack, s.deployment.env);
  process.kill(-lock.pid, 'SIGKILL');
  await lock.release();
  const held = await readStateLock(stack, s.deployment.env);
  expect(held?.ID).toEqual(expect.any(String));

  const refused = terraformPhase(s.deployment, stack, 'apply', ['apply', '-auto-approve', '-input=false', '-no-color']);
  const failure = (await refused.catch((e: unknown) => e)) as PhaseFailure;
  expect(failure).toBeInstanceOf(PhaseFailure);
  const message = failure.result.errors.join('\n');
  expect(message).toContain(`lock ID ${held!.ID}`);
  const command = `(cd ${stack.dir} && terraform force-unlock -force ${held!.ID})`;
  expect(message).toContain(command);
  // The runner did not release it.
  expect((await readStateLock(stack, s.deployment.env))?.ID).toBe(held!.ID);

  // The operator runs the printed command; the runner then goes on and finds nothing to change.
  const unlock = await runCommand('bash', ['-c', command], { cwd: ROOT, env: s.deployment.env });
  expect(unlock.code).toBe(0);
  expect(await readStateLock(stack, s.deployment.env)).toBeUndefined();
  const again = await terraformPhase(s.deployment, stack, 'apply', ['apply', '-auto-approve', '-input=false', '-no-color']);
  expect(again.counts).toEqual({ add: 0, change: 0, destroy: 0 });
}, 3 * MINUTE);

test('a destroy blocked by a resource no state owns fails within a minute naming it; without it, destroy leaves nothing, no process runs and the work dir is gone', async () => {
  const s = need();
  await disableDeletionProtection(s.config, s.awsEnv);
  // The CI flake's leftover, made on purpose: a route table in the primary VPC that no state owns.
  const ec2 = new EC2Client(clientSettings(s.config.primary.region, s.awsEnv));
  const primary = stacksOf(s.deployment)[0].name;
  try {
    const vpcId = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: [s.config.primary.vpcCidr] }] }))).Vpcs?.[0]?.VpcId;
    const extra = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const blocked = await destroyAll(s.deployment);
    expect(blocked.ok).toBe(false);
    const failed = blocked.results.find((r) => r.stack === primary && r.phase === 'destroy');
    expect(failed?.ok).toBe(false);
    expect(failed?.errors[0]).toMatch(new RegExp(`cannot be deleted: the emulator still holds 1 resource\\(s\\) there that no Terraform state owns:\\n  aws_route_table ${extra} in ${s.config.primary.region} \\(VPC ${vpcId}\\): in no state; expected owner ${primary} \\(owns ${vpcId}`));
    // Diagnosed after 30 s of waiting and stopped: the VPC's delete was retried for well under the
    // provider's 10-minute timeout (the log's last "Still destroying" line for it says how long).
    const waited = readFileSync(failed!.logFile, 'utf8')
      .split('\n')
      .map(parseStillDestroying)
      .filter((l) => l?.id === vpcId)
      .map((l) => l!.seconds);
    expect(Math.max(0, ...waited)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...waited)).toBeLessThan(90);
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: extra }));
  } finally {
    ec2.destroy();
  }
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
  // The inventory check of every teardown: nothing beyond what was there before the first apply.
  expect(await orphans(s)).toEqual([]);

  const { pid, port } = s.emulator;
  await stopEmulator(s.paths.emulatorFile);
  expect(isAlive(pid)).toBe(false);
  expect(await isPortFree(port)).toBe(true);
  expect(runningChildren()).toEqual([]);
  expect(processesIn(workDir)).toEqual([]);
  rmSync(workDir, { recursive: true, force: true });
  expect(existsSync(workDir)).toBe(false);
}, 15 * MINUTE);
