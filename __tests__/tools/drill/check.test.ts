import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVpcPeeringConnectionsCommand } from '@aws-sdk/client-ec2';
import { checkExitCode, formatCheckTable, runCheck, type CheckRow } from '../../../tools/drill/check';
import type { Deployment } from '../../../tools/drill/deployment';
import { GetHostedZoneCommand, type GetHostedZoneCommandOutput } from '@aws-sdk/client-route-53';
import { pickOutputs } from '../../../tools/drill/outputs';
import { awsProbe, outputInput, type AwsRead, type Observation, type ProbeContext } from '../../../tools/drill/probes';
import { PRIMARY_ALB, SECONDARY_IPS, World, ZONE_ID, outputMap } from './fakes';

const NOW = new Date('2026-01-01T00:00:00Z');

let world: World;
afterEach(() => world.restoreMocks());

function deployment(w: World, extra: Partial<Deployment> = {}): Deployment {
  return {
    outputs: pickOutputs(outputMap(w.config), 's3://test/state'),
    peeringId: 'pcx-0123456789abcdef0',
    peeringNote: '',
    replicaId: 'genai-demo-production-dr-postgres',
    replicaNote: '',
    ...extra,
  };
}

function row(rows: CheckRow[], check: RegExp): CheckRow {
  const found = rows.filter((r) => check.test(r.check));
  expect(found).toHaveLength(1);
  return found[0];
}

test('a healthy deployment on AWS: every row passes, in a fixed order', async () => {
  world = new World();
  world.cloudwatch
    .on(GetMetricStatisticsCommand, { Namespace: 'AWS/RDS' })
    .resolves({ Datapoints: [{ Timestamp: NOW, Maximum: 2 }] });
  const rows = await runCheck(world.context(), deployment(world), NOW);
  expect(rows.map((r) => r.check)).toEqual([
    'health endpoint, primary (Taiwan ap-east-2)',
    'health endpoint, DR (Tokyo ap-northeast-1)',
    'health check, primary: settings',
    'health check, primary: status',
    'health check, DR: settings',
    'health check, DR: status',
    'Route 53 answer, api.kimkao.io',
    'Route 53 answer, api-latency.kimkao.io',
    'name servers, api.kimkao.io',
    'name servers, api-latency.kimkao.io',
    'VPC peering',
    'DR replica lag',
  ]);
  expect(rows.filter((r) => r.verdict !== 'pass')).toEqual([]);
  expect(row(rows, /^health endpoint, primary/).detail).toMatch(
    new RegExp(`HTTP 200 .*api\\.kimkao\\.io via ${PRIMARY_ALB}`),
  );
  expect(row(rows, /^Route 53 answer, api\.kimkao/).detail).toMatch(/^-> primary/);
  expect(row(rows, /^VPC peering/).detail).toMatch(/ap-east-2 active, ap-northeast-1 active/);
  expect(row(rows, /replica lag/).detail).toMatch(/2 s .*alarm above 60 s/);
  // Peering is looked at from both regions.
  expect(world.ec2.commandCalls(DescribeVpcPeeringConnectionsCommand)).toHaveLength(2);
  expect(checkExitCode(rows, { missing: [] })).toBe(0);
});

test('the failover name answering with DR fails the check; the latency name may answer with either', async () => {
  world = new World({ switchAfterMs: 0 });
  world.invertedAt = world.clock.now();
  const rows = await runCheck(world.context(), deployment(world), NOW);
  expect(row(rows, /^Route 53 answer, api\.kimkao/)).toEqual(expect.objectContaining({ verdict: 'fail' }));
  expect(row(rows, /^Route 53 answer, api\.kimkao/).detail).toContain(SECONDARY_IPS[0]);
  expect(row(rows, /^name servers, api\.kimkao/).verdict).toBe('fail');
  expect(row(rows, /^Route 53 answer, api-latency/).verdict).toBe('pass');
  expect(checkExitCode(rows, { missing: [] })).toBe(1);
});

test('an inverted primary check (a drill not restored) fails the settings row', async () => {
  world = new World();
  world.inverted = true;
  const rows = await runCheck(world.context(), deployment(world), NOW);
  expect(row(rows, /primary: settings/)).toEqual(
    expect.objectContaining({ verdict: 'fail', detail: expect.stringMatching(/INVERTED/) }),
  );
});

test('replica lag above the alarm threshold fails; no datapoint on AWS fails too', async () => {
  world = new World();
  world.cloudwatch
    .on(GetMetricStatisticsCommand, { Namespace: 'AWS/RDS' })
    .resolves({ Datapoints: [{ Timestamp: NOW, Maximum: 61 }] });
  let rows = await runCheck(world.context(), deployment(world), NOW);
  expect(row(rows, /replica lag/).verdict).toBe('fail');
  world.cloudwatch.on(GetMetricStatisticsCommand, { Namespace: 'AWS/RDS' }).resolves({ Datapoints: [] });
  rows = await runCheck(world.context(), deployment(world), NOW);
  expect(row(rows, /replica lag/)).toEqual(
    expect.objectContaining({ verdict: 'fail', detail: expect.stringMatching(/no ReplicaLag datapoint/) }),
  );
});

