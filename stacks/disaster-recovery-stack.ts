import type { Construct } from 'constructs';
import { drCertificateNames } from '../components/certificate';
import { DrDashboard } from '../components/dr-dashboard';
import { DrParameters, drConfigurationParameters } from '../components/dr-parameters';
import type { GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';
import { RegionStack } from './region-stack';

export interface DisasterRecoveryStackProps extends GenaiDemoStackProps {
  /** The primary region's stack: source of the hosted zone id when it creates the zone. */
  readonly primary: RegionStackOutputs;
}

/**
 * The DR region (Tokyo, ap-northeast-1): a complete copy of the network and entry point, sized from the
 * primary (config/derive.ts). Its certificate also covers the primary's names so TLS stays valid after
 * failover. Which of its database generations writes or replicates, and whether its node group runs at
 * full or standby size, follows `genai-demo:multi-region.writer-region` (config/derive.ts). Only here: the DR
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
      // When the primary stack creates the zone, the DR stack takes its id from the primary's state, except
      // while the primary region holds the replica: the primary stack then applies after this one (its
      // source), so this stack looks the zone up by name instead of forming a cycle.
      hostedZoneId: config.createHostedZone && config.primary.isWriter ? props.primary.hostedZoneId : undefined,
      lookUpHostedZone: config.createHostedZone && !config.primary.isWriter,
    });
    const d = this.deployment;

    new DrParameters(this, 'DrParameters', {
      pathPrefix: `/${config.namePrefix}/dr`,
      parameters: drConfigurationParameters(config, d, {
        albDnsName: this.loadBalancer.dnsName,
        database: this.database.current,
        clusterName: this.clusterName,
      }),
    });
    new DrDashboard(this, 'DrDashboard', {
      dashboardName: `${d.namePrefix}-monitoring`,
      region: d.region,
      regionName: d.regionName,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
      databaseIdentifier: this.database.current?.identifier,
      databaseIsReplica: this.database.current?.isReplica ?? false,
      certificateArn: this.certificateArn,
      clusterName: this.clusterName,
      kubernetesVersion: d.eks.kubernetesVersion,
      rtoMinutes: config.multiRegion.failoverRtoMinutes,
      rpoMinutes: config.multiRegion.failoverRpoMinutes,
    });
  }
}
