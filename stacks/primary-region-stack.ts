import type { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { DatabaseOutputs, LoadBalancerOutputs, RegionStackOutputs } from './region-outputs';

export type PrimaryRegionStackProps = GenaiDemoStackProps;

/** The primary region (Taiwan, ap-east-2): the production workload. */
export class PrimaryRegionStack extends GenaiDemoStack implements RegionStackOutputs {
  readonly deployment: RegionDeployment;
  readonly vpcId!: string;
  readonly privateRouteTableIds!: readonly string[];
  readonly isolatedRouteTableIds!: readonly string[];
  readonly appSecurityGroupId!: string;
  readonly databaseSecurityGroupId!: string;
  readonly loadBalancer!: LoadBalancerOutputs;
  readonly database!: DatabaseOutputs;
  readonly hostedZoneId!: string;
  readonly certificateArn!: string;
  readonly clusterName!: string;

  constructor(scope: Construct, id: string, props: PrimaryRegionStackProps) {
    super(scope, id, props);
    this.deployment = props.config.primary;
    regionalProvider(this, 'Aws', { region: this.deployment.region, tags: this.deployment.tags });
  }
}
