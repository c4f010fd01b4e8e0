import type { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { Certificate } from '../components/certificate';
import { Database } from '../components/database';
import { HostedZone } from '../components/hosted-zone';
import { LoadBalancer } from '../components/load-balancer';
import { RegionalPlatform } from '../components/regional-platform';
import { RolesParameter } from '../components/roles-parameter';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';

/** What differs between the primary and the DR region stack. */
export interface RegionStackProps extends GenaiDemoStackProps {
  /** The region's resolved configuration. */
  readonly deployment: RegionDeployment;
  /** Names the region's ACM certificate covers; the first is the certificate's domain name. */
  readonly certificateNames: readonly string[];
  /** Hosted zone id taken from another stack. @default - looked up by name, or created when `createHostedZone` */
  readonly hostedZoneId?: string;
  /** Look the hosted zone up by name even when `createHostedZone` is set (another stack creates it). @default false */
  readonly lookUpHostedZone?: boolean;
}

/**
 * One region of the design: its provider, the platform (network, security groups, EKS), the hosted zone,
 * the API certificate, the ALB and the PostgreSQL instance. The primary and DR stacks are this plus what
 * only they hold. Construct ids are fixed here, so both regions' resources keep their logical ids.
 */
export abstract class RegionStack extends GenaiDemoStack implements RegionStackOutputs {
  readonly deployment: RegionDeployment;
  /** Network, security groups and EKS of this region. */
  readonly platform: RegionalPlatform;
  readonly vpcId: string;
  readonly privateRouteTableIds: readonly string[];
  readonly isolatedRouteTableIds: readonly string[];
  readonly appSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly hostedZoneId: string;
  readonly certificate: Certificate;
  readonly certificateArn: string;
  readonly loadBalancer: LoadBalancer;
  readonly database: Database;
  readonly clusterName: string;

  protected constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const config = props.config;
    this.deployment = props.deployment;
    const d = props.deployment;
    regionalProvider(this, 'Aws', { region: d.region, tags: d.tags });

    this.platform = new RegionalPlatform(this, 'Platform', { deployment: d });
    const { network, securityGroups } = this.platform;
    this.vpcId = network.vpcId;
    this.privateRouteTableIds = network.privateRouteTableIds;
    this.isolatedRouteTableIds = network.isolatedRouteTableIds;
    this.appSecurityGroupId = securityGroups.app.id;
    this.databaseSecurityGroupId = securityGroups.database.id;
    this.clusterName = this.platform.eks.clusterName;

    const zone = new HostedZone(this, 'HostedZone', {
      domain: config.domain,
      zoneId: props.hostedZoneId,
      create: props.hostedZoneId === undefined && props.lookUpHostedZone !== true && config.createHostedZone,
    });
    this.hostedZoneId = zone.zoneId;

    const [domainName, ...subjectAlternativeNames] = props.certificateNames;
    this.certificate = new Certificate(this, 'Certificate', {
      domainName,
      subjectAlternativeNames,
      zoneId: zone.zoneId,
      name: `${d.namePrefix}-api`,
    });
    this.certificateArn = this.certificate.certificateArn;

    this.loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
      namePrefix: d.namePrefix,
      region: d.region,
      vpcId: this.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      securityGroupId: securityGroups.alb.id,
      certificateArn: this.certificateArn,
      appPort: securityGroups.appPort,
      logRetentionDays: d.logRetentionDays,
      deletionProtection: config.isProduction,
      forceDestroyLogs: !config.isProduction,
    });

    this.database = new Database(this, 'Database', {
      namePrefix: d.namePrefix,
      regionName: d.regionName,
      settings: d.database,
      vpcId: this.vpcId,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: this.databaseSecurityGroupId,
      port: securityGroups.databasePort,
      logRetentionDays: d.logRetentionDays,
      logsKmsKeyArn: this.platform.logsKey.arn,
      finalSnapshot: config.isProduction,
    });

    // Who writes, published in every region so an application (or an operator) in either can ask.
    new RolesParameter(this, 'Roles', { name: `/${config.namePrefix}/roles`, roles: config.roles });
  }
}
