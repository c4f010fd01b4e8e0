import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { DrDashboard, type DrDashboardProps } from '../../components/dr-dashboard';
import { resourcesOf, synthApp, type Json } from '../helpers/app';

const DR = 'genai-demo-production-dr';

/**
 * Metrics AWS publishes without agents, by namespace, with the dimension set each is published under.
 * Sources: ELB "CloudWatch metrics for your Application Load Balancer", RDS "Amazon CloudWatch metrics for
 * Amazon RDS", ACM "Supported CloudWatch metrics", EKS "Basic metrics in Amazon CloudWatch" (1.28+).
 */
const ALLOWED: Record<string, Record<string, string[][]>> = {
  'AWS/ApplicationELB': {
    RequestCount: [['LoadBalancer']],
    HTTPCode_ELB_5XX_Count: [['LoadBalancer']],
    HTTPCode_Target_5XX_Count: [['LoadBalancer']],
    TargetResponseTime: [['LoadBalancer']],
    HealthyHostCount: [['TargetGroup', 'LoadBalancer']],
    UnHealthyHostCount: [['TargetGroup', 'LoadBalancer']],
  },
  'AWS/RDS': {
    ReplicaLag: [['DBInstanceIdentifier']],
    CPUUtilization: [['DBInstanceIdentifier']],
    FreeStorageSpace: [['DBInstanceIdentifier']],
    DatabaseConnections: [['DBInstanceIdentifier']],
  },
  'AWS/CertificateManager': { DaysToExpiry: [['CertificateArn']] },
  'AWS/EKS': {
    apiserver_request_total: [['ClusterName']],
    apiserver_request_total_5XX: [['ClusterName']],
    scheduler_pending_pods: [['ClusterName']],
  },
};

interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly region: string;
  readonly title: string;
}

function dashboardOf(stack: Json): { name: string; widgets: Json[] } {
  const dashboards = resourcesOf(stack, 'aws_cloudwatch_dashboard');
  expect(dashboards).toHaveLength(1);
  const [, d] = dashboards[0];
  return { name: d.dashboard_name, widgets: JSON.parse(d.dashboard_body).widgets };
}

function metricsOf(widgets: Json[]): MetricRef[] {
  return widgets
    .filter((w) => w.type === 'metric')
    .flatMap((w) =>
      (w.properties.metrics as unknown[][]).map((line) => {
        const parts = line.filter((p): p is string => typeof p === 'string');
        const [namespace, name, ...dims] = parts;
        const dimensions: Record<string, string> = {};
        for (let i = 0; i < dims.length; i += 2) dimensions[dims[i]] = dims[i + 1];
        return { namespace, name, dimensions, region: w.properties.region, title: w.properties.title };
      }),
    );
}

describe('DR dashboard in the production app', () => {
  let widgets: Json[];
  let metrics: MetricRef[];
  let name: string;
  beforeAll(() => {
    const { stacks } = synthApp();
    ({ name, widgets } = dashboardOf(stacks[DR]));
    metrics = metricsOf(widgets);
  });

  test('one dashboard, in the DR stack (Tokyo provider)', () => {
    expect(name).toBe('genai-demo-production-dr-monitoring');
    const { stacks } = synthApp();
    expect(stacks[DR].provider.aws[0].region).toBe('ap-northeast-1');
    expect(resourcesOf(stacks['genai-demo-production-primary'], 'aws_cloudwatch_dashboard')).toHaveLength(0);
  });

  test('every metric is one AWS publishes, under the dimensions it is published with', () => {
    expect(metrics.length).toBeGreaterThanOrEqual(14);
    for (const m of metrics) {
      const allowedDims = ALLOWED[m.namespace]?.[m.name];
      expect({ metric: `${m.namespace}/${m.name}`, known: allowedDims !== undefined }).toEqual({
        metric: `${m.namespace}/${m.name}`,
        known: true,
      });
      expect(allowedDims!.map((dims) => [...dims].sort())).toContainEqual(Object.keys(m.dimensions).sort());
      for (const v of Object.values(m.dimensions)) expect(v).toMatch(/^\$\{[^}]+\}$/);
    }
  });

  test('every widget reads from the DR region explicitly', () => {
    const metricWidgets = widgets.filter((w) => w.type === 'metric');
    expect(metricWidgets.length).toBeGreaterThanOrEqual(9);
    for (const w of metricWidgets) expect(w.properties.region).toBe('ap-northeast-1');
  });

  test('covers the ALB, the replica, the certificate and the EKS control plane', () => {
    const names = new Set(metrics.map((m) => m.name));
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

  test('dimensions point at the DR stack resources: ALB, target group, replica, validated certificate, cluster', () => {
    const find = (n: string) => metrics.find((m) => m.name === n)!;
    expect(find('HealthyHostCount').dimensions).toEqual({
      TargetGroup: expect.stringMatching(/^\$\{aws_lb_target_group\.\w+\.arn_suffix\}$/),
      LoadBalancer: expect.stringMatching(/^\$\{aws_lb\.\w+\.arn_suffix\}$/),
    });
    expect(find('ReplicaLag').dimensions.DBInstanceIdentifier).toMatch(/^\$\{aws_db_instance\.\w+\.identifier\}$/);
    expect(find('DaysToExpiry').dimensions.CertificateArn).toMatch(/^\$\{aws_acm_certificate_validation\.\w+\.certificate_arn\}$/);
    expect(find('scheduler_pending_pods').dimensions.ClusterName).toMatch(/^\$\{aws_eks_cluster\.\w+\.name\}$/);
  });

  test('widgets do not overlap on the 24-column grid', () => {
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });
});

describe('DrDashboard variants', () => {
  function synthDashboard(overrides: Partial<DrDashboardProps>): Json[] {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
    new DrDashboard(stack, 'Dashboard', {
      dashboardName: 'fixture',
      region: 'ap-northeast-1',
      regionName: 'Tokyo',
      loadBalancerArnSuffix: 'app/x/1',
      targetGroupArnSuffix: 'targetgroup/x/2',
      databaseIdentifier: 'db',
      databaseIsReplica: true,
      certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/x',
      clusterName: 'cluster',
      kubernetesVersion: '1.32',
      rtoMinutes: 1,
      rpoMinutes: 0,
      ...overrides,
    });
    return dashboardOf(JSON.parse(Testing.synth(stack))).widgets;
  }

  test('a standalone database has no ReplicaLag widget (RDS publishes it only for replicas)', () => {
    const names = metricsOf(synthDashboard({ databaseIsReplica: false })).map((m) => m.name);
    expect(names).not.toContain('ReplicaLag');
    expect(names).toContain('CPUUtilization');
    expect(metricsOf(synthDashboard({})).map((m) => m.name)).toContain('ReplicaLag');
  });

  test.each([
    ['1.27', false],
    ['1.28', true],
    ['1.32', true],
    ['2.0', true],
  ])('Kubernetes %s: AWS/EKS widgets %s', (version, expected) => {
    const widgets = synthDashboard({ kubernetesVersion: version });
    const hasEks = metricsOf(widgets).some((m) => m.namespace === 'AWS/EKS');
    expect(hasEks).toBe(expected);
  });

  test('certificate widget uses a daily period; others the configured period', () => {
    const widgets = synthDashboard({ periodSeconds: 300 });
    for (const w of widgets.filter((x) => x.type === 'metric')) {
      const isCert = (w.properties.metrics as string[][]).some((l) => l[1] === 'DaysToExpiry');
      expect(w.properties.period).toBe(isCert ? 86400 : 300);
    }
  });
});
