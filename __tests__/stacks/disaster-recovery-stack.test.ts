/** What only the DR region stack holds; what it shares with the primary stack is in region-stacks.test.ts. */
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { drMaxNodes, drMinNodes } from '../../config';
import { synthApp, type SynthesizedApp } from '../helpers/app';
import { dashboardOf, metricLines } from '../helpers/dashboard';
import { idOf, parametersByName, ref, resourcesOf, type Json } from '../helpers/terraform';

const DR = 'genai-demo-production-dr';
const PREFIX = '/genai-demo-production/dr';

const app: SynthesizedApp = synthApp();
const stack: Json = app.stacks[DR];

describe('DisasterRecoveryStack', () => {
  test('the DR tags name the region role (the provider carries them: region-stacks.test.ts)', () => {
    expect(app.config.dr?.tags.RegionRole).toBe('secondary');
  });

  test('built from production-dr: its own CIDR and names, sizes derived from the primary (1..8 from 2..10)', () => {
    const synthesized = JSON.stringify(stack);
    expect(synthesized).toHaveResourceWithProperties(Vpc, { cidr_block: '10.3.0.0/16' });
    expect(synthesized).toHaveResourceWithProperties(EksCluster, { name: 'genai-demo-production-dr' });
    const { minNodes, maxNodes } = app.config.primary.eks;
    expect([minNodes, maxNodes]).toEqual([2, 10]);
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      scaling_config: {
        min_size: drMinNodes(minNodes),
        max_size: drMaxNodes(maxNodes, drMinNodes(minNodes)),
        desired_size: drMinNodes(minNodes),
      },
    });
    expect(drMinNodes(minNodes)).toBe(1);
    expect(drMaxNodes(maxNodes, 1)).toBe(8);
  });

  test("reads no other stack's state: the replica's source ARN is built, so either region can hold the replica", () => {
    expect(stack.data.terraform_remote_state).toBeUndefined();
  });

  test('no name collides with the primary region (IAM role names are global to the account)', () => {
    const names = (s: Json) => resourcesOf(s, 'aws_iam_role').map(([, r]) => r.name);
    const primaryNames = new Set(names(app.stacks['genai-demo-production-primary']));
    for (const n of names(stack)) expect(primaryNames.has(n)).toBe(false);
  });

  test('one DR dashboard, in the DR stack only, its dimensions on the DR ALB, target group, replica, validated certificate, cluster', () => {
    const { name, widgets } = dashboardOf(stack);
    expect(name).toBe('genai-demo-production-dr-monitoring');
    expect(resourcesOf(app.stacks['genai-demo-production-primary'], 'aws_cloudwatch_dashboard')).toHaveLength(0);
    const metrics = metricLines(widgets);
    for (const m of metrics) for (const v of Object.values(m.dimensions)) expect(v).toMatch(/^\$\{[^}]+\}$/);
    const find = (n: string) => metrics.find((m) => m.metricName === n)!;
    expect(find('HealthyHostCount').dimensions).toEqual({
      TargetGroup: ref('aws_lb_target_group', idOf(stack, 'aws_lb_target_group', 'LoadBalancer_'), 'arn_suffix'),
      LoadBalancer: ref('aws_lb', idOf(stack, 'aws_lb', 'LoadBalancer_'), 'arn_suffix'),
    });
    expect(find('ReplicaLag').dimensions.DBInstanceIdentifier).toBe(
      ref('aws_db_instance', idOf(stack, 'aws_db_instance', 'Database_'), 'identifier'),
    );
    expect(find('DaysToExpiry').dimensions.CertificateArn).toBe(
      ref(
        'aws_acm_certificate_validation',
        idOf(stack, 'aws_acm_certificate_validation', 'Certificate_'),
        'certificate_arn',
      ),
    );
    expect(find('scheduler_pending_pods').dimensions.ClusterName).toBe(
      ref('aws_eks_cluster', idOf(stack, 'aws_eks_cluster'), 'name'),
    );
  });
});

describe('DR parameters in the production app', () => {
  // The DR configuration (the roles document beside it is checked in roles.test.ts).
  const params = Object.fromEntries(
    Object.entries(parametersByName(app.stacks[DR])).filter(([name]) => name.startsWith(`${PREFIX}/`)),
  );

  test('one parameter per setting under /<prefix>/dr, and only in the DR stack', () => {
    expect(Object.keys(params).sort()).toEqual(
      [
        'alb-dns-name',
        'cross-region-replication',
        'db-backup-retention-days',
        'db-identifier',
        'db-role',
        'domain-names',
        'eks-cluster-name',
        'eks-max-nodes',
        'eks-min-nodes',
        'eks-node-type',
        'health-check-failure-threshold',
        'health-check-interval',
        'primary-region',
        'region',
        'rpo-minutes',
        'rto-minutes',
        'vpc-cidr',
        'writer-region',
      ].map((n) => `${PREFIX}/${n}`),
    );
    for (const [name, stack] of Object.entries(app.stacks)) {
      if (name !== DR) {
        expect(
          resourcesOf(stack, 'aws_ssm_parameter').filter(([, p]) => String(p.name).startsWith(`${PREFIX}/`)),
        ).toHaveLength(0);
      }
    }
  });

  test.each([
    ['region', 'ap-northeast-1'],
    ['primary-region', 'ap-east-2'],
    ['vpc-cidr', '10.3.0.0/16'],
    ['eks-node-type', 'm6g.large'],
    ['eks-min-nodes', '1'],
    ['eks-max-nodes', '8'],
    ['rto-minutes', '1'],
    ['rpo-minutes', '0'],
    ['health-check-interval', '30'],
    ['health-check-failure-threshold', '3'],
    ['cross-region-replication', 'true'],
    ['db-backup-retention-days', '30'],
  ])('%s = %s (plain String)', (name, value) => {
    expect(JSON.stringify(app.stacks[DR])).toHaveResourceWithProperties(SsmParameter, {
      name: `${PREFIX}/${name}`,
      type: 'String',
      insecure_value: value,
      tier: 'Standard',
    });
    expect(params[`${PREFIX}/${name}`].description).not.toBe('');
  });

  test('deploy-time values reference the DR ALB, database and cluster', () => {
    expect(params[`${PREFIX}/alb-dns-name`].insecure_value).toBe(
      ref('aws_lb', idOf(stack, 'aws_lb', 'LoadBalancer_'), 'dns_name'),
    );
    expect(params[`${PREFIX}/db-identifier`].insecure_value).toBe(
      ref('aws_db_instance', idOf(stack, 'aws_db_instance', 'Database_'), 'identifier'),
    );
    expect(params[`${PREFIX}/eks-cluster-name`].insecure_value).toBe(
      ref('aws_eks_cluster', idOf(stack, 'aws_eks_cluster'), 'name'),
    );
  });

  test('the certificate names are one StringList', () => {
    const p = params[`${PREFIX}/domain-names`];
    expect(p.type).toBe('StringList');
    expect(p.insecure_value).toBe('dr.kimkao.io,api-dr.kimkao.io,api.kimkao.io,api-latency.kimkao.io');
  });

  test('no parameter holds "[object Object]", undefined or an empty value', () => {
    for (const p of Object.values(params)) {
      expect(typeof p.insecure_value).toBe('string');
      expect(p.insecure_value).not.toMatch(/\[object |undefined|^$/);
      expect(p).not.toHaveProperty('value');
    }
  });
});
