import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/**
 * RDS event categories (source type db-instance) that matter for replication and failover: the instance
 * becomes unavailable or available again, Multi-AZ failover, failures, replica errors and promotion
 * ("read replica"), and recovery.
 */
export const REPLICATION_EVENT_CATEGORIES: readonly string[] = ['availability', 'failover', 'failure', 'read replica', 'recovery'];
/** Minutes the replica lag must be over the threshold (out of REPLICA_LAG_EVALUATION_PERIODS) to alarm. */
const REPLICA_LAG_DATAPOINTS = 2;
const REPLICA_LAG_EVALUATION_PERIODS = 3;

/** One region's database and where its notifications go. */
export interface ReplicationEndpoint {
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
  /** The source database (primary region). */
  readonly source: ReplicationEndpoint;
  /** The cross-region read replica (DR region): its lag is alarmed, to its endpoint's topic. */
  readonly replica: ReplicationEndpoint;
  /** Name of the ReplicaLag alarm. */
  readonly lagAlarmName: string;
  /** Lag above which the alarm fires, in seconds. */
  readonly lagThresholdSeconds: number;
  /** The recovery point objective in seconds, quoted in the alarm description. */
  readonly rpoTargetSeconds: number;
}

/**
 * Watches cross-region replication: a ReplicaLag alarm on the DR replica (AWS/RDS publishes ReplicaLag for
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

    new CloudwatchMetricAlarm(this, 'ReplicaLagAlarm', {
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

    for (const [role, endpoint] of [
      ['Replica', replica],
      ['Source', source],
    ] as const) {
      new DbEventSubscription(this, `${role}Events`, {
        provider: endpoint.provider,
        name: endpoint.subscriptionName,
        snsTopic: endpoint.topicArn,
        sourceType: 'db-instance',
        sourceIds: [endpoint.instanceIdentifier],
        eventCategories: [...REPLICATION_EVENT_CATEGORIES],
        tags: { Name: endpoint.subscriptionName },
      });
    }
    this.lagAlarmName = props.lagAlarmName;
  }
}
