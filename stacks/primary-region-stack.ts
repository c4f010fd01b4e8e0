import type { Construct } from 'constructs';
import { AuditTrail } from '../components/audit-trail';
import { primaryCertificateNames } from '../components/certificate';
import type { GenaiDemoStackProps } from './genai-demo-stack';
import { RegionStack } from './region-stack';

export type PrimaryRegionStackProps = GenaiDemoStackProps;

/**
 * The primary region (Taiwan, ap-east-2): the production workload. Its certificate covers `api.` and
 * `api-latency.`; its database is the source the DR region replicates; it holds the account's audit trail.
 */
export class PrimaryRegionStack extends RegionStack {
  constructor(scope: Construct, id: string, props: PrimaryRegionStackProps) {
    super(scope, id, {
      config: props.config,
      deployment: props.config.primary,
      certificateNames: primaryCertificateNames(props.config.domain),
    });

    // The spec's "CloudTrail: audit trail for all operations": one multi-region trail, here in the
    // primary region, covers the DR region too.
    new AuditTrail(this, 'AuditTrail', {
      namePrefix: this.deployment.namePrefix,
      forceDestroy: !props.config.isProduction,
    });
  }
}
