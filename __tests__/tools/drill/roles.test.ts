/**
 * The drill's reading of a deployment follows the roles (genai-demo:multi-region.writer-region and the
 * database generations), for every state of the role cycle (__tests__/helpers/role-sequence.ts): each
 * region stack's state holds the DB instances of its region (the primary stack builds config.primary's
 * instances, the DR stack config.dr's: __tests__/stacks/role-sequence.test.ts checks that on the
 * synthesized Terraform), recorded as Terraform records them (replicate_source_db "" when unset), so the
 * replica must be looked for in the stack that holds it; the replica-lag metric is read in the replica's
 * region; and the check expects `api.` to answer with the writer region's ALB. The expected replica comes
 * from the step's own table, not from config.
 */
import { type CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { AppConfig, RegionDeployment } from '../../../config';
import { AwsGateway } from '../../../tools/drill/aws';
import { runCheck } from '../../../tools/drill/check';
import { readDeployment } from '../../../tools/drill/deployment';
import { pickOutputs, replicaLocation, stateKey, writerSide, type TerraformState } from '../../../tools/drill/outputs';
import { configWith } from '../../helpers/app';
import { ROLE_SEQUENCE, type RoleStep } from '../../helpers/role-sequence';
import { World, outputMap } from './fakes';

const NOW = new Date('2026-01-01T00:00:00Z');

/** A region stack's state as Terraform records it after an apply (its DB instances only). */
function stateOf(region: RegionDeployment): TerraformState {
  return {
    resources: region.database.instances.map((plan) => ({
      mode: 'managed',
      type: 'aws_db_instance',
      name: `postgres_g${plan.generation}`,
      instances: [
        {
          attributes: {
            identifier: plan.identifier,
            replicate_source_db:
              plan.source === undefined
                ? ''
                : `arn:aws:rds:${plan.source.region}:123456789012:db:${plan.source.identifier}`,
          },
        },
      ],
    })),
  };
}

const expectedReplica = (step: RoleStep) =>
  Object.entries(step.expect).flatMap(([region, ids]) =>
    Object.entries(ids)
      .filter(([, role]) => role === 'replica')
      .map(([id]) => ({ region, id })),
  )[0];

const configs = new Map<string, AppConfig>();
const configOf = (step: RoleStep) => {
  if (!configs.has(step.name)) configs.set(step.name, configWith(step.patch));
  return configs.get(step.name)!;
};

const STEPS = ROLE_SEQUENCE.map((step, i) => [`${i}. ${step.name}`, step] as const);

describe('readDeployment', () => {
  let s3: ReturnType<typeof mockClient>;
  beforeAll(() => {
    s3 = mockClient(S3Client);
  });
  afterEach(() => s3.reset());
  afterAll(() => s3.restore());

  test.each(STEPS)(
    '%s: finds the replica the step has, in the stack that holds it, or says why there is none',
    async (_label, step) => {
      const config = configOf(step);
      s3.on(GetObjectCommand).rejects(Object.assign(new Error('x'), { name: 'NoSuchKey' }));
      for (const [stack, region] of [
        [config.stackNames.primary, config.primary],
        [config.stackNames.dr!, config.dr!],
      ] as const) {
        s3.on(GetObjectCommand, { Key: stateKey(config, stack) }).resolves({
          Body: { transformToString: async () => JSON.stringify(stateOf(region)) },
        } as never);
      }
      const d = await readDeployment(new AwsGateway({ dryRun: false, print: () => undefined }), config);
      const want = expectedReplica(step);
      if (want === undefined) {
        expect(d.replicaId).toBeUndefined();
        expect(d.replicaRegion).toBeUndefined();
        expect(d.replicaNote).toMatch(
          /^no replica in the roles: genai-demo:multi-region\.enable-cross-region-replication is false \(writer .* in /,
        );
        expect(typeof replicaLocation(config)).toBe('string');
      } else {
        expect({ id: d.replicaId, region: d.replicaRegion }).toEqual({ id: want.id, region: want.region });
        const holder = want.region === config.primary.region ? config.stackNames.primary : config.stackNames.dr;
        expect(replicaLocation(config)).toEqual({ region: want.region, identifier: want.id, stack: holder });
      }
    },
  );
});

describe('check', () => {
  test.each(STEPS)(
    '%s: expects api. on the writer region ALB and reads the replica lag in the replica region',
    async (_label, step) => {
      const config = configOf(step);
      const writerIsPrimary = step.writer === config.primary.region;
      expect(writerSide(config)).toBe(writerIsPrimary ? 'primary' : 'secondary');
      // The DNS answers of the world: the failover name on the writer region's ALB, as the records then say.
      const world = new World({ config, switchAfterMs: writerIsPrimary ? Infinity : 0 });
      if (!writerIsPrimary) world.invertedAt = world.clock.now();
      try {
        world.cloudwatch
          .on(GetMetricStatisticsCommand, { Namespace: 'AWS/RDS' })
          .resolves({ Datapoints: [{ Timestamp: NOW, Maximum: 1 }] });
        const want = expectedReplica(step);
        const deployment = {
          outputs: pickOutputs(outputMap(config), 's3://test/state'),
          peeringId: 'pcx-0123456789abcdef0',
          peeringNote: '',
          replicaId: want?.id,
          replicaRegion: want?.region,
          replicaNote: 'none in this step',
        };
        const rows = await runCheck(world.context(), deployment, NOW);
        const answer = rows.find((r) => r.check === `Route 53 answer, api.${config.domain}`)!;
        expect(answer).toEqual(
          expect.objectContaining({
            verdict: 'pass',
            detail: expect.stringMatching(new RegExp(`^-> ${writerSide(config)}`)),
          }),
        );
        const lagCalls = world.cloudwatch.commandCalls(GetMetricStatisticsCommand);
        if (want === undefined) expect(lagCalls).toHaveLength(0);
        else {
          expect(lagCalls.map((c) => c.args[0].input.Dimensions)).toEqual([
            [{ Name: 'DBInstanceIdentifier', Value: want.id }],
          ]);
          expect(await Promise.all(lagCalls.map((c) => (c.thisValue as CloudWatchClient).config.region()))).toEqual([
            want.region,
          ]);
        }
      } finally {
        world.restoreMocks();
      }
    },
  );
});
