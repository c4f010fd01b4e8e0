import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsGateway } from '../../../tools/drill/aws';
import { readDeployment } from '../../../tools/drill/deployment';
import {
  FAILOVER_OUTPUT_NAMES,
  outputsFromFile,
  peeringIdFromState,
  pickOutputs,
  readStackState,
  replicaIdentifierFromState,
  stateKey,
  type TerraformState,
} from '../../../tools/drill/outputs';
import { configWith } from '../../helpers/app';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
afterAll(() => s3.restore());

const config = configWith();

/** The part of the SDK's stream body the code uses. */
function body(json: unknown) {
  return { transformToString: async () => JSON.stringify(json) };
}

function gateway(dryRun = false, printed: string[] = []): AwsGateway {
  return new AwsGateway({ dryRun, print: (l) => printed.push(l) });
}

const FAILOVER_STATE: TerraformState = {
  outputs: {
    primary_health_check_id: { value: 'hc-1' },
    secondary_health_check_id: { value: 'hc-2' },
    hosted_zone_id: { value: 'Z1' },
    failover_record_name: { value: 'api.kimkao.io' },
  },
};

test('the state key is <key-prefix>/<stack>.tfstate from config', () => {
  expect(stateKey(config, config.stackNames.failover!)).toBe(`genai-demo/${config.stackNames.failover}.tfstate`);
});

test('pickOutputs reads {name: value} and {name: {value}} and lists what is missing', () => {
  const a = pickOutputs(
    { primary_health_check_id: 'hc-1', hosted_zone_id: { value: 'Z1', type: 'string' }, latency_record_name: '' },
    'f',
  );
  expect(a.values).toEqual({ primary_health_check_id: 'hc-1', hosted_zone_id: 'Z1' });
  expect(a.missing).toEqual(
    FAILOVER_OUTPUT_NAMES.filter((n) => n !== 'primary_health_check_id' && n !== 'hosted_zone_id'),
  );
});

test('readStackState reads the object from the configured bucket and region', async () => {
  s3.on(GetObjectCommand).resolves({ Body: body(FAILOVER_STATE) } as never);
  const read = await readStackState(gateway(), config, config.stackNames.failover!);
  expect(read.state?.outputs?.primary_health_check_id).toEqual({ value: 'hc-1' });
  expect(read.location).toBe(`s3://genai-demo-terraform-state/genai-demo/${config.stackNames.failover}.tfstate`);
  expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
    Bucket: 'genai-demo-terraform-state',
    Key: `genai-demo/${config.stackNames.failover}.tfstate`,
  });
  expect(await s3.commandCalls(GetObjectCommand)[0].thisValue.config.region()).toBe('ap-east-2');
});

test('a missing state object says which stack is not deployed', async () => {
  s3.on(GetObjectCommand).rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));
  const read = await readStackState(gateway(), config, 'some-stack');
  expect(read.state).toBeUndefined();
  expect(read.error).toMatch(
    /no state object at s3:\/\/genai-demo-terraform-state\/genai-demo\/some-stack.tfstate: is stack some-stack deployed\?/,
  );
});

test('dry run prints the GetObject and reads nothing', async () => {
  const printed: string[] = [];
  const read = await readStackState(gateway(true, printed), config, 'x');
  expect(read.state).toBeUndefined();
  expect(s3.calls()).toHaveLength(0);
  expect(printed).toEqual([
    '  would call s3.GetObject (ap-east-2) {"Bucket":"genai-demo-terraform-state","Key":"genai-demo/x.tfstate"}',
  ]);
});

test('peering id and replica identifier come from the resources in the state', () => {
  const multi: TerraformState = {
    resources: [
      { mode: 'data', type: 'aws_vpc_peering_connection', name: 'd', instances: [{ attributes: { id: 'pcx-data' } }] },
      {
        mode: 'managed',
        type: 'aws_vpc_peering_connection',
        name: 'r',
        instances: [{ attributes: { id: 'pcx-0abc' } }],
      },
    ],
  };
  expect(peeringIdFromState(multi)).toBe('pcx-0abc');
  expect(peeringIdFromState({ resources: [] })).toBeUndefined();
  const dr: TerraformState = {
    resources: [
      {
        type: 'aws_db_instance',
        name: 'other',
        instances: [{ attributes: { identifier: 'not-a-replica', replicate_source_db: '' } }],
      },
      {
        type: 'aws_db_instance',
        name: 'replica',
        instances: [
          { attributes: { identifier: 'dr-replica', replicate_source_db: 'arn:aws:rds:ap-east-2:1:db:primary' } },
        ],
      },
    ],
  };
  expect(replicaIdentifierFromState(dr)).toBe('dr-replica');
  expect(replicaIdentifierFromState(undefined)).toBeUndefined();
});

test('readDeployment: failover outputs from the state, peering and replica from the other stacks, each missing one explained', async () => {
  s3.on(GetObjectCommand, { Key: `genai-demo/${config.stackNames.failover}.tfstate` }).resolves({
    Body: body(FAILOVER_STATE),
  } as never);
  s3.on(GetObjectCommand, { Key: `genai-demo/${config.stackNames.multiRegion}.tfstate` }).resolves({
    Body: body({
      resources: [
        {
          mode: 'managed',
          type: 'aws_vpc_peering_connection',
          name: 'r',
          instances: [{ attributes: { id: 'pcx-1' } }],
        },
      ],
    }),
  } as never);
  s3.on(GetObjectCommand, { Key: `genai-demo/${config.stackNames.dr}.tfstate` }).rejects(
    Object.assign(new Error('x'), { name: 'NoSuchKey' }),
  );
  const d = await readDeployment(gateway(), config);
  expect(d.outputs.values.primary_health_check_id).toBe('hc-1');
  expect(d.outputs.missing).toEqual([
    'latency_record_name',
    'primary_alb_dns_name',
    'secondary_alb_dns_name',
    'failover_topic_arn',
  ]);
  expect(d.peeringId).toBe('pcx-1');
  expect(d.replicaId).toBeUndefined();
  expect(d.replicaNote).toMatch(/is stack .*-dr deployed/);
});

test('--outputs file: terraform output -json format; a broken file names itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drill-outputs-'));
  const good = join(dir, 'o.json');
  writeFileSync(good, JSON.stringify({ primary_health_check_id: { sensitive: false, type: 'string', value: 'hc-9' } }));
  expect(outputsFromFile(good).values).toEqual({ primary_health_check_id: 'hc-9' });
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '[1,2]');
  expect(() => outputsFromFile(bad)).toThrow(/--outputs .*bad.json: expected a JSON object/);
  expect(() => outputsFromFile(join(dir, 'none.json'))).toThrow(/--outputs .*none.json: no such file/);
});
