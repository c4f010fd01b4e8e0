import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { ROUTE53_METRICS_REGION } from '../config/route53-limits';

/** One region's load balancer, as charted. */
export interface DashboardRegion {
  /** AWS region name: the region of the widget's metrics. */
  readonly region: string;
  /** Human name of the region, used in titles. */
  readonly regionName: string;
  /** The ALB's `app/<name>/<id>`: the AWS/ApplicationELB `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
}

/** The peering metric, when peering is deployed. */
export interface DashboardPeering {
  /** Region the metric is published in (the function's). */
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensionName: string;
  readonly vpcPeeringConnectionId: string;
}

/** The replica lag, when replication is deployed. */
export interface DashboardReplication {
  /** The replica's region. */
  readonly region: string;
  readonly replicaIdentifier: string;
  /** Alarm threshold, drawn as a line. */
  readonly thresholdSeconds: number;
}

/** Props of {@link MultiRegionDashboard}. */
export interface MultiRegionDashboardProps {
  /** Provider of the region the dashboard is stored in (widgets name their own regions). */
  readonly provider: AwsProvider;
  readonly dashboardName: string;
  readonly primary: DashboardRegion;
  readonly dr: DashboardRegion;
  /** The peering status widget. @default - no peering widget */
  readonly peering?: DashboardPeering;
  /** The replication lag widget. @default - no replication widget */
  readonly replication?: DashboardReplication;
}

type Json = Record<string, unknown>;

const WIDTH = 24;
const HEIGHT = 6;

/**
 * The spec's "Multi-Region Monitoring Dashboard": health checks of both regions, the peering status,
 * replication lag, and each region's load balancer (5xx and latency). Every widget names the region its
 * metrics live in: Route 53 in us-east-1, the peering metric in the function's region, ReplicaLag in the DR
 * region, each ALB in its own region. Only metrics AWS or this project publish are charted.
 *
 * Health checks are found with a SEARCH over AWS/Route53 HealthCheckStatus rather than by id: the health
 * checks belong to the failover stack, which deploys after both regions but independently of this stack;
 * reading their ids here would make this stack wait for that one. The search charts every health check
 * of the account (one line per HealthCheckId), which in this project's account are the two regions'.
 */
export class MultiRegionDashboard extends Construct {
  /** Name of the dashboard. */
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: MultiRegionDashboardProps) {
    super(scope, id);
    const widgets: Json[] = [];
    let y = 0;
    const row = (...cells: Json[]): void => {
      const width = WIDTH / cells.length;
      cells.forEach((cell, i) => {
        widgets.push({ type: 'metric', x: i * width, y, width, height: HEIGHT, properties: cell });
      });
      y += HEIGHT;
    };

    const healthChecks: Json = {
      title: 'Route 53 health checks (1 = healthy)',
      region: ROUTE53_METRICS_REGION,
      view: 'timeSeries',
      period: 60,
      stat: 'Minimum',
      metrics: [
        [
          {
            expression: `SEARCH('{AWS/Route53,HealthCheckId} MetricName="HealthCheckStatus"', 'Minimum', 60)`,
            id: 'health',
          },
        ],
      ],
      yAxis: { left: { min: 0, max: 1 } },
    };
    const topRow: Json[] = [healthChecks];
    if (props.peering !== undefined) {
      const p = props.peering;
      topRow.push({
        title: 'VPC peering (1 = active)',
        region: p.region,
        view: 'timeSeries',
        period: 60,
        stat: 'Minimum',
        metrics: [
          [p.namespace, p.metricName, p.dimensionName, p.vpcPeeringConnectionId, { label: 'VPC peering active' }],
        ],
        yAxis: { left: { min: 0, max: 1 } },
      });
    }
    row(...topRow);

    if (props.replication !== undefined) {
      const r = props.replication;
      row({
        title: `Replication lag (seconds), replica in ${r.region}`,
        region: r.region,
        view: 'timeSeries',
        period: 60,
        stat: 'Maximum',
        metrics: [['AWS/RDS', 'ReplicaLag', 'DBInstanceIdentifier', r.replicaIdentifier, { label: 'ReplicaLag' }]],
        annotations: { horizontal: [{ label: 'alarm threshold', value: r.thresholdSeconds }] },
        yAxis: { left: { min: 0 } },
      });
    }

    const errors = (r: DashboardRegion): Json => ({
      title: `${r.regionName} (${r.region}) ALB 5xx`,
      region: r.region,
      view: 'timeSeries',
      period: 60,
      stat: 'Sum',
      metrics: [
        [
          'AWS/ApplicationELB',
          'HTTPCode_ELB_5XX_Count',
          'LoadBalancer',
          r.loadBalancerArnSuffix,
          { label: 'load balancer 5xx' },
        ],
        [
          'AWS/ApplicationELB',
          'HTTPCode_Target_5XX_Count',
          'LoadBalancer',
          r.loadBalancerArnSuffix,
          { label: 'target 5xx' },
        ],
      ],
      yAxis: { left: { min: 0 } },
    });
    const latency = (r: DashboardRegion): Json => ({
      title: `${r.regionName} (${r.region}) ALB target response time (seconds)`,
      region: r.region,
      view: 'timeSeries',
      period: 60,
      metrics: [
        [
          'AWS/ApplicationELB',
          'TargetResponseTime',
          'LoadBalancer',
          r.loadBalancerArnSuffix,
          { stat: 'p99', label: 'p99' },
        ],
        [
          'AWS/ApplicationELB',
          'TargetResponseTime',
          'LoadBalancer',
          r.loadBalancerArnSuffix,
          { stat: 'Average', label: 'average' },
        ],
      ],
      yAxis: { left: { min: 0 } },
    });
    row(errors(props.primary), errors(props.dr));
    row(latency(props.primary), latency(props.dr));

    new CloudwatchDashboard(this, 'Dashboard', {
      provider: props.provider,
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets }),
    });
    this.dashboardName = props.dashboardName;
  }
}
