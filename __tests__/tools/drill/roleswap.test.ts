/**
 * The role-swap commands with mocked AWS and a fake Terraform target: refusals, dry run, the order of
 * fence / drain / promotion / DNS / capacity, interruptions in each phase and the resumed run, the
 * unplanned failover with the lost region answering errors, and the whole cycle of the lead's e2e.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsGateway } from '../../../tools/drill/aws';
import { runRoleSwap, type RoleSwapCommand, type RoleSwapSettings } from '../../../tools/drill/roleswap/commands';
import { writeRoleSwapReport } from '../../../tools/drill/roleswap/report';
import { UsageError } from '../../../tools/lib/cli';
import { FakeTarget, TAIWAN, TOKYO, World, configWith, ids, settings } from './roleswap-fakes';

const BASE = configWith();
const ID = ids(BASE);
const S = BASE.stackNames;

function setup(opts: { emulator?: boolean } = {}) {
  const world = new World(BASE);
  // Replication caught up: ReplicaLag 0 at every read.
  world.lag = () => [{ Maximum: 0, Timestamp: new Date(world.clock.now()) }];
  const target = new FakeTarget(world, opts.emulator ?? false);
  return { world, target };
}

function run(world: World, target: FakeTarget, command: RoleSwapCommand, extra: Partial<RoleSwapSettings> = {}) {
  return runRoleSwap({
    target,
    aws: world.aws(extra.dryRun),
    clock: world.clock,
    log: () => undefined,
    settings: settings(command, extra),
  });
}

/** Index of the first event matching `re` (fails the test when none does). */
function at(events: readonly string[], re: RegExp): number {
  const i = events.findIndex((e) => re.test(e));
  expect({ re: String(re), found: i >= 0 }).toEqual({ re: String(re), found: true });
  return i;
}

