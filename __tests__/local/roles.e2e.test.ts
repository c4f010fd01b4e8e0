/**
 * End to end on the local AWS emulator: the role cycle of issue 13, applied in order through Terraform.
 * The default deployment → writer Tokyo (promotion in place; Taiwan generation 1 fenced; no replica) →
 * Taiwan generation 2 as a replica of Tokyo → writer Taiwan generation 2 (promotion) → Tokyo generation 2
 * as a replica of Taiwan → destroy to nothing. Each step re-synthesizes with its context overrides,
 * applies only the stacks whose Terraform changed (and their dependents), re-plans every stack side by side
 * expecting `terraform plan -detailed-exitcode` exit 0, and reads the roles back through the emulator's
 * own APIs. The suite runs its own emulator in its own work dir and always stops it (afterAll); its
 * teardown destroys everything and checks that nothing is left that no state owns.
 */
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { clientSettings } from '../../tools/local/aws';
import { applyAll, replanAll, stackDigests, stacksToApply } from '../../tools/local/deploy';
import { resynthesize } from '../../tools/local/session';
import { MINUTE, destroyAndCheck, expectOk, useEmulatorSuite } from '../helpers/e2e';
import { ROLE_SEQUENCE, overridePairs } from '../helpers/role-sequence';
import { checkRoles, dbInstances, regionDeployments } from '../helpers/roles-readback';

const suite = useEmulatorSuite({ name: 'roles' });
/** Digests of the stacks as last applied: the next step applies only what differs. */
let applied = new Map<string, string>();

describe.each(ROLE_SEQUENCE.map((step, i) => [i, step] as const))('step %i', (i, step) => {
  test(
    `${step.name}: applies, re-plans with no changes, roles read back`,
    async () => {
      let s = suite.session();
      let only: Set<string> | undefined;
      if (i > 0) {
        s = await resynthesize(s, overridePairs(step.patch));
        suite.setSession(s);
        only = stacksToApply(s.deployment, applied);
        suite.progress.note(`step ${i}: applying ${[...only].join(', ') || 'nothing'}`);
      }
      expectOk(await applyAll(s.deployment, { only }));
      applied = stackDigests(s.deployment);

      const plans = await replanAll(s.deployment);
      expectOk(plans);
      const exitCodes = plans.results.filter((r) => r.phase === 'plan').map((r) => [r.stack, r.quirks === undefined ? 0 : 2]);
      expect(exitCodes).toEqual(exitCodes.map(([stack]) => [stack, 0]));
      expect(exitCodes).toHaveLength(4);

      await checkRoles(s, step);
    },
    25 * MINUTE,
  );
});

test(
  'destroy to nothing (every state empty, nothing no state owns, no process left): no DB instance left, one final snapshot per deleted standalone generation',
  async () => {
    const s = suite.session();
    const snapshots: string[] = [];
    await destroyAndCheck(suite, {
      beforeStop: async () => {
        for (const d of regionDeployments(s.config)) {
          expect(await dbInstances(s.awsEnv, d.region)).toEqual([]);
          const rds = new RDSClient(clientSettings(d.region, s.awsEnv));
          try {
            const all = (await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }))).DBSnapshots ?? [];
            snapshots.push(...all.map((x) => x.DBSnapshotIdentifier!));
          } finally {
            rds.destroy();
          }
        }
      },
    });
    // Taiwan generation 1 (deleted at step 3), Taiwan generation 2 and Tokyo generation 1 (at destroy);
    // no snapshot of Tokyo generation 2, a replica (RDS takes none of a read replica).
    expect(snapshots.sort()).toEqual([
      'genai-demo-production-dr-postgres-g1-final',
      'genai-demo-production-postgres-g1-final',
      'genai-demo-production-postgres-g2-final',
    ]);
  },
  15 * MINUTE,
);
