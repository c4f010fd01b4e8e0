/**
 * End to end on the local AWS emulator, the operator's paths: `npm run plan` on a fresh deployment (the
 * first stack planned, the others waiting for its state), `cdktf deploy` (the cdktf CLI, offline with the
 * provider mirror) deploys the whole app; the project's own runner (`npm run plan`) then plans every
 * stack with no changes (the two paths converge); a context change (planned and applied in order with `--apply`, after which `cdktf diff` shows no
 * changes either: the reverse direction), then refuses a change that would replace the writer database.
 *
 * To stay cheap, the suite deploys once and does not destroy: the emulator holds everything in memory
 * and is stopped at the end (destroy is proven by __tests__/local/deploy.e2e.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, readManifest, terraformEnv } from '../../tools/lib/terraform';
import { localContextOverride } from '../../tools/local/deploy';
import { stopEmulator } from '../../tools/local/emulator';
import { killChildren, runCommand, type CommandResult } from '../../tools/local/process';
import { Progress } from '../../tools/local/progress';
import { openSession, type LocalSession } from '../../tools/local/session';
import type { PlanRunSummary } from '../../tools/plan/summary';

const MINUTE = 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'genai-demo-pipeline-'));
const cliOut = join(workDir, 'cdktf.cli.out');
const progress = new Progress({ write: (line) => process.stdout.write(`${line}\n`), heartbeatMs: 30_000 });
/** A context change with a visible, harmless effect: the ReplicaLag alarm threshold (multi-region stack). */
const LAG_CHANGE = 'genai-demo:multi-region.replica-lag-alarm-seconds=120';
let session: LocalSession | undefined;
const timings: string[] = [];

function need(): LocalSession {
  if (session === undefined) throw new Error('the emulator session did not start (see beforeAll)');
  return session;
}

/** The environment of the cdktf CLI and `npm run plan` against the session's emulator. */
function toolEnv(extraContext = ''): NodeJS.ProcessEnv {
  return terraformEnv({ ...need().awsEnv, GENAI_DEMO_CONTEXT: localContextOverride(extraContext), CI: '1', FORCE_COLOR: '0' });
}

