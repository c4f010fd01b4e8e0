/**
 * DrDashboard on a bare stack with plain inputs, so every dimension is checked exactly. That the DR stack
 * feeds it its own ALB, replica, certificate and cluster is checked in disaster-recovery-stack.test.ts.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { regionalProvider } from '../../components/aws-provider';
import { DrDashboard, type DrDashboardProps } from '../../components/dr-dashboard';
import { dashboardOf, expectWidgetsOnGrid, metricLines, publishedDimensions, type Widget } from '../helpers/dashboard';
import { synthJson, type Json } from '../helpers/terraform';

const PROPS: DrDashboardProps = {
  dashboardName: 'genai-demo-production-dr-monitoring',
  region: 'ap-northeast-1',
  regionName: 'Tokyo',
  loadBalancerArnSuffix: 'app/dr-alb/1',
  targetGroupArnSuffix: 'targetgroup/dr-app/2',
  databaseIdentifier: 'dr-postgres',
  databaseIsReplica: true,
  certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/x',
  clusterName: 'dr-cluster',
  kubernetesVersion: '1.32',
  rtoMinutes: 1,
  rpoMinutes: 0,
};

/** The dashboard alone on a bare stack in the DR region. */
function synthDashboard(overrides: Partial<DrDashboardProps> = {}): Json {
  return synthJson((stack) => {
    regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
    new DrDashboard(stack, 'Dashboard', { ...PROPS, ...overrides });
  });
}

describe('DrDashboard', () => {
  const stack = synthDashboard();
  const { widgets } = dashboardOf(stack);
  const metrics = metricLines(widgets);

  test('one dashboard, under the given name', () => {
    expect(JSON.stringify(stack)).toHaveResourceWithProperties(CloudwatchDashboard, {
      dashboard_name: PROPS.dashboardName,
    });
    expect(dashboardOf(stack).name).toBe(PROPS.dashboardName);
  });

  test('every metric is one AWS publishes, under the dimensions it is published with', () => {
    expect(metrics.length).toBeGreaterThanOrEqual(14);
    for (const m of metrics) {
      const published = publishedDimensions(m.namespace, m.metricName);
      expect({ metric: `${m.namespace}/${m.metricName}`, known: published !== undefined }).toEqual({
        metric: `${m.namespace}/${m.metricName}`,
        known: true,
      });
      expect(Object.keys(m.dimensions).sort()).toEqual([...published!].sort());
    }
  });

  test('every widget reads from the given region explicitly', () => {
    const metricWidgets = widgets.filter((w) => w.type === 'metric');
    expect(metricWidgets.length).toBeGreaterThanOrEqual(9);
    for (const w of metricWidgets) expect(w.properties.region).toBe(PROPS.region);
  });

  test('covers the ALB, the replica, the certificate and the EKS control plane', () => {
    const names = new Set(metrics.map((m) => m.metricName));
    for (const expected of [
      'RequestCount',
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'TargetResponseTime',
      'HealthyHostCount',
      'UnHealthyHostCount',
      'ReplicaLag',
      'CPUUtilization',
      'FreeStorageSpace',
      'DatabaseConnections',
      'DaysToExpiry',
      'apiserver_request_total',
      'scheduler_pending_pods',
    ]) {
      expect(names).toContain(expected);
    }
  });

  test('each dimension carries the value given for it: ALB, target group, database, certificate, cluster', () => {
    const value: Record<string, string | undefined> = {
      LoadBalancer: PROPS.loadBalancerArnSuffix,
      TargetGroup: PROPS.targetGroupArnSuffix,
      DBInstanceIdentifier: PROPS.databaseIdentifier,
      CertificateArn: PROPS.certificateArn,
      ClusterName: PROPS.clusterName,
    };
    for (const m of metrics) {
      for (const [dimension, v] of Object.entries(m.dimensions))
        expect([m.metricName, dimension, v]).toEqual([m.metricName, dimension, value[dimension]]);
    }
    expect(metrics.find((m) => m.metricName === 'HealthyHostCount')!.dimensions).toEqual({
      TargetGroup: PROPS.targetGroupArnSuffix,
      LoadBalancer: PROPS.loadBalancerArnSuffix,
    });
  });

  test('widgets do not overlap on the 24-column grid', () => {
    expectWidgetsOnGrid(widgets);
  });
});

describe('DrDashboard variants', () => {
  const widgetsOf = (overrides: Partial<DrDashboardProps>): Widget[] => dashboardOf(synthDashboard(overrides)).widgets;

  test('a standalone database has no ReplicaLag widget (RDS publishes it only for replicas)', () => {
    const names = metricLines(widgetsOf({ databaseIsReplica: false })).map((m) => m.metricName);
    expect(names).not.toContain('ReplicaLag');
    expect(names).toContain('CPUUtilization');
    expect(metricLines(widgetsOf({})).map((m) => m.metricName)).toContain('ReplicaLag');
  });

  test('no current database: no AWS/RDS widget at all', () => {
    const namespaces = metricLines(widgetsOf({ databaseIdentifier: undefined, databaseIsReplica: false })).map(
      (m) => m.namespace,
    );
    expect(namespaces).not.toContain('AWS/RDS');
    expect(namespaces).toContain('AWS/ApplicationELB');
  });

  test.each([
    ['1.27', false],
    ['1.28', true],
    ['1.32', true],
    ['2.0', true],
  ])('Kubernetes %s: AWS/EKS widgets %s', (version, expected) => {
    const hasEks = metricLines(widgetsOf({ kubernetesVersion: version })).some((m) => m.namespace === 'AWS/EKS');
    expect(hasEks).toBe(expected);
  });

  test('certificate widget uses a daily period; others the configured period', () => {
    const widgets = widgetsOf({ periodSeconds: 300 });
    for (const w of widgets.filter((x) => x.type === 'metric')) {
      const isCert = (w.properties.metrics as string[][]).some((l) => l[1] === 'DaysToExpiry');
      expect(w.properties.period).toBe(isCert ? 86400 : 300);
    }
  });
});
