import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { VpcPeeringConnectionOptions } from '@cdktf/provider-aws/lib/vpc-peering-connection-options';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** One VPC of the peering, with the provider of its region. */
export interface PeeringSide {
  /** Provider of the VPC's region. */
  readonly provider: AwsProvider;
  /** AWS region name: the requester's `peer_region` when this is the accepter. */
  readonly region: string;
  /** Human name of the region, used in descriptions (`Taiwan`). */
  readonly regionName: string;
  /** Name tag of the peering connection as seen from this side. */
  readonly name: string;
  readonly vpcId: string;
  /** The VPC CIDR: destination of the peer's routes. */
  readonly vpcCidr: string;
  /** CIDRs of the app-tier (private) subnets: the only sources the peer's database admits. */
  readonly appSubnetCidrs: readonly string[];
  /** CIDRs of the data-tier (isolated) subnets: the only destinations of the peer app tier's database traffic. */
  readonly databaseSubnetCidrs: readonly string[];
  /** Route tables of the private subnets, one per AZ, in AZ order. */
  readonly privateRouteTableIds: readonly string[];
  /** Route tables of the isolated subnets, one per AZ, in AZ order. */
  readonly isolatedRouteTableIds: readonly string[];
  /** Security group of the app tier: gets egress to the peer's database subnets. */
  readonly appSecurityGroupId: string;
  /** Security group of the database: gets ingress from the peer's app subnets. */
  readonly databaseSecurityGroupId: string;
  /** Database port. */
  readonly databasePort: number;
}

/** Props of {@link VpcPeering}. */
export interface VpcPeeringProps {
  /** The VPC that requests the peering (the primary region). */
  readonly requester: PeeringSide;
  /** The VPC that accepts it (the DR region). */
  readonly accepter: PeeringSide;
}

/**
 * Cross-region VPC peering, both halves, and what makes it usable:
 * - the requester connection in the requester's region with `peer_region` (cross-region peerings cannot be
 *   auto-accepted by the requester), and the accepter in the peer region with `auto_accept`;
 * - DNS resolution of the peer's private host names, set on each side by its own region's provider once the
 *   connection is active (inter-region peering options can only be changed from the owning region);
 * - a route to the peer VPC CIDR in every private and isolated route table on both sides: private tables for
 *   app-tier requests, isolated tables for the database's replies;
 * - security-group rules for the one cross-region flow the design has, the app tier of one region reaching
 *   the database of the other (the DR app tier writes to the primary while the replica is read-only; after
 *   a promotion the flow reverses). Security groups cannot be referenced across regions, so the rules use
 *   subnet CIDRs: the database admits the peer's app subnets only (not its public or data subnets), and the
 *   app tier, whose egress is otherwise limited to its own database, may reach the peer's data subnets on
 *   the database port only.
 * Every route and rule depends on the accepted connection (they reference the accepter's id).
 */
export class VpcPeering extends Construct {
  /** The peering connection id (`pcx-...`), known once accepted. */
  readonly connectionId: string;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { requester, accepter } = props;

    const connection = new VpcPeeringConnection(this, 'Requester', {
      provider: requester.provider,
      vpcId: requester.vpcId,
      peerVpcId: accepter.vpcId,
      peerRegion: accepter.region,
      autoAccept: false,
      tags: { Name: requester.name, Side: 'Requester' },
    });
    const accepted = new VpcPeeringConnectionAccepterA(this, 'Accepter', {
      provider: accepter.provider,
      vpcPeeringConnectionId: connection.id,
      autoAccept: true,
      tags: { Name: accepter.name, Side: 'Accepter' },
    });
    this.connectionId = accepted.id;

    new VpcPeeringConnectionOptions(this, 'RequesterOptions', {
      provider: requester.provider,
      vpcPeeringConnectionId: accepted.id,
      requester: { allowRemoteVpcDnsResolution: true },
    });
    new VpcPeeringConnectionOptions(this, 'AccepterOptions', {
      provider: accepter.provider,
      vpcPeeringConnectionId: accepted.id,
      accepter: { allowRemoteVpcDnsResolution: true },
    });

    this.sideResources('Requester', requester, accepter);
    this.sideResources('Accepter', accepter, requester);
  }

  /** Routes and security-group rules of one side towards its peer. */
  private sideResources(role: 'Requester' | 'Accepter', self: PeeringSide, peer: PeeringSide): void {
    const tables: Array<[string, readonly string[]]> = [
      ['Private', self.privateRouteTableIds],
      ['Isolated', self.isolatedRouteTableIds],
    ];
    for (const [tier, ids] of tables) {
      ids.forEach((routeTableId, az) => {
        new Route(this, `${role}${tier}RouteAz${az + 1}`, {
          provider: self.provider,
          routeTableId,
          destinationCidrBlock: peer.vpcCidr,
          vpcPeeringConnectionId: this.connectionId,
        });
      });
    }

    peer.appSubnetCidrs.forEach((cidr, az) => {
      new VpcSecurityGroupIngressRule(this, `${role}DatabaseFromPeerAppAz${az + 1}`, {
        provider: self.provider,
        securityGroupId: self.databaseSecurityGroupId,
        description: `PostgreSQL from the ${peer.regionName} app tier (AZ ${az + 1}) over the VPC peering`,
        ipProtocol: 'tcp',
        fromPort: self.databasePort,
        toPort: self.databasePort,
        cidrIpv4: cidr,
        tags: { Name: `${self.name}-db-from-peer-app-az${az + 1}` },
      });
    });
    peer.databaseSubnetCidrs.forEach((cidr, az) => {
      new VpcSecurityGroupEgressRule(this, `${role}AppToPeerDatabaseAz${az + 1}`, {
        provider: self.provider,
        securityGroupId: self.appSecurityGroupId,
        description: `PostgreSQL to the ${peer.regionName} database subnets (AZ ${az + 1}) over the VPC peering`,
        ipProtocol: 'tcp',
        fromPort: peer.databasePort,
        toPort: peer.databasePort,
        cidrIpv4: cidr,
        tags: { Name: `${self.name}-app-to-peer-db-az${az + 1}` },
      });
    });
  }
}
