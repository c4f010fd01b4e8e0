/**
 * The planned switchover on the local AWS emulator, through the commands an operator runs: `npm run up`'s
 * deployment; `npm run drill -- check` against it with no AWS variable set (the local deployment is the
 * default target); `switchover --to ap-northeast-1` (fence Taiwan, drain, promote Tokyo, DNS, capacity,
 * each through Terraform); the same switchover again, refused; `reprotect` (Taiwan's next generation as
 * Tokyo's replica). After each command the roles are read back through the emulator's APIs; at the end
 * every stack re-plans with no changes and nothing on the emulator is outside a state.
 *
 * The role-swap sequence of issue 14 runs as three suites, each on its own emulator, side by side (one
 * suite would take longer than CI's 30 minutes; README, "CI time"): this one; role-swap-unplanned (Taiwan
 * answering only errors, failover --unplanned, the region returns, reprotect, down), which ends where
 * this one ends; and role-swap-failback, which starts from those roles and runs failback.
 */
import { applyAll } from '../../../tools/local/deploy';
import { verify } from '../../../tools/local/session';
import { MINUTE, expectOk, useEmulatorSuite } from '../../helpers/e2e';
import {
  D,
  P,
  TAIWAN,
  TOKYO,
  drill,
  expectCleanReplanAndStop,
  expectation,
  flushBench,
  reattach,
  swap,
} from '../../helpers/role-swap';
import { checkRoles } from '../../helpers/roles-readback';

const suite = useEmulatorSuite({ name: 'role-swap-switchover' });
const t0 = Date.now();
afterAll(() => flushBench('switchover', (Date.now() - t0) / 1000));

test(
  'up: every stack applies and every verification check passes',
  async () => {
    const s = suite.session();
    expectOk(await applyAll(s.deployment));
    const verification = await verify(s);
    expect(verification.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    await checkRoles(s, expectation('default', TAIWAN, { [TAIWAN]: { [P]: 'writer' }, [TOKYO]: { [D]: 'replica' } }));
  },
  20 * MINUTE,
);

test(
  'drill check targets the running local deployment with no AWS variable set, and says so first',
  async () => {
    const { code, lines } = await drill(suite, ['check']);
    expect(lines[0]).toMatch(new RegExp(`^Target: the local deployment in ${suite.workDir}`));
    expect(lines.join('\n')).not.toMatch(/Could not load credentials/);
    expect(code).toBe(0);
  },
  5 * MINUTE,
);

test(
  'switchover --to ap-northeast-1: Taiwan fenced before Tokyo is promoted; DNS and capacity follow; roles read back',
  async () => {
    const run = await swap(suite, 'switchover', ['switchover', '--to', TOKYO]);
    expect({ code: run.code, result: run.report.result, message: run.report.message }).toEqual({
      code: 0,
      result: 'done',
      message: expect.any(String),
    });
    const names = run.report.phases.map((p) => p.name);
    const fence = names.indexOf('fence');
    const promote = names.indexOf('promote');
    expect(fence).toBeGreaterThanOrEqual(0);
    expect(promote).toBeGreaterThan(fence);
    for (const p of run.report.phases) expect(p.seconds).toBeGreaterThanOrEqual(0);
    // Replica lag is not observable on the emulator: the report must say so rather than claim RPO 0.
    expect(run.report.rpo.kind).toBe('not-observable');
    await checkRoles(
      reattach(suite),
      expectation('writer Tokyo', TOKYO, { [TAIWAN]: { [P]: 'fenced' }, [TOKYO]: { [D]: 'writer' } }),
    );
  },
  30 * MINUTE,
);

test(
  'switchover again to the same region is refused without touching anything',
  async () => {
    const run = await swap(suite, 'switchover', ['switchover', '--to', TOKYO]);
    expect(run.code).not.toBe(0);
    expect(run.report.result).toBe('refused');
    expect(run.report.stacks.filter((st) => st.outcome === 'applied')).toEqual([]);
  },
  5 * MINUTE,
);

test(
  'reprotect: Taiwan generation 2 replicates Tokyo; generation 1 stays fenced; roles read back',
  async () => {
    const run = await swap(suite, 'switchover', ['reprotect']);
    expect({ code: run.code, result: run.report.result }).toEqual({ code: 0, result: 'done' });
    await checkRoles(
      reattach(suite),
      expectation('Taiwan g2 replica', TOKYO, {
        [TAIWAN]: { [P]: 'fenced', [`${P}-g2`]: 'replica' },
        [TOKYO]: { [D]: 'writer' },
      }),
    );
  },
  30 * MINUTE,
);

test(
  'every stack re-plans with no changes, nothing is outside a state; the emulator stops leaving nothing behind',
  async () => {
    await expectCleanReplanAndStop(suite);
  },
  10 * MINUTE,
);
