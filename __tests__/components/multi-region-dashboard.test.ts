/**
 * MultiRegionDashboard on a bare stack: each widget names the region its metric lives in (Route 53 in
 * us-east-1, the peering metric in the function's region, ReplicaLag in the replica's, each ALB in its own);
 * the peering and replication widgets appear only when given; every line is a metric AWS or the project
 * publishes, under the dimension it is published with.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import 'cdktf/lib/testing/adapters/jest';
import {
  MultiRegionDashboard,
  type DashboardPeering,
  type DashboardRegion,
  type DashboardReplication,
  type MultiRegionDashboardProps,
} from '../../components/multi-region-dashboard';
import {
  PEERING_METRIC_DIMENSION,
  PEERING_METRIC_NAME,
  PEERING_METRIC_NAMESPACE,
} from '../../components/peering-status-monitor';
import type { Json } from '../helpers/app';
import { synthJson } from '../helpers/terraform';
import { dashboardOf, layoutProblems, metricLines, publishedDimensions, type Widget } from '../helpers/dashboard';
import { ROUTE53_METRICS_REGION } from '../../config/route53-limits';

const TAIWAN: DashboardRegion = { region: 'ap-east-2', regionName: 'Taiwan', loadBalancerArnSuffix: 'app/taiwan/1111' };
const TOKYO: DashboardRegion = {
  region: 'ap-northeast-1',
  regionName: 'Tokyo',
  loadBalancerArnSuffix: 'app/tokyo/2222',
};
const PEERING: DashboardPeering = {
  region: 'ap-east-2',
  namespace: PEERING_METRIC_NAMESPACE,
  metricName: PEERING_METRIC_NAME,
  dimensionName: PEERING_METRIC_DIMENSION,
  vpcPeeringConnectionId: 'pcx-123',
};
const REPLICATION: DashboardReplication = {
  region: 'ap-northeast-1',
  replicaIdentifier: 'demo-db-replica',
  thresholdSeconds: 60,
};

function synth(optional: Pick<MultiRegionDashboardProps, 'peering' | 'replication'>): {
  json: Json;
  widgets: Widget[];
} {
  const json = synthJson((stack) => {
    const provider = new AwsProvider(stack, 'Primary', { region: 'ap-east-2', alias: 'primary' });
    new MultiRegionDashboard(stack, 'Dashboard', {
      provider,
      dashboardName: 'demo-multi-region',
      primary: TAIWAN,
      dr: TOKYO,
      ...optional,
    });
  });
  return { json, widgets: dashboardOf(json).widgets };
}
const full = synth({ peering: PEERING, replication: REPLICATION });
const bare = synth({});
const titled = (widgets: readonly Widget[], pattern: RegExp) => widgets.filter((w) => pattern.test(w.properties.title));

test('one dashboard, stored with the given provider', () => {
  expect(JSON.stringify(full.json)).toHaveResourceWithProperties(CloudwatchDashboard, {
    dashboard_name: 'demo-multi-region',
    provider: 'aws.primary',
  });
});

test('health checks: a SEARCH over AWS/Route53 HealthCheckStatus, read in us-east-1', () => {
  expect(ROUTE53_METRICS_REGION).toBe('us-east-1');
  const [health] = titled(full.widgets, /Route 53 health checks/);
  expect(health.properties.region).toBe('us-east-1');
  expect(health.properties.metrics).toEqual([
    [
      {
        expression: `SEARCH('{AWS/Route53,HealthCheckId} MetricName="HealthCheckStatus"', 'Minimum', 60)`,
        id: 'health',
      },
    ],
  ]);
});

test('every metric line is one AWS publishes (or the peering monitor does), under its dimensions', () => {
  const lines = metricLines(full.widgets);
  expect(lines).toHaveLength(10);
  for (const line of lines) {
    const expected =
      line.namespace === PEERING_METRIC_NAMESPACE && line.metricName === PEERING_METRIC_NAME
        ? [PEERING_METRIC_DIMENSION]
        : publishedDimensions(line.namespace, line.metricName);
    expect({ metric: `${line.namespace}/${line.metricName}`, dimensions: Object.keys(line.dimensions) }).toEqual({
      metric: `${line.namespace}/${line.metricName}`,
      dimensions: expected,
    });
  }
});

test("each region's ALB widgets read that region and that load balancer", () => {
  for (const r of [TAIWAN, TOKYO]) {
    const widgets = titled(full.widgets, new RegExp(`^${r.regionName} \\(${r.region}\\) ALB`));
    expect(widgets.map((w) => w.properties.title)).toEqual([
      `${r.regionName} (${r.region}) ALB 5xx`,
      `${r.regionName} (${r.region}) ALB target response time (seconds)`,
    ]);
    const lines = metricLines(widgets);
    expect(lines.map((l) => [l.region, l.dimensions.LoadBalancer])).toEqual(
      Array(4).fill([r.region, r.loadBalancerArnSuffix]),
    );
    expect(lines.map((l) => l.metricName)).toEqual([
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'TargetResponseTime',
      'TargetResponseTime',
    ]);
    expect(lines.slice(2).map((l) => l.options.stat)).toEqual(['p99', 'Average']);
  }
});

test("peering: the monitor's metric for the connection, in the function's region; absent when not given", () => {
  const peering = metricLines(full.widgets).filter((l) => l.namespace === PEERING_METRIC_NAMESPACE);
  expect(peering).toEqual([
    expect.objectContaining({
      metricName: 'VpcPeeringActive',
      dimensions: { VpcPeeringConnectionId: 'pcx-123' },
      region: 'ap-east-2',
    }),
  ]);
  expect(metricLines(bare.widgets).filter((l) => l.namespace === PEERING_METRIC_NAMESPACE)).toEqual([]);
});

test('replication: ReplicaLag of the replica in its region, the alarm threshold drawn; absent when not given', () => {
  const [lag] = titled(full.widgets, /^Replication lag/);
  expect(lag.properties).toEqual(
    expect.objectContaining({
      region: 'ap-northeast-1',
      stat: 'Maximum',
      metrics: [['AWS/RDS', 'ReplicaLag', 'DBInstanceIdentifier', 'demo-db-replica', { label: 'ReplicaLag' }]],
      annotations: { horizontal: [{ label: 'alarm threshold', value: 60 }] },
    }),
  );
  expect(titled(bare.widgets, /^Replication lag/)).toEqual([]);
});

test.each([
  ['with peering and replication', full.widgets, 7],
  ['without either', bare.widgets, 5],
])('%s: the widgets tile the 24-unit grid without overlap', (_, widgets, count) => {
  expect(widgets).toHaveLength(count);
  expect(layoutProblems(widgets)).toEqual([]);
  // Rows are full width: a lone widget in a row spans all 24 units.
  const rows = new Map<number, number>();
  for (const w of widgets) rows.set(w.y, (rows.get(w.y) ?? 0) + w.width);
  expect([...rows.values()].every((width) => width === 24)).toBe(true);
});
