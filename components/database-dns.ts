import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';

/** TTL of the writer's CNAME in seconds: how long resolvers may keep answering with the old writer after a swap. */
export const DEFAULT_DATABASE_CNAME_TTL_SECONDS = 30;

/** A VPC the private zone answers in. */
export interface PrivateZoneVpc {
  readonly vpcId: string;
  /** The VPC's region. */
  readonly region: string;
}

/** Props of {@link DatabaseDns}. */
export interface DatabaseDnsProps {
  /** Name of the private hosted zone, e.g. `genai-demo-production.internal`. */
  readonly zoneName: string;
  /** The stable database host name inside it, e.g. `postgres.genai-demo-production.internal`. */
  readonly recordName: string;
  /** VPCs the zone is associated with: both regions', so the name resolves in either. */
  readonly vpcs: readonly PrivateZoneVpc[];
  /** Endpoint host name of the writer instance (its `address`). */
  readonly writerAddress: string;
  /** TTL of the CNAME. @default 30 */
  readonly ttlSeconds?: number;
}

/**
 * One stable database name for the application: a CNAME in a private hosted zone associated with both
 * regions' VPCs, pointing at the writer's endpoint. When the writer moves (genai-demo:multi-region.writer-region)
 * only the record changes; no application setting does. Route 53 is a global service, so the owning stack
 * can change the record with no API of either region: during a regional outage the surviving region's
 * stack and this one are all that must be applied.
 */
export class DatabaseDns extends Construct {
  readonly zone: Route53Zone;
  readonly record: Route53Record;
  /** The stable host name. */
  readonly hostName: string;

  constructor(scope: Construct, id: string, props: DatabaseDnsProps) {
    super(scope, id);
    if (props.vpcs.length === 0) throw new Error(`DatabaseDns ${id}: a private hosted zone needs at least one VPC`);
    if (!props.recordName.endsWith(`.${props.zoneName}`)) {
      throw new Error(`DatabaseDns ${id}: ${props.recordName} is not inside the zone ${props.zoneName}`);
    }
    const ttl = props.ttlSeconds ?? DEFAULT_DATABASE_CNAME_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 1) {
      throw new Error(`DatabaseDns ${id}: ttlSeconds ${ttl}: expected a whole number of seconds, at least 1`);
    }
    this.zone = new Route53Zone(this, 'Zone', {
      name: props.zoneName,
      comment: 'Private: the database host name that follows the writer',
      vpc: props.vpcs.map((v) => ({ vpcId: v.vpcId, vpcRegion: v.region })),
    });
    this.record = new Route53Record(this, 'Writer', {
      zoneId: this.zone.zoneId,
      name: props.recordName,
      type: 'CNAME',
      ttl,
      records: [props.writerAddress],
    });
    this.hostName = props.recordName;
  }
}
