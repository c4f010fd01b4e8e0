import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import type { RegionRole } from '../config';

/** Label of the failover name: `api.<domain>`. */
export const DEFAULT_FAILOVER_LABEL = 'api';
/** Label of the latency-routed name: `api-latency.<domain>`. */
export const DEFAULT_LATENCY_LABEL = 'api-latency';
/** Labels of the names that always resolve to the DR region: `dr.<domain>`, `api-dr.<domain>`. */
export const DEFAULT_DIRECT_DR_LABELS = { dr: 'dr', apiDr: 'api-dr' } as const;

/** One region's entry point, as the records need it. */
export interface RegionalEndpoint {
  /** AWS region name: the latency record's region and part of the set identifiers. */
  readonly region: string;
  /** The ALB's DNS name (alias target). */
  readonly albDnsName: string;
  /** The ALB's canonical hosted zone id (alias target zone). */
  readonly albZoneId: string;
  /** The Route 53 health check of this region's ALB. */
  readonly healthCheckId: string;
}

/** Props of {@link FailoverRecords}. */
export interface FailoverRecordsProps {
  /** The public hosted zone of `domain`. */
  readonly zoneId: string;
  /** The zone's apex domain, e.g. `kimkao.io`. */
  readonly domain: string;
  /** The primary region (latency record; PRIMARY failover record while it holds the writer). */
  readonly primary: RegionalEndpoint;
  /** The DR region (latency record, target of the direct DR names; PRIMARY failover record while it holds the writer). */
  readonly dr: RegionalEndpoint;
  /**
   * Which region holds the writer (genai-demo:multi-region.writer-region): its ALB is the PRIMARY failover
   * record, the other's the SECONDARY. The records keep their addresses and set identifiers name the
   * region they point at, so a swap is two in-place updates. @default 'primary'
   */
  readonly writer?: RegionRole;
  /** Provider the records are created with (Route 53 is global). @default - the stack's default provider */
  readonly provider?: AwsProvider;
  /** First label of the failover name. @default 'api' */
  readonly failoverLabel?: string;
  /** First label of the latency-routed name. @default 'api-latency' */
  readonly latencyLabel?: string;
}

/**
 * The API's DNS names, all A alias records to the regional ALBs (no TTL of their own: resolvers get the
 * ALB record's 60 s TTL):
 * - `api.<domain>`: failover PRIMARY (the writer region's ALB) / SECONDARY (the other's), each gated by its region's health check;
 * - `api-latency.<domain>`: one latency record per region, each gated by its health check;
 * - `dr.<domain>`, `api-dr.<domain>`: simple aliases to the DR ALB, for reaching Tokyo on purpose.
 */
export class FailoverRecords extends Construct {
  /** `api.<domain>`. */
  readonly failoverName: string;
  /** `api-latency.<domain>`. */
  readonly latencyName: string;
  /** `dr.<domain>`. */
  readonly drName: string;
  /** `api-dr.<domain>`. */
  readonly apiDrName: string;

  constructor(scope: Construct, id: string, props: FailoverRecordsProps) {
    super(scope, id);
    const { provider, zoneId, primary, dr } = props;
    const [active, standby] = props.writer === 'dr' ? [dr, primary] : [primary, dr];
    this.failoverName = `${props.failoverLabel ?? DEFAULT_FAILOVER_LABEL}.${props.domain}`;
    this.latencyName = `${props.latencyLabel ?? DEFAULT_LATENCY_LABEL}.${props.domain}`;
    this.drName = `${DEFAULT_DIRECT_DR_LABELS.dr}.${props.domain}`;
    this.apiDrName = `${DEFAULT_DIRECT_DR_LABELS.apiDr}.${props.domain}`;

    // evaluate_target_health on every routed record: a region whose ALB has no healthy target is skipped
    // even while the Route 53 checkers still reach the ALB.
    const alias = (endpoint: RegionalEndpoint, evaluateTargetHealth: boolean) => ({
      name: endpoint.albDnsName,
      zoneId: endpoint.albZoneId,
      evaluateTargetHealth,
    });

    new Route53Record(this, 'ApiFailoverPrimary', {
      provider,
      zoneId,
      name: this.failoverName,
      type: 'A',
      setIdentifier: `primary-${active.region}`,
      failoverRoutingPolicy: { type: 'PRIMARY' },
      healthCheckId: active.healthCheckId,
      alias: alias(active, true),
    });
    // PRIMARY / SECONDARY are Route 53's failover record types; the ids and set identifiers keep them
    // (renaming one would replace the record).
    new Route53Record(this, 'ApiFailoverSecondary', {
      provider,
      zoneId,
      name: this.failoverName,
      type: 'A',
      setIdentifier: `secondary-${standby.region}`,
      failoverRoutingPolicy: { type: 'SECONDARY' },
      healthCheckId: standby.healthCheckId,
      alias: alias(standby, true),
    });

    new Route53Record(this, 'ApiLatencyPrimary', {
      provider,
      zoneId,
      name: this.latencyName,
      type: 'A',
      setIdentifier: primary.region,
      latencyRoutingPolicy: { region: primary.region },
      healthCheckId: primary.healthCheckId,
      alias: alias(primary, true),
    });
    // The DR region's latency record: its id predates the word `dr` and is kept (an id is the address).
    new Route53Record(this, 'ApiLatencySecondary', {
      provider,
      zoneId,
      name: this.latencyName,
      type: 'A',
      setIdentifier: dr.region,
      latencyRoutingPolicy: { region: dr.region },
      healthCheckId: dr.healthCheckId,
      alias: alias(dr, true),
    });

    // Direct names: one simple record each, answered whatever the health (nothing to fail over to).
    new Route53Record(this, 'DrDirect', {
      provider,
      zoneId,
      name: this.drName,
      type: 'A',
      alias: alias(dr, false),
    });
    new Route53Record(this, 'ApiDrDirect', {
      provider,
      zoneId,
      name: this.apiDrName,
      type: 'A',
      alias: alias(dr, false),
    });
  }
}
