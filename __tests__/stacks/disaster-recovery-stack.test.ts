import { Testing } from 'cdktf';
import { drMaxNodes, drMinNodes } from '../../config';
import { buildStacks } from '../../main';
import { DisasterRecoveryStack } from '../../stacks/disaster-recovery-stack';
import { configWith, resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';
import { PLATFORM_RESOURCE_COUNTS, platformCounts } from '../helpers/platform';
import { byPath, ref, resolveIn } from '../helpers/terraform';

const DR = 'genai-demo-production-dr';
const AZS = ['Az1', 'Az2', 'Az3'];

describe('DisasterRecoveryStack', () => {
  let app: SynthesizedApp;
  let stack: Json;
  beforeAll(() => {
    app = synthApp();
    stack = app.stacks[DR];
  });

  test('one AWS provider in the DR region (Tokyo) with the DR tags', () => {
    expect(stack.provider.aws).toHaveLength(1);
    expect(stack.provider.aws[0]).toEqual({ region: 'ap-northeast-1', default_tags: [{ tags: app.config.dr!.tags }] });
    expect(app.config.dr!.tags.RegionRole).toBe('secondary');
  });

  test('the same platform as the primary: every resource type, same counts', () => {
    expect(platformCounts(stack)).toEqual(PLATFORM_RESOURCE_COUNTS);
  });

  test('built from production-dr: its own CIDR and names, sizes derived from the primary (1..8 from 2..10)', () => {
    expect(resourcesOf(stack, 'aws_vpc')[0][1].cidr_block).toBe('10.3.0.0/16');
    const [, cluster] = resourcesOf(stack, 'aws_eks_cluster')[0];
    expect(cluster.name).toBe('genai-demo-production-dr');
    const { minNodes, maxNodes } = app.config.primary.eks;
    expect([minNodes, maxNodes]).toEqual([2, 10]);
    expect(resourcesOf(stack, 'aws_eks_node_group')[0][1].scaling_config).toEqual({
      min_size: drMinNodes(minNodes),
      max_size: drMaxNodes(maxNodes, drMinNodes(minNodes)),
      desired_size: drMinNodes(minNodes),
    });
    expect(drMinNodes(minNodes)).toBe(1);
    expect(drMaxNodes(maxNodes, 1)).toBe(8);
  });

  test('no name collides with the primary region (IAM role names are global to the account)', () => {
    const names = (s: Json) => resourcesOf(s, 'aws_iam_role').map(([, r]) => r.name);
    const primaryNames = new Set(names(app.stacks['genai-demo-production-primary']));
    for (const n of names(stack)) expect(primaryNames.has(n)).toBe(false);
  });

  test('the RegionStackOutputs members point at the DR platform resources', () => {
    const tapp = Testing.app();
    buildStacks(tapp, configWith());
    const dr = tapp.node.findChild(DR) as DisasterRecoveryStack;
    expect(dr.deployment).toBe(dr.config.dr);
    expect(resolveIn(dr, dr.vpcId)).toBe(ref('aws_vpc', byPath(stack, 'aws_vpc', '/Network/Vpc')[0], 'id'));
    expect(resolveIn(dr, dr.privateRouteTableIds)).toEqual(
      AZS.map((az) => ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/PrivateRouteTable${az}`)[0], 'id')),
    );
    expect(resolveIn(dr, dr.isolatedRouteTableIds)).toEqual(
      AZS.map((az) => ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/IsolatedRouteTable${az}`)[0], 'id')),
    );
    expect(resolveIn(dr, dr.appSecurityGroupId)).toBe(ref('aws_security_group', byPath(stack, 'aws_security_group', '/AppSecurityGroup')[0], 'id'));
    expect(resolveIn(dr, dr.databaseSecurityGroupId)).toBe(ref('aws_security_group', byPath(stack, 'aws_security_group', '/DatabaseSecurityGroup')[0], 'id'));
    expect(resolveIn(dr, dr.clusterName)).toBe(ref('aws_eks_cluster', resourcesOf(stack, 'aws_eks_cluster')[0][0], 'name'));
  });
});
