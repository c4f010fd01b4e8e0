/**
 * The regional outage switch of the emulator wrapper (tools/local/moto/patched_server.py, RegionOutage)
 * on a real patched moto_server, driven through tools/local/outage.ts with the AWS SDK the tools use:
 * every request signed for the down region is answered 503 RegionOutageSimulated and changes nothing
 * (S3 state-bucket reads and writes included), the other regions answer as before, and the report counts
 * each SDK attempt and each invocation (the SDK retries a 503 as attempts of one invocation).
 */
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientSettings } from '../../../tools/lib/aws';
import { emulatorEnv, startEmulator, stopEmulator, type EmulatorInfo } from '../../../tools/local/emulator';
import { endOutage, outageReport, requestsTo, startOutage } from '../../../tools/local/outage';

const MINUTE = 60_000;
const TAIWAN = 'ap-east-2';
const TOKYO = 'ap-northeast-1';
const STATE_BUCKET = 'outage-test-state';
const REPLICA_BUCKET = 'outage-test-state-ap-northeast-1';
const dir = mkdtempSync(join(tmpdir(), 'genai-demo-outage-'));
const stateFile = join(dir, 'emulator.json');
let emulator: EmulatorInfo;

const settings = (region: string) => clientSettings(region, emulatorEnv(emulator.endpoint));
const s3 = (region: string) => new S3Client(settings(region));

/** The error an SDK call ends with, and how many attempts the SDK made. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; attempts?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts };
  }
  throw new Error('the call succeeded during the outage');
}

beforeAll(async () => {
  emulator = await startEmulator({ logFile: join(dir, 'emulator.log'), stateFile });
  for (const [region, bucket] of [
    [TAIWAN, STATE_BUCKET],
    [TOKYO, REPLICA_BUCKET],
  ] as const) {
    const client = s3(region);
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'production/dr.tfstate', Body: '{"serial":1}' }));
    client.destroy();
  }
}, MINUTE);

afterAll(async () => {
  await stopEmulator(stateFile);
  rmSync(dir, { recursive: true, force: true });
}, MINUTE);

test(
  'requests signed for the down region get 503 RegionOutageSimulated, change nothing, and are counted per attempt and invocation',
  async () => {
    const started = await startOutage(emulator.endpoint, TAIWAN);
    expect(started.down).toEqual([TAIWAN]);
    expect(started.blocked.attempts).toBe(0);

    const taiwanS3 = s3(TAIWAN);
    const taiwanEc2 = new EC2Client(settings(TAIWAN));
    const taiwanSts = new STSClient(settings(TAIWAN));
    const taiwanSsm = new SSMClient(settings(TAIWAN));
    const tokyoS3 = s3(TOKYO);
    try {
      // The state bucket in the lost region: reads and writes fail (the backend must switch to the replica).
      const read = await failure(
        taiwanS3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: 'production/dr.tfstate' })),
      );
      expect(read).toEqual({ name: 'RegionOutageSimulated', status: 503, attempts: 3 });
      expect(
        (
          await failure(
            taiwanS3.send(
              new PutObjectCommand({ Bucket: STATE_BUCKET, Key: 'production/dr.tfstate', Body: '{"serial":2}' }),
            ),
          )
        ).name,
      ).toBe('RegionOutageSimulated');
      // Query (EC2, STS) and JSON (SSM) protocols: each SDK parses the error code.
      expect((await failure(taiwanEc2.send(new CreateVpcCommand({ CidrBlock: '10.91.0.0/16' })))).name).toBe(
        'RegionOutageSimulated',
      );
      expect((await failure(taiwanSts.send(new GetCallerIdentityCommand({})))).name).toBe('RegionOutageSimulated');
      expect(
        (await failure(taiwanSsm.send(new PutParameterCommand({ Name: '/outage/test', Value: 'x', Type: 'String' }))))
          .name,
      ).toBe('RegionOutageSimulated');

      // The replica bucket in Tokyo answers: the state is readable there.
      const replica = await tokyoS3.send(
        new GetObjectCommand({ Bucket: REPLICA_BUCKET, Key: 'production/dr.tfstate' }),
      );
      expect(await replica.Body!.transformToString()).toBe('{"serial":1}');

      const report = await outageReport(emulator.endpoint);
      expect(report.down).toEqual([TAIWAN]);
      // 5 invocations, each tried 3 times (clientSettings: maxAttempts 3 on the emulator).
      expect(requestsTo(report, TAIWAN)).toEqual({ attempts: 15, invocations: 5 });
      expect(requestsTo(report, TOKYO)).toEqual({ attempts: 1, invocations: 1 });
      expect(report.blocked).toEqual({
        attempts: 15,
        invocations: 5,
        calls: [
          { region: TAIWAN, service: 'ec2', operation: 'CreateVpc', attempts: 3, invocations: 1, maxAttempt: 3 },
          {
            region: TAIWAN,
            service: 's3',
            operation: `GET /${STATE_BUCKET}/production/dr.tfstate`,
            attempts: 3,
            invocations: 1,
            maxAttempt: 3,
          },
          {
            region: TAIWAN,
            service: 's3',
            operation: `PUT /${STATE_BUCKET}/production/dr.tfstate`,
            attempts: 3,
            invocations: 1,
            maxAttempt: 3,
          },
          {
            region: TAIWAN,
            service: 'ssm',
            operation: 'AmazonSSM.PutParameter',
            attempts: 3,
            invocations: 1,
            maxAttempt: 3,
          },
          {
            region: TAIWAN,
            service: 'sts',
            operation: 'GetCallerIdentity',
            attempts: 3,
            invocations: 1,
            maxAttempt: 3,
          },
        ],
      });

      // End: the report of the ended period, then the region answers and nothing blocked had happened.
      const ended = await endOutage(emulator.endpoint);
      expect(ended.down).toEqual([]);
      expect(ended.blocked.attempts).toBe(15);
      const state = await taiwanS3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: 'production/dr.tfstate' }));
      expect(await state.Body!.transformToString()).toBe('{"serial":1}');
      const vpcs = await taiwanEc2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.91.0.0/16'] }] }),
      );
      expect(vpcs.Vpcs ?? []).toEqual([]);
      expect((await failure(taiwanSsm.send(new GetParameterCommand({ Name: '/outage/test' })))).name).toBe(
        'ParameterNotFound',
      );

      const after = await outageReport(emulator.endpoint);
      expect(after.down).toEqual([]);
      expect(after.blocked).toEqual({ attempts: 0, invocations: 0, calls: [] });
      expect(requestsTo(after, TAIWAN)).toEqual({ attempts: 3, invocations: 3 });
    } finally {
      for (const c of [taiwanS3, taiwanEc2, taiwanSts, taiwanSsm, tokyoS3]) c.destroy();
    }
  },
  MINUTE,
);

test(
  'a bad admin request is refused with what was expected, and changes nothing',
  async () => {
    await expect(startOutage(emulator.endpoint, 'not-a-region')).rejects.toThrow(/HTTP 400: expected \?down=<region>/);
    expect((await outageReport(emulator.endpoint)).down).toEqual([]);
  },
  MINUTE,
);
