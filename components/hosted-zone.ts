import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';

/** Props of the public hosted zone of the app's domain. */
export interface HostedZoneProps {
  /** The apex domain, e.g. `kimkao.io`. */
  readonly domain: string;
  /** Create the public zone here instead of looking it up by name. @default false */
  readonly create?: boolean;
  /**
   * Id of a zone managed by another stack (the DR stack passes the primary's when the primary creates it);
   * neither a lookup nor a zone is then made here. @default - looked up by name, or created when `create`
   */
  readonly zoneId?: string;
}

/**
 * The public hosted zone of `genai-demo:domain`. By default it is a prerequisite, like the state bucket, and
 * is looked up by name (`data aws_route53_zone`, public only); with `create` the zone is created here.
 */
export class HostedZone extends Construct {
  /** The zone id, for records and certificate validation. */
  readonly zoneId: string;
  /** Name servers to delegate to; only known when the zone is created or looked up here. */
  readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    if (props.zoneId !== undefined) {
      this.zoneId = props.zoneId;
    } else if (props.create === true) {
      const zone = new Route53Zone(this, 'Zone', {
        name: props.domain,
        comment: `Public zone of ${props.domain}, managed by cdktf`,
      });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    } else {
      const zone = new DataAwsRoute53Zone(this, 'Lookup', { name: props.domain, privateZone: false });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }
  }
}
