import type { Construct } from 'constructs';
import { drCertificateNames } from '../components/certificate';
import { DrDashboard } from '../components/dr-dashboard';
import { DrParameters, drConfigurationParameters } from '../components/dr-parameters';
import type { GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';
import { RegionStack } from './region-stack';

export interface DisasterRecoveryStackProps extends GenaiDemoStackProps {
  /** The primary region's stack: source of the cross-region read replica (and of the zone when it creates it). */
  readonly primary: RegionStackOutputs;
}

/**
 * The DR region (Tokyo, ap-northeast-1): a complete copy of the network and entry point, sized from the
 * primary (config/derive.ts). Its certificate also covers the primary's names so TLS stays valid after
 * failover. Its database is a cross-region read replica of the primary, whose ARN is read from the
 * primary stack's state, or a standalone instance when replication is off. Only here: the DR
 * configuration in SSM parameters and the DR monitoring dashboard.
 */
export class DisasterRecoveryStack extends RegionStack {
  constructor(scope: Construct, id: string, props: DisasterRecoveryStackProps) {
    const config = props.config;
    if (config.dr === undefined) throw new Error('DisasterRecoveryStack needs config.dr (production with enable-dr)');
    super(scope, id, {
      config,
      deployment: config.dr,
      certificateNames: drCertificateNames(config.domain),
      hostedZoneId: config.createHostedZone ? props.primary.hostedZoneId : undefined,
      replicateSourceDbArn: config.multiRegion.enableCrossRegionReplication ? props.primary.database.arn : undefined,
    });
    const d = this.deployment;

    new DrParameters(this, 'DrParameters', {
      pathPrefix: `/${config.namePrefix}/dr`,
      parameters: drConfigurationParameters(config, d, {
        albDnsName: this.loadBalancer.dnsName,
        databaseIdentifier: this.database.identifier,
        clusterName: this.clusterName,
      }),
    });
    new DrDashboard(this, 'DrDashboard', {
      dashboardName: `${d.namePrefix}-monitoring`,
      region: d.region,
      regionName: d.regionName,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
      databaseIdentifier: this.database.identifier,
      databaseIsReplica: this.database.isReplica,
      certificateArn: this.certificateArn,
      clusterName: this.clusterName,
      kubernetesVersion: d.eks.kubernetesVersion,
      rtoMinutes: config.multiRegion.failoverRtoMinutes,
      rpoMinutes: config.multiRegion.failoverRpoMinutes,
    });
  }
}