describe('switchover --to Tokyo', () => {
  test('fences the old writer (Terraform, then a reboot) before the drain and the promotion; DNS and capacity after; report phases timed', async () => {
    const { world, target } = setup();
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.message).toMatch(/switchover complete/);
    expect(r.result).toBe('done');
    const e = world.events;
    const fence = at(e, new RegExp(`^apply ${S.primary} aws_db_instance\\.${ID.taiwan1.replace(/-/g, '_')}$`));
    const reboot = at(e, new RegExp(`rds\\.RebootDBInstance ${TAIWAN} ${ID.taiwan1}`));
    const drain = at(e, /cloudwatch\.GetMetricStatistics/);
    const promote = at(e, new RegExp(`^apply ${S.dr}$`));
    const dns = at(e, new RegExp(`^apply ${S.failover}$`));
    const capacity = at(e, new RegExp(`^apply ${S.primary}$`));
    expect(fence).toBeLessThan(reboot);
    expect(reboot).toBeLessThan(promote);
    expect(e.slice(reboot).some((x) => /GetMetricStatistics/.test(x))).toBe(true);
    expect(drain).toBeLessThan(promote);
    expect(promote).toBeLessThan(dns);
    expect(dns).toBeLessThan(capacity);
    expect(world.dbs[TOKYO][ID.tokyo1].source).toBeUndefined();
    expect(world.dbs[TAIWAN][ID.taiwan1].groups).toEqual([`sg-fenced-${TAIWAN}`]);
    expect(world.primaryRecord).toBe(TOKYO);
    expect(r.phases.map((p) => p.name)).toEqual([
      'preflight',
      'roles',
      'fence',
      'drain',
      'promote',
      'dns',
      'capacity',
      'verify',
    ]);
    expect(r.phases.every((p) => p.startedAt <= p.endedAt && typeof p.seconds === 'number')).toBe(true);
    expect(r.rpo).toEqual(expect.objectContaining({ kind: 'planned-drained', seconds: 0 }));
    // The one protected removal the roles imply (replication off) is declared for the multi-region stack only.
    expect(target.intended).toEqual([
      [S.multiRegion, expect.objectContaining({ addressPrefix: 'aws_kms_key.ReplicationNotifications_' })],
    ]);
    expect(target.persisted?.roles).toEqual({
      writerRegion: TOKYO,
      replication: false,
      regions: { [TAIWAN]: { generation: 2, retired: { 1: 'fenced' } }, [TOKYO]: { generation: 1, retired: {} } },
    });
    expect(r.budget.join('\n')).toMatch(/promotion +several minutes or longer.*USER_ReadRepl\.Promote\.html/);
    expect(r.notes.join('\n')).toMatch(/reprotect/);
    expect(existsSync(join(target.workDir, 'roleswap-pending.json'))).toBe(false);
  });

  test('the drain waits for a ReplicaLag 0 datapoint after the fence', async () => {
    const { world, target } = setup();
    let reads = 0;
    world.lag = () =>
      ++reads < 4
        ? [{ Maximum: 3, Timestamp: new Date(world.clock.now()) }]
        : [{ Maximum: 0, Timestamp: new Date(world.clock.now()) }];
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.result).toBe('done');
    expect(reads).toBe(4);
    expect(r.phases.find((p) => p.name === 'drain')!.seconds).toBe(20);
  });

  test('the drain times out: nothing promoted, writes stay fenced, exit as failed; the re-run continues', async () => {
    const { world, target } = setup();
    world.lag = () => [{ Maximum: 5, Timestamp: new Date(world.clock.now()) }];
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.result).toBe('failed');
    expect(r.message).toMatch(/not 0 within 120 s after the fence.*nothing was promoted/);
    expect(world.dbs[TOKYO][ID.tokyo1].source).toBeDefined();
    expect(world.dbs[TAIWAN][ID.taiwan1].groups).toEqual([`sg-fenced-${TAIWAN}`]);
    world.lag = () => [{ Maximum: 0, Timestamp: new Date(world.clock.now()) }];
    const again = await run(world, target, 'switchover', { to: TOKYO });
    expect(again.result).toBe('done');
    expect(again.resumed).toBe(true);
    expect(again.phases.find((p) => p.name === 'fence')!.outcome).toBe('already-done');
    // The reboot was not repeated.
    expect(world.events.filter((e) => /RebootDBInstance/.test(e))).toHaveLength(1);
  });

  test('a ReplicaLag 0 from before the fence does not count as drained', async () => {
    const { world, target } = setup();
    const start = world.clock.now();
    world.lag = () => [{ Maximum: 0, Timestamp: new Date(start - 30_000) }];
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.result).toBe('failed');
    expect(r.phases.at(-1)).toEqual(expect.objectContaining({ name: 'drain', outcome: 'failed' }));
    expect(world.dbs[TOKYO][ID.tokyo1].source).toBeDefined();
  });

  test('on the emulator the lag is not observable: said, not invented as 0; the switchover goes on', async () => {
    const { world, target } = setup({ emulator: true });
    world.lag = () => [];
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.result).toBe('done');
    expect(r.rpo).toEqual(expect.objectContaining({ kind: 'not-observable', seconds: null }));
    expect(r.rpo.how).toMatch(/not observable on the emulator/);
    expect(r.phases.map((p) => p.name)).toContain('state-replica (emulator stand-in for S3 replication)');
    expect(Object.keys(world.objects[BASE.state.replicaBucket] ?? {})).toHaveLength(4);
    expect(r.phases.at(-1)!.note).toMatch(/4 state object\(s\) copied .*\(replica bucket created, versioned\)/);
  });
});

