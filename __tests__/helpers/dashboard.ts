/**
 * Reading a synthesized CloudWatch dashboard: its widgets, the metric lines of its metric widgets, the
 * metrics AWS publishes (to check every line against), and the grid the widgets are laid out on.
 */
import { one, type Json } from './terraform';

/** One widget of a dashboard body. */
export interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Json;
}

/** One metric line of a metric widget, with the widget's region and title. */
export interface MetricLine {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** The line's render options (`label`, `stat`), when it has any. */
  readonly options: Json;
  readonly region: string;
  readonly title: string;
}

/** The one dashboard of a synthesized stack (optionally: whose logical id starts with `idPrefix`): its name, resource and parsed widgets. */
export function dashboardOf(
  stack: Json,
  idPrefix = '',
): { readonly name: string; readonly resource: Json; readonly widgets: Widget[] } {
  const resource = one(stack, 'aws_cloudwatch_dashboard', idPrefix);
  return { name: resource.dashboard_name, resource, widgets: JSON.parse(resource.dashboard_body).widgets as Widget[] };
}

/** Every `[namespace, name, dim, value, ..., options?]` line of the metric widgets (SEARCH expressions left out). */
export function metricLines(widgets: readonly Widget[]): MetricLine[] {
  return widgets
    .filter((w) => w.type === 'metric')
    .flatMap((w) =>
      (w.properties.metrics as unknown[][])
        .filter((line) => typeof line[0] === 'string')
        .map((line) => {
          const [namespace, metricName, ...rest] = line.filter((p): p is string => typeof p === 'string');
          const dimensions: Record<string, string> = {};
          for (let i = 0; i < rest.length; i += 2) dimensions[rest[i]] = rest[i + 1];
          const options = (line.find((p) => typeof p === 'object') ?? {}) as Json;
          return { namespace, metricName, dimensions, options, region: w.properties.region, title: w.properties.title };
        }),
    );
}

/**
 * Metrics AWS publishes without agents that the dashboards chart, each with the dimension set it is published
 * under. Sources: Route 53 "Monitoring health checks using CloudWatch" and "Viewing DNS query metrics for a
 * public hosted zone"; ELB "CloudWatch metrics for your Application Load Balancer"; RDS "Amazon CloudWatch
 * metrics for Amazon RDS"; ACM "Supported CloudWatch metrics"; EKS "Basic metrics in Amazon CloudWatch" (1.28+).
 */
export const PUBLISHED_METRICS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'AWS/Route53': {
    HealthCheckStatus: ['HealthCheckId'],
    HealthCheckPercentageHealthy: ['HealthCheckId'],
    ConnectionTime: ['HealthCheckId'],
    SSLHandshakeTime: ['HealthCheckId'],
    TimeToFirstByte: ['HealthCheckId'],
    DNSQueries: ['HostedZoneId'],
  },
  'AWS/ApplicationELB': {
    RequestCount: ['LoadBalancer'],
    HTTPCode_ELB_5XX_Count: ['LoadBalancer'],
    HTTPCode_Target_5XX_Count: ['LoadBalancer'],
    TargetResponseTime: ['LoadBalancer'],
    HealthyHostCount: ['TargetGroup', 'LoadBalancer'],
    UnHealthyHostCount: ['TargetGroup', 'LoadBalancer'],
  },
  'AWS/RDS': {
    ReplicaLag: ['DBInstanceIdentifier'],
    CPUUtilization: ['DBInstanceIdentifier'],
    FreeStorageSpace: ['DBInstanceIdentifier'],
    DatabaseConnections: ['DBInstanceIdentifier'],
  },
  'AWS/CertificateManager': { DaysToExpiry: ['CertificateArn'] },
  'AWS/EKS': {
    apiserver_request_total: ['ClusterName'],
    apiserver_request_total_5XX: ['ClusterName'],
    scheduler_pending_pods: ['ClusterName'],
  },
};

/** The dimension names a published metric is charted under, or undefined for a metric AWS does not publish. */
export function publishedDimensions(namespace: string, metricName: string): readonly string[] | undefined {
  return PUBLISHED_METRICS[namespace]?.[metricName];
}

/** Pairs of widgets whose rectangles overlap, and widgets reaching past the 24-unit grid width. */
export function layoutProblems(widgets: readonly Widget[]): string[] {
  const problems: string[] = [];
  widgets.forEach((a, i) => {
    if (a.x < 0 || a.x + a.width > 24) problems.push(`widget ${i} spans x ${a.x}..${a.x + a.width}`);
    widgets.slice(i + 1).forEach((b, k) => {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      if (overlap) problems.push(`widgets ${i} and ${i + 1 + k} overlap`);
    });
  });
  return problems;
}

/** Asserts that the widgets fit CloudWatch's 24-column grid and that no two of them overlap. */
export function expectWidgetsOnGrid(widgets: readonly Widget[]): void {
  expect(layoutProblems(widgets)).toEqual([]);
}
