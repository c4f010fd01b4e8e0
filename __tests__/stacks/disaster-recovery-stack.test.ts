/** What only the DR region stack holds; what it shares with the primary stack is in region-stacks.test.ts. */
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { drMaxNodes, drMinNodes } from '../../config';
import { synthApp, type SynthesizedApp } from '../helpers/app';
import { dashboardOf, idOf, metricsOf, ref, resourcesOf, type Json } from '../helpers/terraform';

const DR = 'genai-demo-production-dr';

describe('DisasterRecoveryStack', () => {
  const app: SynthesizedApp = synthApp();
  const stack: Json = app.stacks[DR];

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

  test('reads no other stack\'s state: the replica\'s source ARN is built, so either region can hold the replica', () => {
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
    const metrics = metricsOf(widgets);
    for (const m of metrics) for (const v of Object.values(m.dimensions)) expect(v).toMatch(/^\$\{[^}]+\}$/);
    const find = (n: string) => metrics.find((m) => m.name === n)!;
    expect(find('HealthyHostCount').dimensions).toEqual({
      TargetGroup: ref('aws_lb_target_group', idOf(stack, 'aws_lb_target_group', 'LoadBalancer_'), 'arn_suffix'),
      LoadBalancer: ref('aws_lb', idOf(stack, 'aws_lb', 'LoadBalancer_'), 'arn_suffix'),
    });
    expect(find('ReplicaLag').dimensions.DBInstanceIdentifier).toBe(ref('aws_db_instance', idOf(stack, 'aws_db_instance', 'Database_'), 'identifier'));
    expect(find('DaysToExpiry').dimensions.CertificateArn).toBe(
      ref('aws_acm_certificate_validation', idOf(stack, 'aws_acm_certificate_validation', 'Certificate_'), 'certificate_arn'),
    );
    expect(find('scheduler_pending_pods').dimensions.ClusterName).toBe(ref('aws_eks_cluster', idOf(stack, 'aws_eks_cluster'), 'name'));
  });
});
