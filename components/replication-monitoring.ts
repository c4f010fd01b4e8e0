import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/**
 * RDS event categories (source type db-instance) that matter for replication and failover: the instance
 * becomes unavailable or available again, Multi-AZ failover, failures, replica errors and promotion
 * ("read replica"), and recovery.
 */
export const REPLICATION_EVENT_CATEGORIES: readonly string[] = [
  'availability',
  'failover',
  'failure',
  'read replica',
  'recovery',
];
/** Minutes the replica lag must be over the threshold (out of REPLICA_LAG_EVALUATION_PERIODS) to alarm. */
const REPLICA_LAG_DATAPOINTS = 2;
const REPLICA_LAG_EVALUATION_PERIODS = 3;

/** One region's database and where its notifications go. */
export interface ReplicationEndpoint {
  /**
   * Construct-id stem bound to the endpoint's region, not to its role (`PrimaryRegion`, `DrRegion`): when the
   * roles swap, a resource stays with its region's provider and is updated or replaced there, never moved
   * to the other region under the same address.
   */
  readonly id: string;
  /** Provider of the database's region (event subscriptions must be in the region of the instance and topic). */
  readonly provider: AwsProvider;
  /** The DB instance identifier. */
  readonly instanceIdentifier: string;
  /** SNS topic, in the same region, receiving the instance's events. */
  readonly topicArn: string;
  /** Name of the event subscription. */
  readonly subscriptionName: string;
}

/** Props of {@link ReplicationMonitoring}. */
export interface ReplicationMonitoringProps {
  /** The source database: the writer. */
  readonly source: ReplicationEndpoint;
  /** The cross-region read replica (in the other region): its lag is alarmed, to its endpoint's topic. */
  readonly replica: ReplicationEndpoint;
  /** Name of the ReplicaLag alarm. */
  readonly lagAlarmName: string;
  /** Lag above which the alarm fires, in seconds. */
  readonly lagThresholdSeconds: number;
  /** The recovery point objective in seconds, quoted in the alarm description. */
  readonly rpoTargetSeconds: number;
  /**
   * Addresses these resources had before their ids were bound to regions, for `moved` blocks: the alarm's,
   * and each subscription's by endpoint id. @default - none
   */
  readonly movedFrom?: { readonly lagAlarm?: string; readonly events?: Readonly<Record<string, string>> };
}

/**
 * Watches cross-region replication in whichever direction the roles set: a ReplicaLag alarm on the replica (AWS/RDS publishes ReplicaLag for
 * read replicas, in the replica's region) and RDS event subscriptions for the replica and for its source.
 * Replication is asynchronous, so the lag is the data a regional failover would lose right now: the
 * alarm is the RPO's early warning. Missing data is breaching: the replica stops reporting lag when
 * replication stops or the replica has been promoted, and in both cases the RPO is no longer protected.
 */
export class ReplicationMonitoring extends Construct {
  /** Name of the ReplicaLag alarm. */
  readonly lagAlarmName: string;

  constructor(scope: Construct, id: string, props: ReplicationMonitoringProps) {
    super(scope, id);
    const { source, replica } = props;
    if (source.id === replica.id) {
      throw new Error(
        `ReplicationMonitoring ${id}: source and replica are both ${source.id}; they must be two regions`,
      );
    }
    if (!(props.lagThresholdSeconds > 0)) {
      throw new Error(
        `ReplicationMonitoring ${id}: lagThresholdSeconds ${props.lagThresholdSeconds}: expected more than 0 seconds`,
      );
    }

    const alarm = new CloudwatchMetricAlarm(this, `${replica.id}ReplicaLagAlarm`, {
      provider: replica.provider,
      alarmName: props.lagAlarmName,
      alarmDescription:
        `Replica ${replica.instanceIdentifier} is more than ${props.lagThresholdSeconds} s behind its source ` +
        `(${REPLICA_LAG_DATAPOINTS} of ${REPLICA_LAG_EVALUATION_PERIODS} minutes), or reports no lag (replication stopped or replica promoted). ` +
        `A regional failover now would lose about that much committed data; the RPO target is ${props.rpoTargetSeconds} s.`,
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: replica.instanceIdentifier },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: REPLICA_LAG_EVALUATION_PERIODS,
      datapointsToAlarm: REPLICA_LAG_DATAPOINTS,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: props.lagThresholdSeconds,
      treatMissingData: 'breaching',
      alarmActions: [replica.topicArn],
      okActions: [replica.topicArn],
      tags: { Name: props.lagAlarmName },
    });

    if (props.movedFrom?.lagAlarm !== undefined) alarm.moveFromId(props.movedFrom.lagAlarm);

    for (const endpoint of [replica, source]) {
      const subscription = new DbEventSubscription(this, `${endpoint.id}Events`, {
        provider: endpoint.provider,
        name: endpoint.subscriptionName,
        snsTopic: endpoint.topicArn,
        sourceType: 'db-instance',
        sourceIds: [endpoint.instanceIdentifier],
        eventCategories: [...REPLICATION_EVENT_CATEGORIES],
        tags: { Name: endpoint.subscriptionName },
      });
      const from = props.movedFrom?.events?.[endpoint.id];
      if (from !== undefined) subscription.moveFromId(from);
    }
    this.lagAlarmName = props.lagAlarmName;
  }
}