describe('refusals: nothing is changed', () => {
  test.each([
    ['no --confirm-production against AWS', { confirmProduction: false }, /pass --confirm-production/],
    ['target already the writer', { to: TAIWAN }, /ap-east-2 is already the writer region/],
    ['lag above the threshold', { maxLagSeconds: 10 }, /replica lag 30 s .* above --max-lag 10 s/],
  ])('%s', async (_name, extra, message) => {
    const { world, target } = setup();
    world.lag = () => [{ Maximum: 30, Timestamp: new Date(world.clock.now()) }];
    const r = await run(world, target, 'switchover', { to: TOKYO, ...extra });
    expect(r.result).toBe('refused');
    expect(r.message).toMatch(message);
    expect(target.applies).toEqual([]);
    expect(world.events.filter((e) => /Reboot|PutObject/.test(e))).toEqual([]);
    expect(target.persisted).toBeUndefined();
  });

  test('replica missing', async () => {
    const { world, target } = setup();
    delete world.dbs[TOKYO][ID.tokyo1];
    const r = await run(world, target, 'switchover', { to: TOKYO });
    expect(r.result).toBe('refused');
    expect(r.message).toMatch(new RegExp(`the replica ${ID.tokyo1} does not exist in Tokyo ap-northeast-1`));
    expect(target.applies).toEqual([]);
  });

  test('unknown region is a usage error', async () => {
    const { world, target } = setup();
    await expect(run(world, target, 'switchover', { to: 'eu-west-1' })).rejects.toThrow(UsageError);
    await expect(run(world, target, 'switchover', { to: 'eu-west-1' })).rejects.toThrow(
      /--to eu-west-1: not a region of this deployment \(expected ap-east-2 or ap-northeast-1\)/,
    );
  });

  test('switchover with no replica (after a switchover, before reprotect) names reprotect', async () => {
    const { world, target } = setup();
    expect((await run(world, target, 'switchover', { to: TOKYO })).result).toBe('done');
    const r = await run(world, target, 'failback');
    expect(r.result).toBe('refused');
    expect(r.message).toMatch(/holds no replica.*npm run drill -- reprotect/);
  });
});

test('dry run: every AWS call printed through the real gateway, no terraform apply, nothing persisted', async () => {
  const { world, target } = setup();
  const printed: string[] = [];
  const aws = new AwsGateway({ dryRun: true, print: (l) => printed.push(l) });
  const r = await runRoleSwap({
    target,
    aws,
    clock: world.clock,
    log: () => undefined,
    settings: settings('switchover', { to: TOKYO, dryRun: true, confirmProduction: false }),
  });
  expect(r.result).toBe('dry-run');
  expect(aws.calls.every((c) => c.dryRun)).toBe(true);
  expect(aws.calls.map((c) => c.operation)).toEqual(
    expect.arrayContaining(['DescribeDBInstances', 'GetMetricStatistics', 'ListResourceRecordSets'].slice(0, 2)),
  );
  expect(printed.some((l) => /would call rds\.DescribeDBInstances/.test(l))).toBe(true);
  expect(world.events).toEqual(expect.not.arrayContaining([expect.stringMatching(/RebootDBInstance/)]));
  expect(existsSync(join(target.workDir, 'roleswap-pending.json'))).toBe(false);
});

