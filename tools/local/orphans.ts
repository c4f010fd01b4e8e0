/**
 * What the emulator holds that no Terraform state owns. Every stack's state is read from the S3
 * backend (the same object terraform reads), every deployment region is listed through the AWS APIs,
 * and what is left over is reported with its id, its region, the VPC it sits in and the stack that
 * should have owned it. Used when a destroy stalls (a VPC that will not go away is waiting for
 * something), and at the end of every end-to-end teardown (nothing may be left).
 *
 * Not listed: what the account has before any stack runs (default VPCs and their parts, the state
 * bucket, the hosted zone and its NS/SOA records), the parts AWS creates with a VPC (main route table,
 * default security group and network ACL), and keys in their deletion waiting period. IAM, KMS, EKS
 * and CloudWatch Logs are not listed (no SDK client in the tools); their leftovers do not block a
 * VPC deletion.
 */
import { ListCertificatesCommand, ACMClient } from '@aws-sdk/client-acm';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ListResourceRecordSetsCommandOutput,
} from '@aws-sdk/client-route-53';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestStack } from '../lib/terraform';
import { ROUTE53_REGION, clientSettings } from '../lib/aws';
import { stateLocation } from './lock';

/** One resource the APIs show. */
export interface InventoryItem {
  /** Kind, named after the Terraform resource type it would be (`aws_route_table`). */
  readonly type: string;
  /** Its id as the API names it (the id Terraform stores, or its ARN or name). */
  readonly id: string;
  /** Other identifiers a state may hold it under (ARN, name). */
  readonly aliases?: readonly string[];
  readonly region: string;
  /** The VPC it sits in, when it sits in one. */
  readonly vpcId?: string;
}

/** What the states of a deployment own. */
export interface Ownership {
  /** Every id, ARN, name and record key in any state, with the stack and address holding it. */
  readonly owners: ReadonlyMap<string, { readonly stack: string; readonly address: string }>;
  /** Regions each stack's providers act in (from its synthesized JSON). */
  readonly stackRegions: ReadonlyMap<string, readonly string[]>;
}

/** A resource no state owns. */
export interface Orphan extends InventoryItem {
  /** The stack that should have owned it: the owner of its VPC, or the stacks acting in its region. */
  readonly expectedOwner: string;
}

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly module?: string;
  readonly instances: ReadonlyArray<{
    readonly index_key?: string | number;
    readonly attributes?: Record<string, unknown>;
  }>;
}

/** Attribute names whose values identify a resource in the APIs. */
const IDENTIFYING_ATTRIBUTES = ['id', 'arn', 'name', 'identifier', 'function_name', 'alarm_name'] as const;

/** The key a Route 53 record is known by in both the API and a state. */
export function recordKey(name: string, type: string, setIdentifier?: string): string {
  return `record:${name.toLowerCase().replace(/\.$/, '')}|${type}|${setIdentifier ?? ''}`;
}

