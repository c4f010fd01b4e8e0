/** What only the primary region stack holds; what it shares with the DR stack is in region-stacks.test.ts. */
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { synthApp, type SynthesizedApp } from '../helpers/app';
import { byPath, pathOf, ref, resourcesOf, type Json } from '../helpers/terraform';

const PRIMARY = 'genai-demo-production-primary';
const AZS = ['Az1', 'Az2', 'Az3'];

describe('PrimaryRegionStack', () => {
  const app: SynthesizedApp = synthApp();
  const stack: Json = app.stacks[PRIMARY];

  test('names and CIDR come from the production environment', () => {
    expect(JSON.stringify(stack)).toHaveResourceWithProperties(Vpc, { cidr_block: '10.2.0.0/16' });
    expect(JSON.stringify(stack)).toHaveResourceWithProperties(EksCluster, { name: 'genai-demo-production' });
  });

  test('two synths of the whole app are byte-identical', () => {
    const again = synthApp();
    for (const name of Object.keys(app.stacks))
      expect(JSON.stringify(again.stacks[name])).toBe(JSON.stringify(app.stacks[name]));
  });

  test('no placeholder, TODO or timestamp in the platform resources', () => {
    const platform = JSON.stringify(
      Object.values<Json>(stack.resource).flatMap((byId) =>
        Object.values<Json>(byId).filter((r) => pathOf(r).split('/')[1] === 'Platform'),
      ),
    );
    expect(platform).not.toMatch(/placeholder|todo|changeme|xxx/i);
    expect(platform).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test('development: no deletion protection and no final snapshot of the database, single AZ', () => {
    const dev = synthApp({ 'genai-demo:environment': 'development' }).stacks['genai-demo-development-primary'];
    expect(resourcesOf(dev, 'aws_db_instance')).toHaveLength(1);
    expect(JSON.stringify(dev)).toHaveResourceWithProperties(DbInstance, {
      deletion_protection: false,
      skip_final_snapshot: true,
      multi_az: false,
    });
    expect(resourcesOf(dev, 'aws_db_instance')[0][1]).not.toHaveProperty('final_snapshot_identifier');
  });

  test('development: one NAT gateway serving all three private route tables, t4g nodes on the ARM AMI', () => {
    const dev = synthApp({ 'genai-demo:environment': 'development' }).stacks['genai-demo-development-primary'];
    expect(resourcesOf(dev, 'aws_nat_gateway')).toHaveLength(1);
    const [natId] = byPath(dev, 'aws_nat_gateway', '/Network/NatGatewayAz1');
    for (const az of AZS)
      expect(byPath(dev, 'aws_route', `/Network/PrivateDefaultRoute${az}`)[1].nat_gateway_id).toBe(
        ref('aws_nat_gateway', natId, 'id'),
      );
    expect(JSON.stringify(dev)).toHaveResourceWithProperties(Vpc, { cidr_block: '10.1.0.0/16' });
    expect(resourcesOf(dev, 'aws_eks_node_group')).toHaveLength(1);
    expect(JSON.stringify(dev)).toHaveResourceWithProperties(EksNodeGroup, {
      instance_types: ['t4g.medium'],
      ami_type: 'AL2023_ARM_64_STANDARD',
      scaling_config: { min_size: 1, max_size: 3, desired_size: 1 },
    });
  });
});
