import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { HEALTH_CHECK_METRIC_PERIOD_SECONDS, ROUTE53_NAMESPACE, type MonitoredRegion } from './failover-alarms';

/** DNSQueries is summed over five minutes: a per-minute count of cached-resolver traffic is mostly noise. */
const DNS_QUERIES_PERIOD_SECONDS = 300;
/** The dashboard grid is 24 units wide. */
const HALF_WIDTH = 12;
const THIRD_WIDTH = 8;
const ROW_HEIGHT = 6;

/** Props of {@link FailoverDashboard}. */
export interface FailoverDashboardProps {
  /** The provider in the region Route 53 publishes its metrics to (us-east-1). */
  readonly provider: AwsProvider;
  /** That region, named in every metric widget (a widget reads metrics of one region). */
  readonly metricsRegion: string;
  /** Dashboard name. */
  readonly dashboardName: string;
  /** The primary region's health check. */
  readonly primary: MonitoredRegion;
  /** The DR region's health check. */
  readonly dr: MonitoredRegion;
  /** The public hosted zone (DNSQueries dimension `HostedZoneId`). */
  readonly hostedZoneId: string;
  /** The zone's domain, for the widget title. */
  readonly domain: string;
  /** ARNs of the alarms shown in the alarm-status widget, in display order. */
  readonly alarmArns: readonly string[];
}

/** One line of a metric widget: namespace, metric name, dimension name/value pairs, then render options. */
type MetricLine = ReadonlyArray<string | { readonly label: string }>;

/**
 * The failover dashboard of the spec, from metrics Route 53 actually publishes (AWS/Route53, us-east-1):
 * - failover events timeline: HealthCheckStatus of both regions, and the state of the failover alarms;
 * - checkers reporting healthy (%), HealthCheckPercentageHealthy;
 * - health-check response times: ConnectionTime, SSLHandshakeTime, TimeToFirstByte (need measure_latency);
 * - DNS query patterns: DNSQueries of the hosted zone.
 */
export class FailoverDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: FailoverDashboardProps) {
    super(scope, id);
    const regions = [props.primary, props.dr];
    const perRegion = (metricName: string): MetricLine[] =>
      regions.map((r) => [
        ROUTE53_NAMESPACE,
        metricName,
        'HealthCheckId',
        r.healthCheckId,
        { label: `${r.regionName} (${r.region})` },
      ]);
    const metricWidget = (
      position: { x: number; y: number; width: number },
      title: string,
      metrics: MetricLine[],
      stat: string,
      period: number,
      extra: Record<string, unknown> = {},
    ) => ({
      type: 'metric',
      ...position,
      height: ROW_HEIGHT,
      properties: {
        title,
        region: props.metricsRegion,
        view: 'timeSeries',
        stacked: false,
        metrics,
        stat,
        period,
        ...extra,
      },
    });

    const widgets = [
      metricWidget(
        { x: 0, y: 0, width: HALF_WIDTH },
        'Failover timeline: health check status (1 healthy, 0 unhealthy)',
        perRegion('HealthCheckStatus'),
        'Minimum',
        HEALTH_CHECK_METRIC_PERIOD_SECONDS,
        { yAxis: { left: { min: 0, max: 1 } } },
      ),
      {
        type: 'alarm',
        x: HALF_WIDTH,
        y: 0,
        width: HALF_WIDTH,
        height: ROW_HEIGHT,
        properties: { title: 'Failover alarms', alarms: [...props.alarmArns] },
      },
      metricWidget(
        { x: 0, y: ROW_HEIGHT, width: HALF_WIDTH },
        'Health checkers reporting healthy (%)',
        perRegion('HealthCheckPercentageHealthy'),
        'Average',
        HEALTH_CHECK_METRIC_PERIOD_SECONDS,
        { yAxis: { left: { min: 0, max: 100 } } },
      ),
      metricWidget(
        { x: HALF_WIDTH, y: ROW_HEIGHT, width: HALF_WIDTH },
        `DNS queries answered for ${props.domain} (per 5 min)`,
        [[ROUTE53_NAMESPACE, 'DNSQueries', 'HostedZoneId', props.hostedZoneId]],
        'Sum',
        DNS_QUERIES_PERIOD_SECONDS,
      ),
      metricWidget(
        { x: 0, y: 2 * ROW_HEIGHT, width: THIRD_WIDTH },
        'Health check TCP connection time (ms)',
        perRegion('ConnectionTime'),
        'Average',
        HEALTH_CHECK_METRIC_PERIOD_SECONDS,
      ),
      metricWidget(
        { x: THIRD_WIDTH, y: 2 * ROW_HEIGHT, width: THIRD_WIDTH },
        'Health check TLS handshake time (ms)',
        perRegion('SSLHandshakeTime'),
        'Average',
        HEALTH_CHECK_METRIC_PERIOD_SECONDS,
      ),
      metricWidget(
        { x: 2 * THIRD_WIDTH, y: 2 * ROW_HEIGHT, width: THIRD_WIDTH },
        'Health check time to first byte (ms)',
        perRegion('TimeToFirstByte'),
        'Average',
        HEALTH_CHECK_METRIC_PERIOD_SECONDS,
      ),
    ];

    this.dashboard = new CloudwatchDashboard(this, 'Dashboard', {
      provider: props.provider,
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
