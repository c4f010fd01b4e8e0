/**
 * RegionalPlatform on a bare stack, built from the resolved configuration's two region deployments: the
 * same resources in both (the regions differ in their deployment only, never in code), every size, CIDR
 * and name from the deployment, one logs key encrypting both log groups, EKS in the private subnets behind
 * the platform's own security groups, and a private API endpoint unless CIDRs are given.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import 'cdktf/lib/testing/adapters/jest';
import type { RegionDeployment } from '../../config';
import { RegionalPlatform, type RegionalPlatformProps } from '../../components/regional-platform';
import { configWith, resourcesOf, type Json } from '../helpers/app';
import { PLATFORM_RESOURCE_COUNTS } from '../helpers/platform';
import { idOf, one, ref, referencedDocument, resolveIn, statementOf, synthJson } from '../helpers/terraform';

const config = configWith();
const PRIMARY: RegionDeployment = config.primary;
const DR: RegionDeployment = config.dr!;

/** Synthesizes the platform and resolves its public members to the references they synthesize to. */
function synth(patch: Partial<RegionalPlatformProps> & Pick<RegionalPlatformProps, 'deployment'>): {
  json: Json;
  members: Record<string, unknown>;
} {
  let members: Record<string, unknown> = {};
  const json = synthJson((stack) => {
    const platform = new RegionalPlatform(stack, 'Platform', patch);
    members = resolveIn(stack, {
      logsKeyArn: platform.logsKey.arn,
      vpcId: platform.network.vpcId,
      appSecurityGroupId: platform.securityGroups.app.id,
    }) as Record<string, unknown>;
  });
  return { json, members };
}
const primary = synth({ deployment: PRIMARY });
const dr = synth({ deployment: DR });

test('the two deployments really differ (CIDR, node-group sizes), so the tests below compare something', () => {
  expect(PRIMARY.vpcCidr).not.toBe(DR.vpcCidr);
  expect(PRIMARY.eks.minNodes).not.toBe(DR.eks.minNodes);
});

test.each([
  ['primary', primary.json],
  ['DR', dr.json],
])("%s: exactly the platform's resources", (_, json) => {
  // The bare stack holds the platform only: every resource of it counts.
  const counts = Object.fromEntries(
    Object.entries<Json>(json.resource).map(([type, byId]) => [type, Object.keys(byId).length]),
  );
  expect(counts).toEqual(PLATFORM_RESOURCE_COUNTS);
});

test('both regions get the same resources under the same logical ids', () => {
  const ids = (json: Json) =>
    Object.entries<Json>(json.resource)
      .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
      .sort();
  expect(ids(dr.json)).toEqual(ids(primary.json));
});

test.each([
  ['primary', PRIMARY, primary.json],
  ['DR', DR, dr.json],
])('%s: the VPC, subnets and names come from the deployment', (_, d, json) => {
  const synthesized = JSON.stringify(json);
  expect(synthesized).toHaveResourceWithProperties(Vpc, {
    cidr_block: d.vpcCidr,
    tags: { Name: `${d.namePrefix}-vpc` },
  });
  for (const cidr of [...d.subnetCidrs.public, ...d.subnetCidrs.private, ...d.subnetCidrs.isolated]) {
    expect(synthesized).toHaveResourceWithProperties(Subnet, { cidr_block: cidr });
  }
  expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: `alias/${d.namePrefix}-logs` });
});

test.each([
  ['primary', PRIMARY, primary.json],
  ['DR', DR, dr.json],
])("%s: the node group runs the deployment's type and sizes", (_, d, json) => {
  expect(JSON.stringify(json)).toHaveResourceWithProperties(EksNodeGroup, {
    instance_types: [d.eks.nodeType],
    ami_type: d.eks.amiType,
    capacity_type: d.eks.capacityType,
    scaling_config: { min_size: d.eks.minNodes, max_size: d.eks.maxNodes, desired_size: d.eks.desiredNodes },
  });
  expect(JSON.stringify(json)).toHaveResourceWithProperties(EksCluster, {
    name: d.namePrefix,
    version: d.eks.kubernetesVersion,
  });
});