async function timed(label: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const t0 = Date.now();
  const res = await runCommand(cmd, args, { cwd: ROOT, env, logFile: join(workDir, 'logs', `${label}.log`) });
  timings.push(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${res.code}`);
  process.stdout.write(`${timings[timings.length - 1]}\n`);
  return res;
}

/** cdktf CLI, offline: the provider mirror through TF_CLI_CONFIG_FILE, no lock-file update, no plugin-cache copy. */
const cdktf = (label: string, args: readonly string[], env: NodeJS.ProcessEnv) =>
  timed(label, 'npx', ['cdktf', ...args, '--output', cliOut, '--skip-provider-lock', '--disable-plugin-cache-env', '--no-color'], env);

/** `npm run plan` without the npm wrapper (dist/ is built once by jest's global setup). */
const planCli = (label: string, args: readonly string[], env: NodeJS.ProcessEnv) =>
  timed(label, process.execPath, [join(ROOT, 'dist', 'tools', 'plan', 'cli.js'), '--work-dir', join(workDir, label), ...args], env);

const summaryOf = (label: string): PlanRunSummary => JSON.parse(readFileSync(join(workDir, label, 'plan-summary.json'), 'utf8')) as PlanRunSummary;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) execFileSync(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT });
  session = await openSession({ workDir, progress });
}, 3 * MINUTE);

afterAll(async () => {
  killChildren('SIGKILL');
  if (session) await stopEmulator(session.paths.emulatorFile);
  process.stdout.write(`pipeline e2e timings:\n  ${timings.join('\n  ')}\n`);
  rmSync(workDir, { recursive: true, force: true });
}, MINUTE);

test('npm run plan on a fresh deployment: the first stack is planned, the stacks reading its state wait for it', async () => {
  const s = need();
  const res = await planCli('plan-fresh', ['--detailed-exitcode'], toolEnv());
  expect(res.code).toBe(2);
  const summary = summaryOf('plan-fresh');
  const [first, ...rest] = summary.stacks;
  expect([first.stack, first.status, first.hasState, first.change + first.replace + first.destroy]).toEqual([s.config.stackNames.primary, 'planned', false, 0]);
  expect(first.add).toBeGreaterThan(100);
  // The DR stack reads no other stack's state (its replica's source ARN is built from config), so it plans
  // on its own; the multi-region and failover stacks read the primary's outputs and wait for them.
  const status = new Map(rest.map((st) => [st.stack, st]));
  expect(status.get(s.config.stackNames.dr!)?.status).toBe('planned');
  for (const name of [s.config.stackNames.multiRegion!, s.config.stackNames.failover!]) {
    expect(status.get(name)?.status).toBe('waiting-for-dependency');
    expect(status.get(name)?.detail).toBe(`${s.config.stackNames.primary} has no state yet: apply it first, then plan this stack`);
  }
}, 5 * MINUTE);

test('cdktf deploy applies every stack in order, and the CLI synth is the runner synth', async () => {
  const s = need();
  const deploy = await cdktf('cdktf-deploy', ['deploy', '*', '--auto-approve', '--outputs-file', join(workDir, 'outputs.json')], toolEnv());
  expect(deploy.output).not.toMatch(/Error:/);
  expect(deploy.code).toBe(0);
  // --outputs-file holds every stack that declares outputs, read back from the deployed state.
  const outputs = JSON.parse(readFileSync(join(workDir, 'outputs.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const withOutputs = readManifest(cliOut).filter((m) => Object.keys((JSON.parse(readFileSync(join(m.dir, 'cdk.tf.json'), 'utf8')) as { output?: object }).output ?? {}).length > 0);
  expect(Object.keys(outputs).sort()).toEqual(withOutputs.map((m) => m.name).sort());
  expect(outputs[s.config.stackNames.primary]).toBeDefined();

  // The CLI ran the app from cdktf.json; the runner ran dist/main.js: the same Terraform, byte for byte.
  for (const stack of readManifest(s.paths.outdir)) {
    const rel = join('stacks', stack.name, 'cdk.tf.json');
    expect(readFileSync(join(cliOut, rel), 'latin1') === readFileSync(join(s.paths.outdir, rel), 'latin1')).toBe(true);
  }
}, 15 * MINUTE);

test("after cdktf deploy the project's runner plans every stack with no changes (npm run plan, exit 0 with --detailed-exitcode)", async () => {
  // npm run plan is the runner's terraformPhase (tools/local/deploy.ts) over its own synth of dist/main.js;
  // unlike the re-plan of `npm run up` it excuses no emulator quirk: any planned change fails here.
  const res = await planCli('plan-clean', ['--detailed-exitcode'], toolEnv());
  expect(res.output).not.toMatch(/REFUSED/);
  expect(res.code).toBe(0);
  const summary = summaryOf('plan-clean');
  expect(summary.target).toBe(need().emulator.endpoint);
  expect(summary.stacks.map((st) => [st.stack, st.status, st.add + st.change + st.replace + st.destroy])).toEqual(
    readManifest(need().paths.outdir).map((m) => [m.name, 'planned', 0]),
  );
  expect(readFileSync(join(workDir, 'plan-clean', 'plan-summary.md'), 'utf8')).toMatch(/^# Ordered plan: no changes/);
}, 5 * MINUTE);

test('a context change shows in the summary and is applied in order; cdktf diff then shows no changes', async () => {
  const s = need();
  const env = toolEnv(LAG_CHANGE);
  const res = await planCli('plan-change', ['--detailed-exitcode', '--apply'], env);
  expect(res.code).toBe(2);
  const summary = summaryOf('plan-change');
  const changed = summary.stacks.filter((st) => st.add + st.change + st.replace + st.destroy > 0);
  // The ReplicaLag alarm's threshold, and the multi-region dashboard that draws it, change in place.
  expect(changed.map((st) => [st.stack, st.add, st.change, st.replace, st.destroy, st.applied])).toEqual([[s.config.stackNames.multiRegion, 0, 2, 0, 0, true]]);
  const planJson = JSON.parse(readFileSync(changed[0].planJsonFile!, 'utf8')) as { resource_changes: Array<{ type: string; change: { actions: string[]; after: { threshold?: number } } }> };
  const updated = planJson.resource_changes.filter((c) => c.change.actions.includes('update'));
  expect(updated.map((c) => [c.type, c.change.after.threshold])).toEqual([
    ['aws_cloudwatch_dashboard', undefined],
    ['aws_cloudwatch_metric_alarm', 120],
  ]);

  const diff = await cdktf('cdktf-diff-after', ['diff', s.config.stackNames.multiRegion!], env);
  expect(diff.output).toMatch(/No changes/);
  expect(diff.code).toBe(0);
}, 10 * MINUTE);

test('the guard refuses a plan that would replace the writer database, naming the resource and the reason', async () => {
  const s = need();
  // No configuration key changes a force-new attribute of the database today, so the change is made where
  // any such key would land: db_name of the writer's aws_db_instance in the synthesized primary stack.
  const edited = join(workDir, 'edited.out');
  execFileSync('cp', ['-r', s.paths.outdir, edited]);
  const file = join(edited, 'stacks', s.config.stackNames.primary, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource: { aws_db_instance: Record<string, { db_name: string }> } };
  const [dbKey] = Object.keys(json.resource.aws_db_instance);
  json.resource.aws_db_instance[dbKey].db_name = `${json.resource.aws_db_instance[dbKey].db_name}v2`;
  writeFileSync(file, JSON.stringify(json, null, 2));
  const address = `aws_db_instance.${dbKey}`;

  const res = await planCli('plan-refused', ['--from', edited], toolEnv(LAG_CHANGE));
  expect(res.code).toBe(1);
  expect(res.output).toContain(`REFUSED: ${s.config.stackNames.primary} ${address}: the writer database`);
  expect(res.output).toMatch(/db_name forces replacement/);
  const summary = summaryOf('plan-refused');
  expect(summary.guard.refused.map((f) => [f.stack, f.address, f.action])).toEqual([[s.config.stackNames.primary, address, 'replace']]);
  expect(summary.stacks.find((st) => st.stack === s.config.stackNames.primary)?.replaced).toContain(address);
}, 5 * MINUTE);
