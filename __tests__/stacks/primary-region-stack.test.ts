import { Testing } from 'cdktf';
import { buildStacks } from '../../main';
import { PrimaryRegionStack } from '../../stacks/primary-region-stack';
import { configWith, resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';
import { PLATFORM_RESOURCE_COUNTS, platformCounts } from '../helpers/platform';
import { byPath, pathOf, ref, resolveIn } from '../helpers/terraform';

const PRIMARY = 'genai-demo-production-primary';
const AZS = ['Az1', 'Az2', 'Az3'];

describe('PrimaryRegionStack', () => {
  let app: SynthesizedApp;
  let stack: Json;
  beforeAll(() => {
    app = synthApp();
    stack = app.stacks[PRIMARY];
  });

  test('one AWS provider in the primary region with the region tags as default tags', () => {
    expect(stack.provider.aws).toHaveLength(1);
    expect(stack.provider.aws[0]).toEqual({ region: 'ap-east-2', default_tags: [{ tags: app.config.primary.tags }] });
  });

  test('the regional platform has exactly the expected resources', () => {
    expect(platformCounts(stack)).toEqual(PLATFORM_RESOURCE_COUNTS);
  });

  test('the RegionStackOutputs members point at the platform resources', () => {
    const tapp = Testing.app();
    buildStacks(tapp, configWith());
    const primary = tapp.node.findChild(PRIMARY) as PrimaryRegionStack;
    expect(primary.deployment).toBe(primary.config.primary);
    expect(resolveIn(primary, primary.vpcId)).toBe(ref('aws_vpc', byPath(stack, 'aws_vpc', '/Network/Vpc')[0], 'id'));
    expect(resolveIn(primary, primary.privateRouteTableIds)).toEqual(
      AZS.map((az) => ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/PrivateRouteTable${az}`)[0], 'id')),
    );
    expect(resolveIn(primary, primary.isolatedRouteTableIds)).toEqual(
      AZS.map((az) => ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/IsolatedRouteTable${az}`)[0], 'id')),
    );
    expect(resolveIn(primary, primary.appSecurityGroupId)).toBe(ref('aws_security_group', byPath(stack, 'aws_security_group', '/AppSecurityGroup')[0], 'id'));
    expect(resolveIn(primary, primary.databaseSecurityGroupId)).toBe(
      ref('aws_security_group', byPath(stack, 'aws_security_group', '/DatabaseSecurityGroup')[0], 'id'),
    );
    expect(resolveIn(primary, primary.clusterName)).toBe(ref('aws_eks_cluster', resourcesOf(stack, 'aws_eks_cluster')[0][0], 'name'));
  });

  test('names and CIDR come from the production environment', () => {
    expect(resourcesOf(stack, 'aws_vpc')[0][1].cidr_block).toBe('10.2.0.0/16');
    expect(resourcesOf(stack, 'aws_eks_cluster')[0][1].name).toBe('genai-demo-production');
  });

  test('two synths of the whole app are byte-identical', () => {
    const again = synthApp();
    for (const name of Object.keys(app.stacks)) expect(JSON.stringify(again.stacks[name])).toBe(JSON.stringify(app.stacks[name]));
  });

  test('no placeholder, TODO or timestamp in the platform resources', () => {
    const platform = JSON.stringify(
      Object.values<Json>(stack.resource).flatMap((byId) => Object.values<Json>(byId).filter((r) => pathOf(r).split('/')[1] === 'Platform')),
    );
    expect(platform).not.toMatch(/placeholder|todo|changeme|xxx/i);
    expect(platform).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test('development: one NAT gateway serving all three private route tables, t4g nodes on the ARM AMI', () => {
    const dev = synthApp({ 'genai-demo:environment': 'development' }).stacks['genai-demo-development-primary'];
    expect(resourcesOf(dev, 'aws_nat_gateway')).toHaveLength(1);
    const [natId] = byPath(dev, 'aws_nat_gateway', '/Network/NatGatewayAz1');
    for (const az of AZS) expect(byPath(dev, 'aws_route', `/Network/PrivateDefaultRoute${az}`)[1].nat_gateway_id).toBe(ref('aws_nat_gateway', natId, 'id'));
    expect(resourcesOf(dev, 'aws_vpc')[0][1].cidr_block).toBe('10.1.0.0/16');
    expect(resourcesOf(dev, 'aws_eks_node_group')[0][1]).toMatchObject({
      instance_types: ['t4g.medium'],
      ami_type: 'AL2023_ARM_64_STANDARD',
      scaling_config: { min_size: 1, max_size: 3, desired_size: 1 },
    });
  });
});