test('one logs key encrypts both the flow-log and the EKS control-plane log groups, retained per the deployment', () => {
  const keyId = idOf(primary.json, 'aws_kms_key', 'Platform_LogsKey_');
  const keyArn = ref('aws_kms_key', keyId, 'arn');
  const synthesized = JSON.stringify(primary.json);
  for (const name of [`/aws/vpc/${PRIMARY.namePrefix}/flow-logs`, `/aws/eks/${PRIMARY.namePrefix}/cluster`]) {
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name,
      kms_key_id: keyArn,
      retention_in_days: PRIMARY.logRetentionDays,
    });
  }
  expect(resourcesOf(primary.json, 'aws_cloudwatch_log_group')).toHaveLength(2);
  expect(primary.members.logsKeyArn).toBe(keyArn);
  // The key lets CloudWatch Logs of this account use it, which encrypting a log group with it requires.
  const policy = referencedDocument(primary.json, one(primary.json, 'aws_kms_key', 'Platform_LogsKey_').policy);
  expect(statementOf(policy, 'CloudWatchLogsOfThisAccount').actions).toContain('kms:GenerateDataKey*');
});

test("EKS runs in the private subnets, behind the platform's cluster and app security groups", () => {
  const cluster = one(primary.json, 'aws_eks_cluster', 'Platform_Eks_Cluster_');
  const privateSubnets = PRIMARY.subnetCidrs.private.map((cidr) => {
    const found = resourcesOf(primary.json, 'aws_subnet').filter(([, s]) => s.cidr_block === cidr);
    expect(found).toHaveLength(1);
    return ref('aws_subnet', found[0][0], 'id');
  });
  expect([...cluster.vpc_config.subnet_ids].sort()).toEqual(privateSubnets.sort());
  const clusterSgId = idOf(primary.json, 'aws_security_group', 'Platform_SecurityGroups_ClusterSecurityGroup_');
  expect(cluster.vpc_config.security_group_ids).toEqual([ref('aws_security_group', clusterSgId, 'id')]);
  const vpcId = idOf(primary.json, 'aws_vpc', 'Platform_Network_Vpc_');
  expect(primary.members.vpcId).toBe(ref('aws_vpc', vpcId, 'id'));
  const appSgId = idOf(primary.json, 'aws_security_group', 'Platform_SecurityGroups_AppSecurityGroup_');
  const appSg = one(primary.json, 'aws_security_group', 'Platform_SecurityGroups_AppSecurityGroup_');
  expect(primary.members.appSecurityGroupId).toBe(ref('aws_security_group', appSgId, 'id'));
  expect(appSg.vpc_id).toBe(ref('aws_vpc', vpcId, 'id'));
});

test('the API endpoint is private by default; public only for the CIDRs given', () => {
  const cluster = one(primary.json, 'aws_eks_cluster', 'Platform_Eks_Cluster_');
  expect(cluster.vpc_config).toEqual(
    expect.objectContaining({ endpoint_private_access: true, endpoint_public_access: false }),
  );
  expect(cluster.vpc_config).not.toHaveProperty('public_access_cidrs');
  const open = synth({ deployment: PRIMARY, eksPublicAccessCidrs: ['203.0.113.0/24'] });
  expect(JSON.stringify(open.json)).toHaveResourceWithProperties(EksCluster, {
    vpc_config: expect.objectContaining({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] }),
  });
});

test('an API endpoint open to the whole internet is refused', () => {
  expect(() => synth({ deployment: PRIMARY, eksPublicAccessCidrs: ['0.0.0.0/0'] })).toThrow(
    /publicAccessCidrs must not include 0\.0\.0\.0\/0/,
  );
});
