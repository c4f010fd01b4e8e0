import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { KmsKey } from './kms-key';
import { LogGroup } from './log-group';

/** Every EKS control-plane log type. */
export const EKS_CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** Root volume of each node, in GiB. */
export const DEFAULT_NODE_VOLUME_GB = 50;
/** Instance metadata hop limit 2: pods (one hop behind the node) can still reach IMDSv2. */
const IMDS_HOP_LIMIT = 2;

/** The managed node group's shape. */
export interface NodeGroupSettings {
  /** EC2 instance type, e.g. `m6g.large`. */
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Size at creation; afterwards the cluster autoscaler owns it. */
  readonly desiredSize: number;
  /** EKS AMI type: must match the instance architecture (`AL2023_ARM_64_STANDARD` for Graviton). */
  readonly amiType: string;
  /** `ON_DEMAND` or `SPOT`. */
  readonly capacityType: string;
  /** Root volume size in GiB. @default 50 */
  readonly volumeSizeGb?: number;
}

/** Props of an EKS cluster with one managed node group. */
export interface EksClusterProps {
  /** Cluster name (also the prefix of its roles, node group and launch template). */
  readonly clusterName: string;
  /** Kubernetes version, e.g. `1.32`. */
  readonly kubernetesVersion: string;
  /** Private subnets for the control-plane interfaces and the nodes. */
  readonly subnetIds: readonly string[];
  /** Security group added to the control-plane interfaces. */
  readonly controlPlaneSecurityGroupId: string;
  /** Security group of the nodes (and of their pods). */
  readonly nodeSecurityGroupId: string;
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionDays: number;
  /** KMS key (usable by CloudWatch Logs) encrypting the control-plane log group. */
  readonly logsKmsKeyArn: string;
  /** The managed node group. */
  readonly nodeGroup: NodeGroupSettings;
  /**
   * CIDRs allowed to reach the public API endpoint. Empty: no public endpoint at all, the API is
   * reachable only from inside the VPC (and peered networks). @default [] (private endpoint only)
   */
  readonly publicAccessCidrs?: readonly string[];
}

/**
 * An EKS cluster in private subnets: Kubernetes secrets envelope-encrypted with its own KMS key (yearly
 * rotation), every control-plane log type sent to a retained, encrypted log group, private API endpoint
 * (public one off unless CIDRs are given), its OIDC issuer registered in IAM for service-account roles;
 * and a managed node group
 * whose launch template enforces IMDSv2 and encrypted root volumes. The two IAM roles hold exactly the
 * AWS-managed policies EKS documents for them and nothing else.
 */
export class EksCluster extends Construct {
  readonly cluster: AwsEksCluster;
  readonly clusterName: string;
  readonly nodeGroup: EksNodeGroup;
  /** Key encrypting Kubernetes secrets. */
  readonly secretsKey: KmsKey;
  /** Role of the control plane. */
  readonly clusterRole: IamRole;
  /** Role of the nodes. */
  readonly nodeRole: IamRole;
  /** `/aws/eks/<cluster>/cluster`. */
  readonly controlPlaneLogGroup: LogGroup;
  /**
   * The cluster's OpenID Connect issuer registered in IAM: roles for Kubernetes service accounts
   * (IRSA, e.g. the AWS Load Balancer Controller's) trust it.
   */
  readonly oidcProvider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const publicAccessCidrs = [...(props.publicAccessCidrs ?? [])];
    if (publicAccessCidrs.some((c) => c === '0.0.0.0/0')) {
      throw new Error(`EksCluster ${id}: publicAccessCidrs must not include 0.0.0.0/0`);
    }
    const ng = props.nodeGroup;
    if (!(ng.minSize >= 1 && ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
      throw new Error(
        `EksCluster ${id}: node group sizes must satisfy 1 <= min (${ng.minSize}) <= desired (${ng.desiredSize}) <= max (${ng.maxSize})`,
      );
    }
    const partition = new DataAwsPartition(this, 'Partition');
    const managedPolicy = (name: string) => `arn:${partition.partition}:iam::aws:policy/${name}`;

    this.secretsKey = new KmsKey(this, 'SecretsKey', {
      description: `EKS ${props.clusterName}: envelope encryption of Kubernetes secrets`,
      aliasName: `${props.clusterName}-eks-secrets`,
    });

    // EKS writes control-plane logs to this exact name; creating it first sets retention and encryption
    // (otherwise EKS creates it unencrypted, kept forever).
    this.controlPlaneLogGroup = new LogGroup(this, 'ControlPlaneLogGroup', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });

    this.clusterRole = new IamRole(this, 'ClusterRole', {
      name: `${props.clusterName}-cluster`,
      assumeRolePolicy: this.trustPolicy('ClusterTrust', 'eks.amazonaws.com'),
    });
    const clusterPolicies = [
      new IamRolePolicyAttachment(this, 'ClusterPolicy', {
        role: this.clusterRole.name,
        policyArn: managedPolicy('AmazonEKSClusterPolicy'),
      }),
    ];

    this.cluster = new AwsEksCluster(this, 'Cluster', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: this.clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [props.controlPlaneSecurityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccessCidrs.length > 0,
        publicAccessCidrs: publicAccessCidrs.length > 0 ? publicAccessCidrs : undefined,
      },
      enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      dependsOn: [...clusterPolicies, this.controlPlaneLogGroup.logGroup],
    });
    this.clusterName = this.cluster.name;

    // No thumbprint: IAM trusts the EKS issuers through its own certificate authorities, and the
    // provider fills the computed thumbprint in.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
    });

    this.nodeRole = new IamRole(this, 'NodeRole', {
      name: `${props.clusterName}-node`,
      assumeRolePolicy: this.trustPolicy('NodeTrust', 'ec2.amazonaws.com'),
    });
    const nodePolicies = (
      [
        ['NodeWorkerPolicy', 'AmazonEKSWorkerNodePolicy'],
        ['NodeCniPolicy', 'AmazonEKS_CNI_Policy'],
        ['NodeRegistryReadOnlyPolicy', 'AmazonEC2ContainerRegistryReadOnly'],
      ] as const
    ).map(
      ([policyId, name]) =>
        new IamRolePolicyAttachment(this, policyId, { role: this.nodeRole.name, policyArn: managedPolicy(name) }),
    );

    const launchTemplate = new LaunchTemplate(this, 'NodeLaunchTemplate', {
      name: `${props.clusterName}-nodes`,
      description: `EKS ${props.clusterName} managed nodes: IMDSv2 only, encrypted root volume`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [props.nodeSecurityGroupId],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: IMDS_HOP_LIMIT,
      },
      blockDeviceMappings: [
        {
          // Root device of the EKS-optimized Amazon Linux 2023 AMIs.
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: ng.volumeSizeGb ?? DEFAULT_NODE_VOLUME_GB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      lifecycle: {
        // No tag specifications are set here. The local emulator (moto) echoes the template's own tags
        // back as a `launch-template` tag specification, a change on every plan; on AWS ignoring the
        // (unset) argument changes nothing.
        ignoreChanges: ['tag_specifications'],
      },
    });

    this.nodeGroup = new EksNodeGroup(this, 'NodeGroup', {
      clusterName: this.cluster.name,
      nodeGroupName: `${props.clusterName}-default`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: [...props.subnetIds],
      instanceTypes: [ng.instanceType],
      amiType: ng.amiType,
      capacityType: ng.capacityType,
      scalingConfig: { minSize: ng.minSize, maxSize: ng.maxSize, desiredSize: ng.desiredSize },
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      dependsOn: nodePolicies,
      lifecycle: {
        ignoreChanges: [
          // The cluster autoscaler owns the running size between min and max; Terraform sets it only at creation.
          'scaling_config[0].desired_size',
          // Never set here (SSH access is off). The local emulator (moto) returns a remote_access block
          // anyway, which would show as a change on every plan; on AWS ignoring it changes nothing.
          'remote_access',
        ],
      },
    });
  }

  /** A trust policy letting one AWS service assume a role. */
  private trustPolicy(id: string, service: string): string {
    return new DataAwsIamPolicyDocument(this, id, {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [service] }] }],
    }).json;
  }
}