/** The identifiers a state's managed resources hold, with their addresses (pure: for tests). */
export function ownedIdentifiers(
  stack: string,
  state: { resources?: readonly StateResource[] },
): Map<string, { stack: string; address: string }> {
  const owned = new Map<string, { stack: string; address: string }>();
  for (const r of state.resources ?? []) {
    if (r.mode !== 'managed') continue;
    for (const inst of r.instances) {
      const a = inst.attributes ?? {};
      const index = inst.index_key === undefined ? '' : `[${JSON.stringify(inst.index_key)}]`;
      const address = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}${index}`;
      for (const attr of IDENTIFYING_ATTRIBUTES) {
        const v = a[attr];
        if (typeof v === 'string' && v !== '') owned.set(v, { stack, address });
      }
      if (r.type === 'aws_route53_record' && typeof a.name === 'string' && typeof a.type === 'string') {
        const setId = typeof a.set_identifier === 'string' && a.set_identifier !== '' ? a.set_identifier : undefined;
        owned.set(recordKey(a.name, a.type, setId), { stack, address });
      }
    }
  }
  return owned;
}

/** The regions a synthesized stack's AWS providers act in. */
export function providerRegions(stack: ManifestStack): string[] {
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')) as {
    provider?: { aws?: Array<{ region?: string }> };
  };
  return [...new Set((json.provider?.aws ?? []).flatMap((p) => (p.region ? [p.region] : [])))];
}

/** Reads every stack's state from its S3 backend; a stack without a state owns nothing. */
export async function readOwnership(stacks: readonly ManifestStack[], env: NodeJS.ProcessEnv): Promise<Ownership> {
  const owners = new Map<string, { stack: string; address: string }>();
  const stackRegions = new Map<string, readonly string[]>();
  for (const stack of stacks) {
    stackRegions.set(stack.name, providerRegions(stack));
    const loc = stateLocation(stack);
    const s3 = new S3Client(clientSettings(loc.region, env));
    try {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key }))
      ).Body?.transformToString();
      if (body)
        for (const [k, v] of ownedIdentifiers(stack.name, JSON.parse(body) as { resources?: StateResource[] }))
          owners.set(k, v);
    } catch (err) {
      if ((err as { name?: string }).name !== 'NoSuchKey') throw err;
    } finally {
      s3.destroy();
    }
  }
  return { owners, stackRegions };
}

/**
 * An identifier the API always returns, though the SDK types it optional: a response without it is an
 * error that names the call, the field and the region, rather than an item listed under `undefined`.
 */
function idOf(value: string | undefined, call: string, field: string, region: string): string {
  if (value === undefined)
    throw new Error(`${call} in ${region} returned an item without ${field}: cannot tell which resource it is`);
  return value;
}

async function ec2Inventory(region: string, env: NodeJS.ProcessEnv): Promise<InventoryItem[]> {
  const ec2 = new EC2Client(clientSettings(region, env));
  try {
    const vpcs = ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).filter((v) => v.IsDefault !== true);
    const ours = new Set(vpcs.map((v) => v.VpcId));
    const inVpc = <T extends { VpcId?: string }>(xs: readonly T[] | undefined): T[] =>
      (xs ?? []).filter((x) => ours.has(x.VpcId));
    const items: InventoryItem[] = [];
    /** Lists `xs` as `type`, each under the id `field` of the `call` that returned it and the VPC it is in. */
    const add = <T>(
      type: string,
      xs: readonly T[],
      call: string,
      field: string,
      id: (x: T) => string | undefined,
      vpcId: (x: T) => string | undefined,
    ): void => {
      for (const x of xs) items.push({ type, id: idOf(id(x), call, field, region), region, vpcId: vpcId(x) });
    };
    add(
      'aws_vpc',
      vpcs,
      'DescribeVpcs',
      'VpcId',
      (v) => v.VpcId,
      (v) => v.VpcId,
    );
    const subnets = inVpc((await ec2.send(new DescribeSubnetsCommand({}))).Subnets);
    add(
      'aws_subnet',
      subnets,
      'DescribeSubnets',
      'SubnetId',
      (x) => x.SubnetId,
      (x) => x.VpcId,
    );
    const tables = inVpc((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables).filter(
      (t) => !(t.Associations ?? []).some((a) => a.Main === true),
    );
    add(
      'aws_route_table',
      tables,
      'DescribeRouteTables',
      'RouteTableId',
      (t) => t.RouteTableId,
      (t) => t.VpcId,
    );
    const igws = ((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways ?? []).filter((g) =>
      (g.Attachments ?? []).some((a) => ours.has(a.VpcId)),
    );
    add(
      'aws_internet_gateway',
      igws,
      'DescribeInternetGateways',
      'InternetGatewayId',
      (g) => g.InternetGatewayId,
      (g) => g.Attachments?.[0]?.VpcId,
    );
    const nats = inVpc((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways).filter(
      (n) => n.State !== 'deleted',
    );
    add(
      'aws_nat_gateway',
      nats,
      'DescribeNatGateways',
      'NatGatewayId',
      (n) => n.NatGatewayId,
      (n) => n.VpcId,
    );
    const natInterfaces = new Set(nats.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId)));
    const groups = inVpc((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups).filter(
      (g) => g.GroupName !== 'default',
    );
    add(
      'aws_security_group',
      groups,
      'DescribeSecurityGroups',
      'GroupId',
      (g) => g.GroupId,
      (g) => g.VpcId,
    );
    // Interfaces of a live NAT gateway belong to it (requester-managed on AWS); any other is a leftover.
    const enis = inVpc((await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces).filter(
      (e) => !natInterfaces.has(e.NetworkInterfaceId),
    );
    add(
      'aws_network_interface',
      enis,
      'DescribeNetworkInterfaces',
      'NetworkInterfaceId',
      (e) => e.NetworkInterfaceId,
      (e) => e.VpcId,
    );
    const peerings = (
      (await ec2.send(new DescribeVpcPeeringConnectionsCommand({}))).VpcPeeringConnections ?? []
    ).filter(
      (p) =>
        !['deleted', 'rejected', 'failed', 'expired'].includes(p.Status?.Code ?? '') &&
        (ours.has(p.RequesterVpcInfo?.VpcId) || ours.has(p.AccepterVpcInfo?.VpcId)),
    );
    add(
      'aws_vpc_peering_connection',
      peerings,
      'DescribeVpcPeeringConnections',
      'VpcPeeringConnectionId',
      (p) => p.VpcPeeringConnectionId,
      (p) => (ours.has(p.RequesterVpcInfo?.VpcId) ? p.RequesterVpcInfo?.VpcId : p.AccepterVpcInfo?.VpcId),
    );
    const eips = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
    items.push(
      ...eips.map((a) => ({
        type: 'aws_eip',
        id: idOf(a.AllocationId ?? a.PublicIp, 'DescribeAddresses', 'AllocationId or PublicIp', region),
        region,
      })),
    );
    return items;
  } finally {
    ec2.destroy();
  }
}

async function regionalServices(region: string, env: NodeJS.ProcessEnv): Promise<InventoryItem[]> {
  const settings = clientSettings(region, env);
  const rds = new RDSClient(settings);
  const elb = new ElasticLoadBalancingV2Client(settings);
  const cw = new CloudWatchClient(settings);
  const sns = new SNSClient(settings);
  const ssm = new SSMClient(settings);
  const acm = new ACMClient(settings);
  try {
    const items: InventoryItem[] = [];
    for (const db of (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []) {
      items.push({
        type: 'aws_db_instance',
        id: idOf(db.DBInstanceIdentifier, 'DescribeDBInstances', 'DBInstanceIdentifier', region),
        aliases: [db.DBInstanceArn ?? '', db.DbiResourceId ?? ''],
        region,
        vpcId: db.DBSubnetGroup?.VpcId,
      });
    }
    for (const g of (await rds.send(new DescribeDBSubnetGroupsCommand({}))).DBSubnetGroups ?? []) {
      if (g.DBSubnetGroupName === 'default') continue;
      items.push({
        type: 'aws_db_subnet_group',
        id: idOf(g.DBSubnetGroupName, 'DescribeDBSubnetGroups', 'DBSubnetGroupName', region),
        aliases: [g.DBSubnetGroupArn ?? ''],
        region,
        vpcId: g.VpcId,
      });
    }
    for (const lb of (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) {
      items.push({
        type: 'aws_lb',
        id: idOf(lb.LoadBalancerArn, 'DescribeLoadBalancers', 'LoadBalancerArn', region),
        aliases: [lb.LoadBalancerName ?? ''],
        region,
        vpcId: lb.VpcId,
      });
    }
    for (const tg of (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []) {
      items.push({
        type: 'aws_lb_target_group',
        id: idOf(tg.TargetGroupArn, 'DescribeTargetGroups', 'TargetGroupArn', region),
        aliases: [tg.TargetGroupName ?? ''],
        region,
        vpcId: tg.VpcId,
      });
    }
    let NextToken: string | undefined;
    do {
      const page = await cw.send(
        new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken }),
      );
      for (const a of page.MetricAlarms ?? [])
        items.push({
          type: 'aws_cloudwatch_metric_alarm',
          id: idOf(a.AlarmName, 'DescribeAlarms', 'AlarmName', region),
          aliases: [a.AlarmArn ?? ''],
          region,
        });
      for (const a of page.CompositeAlarms ?? [])
        items.push({
          type: 'aws_cloudwatch_composite_alarm',
          id: idOf(a.AlarmName, 'DescribeAlarms', 'AlarmName', region),
          aliases: [a.AlarmArn ?? ''],
          region,
        });
      NextToken = page.NextToken;
    } while (NextToken);
    for (const t of (await sns.send(new ListTopicsCommand({}))).Topics ?? [])
      items.push({ type: 'aws_sns_topic', id: idOf(t.TopicArn, 'ListTopics', 'TopicArn', region), region });
    let ssmToken: string | undefined;
    do {
      const page = await ssm.send(new DescribeParametersCommand({ NextToken: ssmToken, MaxResults: 50 }));
      for (const p of page.Parameters ?? [])
        items.push({
          type: 'aws_ssm_parameter',
          id: idOf(p.Name, 'DescribeParameters', 'Name', region),
          aliases: [p.ARN ?? ''],
          region,
        });
      ssmToken = page.NextToken;
    } while (ssmToken);
    for (const c of (await acm.send(new ListCertificatesCommand({}))).CertificateSummaryList ?? []) {
      items.push({
        type: 'aws_acm_certificate',
        id: idOf(c.CertificateArn, 'ListCertificates', 'CertificateArn', region),
        region,
      });
    }
    return items;
  } finally {
    for (const c of [rds, elb, cw, sns, ssm, acm]) c.destroy();
  }
}

async function route53Items(env: NodeJS.ProcessEnv): Promise<InventoryItem[]> {
  const r53 = new Route53Client(clientSettings(ROUTE53_REGION, env));
  try {
    const items: InventoryItem[] = [];
    let Marker: string | undefined;
    do {
      const page = await r53.send(new ListHealthChecksCommand({ Marker }));
      for (const h of page.HealthChecks ?? [])
        items.push({
          type: 'aws_route53_health_check',
          id: idOf(h.Id, 'ListHealthChecks', 'Id', ROUTE53_REGION),
          region: ROUTE53_REGION,
        });
      Marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (Marker);
    for (const zone of (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? []) {
      let start: { StartRecordName?: string; StartRecordType?: never; StartRecordIdentifier?: string } = {};
      for (;;) {
        const page: ListResourceRecordSetsCommandOutput = await r53.send(
          new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id, ...start }),
        );
        for (const r of page.ResourceRecordSets ?? []) {
          if ((r.Type === 'NS' || r.Type === 'SOA') && r.Name === zone.Name) continue;
          items.push({
            type: 'aws_route53_record',
            id: recordKey(
              idOf(r.Name, 'ListResourceRecordSets', 'Name', ROUTE53_REGION),
              idOf(r.Type, 'ListResourceRecordSets', 'Type', ROUTE53_REGION),
              r.SetIdentifier,
            ),
            region: ROUTE53_REGION,
          });
        }
        if (page.IsTruncated !== true) break;
        start = {
          StartRecordName: page.NextRecordName,
          StartRecordType: page.NextRecordType as never,
          StartRecordIdentifier: page.NextRecordIdentifier,
        };
      }
    }
    return items;
  } finally {
    r53.destroy();
  }
}

/**
 * Lists the APIs of `regions` (plus Route 53). With `scope` 'network', only the VPCs and what sits in
 * them (the quick look a stalled deletion needs: nine EC2 calls a region); with 'all', everything the
 * module covers.
 */
export async function listInventory(
  regions: readonly string[],
  env: NodeJS.ProcessEnv,
  scope: 'network' | 'all' = 'all',
): Promise<InventoryItem[]> {
  const perRegion = await Promise.all(
    regions.map(async (region) => [
      ...(await ec2Inventory(region, env)),
      ...(scope === 'all' ? await regionalServices(region, env) : []),
    ]),
  );
  return [...perRegion.flat(), ...(scope === 'all' ? await route53Items(env) : [])];
}

/** The items no state owns, each with the stack that should have owned it (pure: for tests). */
export function findOrphans(
  items: readonly InventoryItem[],
  ownership: Ownership,
  baseline: ReadonlySet<string> = new Set(),
): Orphan[] {
  const owned = (i: InventoryItem) => [i.id, ...(i.aliases ?? [])].some((k) => k !== '' && ownership.owners.has(k));
  return items
    .filter((i) => !baseline.has(`${i.region}|${i.id}`) && !owned(i))
    .map((i) => {
      const vpcOwner = i.vpcId !== undefined ? ownership.owners.get(i.vpcId) : undefined;
      const inRegion = [...ownership.stackRegions].filter(([, regions]) => regions.includes(i.region)).map(([s]) => s);
      const expectedOwner = vpcOwner
        ? `${vpcOwner.stack} (owns ${i.vpcId} as ${vpcOwner.address})`
        : inRegion.length > 0
          ? `one of ${inRegion.join(', ')} (stacks acting in ${i.region})`
          : `no stack acts in ${i.region}`;
      return { ...i, expectedOwner };
    });
}

/** The baseline keys of an inventory (`region|id`): what existed before the deployment. */
export function baselineOf(items: readonly InventoryItem[]): Set<string> {
  return new Set(items.map((i) => `${i.region}|${i.id}`));
}

/** One line per orphan, for error messages. */
export function describeOrphans(orphans: readonly Orphan[]): string[] {
  return orphans.map(
    (o) =>
      `${o.type} ${o.id} in ${o.region}${o.vpcId && o.vpcId !== o.id ? ` (VPC ${o.vpcId})` : ''}: in no state; expected owner ${o.expectedOwner}`,
  );
}
