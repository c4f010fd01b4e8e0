import type { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { RegionalPlatform } from '../components/regional-platform';
import { Certificate, drCertificateNames } from '../components/certificate';
import { Database } from '../components/database';
import { DrDashboard } from '../components/dr-dashboard';
import { DrParameters, drConfigurationParameters } from '../components/dr-parameters';
import { HostedZone } from '../components/hosted-zone';
import { LoadBalancer } from '../components/load-balancer';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { DatabaseOutputs, LoadBalancerOutputs, RegionStackOutputs } from './region-outputs';

export interface DisasterRecoveryStackProps extends GenaiDemoStackProps {
  /** The primary region's stack: source of the cross-region read replica. */
  readonly primary: RegionStackOutputs;
}

/** The DR region (Tokyo, ap-northeast-1): a complete copy of the network and entry point, sized from the primary. */
export class DisasterRecoveryStack extends GenaiDemoStack implements RegionStackOutputs {
  readonly deployment: RegionDeployment;
  /** Network, security groups and EKS of this region. */
  readonly platform: RegionalPlatform;
  readonly vpcId: string;
  readonly privateRouteTableIds: readonly string[];
  readonly isolatedRouteTableIds: readonly string[];
  readonly appSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly loadBalancer: LoadBalancerOutputs;
  readonly database: DatabaseOutputs;
  readonly hostedZoneId: string;
  readonly certificateArn: string;
  readonly clusterName: string;

  constructor(scope: Construct, id: string, props: DisasterRecoveryStackProps) {
    super(scope, id, props);
    if (props.config.dr === undefined) throw new Error('DisasterRecoveryStack needs config.dr (production with enable-dr)');
    this.deployment = props.config.dr;
    regionalProvider(this, 'Aws', { region: this.deployment.region, tags: this.deployment.tags });

    this.platform = new RegionalPlatform(this, 'Platform', { deployment: this.deployment });
    this.vpcId = this.platform.network.vpcId;
    this.privateRouteTableIds = this.platform.network.privateRouteTableIds;
    this.isolatedRouteTableIds = this.platform.network.isolatedRouteTableIds;
    this.appSecurityGroupId = this.platform.securityGroups.app.id;
    this.databaseSecurityGroupId = this.platform.securityGroups.database.id;
    this.clusterName = this.platform.eks.clusterName;

    // Entry point and data. The hosted zone is looked up by name, or, when the primary stack creates it,
    // taken from the primary through remote state. The certificate also covers the primary's names so TLS
    // stays valid after failover. The database is a cross-region read replica of the primary (its ARN read
    // from the primary stack's state), or a standalone instance when replication is off.
    const config = props.config;
    const d = this.deployment;
    const zone = new HostedZone(this, 'HostedZone', {
      domain: config.domain,
      zoneId: config.createHostedZone ? props.primary.hostedZoneId : undefined,
    });
    const [drName, ...otherNames] = drCertificateNames(config.domain);
    const certificate = new Certificate(this, 'Certificate', {
      domainName: drName,
      subjectAlternativeNames: otherNames,
      zoneId: zone.zoneId,
      name: `${d.namePrefix}-api`,
    });
    const loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
      namePrefix: d.namePrefix,
      region: d.region,
      vpcId: this.vpcId,
      publicSubnetIds: this.platform.network.publicSubnetIds,
      securityGroupId: this.platform.securityGroups.alb.id,
      certificateArn: certificate.certificateArn,
      appPort: this.platform.securityGroups.appPort,
      logRetentionDays: d.logRetentionDays,
      deletionProtection: config.isProduction,
      forceDestroyLogs: !config.isProduction,
    });
    const database = new Database(this, 'Database', {
      namePrefix: d.namePrefix,
      regionName: d.regionName,
      settings: d.database,
      subnetIds: this.platform.network.isolatedSubnetIds,
      securityGroupId: this.databaseSecurityGroupId,
      port: this.platform.securityGroups.databasePort,
      logRetentionDays: d.logRetentionDays,
      logsKmsKeyArn: this.platform.logsKey.arn,
      replicateSourceDbArn: config.multiRegion.enableCrossRegionReplication ? props.primary.database.arn : undefined,
      finalSnapshot: config.isProduction,
    });
    this.hostedZoneId = zone.zoneId;
    this.certificateArn = certificate.certificateArn;
    this.loadBalancer = loadBalancer;
    this.database = database;

    new DrParameters(this, 'DrParameters', {
      pathPrefix: `/${config.namePrefix}/dr`,
      parameters: drConfigurationParameters(config, d, {
        albDnsName: loadBalancer.dnsName,
        databaseIdentifier: database.identifier,
        clusterName: this.clusterName,
      }),
    });
    new DrDashboard(this, 'DrDashboard', {
      dashboardName: `${d.namePrefix}-monitoring`,
      region: d.region,
      regionName: d.regionName,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      databaseIdentifier: database.identifier,
      databaseIsReplica: database.isReplica,
      certificateArn: certificate.certificateArn,
      clusterName: this.clusterName,
      kubernetesVersion: d.eks.kubernetesVersion,
      rtoMinutes: config.multiRegion.failoverRtoMinutes,
      rpoMinutes: config.multiRegion.failoverRpoMinutes,
    });
  }
}
