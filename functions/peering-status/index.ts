/**
 * Publishes the state of one VPC peering connection as a CloudWatch metric, which AWS does not publish
 * itself: `<METRIC_NAMESPACE>/VpcPeeringActive` = 1 when the connection's status is `active`, 0 for any
 * other status (pending-acceptance, failed, expired, rejected, deleted...) and when the connection does
 * not exist. Invoked every minute by an EventBridge schedule.
 *
 * When the EC2 or CloudWatch call fails for any other reason (throttling, permissions, an outage), the
 * error is logged and rethrown: no datapoint is written for that minute, the invocation counts in the
 * function's `Errors` metric, and the alarm (missing data treated as breaching) fires if it keeps failing.
 * A check that could not be made is never reported as a healthy or a broken link.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVpcPeeringConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';

/** Metric name of the peering state. */
export const METRIC_NAME = 'VpcPeeringActive';
/** Dimension carrying the peering connection id. */
export const DIMENSION_NAME = 'VpcPeeringConnectionId';
/** Status reported when EC2 does not know the connection id. */
export const NOT_FOUND = 'not-found';

const ec2 = new EC2Client({});
const cloudwatch = new CloudWatchClient({});

/** What one invocation observed and published. */
export interface PeeringStatusResult {
  readonly vpcPeeringConnectionId: string;
  /** The connection's status code, or `not-found`. */
  readonly status: string;
  /** The published value: 1 when active, 0 otherwise. */
  readonly value: 0 | 1;
}

/** The metric value for a peering status code. */
export function metricValue(status: string): 0 | 1 {
  return status === 'active' ? 1 : 0;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The connection's status code; `not-found` when EC2 does not know the id (a finding, not a failure). */
async function peeringStatus(vpcPeeringConnectionId: string): Promise<string> {
  try {
    const out = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [vpcPeeringConnectionId] }));
    return out.VpcPeeringConnections?.[0]?.Status?.Code ?? NOT_FOUND;
  } catch (err) {
    if (err instanceof Error && err.name === 'InvalidVpcPeeringConnectionID.NotFound') return NOT_FOUND;
    throw err;
  }
}

export async function handler(): Promise<PeeringStatusResult> {
  const vpcPeeringConnectionId = requiredEnv('VPC_PEERING_CONNECTION_ID');
  const namespace = requiredEnv('METRIC_NAMESPACE');
  try {
    const status = await peeringStatus(vpcPeeringConnectionId);
    const value = metricValue(status);
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          {
            MetricName: METRIC_NAME,
            Dimensions: [{ Name: DIMENSION_NAME, Value: vpcPeeringConnectionId }],
            Value: value,
            Unit: 'None',
          },
        ],
      }),
    );
    console.log(JSON.stringify({ vpcPeeringConnectionId, status, value }));
    return { vpcPeeringConnectionId, status, value };
  } catch (err) {
    console.error(JSON.stringify({ vpcPeeringConnectionId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
    throw err;
  }
}