describe('interruption in each phase, then the re-run continues', () => {
  const cases: Array<[string, (stack: string, targets: readonly string[]) => boolean]> = [
    ['fence', (stack, targets) => stack === S.primary && targets.length > 0],
    ['promote', (stack) => stack === S.dr],
    ['dns', (stack) => stack === S.failover],
    ['capacity', (stack, targets) => stack === S.primary && targets.length === 0],
  ];
  test.each(cases)('switchover interrupted in %s', async (phase, failOn) => {
    const { world, target } = setup();
    target.failOn = failOn;
    const first = await run(world, target, 'switchover', { to: TOKYO });
    expect(first.result).toBe('failed');
    expect(first.phases.at(-1)).toEqual(expect.objectContaining({ name: phase, outcome: 'failed' }));
    expect(first.notes.join()).toMatch(/run the same command again/);
    expect(existsSync(join(target.workDir, 'roleswap-pending.json'))).toBe(true);
    target.failOn = undefined;
    const before = world.events.length;
    const second = await run(world, target, 'switchover', { to: TOKYO });
    expect(second.result).toBe('done');
    expect(second.resumed).toBe(true);
    // The phases done before the interruption are skipped from the real state.
    const order = ['fence', 'promote', 'dns', 'capacity'];
    for (const done of order.slice(0, order.indexOf(phase))) {
      expect({ done, outcome: second.phases.find((p) => p.name === done)!.outcome }).toEqual({
        done,
        outcome: 'already-done',
      });
    }
    expect(world.events.slice(before).filter((e) => /RebootDBInstance/.test(e))).toHaveLength(
      phase === 'fence' ? 1 : 0,
    );
    expect(world.primaryRecord).toBe(TOKYO);
    expect(world.dbs[TOKYO][ID.tokyo1].source).toBeUndefined();
  });

  test('another command is refused while one is unfinished', async () => {
    const { world, target } = setup();
    target.failOn = (stack) => stack === S.dr;
    expect((await run(world, target, 'switchover', { to: TOKYO })).result).toBe('failed');
    const r = await run(world, target, 'reprotect');
    expect(r.result).toBe('refused');
    expect(r.message).toMatch(/an interrupted switchover --to ap-northeast-1 .* is unfinished/);
  });

  test('reprotect interrupted while creating the replica, then resumed', async () => {
    const { world, target } = setup();
    expect((await run(world, target, 'switchover', { to: TOKYO })).result).toBe('done');
    target.failOn = (stack, targets) => stack === S.primary && targets.length === 0;
    const first = await run(world, target, 'reprotect');
    expect(first.result).toBe('failed');
    expect(first.phases.at(-1)!.name).toBe('replica');
    target.failOn = undefined;
    const second = await run(world, target, 'reprotect');
    expect(second.result).toBe('done');
    expect(world.dbs[TAIWAN][ID.taiwan2].source).toMatch(new RegExp(`:db:${ID.tokyo1}$`));
  });
});

describe('failover --unplanned --to Tokyo with Taiwan answering errors', () => {
  function outage() {
    const { world, target } = setup();
    // The state objects reached the replica bucket (S3 replication).
    for (const [key, body] of Object.entries(world.objects[BASE.state.bucket]))
      world.put(BASE.state.replicaBucket, key, body);
    world.lag = (_region, _id, start) => [{ Maximum: 7, Timestamp: new Date(start.getTime() + 60_000) }];
    world.down.add(TAIWAN);
    return { world, target };
  }

  test('no request to ap-east-2; state from the replica bucket; promotion and DNS; data-loss bound = last lag', async () => {
    const { world, target } = outage();
    const r = await run(world, target, 'failover-unplanned', { to: TOKYO });
    expect(r.message).toMatch(/complete/);
    expect(world.callsToDown).toEqual([]);
    expect(target.applies).toEqual([`apply ${S.dr}`, `apply ${S.failover}`]);
    expect(target.persisted?.state).toEqual({ bucket: BASE.state.replicaBucket, region: TOKYO });
    expect(r.rpo).toEqual(expect.objectContaining({ kind: 'unplanned-last-lag', seconds: 7 }));
    expect(r.phases.map((p) => p.name)).toEqual(['preflight', 'roles', 'promote', 'dns', 'verify']);
    expect(r.notes.join('\n')).toMatch(new RegExp(`${ID.taiwan1} is NOT fenced yet`));
    expect(r.notes.join('\n')).toMatch(/When Taiwan ap-east-2 returns: run `npm run drill -- reprotect`/);
  });

  test('refused when the replica bucket lacks a stack state', async () => {
    const { world, target } = outage();
    delete world.objects[BASE.state.replicaBucket][`${BASE.state.keyPrefix}/${S.failover}.tfstate`];
    const r = await run(world, target, 'failover-unplanned', { to: TOKYO });
    expect(r.result).toBe('refused');
    expect(r.message).toMatch(/has no genai-demo\/genai-demo-production-route53-failover\.tfstate/);
    expect(target.applies).toEqual([]);
  });

  test('the region returns: reprotect copies the newer state back, fences the old writer first (it may have taken writes), then the replica', async () => {
    const { world, target } = outage();
    expect((await run(world, target, 'failover-unplanned', { to: TOKYO })).result).toBe('done');
    // Applies during the outage wrote newer state into the replica bucket.
    world.put(
      BASE.state.replicaBucket,
      `${BASE.state.keyPrefix}/${S.dr}.tfstate`,
      JSON.stringify({ serial: 9, lineage: `lineage-${S.dr}` }),
    );
    world.down.delete(TAIWAN);
    const r = await run(world, target, 'reprotect');
    expect(r.message).toMatch(/complete/);
    expect(JSON.parse(world.objects[BASE.state.bucket][`${BASE.state.keyPrefix}/${S.dr}.tfstate`]).serial).toBe(9);
    expect(target.persisted?.state).toBeUndefined();
    const e = world.events;
    const fence = at(e, new RegExp(`^apply ${S.primary} aws_db_instance`));
    const reboot = at(e, new RegExp(`RebootDBInstance ${TAIWAN} ${ID.taiwan1}`));
    const replica = at(e, new RegExp(`^apply ${S.primary}$`));
    expect(fence).toBeLessThan(reboot);
    expect(reboot).toBeLessThan(replica);
    expect(r.notes.join('\n')).toMatch(
      new RegExp(`${ID.taiwan1} was still reachable before this fence: it may have accepted writes`),
    );
    expect(world.dbs[TAIWAN][ID.taiwan2].source).toMatch(new RegExp(`:db:${ID.tokyo1}$`));
  });
});

