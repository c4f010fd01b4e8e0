import type { Construct } from 'constructs';
import { regionalProvider } from '../components/aws-provider';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';

export interface MultiRegionStackProps extends GenaiDemoStackProps {
  readonly primary: RegionStackOutputs;
  readonly dr: RegionStackOutputs;
}

/**
 * Cross-region coordination (state in the primary region): VPC peering between the two regions and
 * the monitoring of the link and of replication.
 */
export class MultiRegionStack extends GenaiDemoStack {
  constructor(scope: Construct, id: string, props: MultiRegionStackProps) {
    super(scope, id, props);
    regionalProvider(this, 'Primary', { region: props.primary.deployment.region, tags: props.primary.deployment.tags, alias: 'primary' });
    regionalProvider(this, 'Dr', { region: props.dr.deployment.region, tags: props.dr.deployment.tags, alias: 'dr' });
  }
}
