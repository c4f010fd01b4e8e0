/**
 * What is deployed, read back from the AWS APIs themselves (the emulator's, or real AWS with the
 * user's credentials) with the SDK v3: never from our own Terraform outputs. Resources are found from
 * config facts (VPC CIDRs, the domain, regions) and from each other (ALBs in those VPCs, health checks
 * of those ALBs), so the read-back does not depend on construct ids or generated names.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type CompositeAlarm,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type RouteTable,
  type Subnet,
  type Vpc,
  type VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import {
  ListHealthChecksCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HealthCheck,
  type HostedZone,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { AppConfig, RegionDeployment } from '../../config';
import { ROUTE53_METRICS_REGION } from '../../config/route53-limits';
import { ROUTE53_REGION, clientSettings } from '../lib/aws';
import { fqdn } from './bootstrap';

/** One region's deployed resources that verification and the summary look at. */
export interface RegionInventory {
  readonly deployment: RegionDeployment;
  /** The VPC with the configured CIDR. */
  readonly vpc?: Vpc;
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  /** Peering connections seen from this region that involve this VPC. */
  readonly peerings: readonly VpcPeeringConnection[];
  /** Load balancers in this VPC, with their listeners. */
  readonly loadBalancers: ReadonlyArray<{ readonly lb: LoadBalancer; readonly listeners: readonly Listener[] }>;
  /** DB instances in this VPC. */
  readonly databases: readonly DBInstance[];
  /** CloudWatch alarms of this region. */
  readonly alarms: readonly MetricAlarm[];
  readonly compositeAlarms: readonly CompositeAlarm[];
}

/** The whole deployment as the APIs show it. */
export interface Inventory {
  readonly primary: RegionInventory;
  readonly dr?: RegionInventory;
  readonly zone?: HostedZone;
  readonly records: readonly ResourceRecordSet[];
  readonly healthChecks: readonly HealthCheck[];
  /** Alarms in us-east-1, where Route 53 publishes its metrics. */
  readonly globalAlarms: readonly MetricAlarm[];
  readonly globalCompositeAlarms: readonly CompositeAlarm[];
}

async function allAlarms(
  region: string,
  env: NodeJS.ProcessEnv,
): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
  const cw = new CloudWatchClient(clientSettings(region, env));
  try {
    const metric: MetricAlarm[] = [];
    const composite: CompositeAlarm[] = [];
    let NextToken: string | undefined;
    do {
      const page = await cw.send(
        new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken }),
      );
      metric.push(...(page.MetricAlarms ?? []));
      composite.push(...(page.CompositeAlarms ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return { metric, composite };
  } finally {
    cw.destroy();
  }
}

async function regionInventory(deployment: RegionDeployment, env: NodeJS.ProcessEnv): Promise<RegionInventory> {
  const settings = clientSettings(deployment.region, env);
  const ec2 = new EC2Client(settings);
  const elb = new ElasticLoadBalancingV2Client(settings);
  const rds = new RDSClient(settings);
  try {
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const vpc = vpcs.find((v) => v.CidrBlock === deployment.vpcCidr && v.IsDefault !== true);
    const alarms = await allAlarms(deployment.region, env);
    if (vpc?.VpcId === undefined) {
      return {
        deployment,
        subnets: [],
        routeTables: [],
        peerings: [],
        loadBalancers: [],
        databases: [],
        alarms: alarms.metric,
        compositeAlarms: alarms.composite,
      };
    }
    const vpcFilter = [{ Name: 'vpc-id', Values: [vpc.VpcId] }];
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: vpcFilter }))).Subnets ?? [];
    const routeTables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter }))).RouteTables ?? [];
    const peerings = (
      (await ec2.send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections ?? []
    ).filter((p) => p.RequesterVpcInfo?.VpcId === vpc.VpcId || p.AccepterVpcInfo?.VpcId === vpc.VpcId);
    const lbs = ((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).filter(
      (lb) => lb.VpcId === vpc.VpcId,
    );
    const loadBalancers = await Promise.all(
      lbs.map(async (lb) => ({
        lb,
        listeners:
          (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? [],
      })),
    );
    const subnetIds = new Set(subnets.map((s) => s.SubnetId));
    const databases = ((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).filter(
      (db) =>
        db.DBSubnetGroup?.VpcId === vpc.VpcId ||
        (db.DBSubnetGroup?.Subnets ?? []).some((s) => subnetIds.has(s.SubnetIdentifier)),
    );
    return {
      deployment,
      vpc,
      subnets,
      routeTables,
      peerings,
      loadBalancers,
      databases,
      alarms: alarms.metric,
      compositeAlarms: alarms.composite,
    };
  } finally {
    ec2.destroy();
    elb.destroy();
    rds.destroy();
  }
}

async function route53Inventory(
  config: AppConfig,
  env: NodeJS.ProcessEnv,
): Promise<Pick<Inventory, 'zone' | 'records' | 'healthChecks'>> {
  const r53 = new Route53Client(clientSettings(ROUTE53_REGION, env));
  try {
    const zones = (await r53.send(new ListHostedZonesByNameCommand({ DNSName: config.domain }))).HostedZones ?? [];
    const zone = zones.find((z) => z.Name === fqdn(config.domain) && z.Config?.PrivateZone !== true);
    const records: ResourceRecordSet[] = [];
    if (zone?.Id !== undefined) {
      let start: {
        StartRecordName?: string;
        StartRecordType?: ResourceRecordSet['Type'];
        StartRecordIdentifier?: string;
      } = {};
      for (;;) {
        const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id, ...start }));
        records.push(...(page.ResourceRecordSets ?? []));
        if (page.IsTruncated !== true) break;
        start = {
          StartRecordName: page.NextRecordName,
          StartRecordType: page.NextRecordType,
          StartRecordIdentifier: page.NextRecordIdentifier,
        };
      }
    }
    const healthChecks: HealthCheck[] = [];
    let Marker: string | undefined;
    do {
      const page = await r53.send(new ListHealthChecksCommand({ Marker }));
      healthChecks.push(...(page.HealthChecks ?? []));
      Marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (Marker);
    return { zone, records, healthChecks };
  } finally {
    r53.destroy();
  }
}

/** Reads the deployment back from the APIs of every region it spans. */
export async function readInventory(config: AppConfig, env: NodeJS.ProcessEnv): Promise<Inventory> {
  const [primary, dr, r53, global] = await Promise.all([
    regionInventory(config.primary, env),
    config.dr ? regionInventory(config.dr, env) : Promise.resolve(undefined),
    route53Inventory(config, env),
    allAlarms(ROUTE53_METRICS_REGION, env),
  ]);
  return { primary, dr, ...r53, globalAlarms: global.metric, globalCompositeAlarms: global.composite };
}
