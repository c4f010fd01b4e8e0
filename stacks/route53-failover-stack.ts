import type { Construct } from 'constructs';
import { regionalProvider } from '../components/aws-provider';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';

export interface Route53FailoverStackProps extends GenaiDemoStackProps {
  readonly primary: RegionStackOutputs;
  readonly dr: RegionStackOutputs;
}

/** DNS failover: health checks of both regions, failover and latency records, alarms in us-east-1. */
export class Route53FailoverStack extends GenaiDemoStack {
  constructor(scope: Construct, id: string, props: Route53FailoverStackProps) {
    super(scope, id, props);
    regionalProvider(this, 'Aws', { region: props.primary.deployment.region, tags: props.primary.deployment.tags });
  }
}
