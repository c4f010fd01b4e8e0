import type { DatabaseOutputs } from '../components/database';
import type { LoadBalancerOutputs } from '../components/load-balancer';
import type { RegionDeployment } from '../config';

export type { DatabaseInstanceOutputs, DatabaseOutputs } from '../components/database';
export type { LoadBalancerOutputs } from '../components/load-balancer';

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
