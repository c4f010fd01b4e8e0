import type { RegionDeployment } from '../config';

/** The load balancer a region serves the API from. */
export interface LoadBalancerOutputs {
  readonly arn: string;
  /** `app/<name>/<id>`: the CloudWatch `LoadBalancer` dimension. */
  readonly arnSuffix: string;
  /** The ALB's DNS name: target of the alias records and of the Route 53 health check. */
  readonly dnsName: string;
  /** The ALB's canonical hosted zone id, for alias records. */
  readonly zoneId: string;
  /** `targetgroup/<name>/<id>`: the CloudWatch `TargetGroup` dimension. */
  readonly targetGroupArnSuffix: string;
}

/** One DB instance of a region (the writer, or the cross-region read replica). */
export interface DatabaseInstanceOutputs {
  /** DB instance identifier: the CloudWatch `DBInstanceIdentifier` dimension. */
  readonly identifier: string;
  /** DB instance ARN. */
  readonly arn: string;
  /** The instance's endpoint host name: target of the stable database name (CNAME). */
  readonly address: string;
  /** True for a cross-region read replica (ReplicaLag is published for it). */
  readonly isReplica: boolean;
}

/** The region's PostgreSQL instances, as other stacks need them. */
export interface DatabaseOutputs {
  readonly port: number;
  /** The current generation's instance (writer or replica); absent when the region runs no current database. */
  readonly current?: DatabaseInstanceOutputs;
}

/**
 * What a regional stack (primary or DR) exposes to the multi-region and failover stacks.
 * Every member except `deployment` is a deploy-time token. When another stack reads one, cdktf adds a
 * Terraform output here and a `terraform_remote_state` read there, and orders the deploys accordingly:
 * the consumer can only be planned once this stack's state exists and is readable.
 */
export interface RegionStackOutputs {
  /** The region's resolved configuration (plain values). */
  readonly deployment: RegionDeployment;
  readonly vpcId: string;
  /** One route table per AZ for the private (app) subnets, in AZ order. */
  readonly privateRouteTableIds: readonly string[];
  /** Route tables of the isolated (data) subnets, in AZ order. */
  readonly isolatedRouteTableIds: readonly string[];
  /** Security group of the app tier (EKS nodes and pods), the database's only in-VPC client. */
  readonly appSecurityGroupId: string;
  /** Security group of the database. */
  readonly databaseSecurityGroupId: string;
  readonly loadBalancer: LoadBalancerOutputs;
  readonly database: DatabaseOutputs;
  /** The public hosted zone of `genai-demo:domain`. */
  readonly hostedZoneId: string;
  /** ARN of the ALB's ACM certificate. */
  readonly certificateArn: string;
  /** EKS cluster name. */
  readonly clusterName: string;
}