test('on the emulator: no HTTP or name-server query, canned status and missing TestDNSAnswer are N/O, peering is observed', async () => {
  world = new World({ emulator: true });
  const ctx = world.context();
  const httpsGet = jest.fn();
  const queryAuthoritative = jest.fn();
  const rows = await runCheck({ ...ctx, net: { ...ctx.net, httpsGet, queryAuthoritative } }, deployment(world), NOW);
  expect(httpsGet).not.toHaveBeenCalled();
  expect(queryAuthoritative).not.toHaveBeenCalled();
  expect(row(rows, /^health endpoint, primary/).verdict).toBe('not-observable');
  expect(row(rows, /primary: status/)).toEqual(
    expect.objectContaining({ verdict: 'not-observable', detail: expect.stringMatching(/canned/) }),
  );
  expect(row(rows, /^Route 53 answer, api\.kimkao/)).toEqual(
    expect.objectContaining({ verdict: 'not-observable', detail: expect.stringMatching(/HTTP 404/) }),
  );
  expect(row(rows, /^name servers, api\.kimkao/).verdict).toBe('not-observable');
  expect(row(rows, /replica lag/)).toEqual(
    expect.objectContaining({ verdict: 'not-observable', detail: expect.stringMatching(/publishes no RDS metrics/) }),
  );
  expect(row(rows, /primary: settings/).verdict).toBe('pass');
  expect(row(rows, /VPC peering/).verdict).toBe('pass');
  expect(checkExitCode(rows, { missing: [] })).toBe(0);
});

test('missing outputs and states are N/A with the reason, never a guess', async () => {
  world = new World();
  const outputs = pickOutputs({}, 's3://genai-demo-terraform-state/genai-demo/x.tfstate');
  const rows = await runCheck(
    world.context({ outputs }),
    deployment(world, {
      outputs,
      peeringId: undefined,
      peeringNote: 'no state object at s3://b/mr: is stack mr deployed?',
      replicaId: undefined,
      replicaNote: 'no aws_db_instance with replicate_source_db',
    }),
    NOW,
  );
  expect(row(rows, /^health endpoint, primary/)).toEqual(
    expect.objectContaining({
      verdict: 'not-available',
      detail: expect.stringMatching(/primary_alb_dns_name is missing/),
    }),
  );
  expect(row(rows, /primary: status/).verdict).toBe('not-available');
  expect(row(rows, /^Route 53 answer, api\.kimkao/)).toEqual(
    expect.objectContaining({ verdict: 'not-available', detail: expect.stringMatching(/hosted_zone_id/) }),
  );
  expect(row(rows, /VPC peering/)).toEqual(
    expect.objectContaining({ verdict: 'not-available', detail: expect.stringMatching(/is stack mr deployed/) }),
  );
  expect(row(rows, /replica lag/).verdict).toBe('not-available');
  expect(world.route53.calls()).toHaveLength(0);
  expect(world.cloudwatch.calls()).toHaveLength(0);
  // The failover path was not checked: not a pass.
  expect(checkExitCode(rows, outputs)).toBe(1);
  expect(checkExitCode([], { missing: ['failover_topic_arn'] })).toBe(0);
  expect(checkExitCode([], { missing: ['hosted_zone_id'] })).toBe(1);
});

test('outputs that could not be read at all: every row says so, and the check exits 1 (nothing was checked)', async () => {
  world = new World();
  const outputs = { ...pickOutputs({}, 's3://b/k'), error: 'cannot read s3://b/k: CredentialsProviderError' };
  const rows = await runCheck(world.context({ outputs }), deployment(world, { outputs }), NOW);
  expect(row(rows, /primary: settings/)).toEqual(
    expect.objectContaining({
      verdict: 'not-available',
      detail: 'primary_health_check_id: failover stack outputs not read (see above)',
    }),
  );
  expect(checkExitCode(rows, outputs)).toBe(1);
});

test('an endpoint that is down fails with the error, within the timeout', async () => {
  world = new World();
  const ctx = world.context();
  const httpsGet = jest.fn().mockRejectedValue(new Error('no answer within 1000 ms'));
  const rows = await runCheck({ ...ctx, net: { ...ctx.net, httpsGet } }, deployment(world), NOW);
  expect(row(rows, /^health endpoint, DR/)).toEqual(
    expect.objectContaining({
      verdict: 'fail',
      detail: expect.stringMatching(/api-dr\.kimkao\.io via .*no answer within 1000 ms/),
    }),
  );
  expect(httpsGet).toHaveBeenCalledWith(
    expect.objectContaining({ path: '/actuator/health', timeoutMs: 1000, serverName: 'api-dr.kimkao.io' }),
  );
});

test('a 200 without "status":"UP" is a failure (a broken dependency can hide behind a 200)', async () => {
  world = new World();
  const ctx = world.context();
  const httpsGet = jest.fn().mockResolvedValue({ status: 200, body: '{"status":"DOWN"}', elapsedMs: 3 });
  const rows = await runCheck({ ...ctx, net: { ...ctx.net, httpsGet } }, deployment(world), NOW);
  expect(row(rows, /^health endpoint, primary/).verdict).toBe('fail');
});

