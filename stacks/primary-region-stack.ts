import type { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { RegionalPlatform } from '../components/regional-platform';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { DatabaseOutputs, LoadBalancerOutputs, RegionStackOutputs } from './region-outputs';

export type PrimaryRegionStackProps = GenaiDemoStackProps;

/** The primary region (Taiwan, ap-east-2): the production workload. */
export class PrimaryRegionStack extends GenaiDemoStack implements RegionStackOutputs {
  readonly deployment: RegionDeployment;
  /** Network, security groups and EKS of this region. */
  readonly platform: RegionalPlatform;
  readonly vpcId: string;
  readonly privateRouteTableIds: readonly string[];
  readonly isolatedRouteTableIds: readonly string[];
  readonly appSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly loadBalancer!: LoadBalancerOutputs;
  readonly database!: DatabaseOutputs;
  readonly hostedZoneId!: string;
  readonly certificateArn!: string;
  readonly clusterName: string;

  constructor(scope: Construct, id: string, props: PrimaryRegionStackProps) {
    super(scope, id, props);
    this.deployment = props.config.primary;
    regionalProvider(this, 'Aws', { region: this.deployment.region, tags: this.deployment.tags });

    this.platform = new RegionalPlatform(this, 'Platform', { deployment: this.deployment });
    this.vpcId = this.platform.network.vpcId;
    this.privateRouteTableIds = this.platform.network.privateRouteTableIds;
    this.isolatedRouteTableIds = this.platform.network.isolatedRouteTableIds;
    this.appSecurityGroupId = this.platform.securityGroups.app.id;
    this.databaseSecurityGroupId = this.platform.securityGroups.database.id;
    this.clusterName = this.platform.eks.clusterName;
  }
}
