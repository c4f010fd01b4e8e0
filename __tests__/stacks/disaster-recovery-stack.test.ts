/** What only the DR region stack holds; what it shares with the primary stack is in region-stacks.test.ts. */
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { drMaxNodes, drMinNodes } from '../../config';
import { synthApp, type SynthesizedApp } from '../helpers/app';
import { resourcesOf, type Json } from '../helpers/terraform';

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
});