test('dry run prints the calls of check and sends none', async () => {
  world = new World();
  await runCheck(world.context({ dryRun: true }), deployment(world), NOW);
  expect(world.totalCalls()).toBe(0);
  expect(world.printed.some((l) => /would GET https:\/\/primary-alb/.test(l))).toBe(true);
  expect(world.printed.some((l) => /would call ec2.DescribeVpcPeeringConnections \(ap-northeast-1\)/.test(l))).toBe(
    true,
  );
});

test('the table shows each verdict, the counts and what N/O and N/A mean', () => {
  const text = formatCheckTable([
    { check: 'a', verdict: 'pass', detail: 'ok' },
    { check: 'bb', verdict: 'fail', detail: 'bad' },
    { check: 'c', verdict: 'not-observable', detail: 'emulator' },
    { check: 'd', verdict: 'not-available', detail: 'missing' },
  ]);
  expect(text).toMatch(/^PASS {4}a /m);
  expect(text).toMatch(/^FAIL {4}bb/m);
  expect(text).toMatch(/^N\/O {5}c /m);
  expect(text).toContain('1 passed, 1 failed, 1 not observable (N/O), 1 not available (N/A)');
  expect(text).toMatch(/N\/O: the endpoint cannot show this \(not a pass\)/);
});

describe('awsProbe: the skeleton every AWS probe shares', () => {
  /** A zone read through the helper, with a spy on what it reads. */
  function zoneProbe(ctx: ProbeContext, extra: Partial<AwsRead<GetHostedZoneCommandOutput, string>> = {}) {
    const read = jest.fn(
      (out: GetHostedZoneCommandOutput): Observation<string> => ({
        verdict: 'pass',
        value: out.HostedZone?.Name,
        detail: 'read',
      }),
    );
    const probe = awsProbe(ctx, {
      ...outputInput(ctx, 'hosted_zone_id'),
      service: 'route53',
      region: 'us-east-1',
      command: (id) => new GetHostedZoneCommand({ Id: id }),
      read,
      errorPrefix: 'zone: ',
      ...extra,
    });
    return { probe, read };
  }

  test("the answer goes to the probe's reader, the command gets the input's value", async () => {
    world = new World();
    const { probe, read } = zoneProbe(world.context());
    expect(await probe).toEqual({ verdict: 'pass', value: 'kimkao.io.', detail: 'read' });
    expect(read).toHaveBeenCalledTimes(1);
    expect(world.route53.commandCalls(GetHostedZoneCommand).map((c) => c.args[0].input)).toEqual([{ Id: ZONE_ID }]);
  });

  test('without its input a real run calls nothing and says what is missing', async () => {
    world = new World();
    const { probe, read } = zoneProbe(world.context({ outputs: pickOutputs({}, 's3://b/k') }));
    expect(await probe).toEqual({ verdict: 'not-available', detail: 'output hosted_zone_id is missing from s3://b/k' });
    expect(read).not.toHaveBeenCalled();
    expect(world.totalCalls()).toBe(0);
  });

  test('a dry run prints the call with a placeholder for the unknown input, and reads nothing', async () => {
    world = new World();
    const { probe, read } = zoneProbe(world.context({ dryRun: true, outputs: pickOutputs({}, 's3://b/k') }));
    expect(await probe).toEqual({ verdict: 'not-observable', detail: 'dry run: not called' });
    expect(world.printed).toEqual(['  would call route53.GetHostedZone (us-east-1) {"Id":"<hosted_zone_id>"}']);
    expect(read).not.toHaveBeenCalled();
  });

  test('an error fails with its description after the prefix; a reader that throws counts as one', async () => {
    world = new World();
    world.route53
      .on(GetHostedZoneCommand)
      .rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    expect(await zoneProbe(world.context()).probe).toEqual({
      verdict: 'fail',
      detail: 'zone: AccessDenied: Access denied (HTTP 403)',
    });
    world.route53.reset();
    world.route53.on(GetHostedZoneCommand).resolves({});
    const throwing = () => {
      throw new Error('unexpected answer');
    };
    expect(await zoneProbe(world.context(), { read: throwing }).probe).toEqual({
      verdict: 'fail',
      detail: 'zone: unexpected answer',
    });
  });

  test('onError decides first (an API the endpoint lacks); undefined from it leaves the failure', async () => {
    world = new World();
    world.route53
      .on(GetHostedZoneCommand)
      .rejects(Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    const lacking = (): Observation<string> => ({ verdict: 'not-observable', detail: 'not implemented here' });
    expect(await zoneProbe(world.context(), { onError: lacking }).probe).toEqual({
      verdict: 'not-observable',
      detail: 'not implemented here',
    });
    expect(await zoneProbe(world.context(), { onError: () => undefined }).probe).toEqual({
      verdict: 'fail',
      detail: 'zone: NotFound: Not Found (HTTP 404)',
    });
  });
});
