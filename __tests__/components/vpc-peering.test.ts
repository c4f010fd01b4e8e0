/**
 * VpcPeering on a bare stack with the two regions' providers: the requester asks from its region with
 * `peer_region`, the accepter accepts in the peer region, DNS resolution is set on each side by its own
 * provider, and every route and security-group rule hangs off the accepted connection, per side, with the
 * peer's CIDRs and the database port.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { VpcPeeringConnectionOptions } from '@cdktf/provider-aws/lib/vpc-peering-connection-options';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { VpcPeering, type PeeringSide } from '../../components/vpc-peering';
import { resourcesOf, type Json } from '../helpers/app';
import { idOf, ref, resolveIn, synthJson } from '../helpers/terraform';

type SideInput = Omit<PeeringSide, 'provider'>;
const TAIWAN: SideInput = {
  region: 'ap-east-2',
  regionName: 'Taiwan',
  name: 'demo-to-ap-northeast-1',
  vpcId: 'vpc-taiwan',
  vpcCidr: '10.2.0.0/16',
  appSubnetCidrs: ['10.2.3.0/24', '10.2.4.0/24', '10.2.5.0/24'],
  databaseSubnetCidrs: ['10.2.6.0/24', '10.2.7.0/24', '10.2.8.0/24'],
  privateRouteTableIds: ['rtb-tw-private-1', 'rtb-tw-private-2', 'rtb-tw-private-3'],
  isolatedRouteTableIds: ['rtb-tw-isolated-1', 'rtb-tw-isolated-2', 'rtb-tw-isolated-3'],
  appSecurityGroupId: 'sg-tw-app',
  databaseSecurityGroupId: 'sg-tw-db',
  databasePort: 5432,
};
const TOKYO: SideInput = {
  region: 'ap-northeast-1',
  regionName: 'Tokyo',
  name: 'demo-dr-from-ap-east-2',
  vpcId: 'vpc-tokyo',
  vpcCidr: '10.3.0.0/16',
  appSubnetCidrs: ['10.3.3.0/24', '10.3.4.0/24'],
  databaseSubnetCidrs: ['10.3.6.0/24', '10.3.7.0/24'],
  privateRouteTableIds: ['rtb-jp-private-1', 'rtb-jp-private-2'],
  isolatedRouteTableIds: ['rtb-jp-isolated-1', 'rtb-jp-isolated-2'],
  appSecurityGroupId: 'sg-jp-app',
  databaseSecurityGroupId: 'sg-jp-db',
  databasePort: 5433,
};

let connectionId: unknown;
const json = synthJson((stack: TerraformStack) => {
  const primary = new AwsProvider(stack, 'Primary', { region: TAIWAN.region, alias: 'primary' });
  const dr = new AwsProvider(stack, 'Dr', { region: TOKYO.region, alias: 'dr' });
  const peering = new VpcPeering(stack, 'VpcPeering', {
    requester: { ...TAIWAN, provider: primary },
    accepter: { ...TOKYO, provider: dr },
  });
  connectionId = resolveIn(stack, peering.connectionId);
});
const synthesized = JSON.stringify(json);
const requesterId = idOf(json, 'aws_vpc_peering_connection');
const accepted = ref('aws_vpc_peering_connection_accepter', idOf(json, 'aws_vpc_peering_connection_accepter'), 'id');

test('the requester asks from its region for the peer VPC in the peer region, without auto-accept', () => {
  expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnection, {
    provider: 'aws.primary',
    vpc_id: 'vpc-taiwan',
    peer_vpc_id: 'vpc-tokyo',
    peer_region: 'ap-northeast-1',
    auto_accept: false,
    tags: { Name: 'demo-to-ap-northeast-1', Side: 'Requester' },
  });
  expect(resourcesOf(json, 'aws_vpc_peering_connection')).toHaveLength(1);
});

test('the accepter accepts that connection in the peer region; the connection id exposed is the accepted one', () => {
  expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnectionAccepterA, {
    provider: 'aws.dr',
    vpc_peering_connection_id: ref('aws_vpc_peering_connection', requesterId, 'id'),
    auto_accept: true,
    tags: { Name: 'demo-dr-from-ap-east-2', Side: 'Accepter' },
  });
  expect(connectionId).toBe(accepted);
});

test("each side turns on DNS resolution of the peer's private names with its own provider, once accepted", () => {
  expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnectionOptions, {
    provider: 'aws.primary',
    vpc_peering_connection_id: accepted,
    requester: { allow_remote_vpc_dns_resolution: true },
  });
  expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnectionOptions, {
    provider: 'aws.dr',
    vpc_peering_connection_id: accepted,
    accepter: { allow_remote_vpc_dns_resolution: true },
  });
  const options = resourcesOf(json, 'aws_vpc_peering_connection_options').map(([, o]) => o);
  expect(options).toHaveLength(2);
  // A side may only set its own half: the requester block never on the DR provider and vice versa.
  expect(options.filter((o) => o.requester !== undefined).map((o) => o.provider)).toEqual(['aws.primary']);
  expect(options.filter((o) => o.accepter !== undefined).map((o) => o.provider)).toEqual(['aws.dr']);
});

test('a route to the peer VPC in every private and isolated table of each side, through the accepted connection', () => {
  const routes = resourcesOf(json, 'aws_route').map(([, r]) => r);
  expect(routes).toHaveLength(6 + 4);
  const byTable = (r: Json) => [r.route_table_id, r.provider, r.destination_cidr_block, r.vpc_peering_connection_id];
  expect(routes.map(byTable).sort()).toEqual(
    [
      ...[...TAIWAN.privateRouteTableIds, ...TAIWAN.isolatedRouteTableIds].map((t) => [
        t,
        'aws.primary',
        '10.3.0.0/16',
        accepted,
      ]),
      ...[...TOKYO.privateRouteTableIds, ...TOKYO.isolatedRouteTableIds].map((t) => [
        t,
        'aws.dr',
        '10.2.0.0/16',
        accepted,
      ]),
    ].sort(),
  );
});

test("each database admits the peer's app subnets only, on its own port", () => {
  const ingress = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r);
  expect(ingress).toHaveLength(TOKYO.appSubnetCidrs.length + TAIWAN.appSubnetCidrs.length);
  for (const cidr of TOKYO.appSubnetCidrs) {
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      provider: 'aws.primary',
      security_group_id: 'sg-tw-db',
      ip_protocol: 'tcp',
      from_port: 5432,
      to_port: 5432,
      cidr_ipv4: cidr,
    });
  }
  for (const cidr of TAIWAN.appSubnetCidrs) {
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      provider: 'aws.dr',
      security_group_id: 'sg-jp-db',
      from_port: 5433,
      to_port: 5433,
      cidr_ipv4: cidr,
    });
  }
  // No rule admits the peer's database, public subnets or whole VPC.
  const allowedSources = [...TAIWAN.appSubnetCidrs, ...TOKYO.appSubnetCidrs];
  for (const rule of ingress) expect(allowedSources).toContain(rule.cidr_ipv4);
});

test("each app tier may reach the peer's database subnets on the peer's database port only", () => {
  const egress = resourcesOf(json, 'aws_vpc_security_group_egress_rule').map(([, r]) => r);
  expect(egress).toHaveLength(TOKYO.databaseSubnetCidrs.length + TAIWAN.databaseSubnetCidrs.length);
  for (const cidr of TOKYO.databaseSubnetCidrs) {
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      provider: 'aws.primary',
      security_group_id: 'sg-tw-app',
      ip_protocol: 'tcp',
      from_port: 5433,
      to_port: 5433,
      cidr_ipv4: cidr,
    });
  }
  for (const cidr of TAIWAN.databaseSubnetCidrs) {
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      provider: 'aws.dr',
      security_group_id: 'sg-jp-app',
      from_port: 5432,
      to_port: 5432,
      cidr_ipv4: cidr,
    });
  }
});

test('routes and rules carry stable ids naming side, tier and AZ', () => {
  const ids = [
    ...resourcesOf(json, 'aws_route'),
    ...resourcesOf(json, 'aws_vpc_security_group_ingress_rule'),
    ...resourcesOf(json, 'aws_vpc_security_group_egress_rule'),
  ].map(([id]) => id.replace(/_[0-9A-F]{8}$/, ''));
  expect(ids).toEqual(
    expect.arrayContaining([
      'VpcPeering_RequesterPrivateRouteAz3',
      'VpcPeering_AccepterIsolatedRouteAz2',
      'VpcPeering_RequesterDatabaseFromPeerAppAz2',
      'VpcPeering_AccepterDatabaseFromPeerAppAz3',
      'VpcPeering_RequesterAppToPeerDatabaseAz2',
      'VpcPeering_AccepterAppToPeerDatabaseAz3',
    ]),
  );
});
