import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';

/** Default period of the time-series widgets, in seconds. */
export const DEFAULT_DASHBOARD_PERIOD_SECONDS = 60;
/** ACM publishes DaysToExpiry once a day. */
const CERTIFICATE_PERIOD_SECONDS = 86400;
/** EKS vends control-plane metrics to AWS/EKS for free from Kubernetes 1.28 on. */
const EKS_VENDED_METRICS_MIN_VERSION: readonly [number, number] = [1, 28];
/** Widget grid: CloudWatch dashboards are 24 units wide. */
const HALF_WIDTH = 12;
const THIRD_WIDTH = 8;
const WIDGET_HEIGHT = 6;

/** Props of the DR monitoring dashboard. */
export interface DrDashboardProps {
  /** Dashboard name, e.g. `genai-demo-production-dr-monitoring`. */
  readonly dashboardName: string;
  /** Region every widget reads its metrics from (the DR region; the dashboard itself lives there too). */
  readonly region: string;
  /** Human name of the region, for titles. */
  readonly regionName: string;
  /** `app/<name>/<id>` of the DR ALB. */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` of the DR app target group. */
  readonly targetGroupArnSuffix: string;
  /** DB instance identifier of the DR region's current database. @default - none: the region runs no current database */
  readonly databaseIdentifier?: string;
  /** True when the DR database is a read replica (RDS publishes ReplicaLag only for replicas). */
  readonly databaseIsReplica: boolean;
  /** ARN of the DR certificate (its DaysToExpiry is published in its own region, the DR region). */
  readonly certificateArn: string;
  /** EKS cluster name of the DR region. */
  readonly clusterName: string;
  /** Kubernetes version of the cluster, e.g. `1.32`: AWS/EKS metrics exist from 1.28. */
  readonly kubernetesVersion: string;
  /** Recovery time objective in minutes, shown in the header. */
  readonly rtoMinutes: number;
  /** Recovery point objective in minutes, shown in the header. */
  readonly rpoMinutes: number;
  /** Period of the time-series widgets in seconds. @default 60 */
  readonly periodSeconds?: number;
}

/** One metric line: namespace, metric name, then dimension name/value pairs, then optional rendering options. */
type MetricLine = Array<string | Record<string, string>>;

/** A CloudWatch dashboard widget (the body format of PutDashboard). */
interface Widget {
  readonly type: 'metric' | 'text';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

function supportsEksVendedMetrics(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  const [minMajor, minMinor] = EKS_VENDED_METRICS_MIN_VERSION;
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/**
 * The DR region's monitoring dashboard: entry point (ALB traffic, errors, latency, target health), database
 * (replica lag, CPU, storage, connections), certificate days to expiry and the EKS control plane. Only metrics
 * AWS publishes without extra agents are used: node- and pod-level metrics need Container Insights, which this
 * project does not install, so node health shows here through the ALB's healthy target count instead.
 */
export class DrDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: DrDashboardProps) {
    super(scope, id);
    const period = props.periodSeconds ?? DEFAULT_DASHBOARD_PERIOD_SECONDS;
    const region = props.region;
    const lb = ['LoadBalancer', props.loadBalancerArnSuffix];
    const tg = ['TargetGroup', props.targetGroupArnSuffix, 'LoadBalancer', props.loadBalancerArnSuffix];
    const db = ['DBInstanceIdentifier', props.databaseIdentifier ?? ''];
    const hasDatabase = props.databaseIdentifier !== undefined;
    const metric = (
      title: string,
      x: number,
      y: number,
      width: number,
      stat: string,
      metrics: MetricLine[],
      extra: Record<string, unknown> = {},
    ): Widget => ({
      type: 'metric',
      x,
      y,
      width,
      height: WIDGET_HEIGHT,
      properties: { title, region, view: 'timeSeries', stacked: false, stat, period, metrics, ...extra },
    });

    const widgets: Widget[] = [
      {
        type: 'text',
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
          markdown: [
            `# DR region: ${props.regionName} (${region})`,
            `Targets: RTO ${props.rtoMinutes} min, RPO ${props.rpoMinutes} min. ` +
              (!hasDatabase
                ? 'The region runs no current database (cross-region replication is off): nothing to fail over to yet.'
                : props.databaseIsReplica
                  ? 'The database is a cross-region read replica: its lag bounds the data loss on failover.'
                  : 'The database is the writer (genai-demo:multi-region.writer-region): no replica lag.'),
          ].join('\n\n'),
        },
      },
      metric('ALB requests and 5XX', 0, 2, THIRD_WIDTH, 'Sum', [
        ['AWS/ApplicationELB', 'RequestCount', ...lb],
        ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', ...lb],
        ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', ...lb],
      ]),
      metric('ALB target response time (p99)', THIRD_WIDTH, 2, THIRD_WIDTH, 'p99', [
        ['AWS/ApplicationELB', 'TargetResponseTime', ...lb],
      ]),
      metric('Healthy / unhealthy targets', 2 * THIRD_WIDTH, 2, THIRD_WIDTH, 'Minimum', [
        ['AWS/ApplicationELB', 'HealthyHostCount', ...tg],
        ['AWS/ApplicationELB', 'UnHealthyHostCount', ...tg, { stat: 'Maximum' }],
      ]),
      ...(hasDatabase
        ? [
            metric(
              props.databaseIsReplica ? 'Replica lag (seconds)' : 'Database CPU (%)',
              0,
              8,
              HALF_WIDTH,
              props.databaseIsReplica ? 'Maximum' : 'Average',
              props.databaseIsReplica ? [['AWS/RDS', 'ReplicaLag', ...db]] : [['AWS/RDS', 'CPUUtilization', ...db]],
            ),
            metric('Database connections', HALF_WIDTH, 8, HALF_WIDTH, 'Maximum', [
              ['AWS/RDS', 'DatabaseConnections', ...db],
            ]),
            metric('Database free storage (bytes)', 0, 14, HALF_WIDTH, 'Minimum', [
              ['AWS/RDS', 'FreeStorageSpace', ...db],
            ]),
          ]
        : [
            {
              type: 'text',
              x: 0,
              y: 8,
              width: HALF_WIDTH,
              height: WIDGET_HEIGHT,
              properties: { markdown: 'No current database in this region.' },
            } as Widget,
          ]),
      metric(
        'Certificate days to expiry',
        HALF_WIDTH,
        14,
        HALF_WIDTH,
        'Minimum',
        [['AWS/CertificateManager', 'DaysToExpiry', 'CertificateArn', props.certificateArn]],
        { period: CERTIFICATE_PERIOD_SECONDS },
      ),
    ];
    if (props.databaseIsReplica) {
      widgets.push(metric('Database CPU (%)', 0, 20, HALF_WIDTH, 'Average', [['AWS/RDS', 'CPUUtilization', ...db]]));
    }
    const eksY = 20;
    const eksX = props.databaseIsReplica ? HALF_WIDTH : 0;
    if (supportsEksVendedMetrics(props.kubernetesVersion)) {
      widgets.push(
        metric('EKS API server requests / 5XX', eksX, eksY, HALF_WIDTH, 'Sum', [
          ['AWS/EKS', 'apiserver_request_total', 'ClusterName', props.clusterName],
          ['AWS/EKS', 'apiserver_request_total_5XX', 'ClusterName', props.clusterName],
        ]),
        metric('EKS pending pods', 0, eksY + WIDGET_HEIGHT, HALF_WIDTH, 'Sum', [
          ['AWS/EKS', 'scheduler_pending_pods', 'ClusterName', props.clusterName],
        ]),
      );
    } else {
      widgets.push({
        type: 'text',
        x: eksX,
        y: eksY,
        width: HALF_WIDTH,
        height: WIDGET_HEIGHT,
        properties: {
          markdown: `EKS ${props.kubernetesVersion} publishes no control-plane metrics to CloudWatch (AWS/EKS starts at 1.28).`,
        },
      });
    }

    this.dashboard = new CloudwatchDashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
