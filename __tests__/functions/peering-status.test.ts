import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVpcPeeringConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, metricValue } from '../../functions/peering-status';

const ec2 = mockClient(EC2Client);
const cloudwatch = mockClient(CloudWatchClient);
const PCX = 'pcx-0123456789abcdef0';

function withStatus(code: string | undefined): void {
  ec2.on(DescribeVpcPeeringConnectionsCommand, { VpcPeeringConnectionIds: [PCX] }).resolves({
    VpcPeeringConnections: code === undefined ? [] : [{ VpcPeeringConnectionId: PCX, Status: { Code: code as never } }],
  });
}

function putCalls() {
  return cloudwatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input);
}

beforeEach(() => {
  ec2.reset();
  cloudwatch.reset();
  cloudwatch.on(PutMetricDataCommand).resolves({});
  process.env.VPC_PEERING_CONNECTION_ID = PCX;
  process.env.METRIC_NAMESPACE = 'GenAIDemo/MultiRegion';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('peering-status handler', () => {
  test('active connection publishes 1 in the namespace with the connection id as dimension', async () => {
    withStatus('active');
    await expect(handler()).resolves.toEqual({ vpcPeeringConnectionId: PCX, status: 'active', value: 1 });
    expect(putCalls()).toEqual([
      {
        Namespace: 'GenAIDemo/MultiRegion',
        MetricData: [
          {
            MetricName: 'VpcPeeringActive',
            Dimensions: [{ Name: 'VpcPeeringConnectionId', Value: PCX }],
            Value: 1,
            Unit: 'None',
          },
        ],
      },
    ]);
    expect(ec2.commandCalls(DescribeVpcPeeringConnectionsCommand)[0].args[0].input).toEqual({
      VpcPeeringConnectionIds: [PCX],
    });
  });

  test.each([
    'pending-acceptance',
    'initiating-request',
    'provisioning',
    'failed',
    'expired',
    'rejected',
    'deleted',
    'deleting',
  ])('status %s publishes 0', async (code) => {
    withStatus(code);
    await expect(handler()).resolves.toMatchObject({ status: code, value: 0 });
    expect(putCalls()[0].MetricData![0].Value).toBe(0);
  });

  test('an empty answer publishes 0 as not-found', async () => {
    withStatus(undefined);
    await expect(handler()).resolves.toMatchObject({ status: 'not-found', value: 0 });
    expect(putCalls()[0].MetricData![0].Value).toBe(0);
  });

  test('an unknown connection id (NotFound error) publishes 0', async () => {
    const notFound = Object.assign(new Error('The vpcPeeringConnection ID does not exist'), {
      name: 'InvalidVpcPeeringConnectionID.NotFound',
    });
    ec2.on(DescribeVpcPeeringConnectionsCommand).rejects(notFound);
    await expect(handler()).resolves.toMatchObject({ status: 'not-found', value: 0 });
    expect(putCalls()).toHaveLength(1);
  });

  test('any other EC2 error is rethrown and nothing is published', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' });
    ec2.on(DescribeVpcPeeringConnectionsCommand).rejects(throttled);
    await expect(handler()).rejects.toThrow('Rate exceeded');
    expect(putCalls()).toHaveLength(0);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('RequestLimitExceeded'));
  });

  test('a PutMetricData failure is rethrown', async () => {
    withStatus('active');
    cloudwatch.on(PutMetricDataCommand).rejects(new Error('AccessDenied'));
    await expect(handler()).rejects.toThrow('AccessDenied');
  });

  test('missing configuration fails before any call', async () => {
    delete process.env.METRIC_NAMESPACE;
    await expect(handler()).rejects.toThrow('METRIC_NAMESPACE');
    expect(ec2.calls()).toHaveLength(0);
  });

  test('metricValue is 1 only for active', () => {
    expect(metricValue('active')).toBe(1);
    expect(metricValue('Active')).toBe(0);
    expect(metricValue('')).toBe(0);
  });
});