test("the lead's cycle: switchover Tokyo, reprotect, failback, reprotect, unplanned Tokyo, region returns, reprotect", async () => {
  const { world, target } = setup({ emulator: true });
  world.lag = () => [];
  const step = async (command: RoleSwapCommand, to?: string) => {
    const r = await run(world, target, command, { to });
    expect({ command, result: r.result, message: r.message }).toEqual({
      command,
      result: 'done',
      message: expect.any(String),
    });
    return r;
  };
  await step('switchover', TOKYO);
  await step('reprotect');
  await step('failback');
  expect(world.primaryRecord).toBe(TAIWAN);
  expect(world.dbs[TAIWAN][ID.taiwan2].source).toBeUndefined();
  expect(world.dbs[TOKYO][ID.tokyo1].groups).toEqual([`sg-fenced-${TOKYO}`]);
  await step('reprotect');
  expect(world.dbs[TOKYO][ID.tokyo2].source).toMatch(new RegExp(`:db:${ID.taiwan2}$`));
  world.down.add(TAIWAN);
  await step('failover-unplanned', TOKYO);
  expect(world.callsToDown).toEqual([]);
  world.down.delete(TAIWAN);
  const last = await step('reprotect');
  expect(world.dbs[TAIWAN][`${ID.taiwan1}-g3`].source).toMatch(new RegExp(`:db:${ID.tokyo2}$`));
  expect(world.dbs[TAIWAN][ID.taiwan2].groups).toEqual([`sg-fenced-${TAIWAN}`]);
  expect(target.persisted!.roles).toEqual({
    writerRegion: TOKYO,
    replication: true,
    regions: {
      [TAIWAN]: { generation: 3, retired: { 1: 'fenced', 2: 'fenced' } },
      [TOKYO]: { generation: 2, retired: { 1: 'fenced' } },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'roleswap-report-'));
  const written = writeRoleSwapReport(dir, last);
  expect(readdirSync(dir).sort()).toEqual([written.json, written.markdown].map((f) => f.slice(dir.length + 1)).sort());
  const md = readFileSync(written.markdown, 'utf8');
  expect(md).toMatch(/^# Role swap: reprotect: DONE/);
  expect(md).toMatch(/\| fence \| .* \| done \|/);
  expect(md).toMatch(/## Recovery budget/);
});
