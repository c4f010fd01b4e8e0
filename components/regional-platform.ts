import { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { EksCluster } from './eks-cluster';
import { KmsKey } from './kms-key';
import { Network } from './network';
import { SecurityGroups } from './security-groups';

/** Props of one region's platform (network, security groups, EKS). */
export interface RegionalPlatformProps {
  /** The region's resolved configuration: every size, CIDR and name comes from it. */
  readonly deployment: RegionDeployment;
  /** CIDRs allowed to reach the EKS public API endpoint. @default [] (private endpoint only) */
  readonly eksPublicAccessCidrs?: readonly string[];
}

/**
 * What both region stacks run, built from a RegionDeployment: a KMS key for the region's log groups,
 * the three-tier network with flow logs, the security groups and the EKS cluster with its node group.
 * The primary and DR regions differ only in their deployment (CIDR, sizing), never in code.
 */
export class RegionalPlatform extends Construct {
  /** KMS key of the region's CloudWatch log groups (flow logs, EKS control plane; usable by others). */
  readonly logsKey: KmsKey;
  readonly network: Network;
  readonly securityGroups: SecurityGroups;
  readonly eks: EksCluster;

  constructor(scope: Construct, id: string, props: RegionalPlatformProps) {
    super(scope, id);
    const d = props.deployment;

    this.logsKey = new KmsKey(this, 'LogsKey', {
      description: `${d.namePrefix}: CloudWatch log groups in ${d.regionName}`,
      aliasName: `${d.namePrefix}-logs`,
      allowCloudWatchLogs: true,
    });

    this.network = new Network(this, 'Network', {
      namePrefix: d.namePrefix,
      vpcCidr: d.vpcCidr,
      availabilityZoneCount: d.availabilityZoneCount,
      subnetCidrs: d.subnetCidrs,
      natGateways: d.natGateways,
      flowLogRetentionDays: d.logRetentionDays,
      logsKmsKeyArn: this.logsKey.arn,
    });

    this.securityGroups = new SecurityGroups(this, 'SecurityGroups', {
      namePrefix: d.namePrefix,
      vpcId: this.network.vpcId,
      vpcCidr: d.vpcCidr,
    });

    this.eks = new EksCluster(this, 'Eks', {
      clusterName: d.namePrefix,
      kubernetesVersion: d.eks.kubernetesVersion,
      subnetIds: this.network.privateSubnetIds,
      controlPlaneSecurityGroupId: this.securityGroups.cluster.id,
      nodeSecurityGroupId: this.securityGroups.app.id,
      logRetentionDays: d.logRetentionDays,
      logsKmsKeyArn: this.logsKey.arn,
      publicAccessCidrs: props.eksPublicAccessCidrs,
      nodeGroup: {
        instanceType: d.eks.nodeType,
        minSize: d.eks.minNodes,
        maxSize: d.eks.maxNodes,
        desiredSize: d.eks.desiredNodes,
        amiType: d.eks.amiType,
        capacityType: d.eks.capacityType,
      },
    });
  }
}
