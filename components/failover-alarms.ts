import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { ROUTE53_METRICS_REGION } from '../config/route53-limits';

/** Namespace of the Route 53 metrics. */
export const ROUTE53_NAMESPACE = 'AWS/Route53';
/** Route 53 reports HealthCheckStatus once a minute. */
export const HEALTH_CHECK_METRIC_PERIOD_SECONDS = 60;
/**
 * A missing HealthCheckStatus point means the health check no longer reports (deleted, or Route 53 not
 * publishing): nothing watches the region any more, which is treated as a failure rather than as "fine".
 */
export const HEALTH_CHECK_TREAT_MISSING_DATA = 'breaching';

/** One region's health check, as the alarms need it. */
export interface MonitoredRegion {
  /** Human name, e.g. `Taiwan`. */
  readonly regionName: string;
  /** AWS region, e.g. `ap-east-2`. */
  readonly region: string;
  /** The Route 53 health check id (metric dimension `HealthCheckId`). */
  readonly healthCheckId: string;
}

/** Props of {@link FailoverAlarms}. */
export interface FailoverAlarmsProps {
  /** The provider in {@link ROUTE53_METRICS_REGION}; every alarm is created with it. */
  readonly provider: AwsProvider;
  /** Prefix of the alarm names, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** The name clients use (`api.<domain>`), quoted in the descriptions. */
  readonly failoverName: string;
  /** The primary region. */
  readonly primary: MonitoredRegion;
  /** The DR region. */
  readonly dr: MonitoredRegion;
  /** Topic notified on ALARM and on recovery (OK) of every alarm. */
  readonly topicArn: string;
}

/**
 * The failover alarms, in us-east-1 where the metric exists:
 * - primary HealthCheckStatus < 1: Route 53 is failing `api` over to the DR region;
 * - DR HealthCheckStatus < 1: the failover target is down;
 * - composite "both regions down": ALARM(primary) AND ALARM(DR), the critical page.
 * Each notifies the topic on ALARM and again on OK (recovery / fail-back).
 */
export class FailoverAlarms extends Construct {
  readonly primaryAlarm: CloudwatchMetricAlarm;
  readonly drAlarm: CloudwatchMetricAlarm;
  readonly bothRegionsDownAlarm: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: FailoverAlarmsProps) {
    super(scope, id);
    const { provider, primary, dr, topicArn } = props;

    const healthAlarm = (alarmId: string, region: MonitoredRegion, suffix: string, description: string) =>
      new CloudwatchMetricAlarm(this, alarmId, {
        provider,
        alarmName: `${props.namePrefix}-${suffix}`,
        alarmDescription: description,
        namespace: ROUTE53_NAMESPACE,
        metricName: 'HealthCheckStatus',
        dimensions: { HealthCheckId: region.healthCheckId },
        statistic: 'Minimum',
        period: HEALTH_CHECK_METRIC_PERIOD_SECONDS,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        treatMissingData: HEALTH_CHECK_TREAT_MISSING_DATA,
        alarmActions: [topicArn],
        okActions: [topicArn],
      });

    this.primaryAlarm = healthAlarm(
      'PrimaryUnhealthy',
      primary,
      'failover-primary-unhealthy',
      `Route 53 health check of the primary region (${primary.regionName}, ${primary.region}) is failing: ` +
        `${props.failoverName} is failing over to ${dr.regionName} (${dr.region}). ` +
        'OK again means traffic is returning to the primary.',
    );
    // The id and the alarm name keep `secondary`: both are deployed names (the id is the address).
    this.drAlarm = healthAlarm(
      'SecondaryUnhealthy',
      dr,
      'failover-secondary-unhealthy',
      `Route 53 health check of the DR region (${dr.regionName}, ${dr.region}) is failing: ` +
        `${props.failoverName} has no healthy failover target while it lasts.`,
    );

    this.bothRegionsDownAlarm = new CloudwatchCompositeAlarm(this, 'BothRegionsDown', {
      provider,
      alarmName: `${props.namePrefix}-failover-both-regions-down`,
      alarmDescription:
        `CRITICAL: both ${primary.regionName} (${primary.region}) and ${dr.regionName} (${dr.region}) ` +
        `fail their Route 53 health checks; ${props.failoverName} has no healthy region.`,
      alarmRule: `ALARM("${this.primaryAlarm.arn}") AND ALARM("${this.drAlarm.arn}")`,
      alarmActions: [topicArn],
      okActions: [topicArn],
    });
  }
}
