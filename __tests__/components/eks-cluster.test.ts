/**
 * EksCluster as each region's platform builds it (on a bare stack, from the production config), and its
 * props on a bare stack of its own.
 */
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { regionalProvider } from '../../components/aws-provider';
import { EksCluster, type EksClusterProps } from '../../components/eks-cluster';
import { configWith } from '../helpers/app';
import { synthPlatform } from '../helpers/platform';
import { byPath, dataByPath, one, pathOf, ref, resourcesOf, synthJson, target, type Json } from '../helpers/terraform';
const PRIVATE_SUBNETS = ['Az1', 'Az2', 'Az3'].map((az) => `/Network/PrivateSubnet${az}`);

/** The managed policy names attached to a role, from `arn:<partition>:iam::aws:policy/<name>`. */
function managedPolicies(stack: Json, roleId: string): string[] {
  return resourcesOf(stack, 'aws_iam_role_policy_attachment')
    .filter(([, a]) => a.role === ref('aws_iam_role', roleId, 'name'))
    .map(([, a]) =>
      String(a.policy_arn).replace(/^arn:\$\{data\.aws_partition\.[A-Za-z0-9_]+\.partition\}:iam::aws:policy\//, ''),
    )
    .sort();
}

const config = configWith();

describe.each([
  ['primary (Taiwan)', 'primary', 'genai-demo-production', { min: 2, max: 10 }],
  ['DR (Tokyo)', 'dr', 'genai-demo-production-dr', { min: 1, max: 8 }],
] as const)('EksCluster, %s', (_label, role, clusterName, sizes) => {
  const stack = synthPlatform(config, role);
  const cluster = one(stack, 'aws_eks_cluster');
  const nodeGroup = one(stack, 'aws_eks_node_group');

  test('the cluster runs the configured Kubernetes version in the private subnets', () => {
    expect(cluster.name).toBe(clusterName);
    expect(cluster.version).toBe(config.primary.eks.kubernetesVersion);
    expect(cluster.vpc_config.subnet_ids).toEqual(
      PRIVATE_SUBNETS.map((p) => ref('aws_subnet', byPath(stack, 'aws_subnet', p)[0], 'id')),
    );
    const [sgId] = byPath(stack, 'aws_security_group', '/SecurityGroups/ClusterSecurityGroup');
    expect(cluster.vpc_config.security_group_ids).toEqual([ref('aws_security_group', sgId, 'id')]);
  });

  test('API endpoint: private on, public off', () => {
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe(false);
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test('every control-plane log type, into a pre-created encrypted log group with the configured retention', () => {
    expect([...cluster.enabled_cluster_log_types].sort()).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    const [groupId, group] = byPath(stack, 'aws_cloudwatch_log_group', '/Eks/ControlPlaneLogGroup/LogGroup');
    expect(group.name).toBe(`/aws/eks/${clusterName}/cluster`);
    expect(group.retention_in_days).toBe(90);
    expect(target(stack, group.kms_key_id)[1].enable_key_rotation).toBe(true);
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${groupId}`);
  });

  test('secrets are envelope-encrypted with a dedicated rotating KMS key', () => {
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    const [keyId, key] = byPath(stack, 'aws_kms_key', '/Eks/SecretsKey/Key');
    expect(cluster.encryption_config.provider.key_arn).toBe(ref('aws_kms_key', keyId, 'arn'));
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const [, alias] = byPath(stack, 'aws_kms_alias', '/Eks/SecretsKey/Alias');
    expect(alias.name).toBe(`alias/${clusterName}-eks-secrets`);
  });

  test(`node group: m6g.large (Graviton, ARM AMI), on-demand, ${sizes.min}..${sizes.max} nodes`, () => {
    expect(nodeGroup).toMatchObject({
      instance_types: ['m6g.large'],
      ami_type: 'AL2023_ARM_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      scaling_config: { min_size: sizes.min, max_size: sizes.max, desired_size: sizes.min },
    });
    expect(nodeGroup.subnet_ids).toEqual(cluster.vpc_config.subnet_ids);
    expect(nodeGroup.remote_access).toBeUndefined();
  });

  test('node group ignores only the autoscaler-owned desired size and the emulator-only remote_access', () => {
    expect(nodeGroup.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size', 'remote_access']);
  });

  test('launch template: IMDSv2 required with hop limit 2, encrypted gp3 root volume, node security group', () => {
    const [ltId, lt] = byPath(stack, 'aws_launch_template', '/Eks/NodeLaunchTemplate');
    expect(nodeGroup.launch_template).toEqual({
      id: ref('aws_launch_template', ltId, 'id'),
      version: ref('aws_launch_template', ltId, 'latest_version'),
    });
    expect(lt.metadata_options).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 2,
    });
    expect(lt.block_device_mappings).toEqual([
      {
        device_name: '/dev/xvda',
        ebs: { encrypted: 'true', volume_type: 'gp3', volume_size: 50, delete_on_termination: 'true' },
      },
    ]);
    const [appSg] = byPath(stack, 'aws_security_group', '/SecurityGroups/AppSecurityGroup');
    expect(lt.vpc_security_group_ids).toEqual([ref('aws_security_group', appSg, 'id')]);
    expect(lt.image_id).toBeUndefined();
    expect(lt.user_data).toBeUndefined();
  });

  test('IAM: the cluster role holds exactly AmazonEKSClusterPolicy, the node role exactly the three node policies', () => {
    const [clusterRoleId, clusterRole] = byPath(stack, 'aws_iam_role', '/Eks/ClusterRole');
    const [nodeRoleId, nodeRole] = byPath(stack, 'aws_iam_role', '/Eks/NodeRole');
    expect(cluster.role_arn).toBe(ref('aws_iam_role', clusterRoleId, 'arn'));
    expect(nodeGroup.node_role_arn).toBe(ref('aws_iam_role', nodeRoleId, 'arn'));
    expect(managedPolicies(stack, clusterRoleId)).toEqual(['AmazonEKSClusterPolicy']);
    expect(managedPolicies(stack, nodeRoleId)).toEqual([
      'AmazonEC2ContainerRegistryReadOnly',
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
    ]);
    const inline = resourcesOf(stack, 'aws_iam_role_policy').map(([, p]) => p.role);
    expect(inline).not.toContain(ref('aws_iam_role', clusterRoleId, 'id'));
    expect(inline).not.toContain(ref('aws_iam_role', nodeRoleId, 'id'));
    expect(target(stack, clusterRole.assume_role_policy)[1].statement[0].principals).toEqual([
      { type: 'Service', identifiers: ['eks.amazonaws.com'] },
    ]);
    expect(target(stack, nodeRole.assume_role_policy)[1].statement[0].principals).toEqual([
      { type: 'Service', identifiers: ['ec2.amazonaws.com'] },
    ]);
    // The node group waits for its policies (nodes cannot join without them).
    expect(nodeGroup.depends_on).toHaveLength(3);
  });

  test("the cluster's OIDC issuer is registered in IAM for service-account roles (audience sts.amazonaws.com)", () => {
    const providers = resourcesOf(stack, 'aws_iam_openid_connect_provider');
    expect(providers).toHaveLength(1);
    const [clusterId] = resourcesOf(stack, 'aws_eks_cluster')[0];
    expect(providers[0][1]).toMatchObject({
      url: `\${aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`,
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  test('the partition comes from the provider, not a hard-coded "aws"', () => {
    dataByPath(stack, 'aws_partition', '/Eks/Partition');
    for (const [, a] of resourcesOf(stack, 'aws_iam_role_policy_attachment').filter(([, a]) =>
      pathOf(a).includes('/Eks/'),
    )) {
      expect(a.policy_arn).toMatch(/^arn:\$\{data\.aws_partition\./);
    }
  });
});

describe('EksCluster from config variants', () => {
  test('spot-instances true gives a SPOT node group; an x86 node type gives the x86 AMI', () => {
    const variant = configWith({
      'genai-demo:regions': { regions: { 'ap-east-2': { 'cost-optimization': { 'spot-instances': true } } } },
      'genai-demo:environments': { production: { 'eks-node-type': 'm6i.large' } },
    });
    const primary = JSON.stringify(synthPlatform(variant, 'primary'));
    expect(primary).toHaveResourceWithProperties(EksNodeGroup, {
      capacity_type: 'SPOT',
      ami_type: 'AL2023_x86_64_STANDARD',
      instance_types: ['m6i.large'],
    });
    const dr = JSON.stringify(synthPlatform(variant, 'dr'));
    expect(dr).toHaveResourceWithProperties(EksNodeGroup, {
      capacity_type: 'ON_DEMAND',
      ami_type: 'AL2023_ARM_64_STANDARD',
    });
  });
});

describe('EksCluster props', () => {
  const base: EksClusterProps = {
    clusterName: 'test',
    kubernetesVersion: '1.32',
    subnetIds: ['subnet-a', 'subnet-b'],
    controlPlaneSecurityGroupId: 'sg-cp',
    nodeSecurityGroupId: 'sg-node',
    logRetentionDays: 30,
    logsKmsKeyArn: 'arn:aws:kms:ap-east-2:111122223333:key/test',
    nodeGroup: {
      instanceType: 't4g.medium',
      minSize: 1,
      maxSize: 3,
      desiredSize: 1,
      amiType: 'AL2023_ARM_64_STANDARD',
      capacityType: 'ON_DEMAND',
    },
  };
  const synth = (props: Partial<EksClusterProps>): Json =>
    synthJson((stack) => {
      regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
      new EksCluster(stack, 'Eks', { ...base, ...props });
    });

  test('publicAccessCidrs opens the public endpoint to those CIDRs only', () => {
    expect(JSON.stringify(synth({ publicAccessCidrs: ['203.0.113.0/24'] }))).toHaveResourceWithProperties(
      AwsEksCluster,
      {
        vpc_config: expect.objectContaining({
          endpoint_public_access: true,
          endpoint_private_access: true,
          public_access_cidrs: ['203.0.113.0/24'],
        }),
      },
    );
  });

  test('a public endpoint open to 0.0.0.0/0 is refused', () => {
    expect(() => synth({ publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/must not include 0\.0\.0\.0\/0/);
  });

  test.each([
    [{ minSize: 0, desiredSize: 0, maxSize: 3 }],
    [{ minSize: 2, desiredSize: 1, maxSize: 3 }],
    [{ minSize: 1, desiredSize: 4, maxSize: 3 }],
  ])('node group sizes %j are refused', (sizes) => {
    expect(() => synth({ nodeGroup: { ...base.nodeGroup, ...sizes } })).toThrow(/1 <= min .* <= desired .* <= max/);
  });

  test('volumeSizeGb sets the root volume', () => {
    const [, lt] = resourcesOf(synth({ nodeGroup: { ...base.nodeGroup, volumeSizeGb: 80 } }), 'aws_launch_template')[0];
    expect(lt.block_device_mappings[0].ebs.volume_size).toBe(80);
  });
});
