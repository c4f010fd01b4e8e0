/**
 * Failback on the local AWS emulator. The deployment starts with the roles a switchover to Tokyo and a
 * reprotect leave (Tokyo writes, Taiwan's generation 2 replicates it, Taiwan generation 1 fenced), kept in
 * the work dir's roles.json exactly as the commands keep them; then `npm run drill -- failback` (a
 * switchover back to the primary region: Tokyo fenced before Taiwan generation 2 is promoted, DNS and
 * capacity back). Roles are read back; every stack then re-plans with no changes and nothing on the
 * emulator is outside a state. The third of the role-swap suites (role-swap-switchover.e2e.test.ts says why
 * there are three).
 */
import { applyAll } from '../../../tools/local/deploy';
import { openSession } from '../../../tools/local/session';
import { writeRoleOverrides } from '../../../tools/local/role-overrides';
import { overridePairs, rolePatch, type RoleState } from '../../../tools/drill/roleswap/roles';
import { MINUTE, expectOk, useEmulatorSuite } from '../../helpers/e2e';
import {
  D,
  P,
  TAIWAN,
  TOKYO,
  expectCleanReplanAndStop,
  expectation,
  flushBench,
  reattach,
  swap,
} from '../../helpers/role-swap';
import { checkRoles } from '../../helpers/roles-readback';

/** Where a switchover to Tokyo and a reprotect leave the roles (tools/drill/roleswap/roles.ts). */
const AFTER_SWITCHOVER_AND_REPROTECT: RoleState = {
  writerRegion: TOKYO,
  replication: true,
  regions: { [TAIWAN]: { generation: 2, retired: { 1: 'fenced' } }, [TOKYO]: { generation: 1, retired: {} } },
};
// The roles must be in place before the session synthesizes: it is opened by the first test.
const suite = useEmulatorSuite({ name: 'role-swap-failback', open: false });
const t0 = Date.now();
afterAll(() => flushBench('failback', (Date.now() - t0) / 1000));

test(
  'up with Tokyo writing, Taiwan generation 2 replicating it and generation 1 fenced',
  async () => {
    writeRoleOverrides(suite.workDir, {
      pairs: overridePairs(rolePatch(AFTER_SWITCHOVER_AND_REPROTECT)),
      roles: AFTER_SWITCHOVER_AND_REPROTECT,
      state: null,
    });
    suite.setSession(await openSession({ workDir: suite.workDir, progress: suite.progress }));
    await suite.recordBaseline();
    const s = suite.session();
    expect(s.config.roles.writerRegion).toBe(TOKYO);
    expectOk(await applyAll(s.deployment));
    await checkRoles(
      s,
      expectation('Tokyo writes', TOKYO, {
        [TAIWAN]: { [P]: 'fenced', [`${P}-g2`]: 'replica' },
        [TOKYO]: { [D]: 'writer' },
      }),
    );
  },
  20 * MINUTE,
);

test(
  'failback: Tokyo fenced before Taiwan generation 2 is promoted; api. PRIMARY back in Taiwan; roles read back',
  async () => {
    const run = await swap(suite, 'failback', ['failback']);
    expect({ code: run.code, result: run.report.result }).toEqual({ code: 0, result: 'done' });
    const names = run.report.phases.map((p) => p.name);
    expect(names.indexOf('promote')).toBeGreaterThan(names.indexOf('fence'));
    expect(names.indexOf('fence')).toBeGreaterThanOrEqual(0);
    await checkRoles(
      reattach(suite),
      expectation('writer Taiwan g2', TAIWAN, {
        [TAIWAN]: { [P]: 'fenced', [`${P}-g2`]: 'writer' },
        [TOKYO]: { [D]: 'fenced' },
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
