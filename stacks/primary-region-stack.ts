import type { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { AuditTrail } from '../components/audit-trail';
import { RegionalPlatform } from '../components/regional-platform';
import { Certificate, primaryCertificateNames } from '../components/certificate';
import { Database } from '../components/database';
import { HostedZone } from '../components/hosted-zone';
import { LoadBalancer } from '../components/load-balancer';
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
  readonly loadBalancer: LoadBalancerOutputs;
  readonly database: DatabaseOutputs;
  readonly hostedZoneId: string;
  readonly certificateArn: string;
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

    // Entry point and data: the hosted zone (looked up, or created here), the API certificate, the ALB and
    // the PostgreSQL source instance that the DR region replicates.
    const config = props.config;
    const d = this.deployment;
    const zone = new HostedZone(this, 'HostedZone', { domain: config.domain, create: config.createHostedZone });
    const [apiName, ...otherNames] = primaryCertificateNames(config.domain);
    const certificate = new Certificate(this, 'Certificate', {
      domainName: apiName,
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
      finalSnapshot: config.isProduction,
    });
    this.hostedZoneId = zone.zoneId;
    this.certificateArn = certificate.certificateArn;
    this.loadBalancer = loadBalancer;
    this.database = database;

    // The account's audit trail (spec: "CloudTrail: audit trail for all operations"): one multi-region
    // trail, here in the primary region, covers the DR region too.
    new AuditTrail(this, 'AuditTrail', { namePrefix: d.namePrefix, forceDestroy: !config.isProduction });
  }
}
