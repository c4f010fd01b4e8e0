/**
 * Every `genai-demo:*` context key in cdktf.json, as zod schemas: a key's type, whether it may be absent,
 * its default, and every rule about its value alone (ranges, formats, the values AWS accepts), so the
 * inferred types carry them (`health-check-interval` is `10 | 30`). Each rule's `error` is the
 * "expected ..." of the problem reported with the key path and the value received (load.ts).
 * Rules that relate two values (CIDR overlap, min <= max, region names that must exist in the map) live
 * in `rules.ts` and `limits.ts`, and values derived from others (DR sizing, name prefixes, the recovery
 * budget) in `derive.ts`.
 * Every object is strict: an unknown key, usually a typo, is an error rather than silently ignored.
 */
import { z } from 'zod';
import {
  LOG_RETENTION_DAYS,
  NAT_GATEWAYS,
  RDS_BACKUP_RETENTION,
  RDS_GP3_MAX_STORAGE_GIB,
  RDS_GP3_MIN_STORAGE_GIB,
  REGION_AZ_COUNTS,
  REGION_DISPLAY_NAME,
  REGION_DISPLAY_NAME_EXPECTATION,
  STORAGE_AUTOSCALING_FACTOR,
  emailSubscriptionKey,
  vpcCidrProblem,
} from './limits';
import {
  HEALTH_CHECK_INTERVALS,
  HEALTH_CHECK_THRESHOLD,
  MIN_HEALTH_CHECK_REGIONS,
  ROUTE53_HEALTH_CHECKER_REGIONS,
  isHealthCheckerRegion,
} from './route53-limits';

/** The context keys this app owns; any other `genai-demo:` key is rejected. */
export const CONTEXT_KEYS = [
  'genai-demo:environment',
  'genai-demo:domain',
  'genai-demo:state',
  'genai-demo:hosted-zone',
  'genai-demo:regions',
  'genai-demo:multi-region',
  'genai-demo:environments',
] as const;

export const CONTEXT_PREFIX = 'genai-demo:';

const positiveInt = z.number().int().min(1);

const REGION_NAME =
  /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const K8S_VERSION = /^1\.\d{2}$/;
const PG_VERSION = /^(1[1-9])(\.\d+)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const KEY_PREFIX = /^(?!\/)[a-zA-Z0-9_./-]+$/;
/** Generation numbers are positive integers, written as map keys without leading zeros. */
const GENERATION_KEY = /^[1-9]\d*$/;

function isValidRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

function isValidDomain(domain: string): boolean {
  if (domain.length > 253 || !domain.includes('.')) return false;
  const labels = domain.split('.');
  return labels.every((l) => DNS_LABEL.test(l)) && /[a-z]/.test(labels[labels.length - 1]);
}

/**
 * An AWS region name that the project knows (config/limits.ts REGION_AZ_COUNTS); `unknown` is what a
 * well-formed but unknown name is told. A malformed name gets the format message alone.
 */
const awsRegion = (unknown: string) =>
  z
    .string()
    .regex(REGION_NAME, { error: 'an AWS region name such as ap-east-2' })
    .refine((r) => !isValidRegionName(r) || Object.hasOwn(REGION_AZ_COUNTS, r), { error: unknown });

const KNOWN_REGIONS = `a region AWS offers (known: ${Object.keys(REGION_AZ_COUNTS).join(', ')})`;

/** The environment a deployment selects; names are built from it (`genai-demo-<environment>-alb`, ...). */
const environmentNameSchema = z.string().regex(ENV_NAME, { error: 'a lower-case name of letters, digits and hyphens' });
/** `genai-demo:regions.primary` / `.secondary`: a known AWS region (that the map holds it is a rule in rules.ts). */
const regionNameSchema = awsRegion('a region AWS offers (see genai-demo:regions.regions)');

/** Both ends of an integer range, with one message for either side. */
const intRange = (range: { readonly min: number; readonly max: number }, expected: string) =>
  z.number().int().min(range.min, { error: expected }).max(range.max, { error: expected });

/** A text value with a format, and what to expect when it does not match. */
const formatted = (pattern: RegExp, expected: string) => z.string().regex(pattern, { error: expected });

const costOptimizationSchema = z.strictObject({
  /** Run the EKS node group on Spot capacity. The spec keeps it off for production reliability. */
  'spot-instances': z.boolean(),
  /** Informational: capacity is bought as reserved instances (billing, not a Terraform resource). */
  'reserved-instances': z.boolean(),
});

const backupRetentionSchema = z.strictObject({
  /** RDS automated backup retention in days, 1..35. */
  rds: intRange(
    RDS_BACKUP_RETENTION,
    `${RDS_BACKUP_RETENTION.min}..${RDS_BACKUP_RETENTION.max} days (RDS allows at most 35; 0 disables the backups a read replica needs)`,
  ),
  /** CloudWatch Logs retention in days (flow logs, EKS control plane, Lambda, RDS exports): a value PutRetentionPolicy accepts. */
  logs: z.literal(LOG_RETENTION_DAYS, {
    error: `a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
  }),
});

/** How a database generation that is no longer current is kept: `fenced` (kept, protected, unreachable) or `deletable` (fenced, deletion protection off, so removing it from config deletes it). */
export const RETIRED_DISPOSITIONS = ['fenced', 'deletable'] as const;

const databaseSchema = z.strictObject({
  /** The region's current database generation: 1 is the instance of the first deployment; a new instance (a new replica) takes the next number. @default 1 */
  generation: z
    .number()
    .int()
    .min(1, { error: "a generation of at least 1 (1 is the first deployment's instance)" })
    .default(1),
  /** Older generations still kept, by generation number: fenced, or deletable. Removing one deletes it (final snapshot, backups kept). @default - none */
  retired: z
    .record(formatted(GENERATION_KEY, 'a generation number (1, 2, …) as the key'), z.enum(RETIRED_DISPOSITIONS))
    .default({}),
});

export const regionSchema = z.strictObject({
  /**
   * Human name of the region ("Taiwan"). It reaches tags, security-group rule and KMS key descriptions,
   * alarm texts and dashboards, so it is refused unless every one of them accepts it (no ${ or %{ either).
   */
  name: formatted(REGION_DISPLAY_NAME, REGION_DISPLAY_NAME_EXPECTATION),
  /** The region's role: exactly one primary; the DR region is secondary. */
  type: z.enum(['primary', 'secondary']),
  'cost-optimization': costOptimizationSchema,
  'backup-retention': backupRetentionSchema,
  /** The region's database generations. @default - generation 1, nothing retired */
  database: databaseSchema.default({ generation: 1, retired: {} }),
});

export const regionsSchema = z.strictObject({
  /** The region that serves traffic in normal operation. */
  primary: regionNameSchema,
  /** The disaster-recovery region. */
  secondary: regionNameSchema,
  /** Every region the project knows, keyed by AWS region name. More than two are allowed. */
  regions: z.record(awsRegion(KNOWN_REGIONS), regionSchema),
});

export const multiRegionSchema = z.strictObject({
  /** Deploy the DR region, the multi-region stack and DNS failover (production only). */
  'enable-dr': z.boolean(),
  /**
   * The region whose database is the writer: the single authority for roles (database writer/replica, the
   * PRIMARY failover record, full vs standby node-group size, where replication is monitored).
   * @default - genai-demo:regions.primary
   */
  'writer-region': z.string().optional(),
  /** Peer the primary and DR VPCs across regions. */
  'enable-cross-region-peering': z.boolean(),
  /** Replicate the writer's database to a read replica in the other region (off: the standby region runs no current database). */
  'enable-cross-region-replication': z.boolean(),
  /** Recovery time objective in minutes, compared with the computed DNS failover budget. */
  'failover-rto-minutes': z.number().min(0),
  /** Recovery point objective in minutes, compared with what asynchronous replication guarantees. */
  'failover-rpo-minutes': z.number().min(0),
  /** Route 53 health-check request interval in seconds (Route 53 accepts 10 or 30). */
  'health-check-interval': z.literal(HEALTH_CHECK_INTERVALS, {
    error: `${HEALTH_CHECK_INTERVALS.join(' or ')} (the only intervals Route 53 accepts)`,
  }),
  /** Consecutive failed checks before an endpoint is unhealthy (Route 53 accepts 1..10). */
  'health-check-failure-threshold': intRange(
    HEALTH_CHECK_THRESHOLD,
    `${HEALTH_CHECK_THRESHOLD.min}..${HEALTH_CHECK_THRESHOLD.max} (Route 53's range)`,
  ),
  /** Regions whose Route 53 checkers probe the endpoints. @default - us-east-1, ap-northeast-1, ap-southeast-1 */
  'health-check-regions': z
    .array(
      z.string().refine(isHealthCheckerRegion, {
        error: `a Route 53 health-checker region: ${ROUTE53_HEALTH_CHECKER_REGIONS.join(', ')}`,
      }),
    )
    .refine(
      (list) =>
        list.length >= MIN_HEALTH_CHECK_REGIONS && new Set(list).size === list.length && list.every(isValidRegionName),
      {
        error: `at least ${MIN_HEALTH_CHECK_REGIONS} distinct AWS region names (Route 53 requires ${MIN_HEALTH_CHECK_REGIONS} or more checker regions)`,
      },
    )
    .default(['us-east-1', 'ap-northeast-1', 'ap-southeast-1']),
  /** ReplicaLag above this many seconds raises the replication alarm. @default 60 */
  'replica-lag-alarm-seconds': positiveInt.default(60),
  /** Turn a recovery target that cannot be met into a synth error instead of a warning. @default false */
  'strict-recovery-budget': z.boolean().default(false),
  /**
   * Email addresses subscribed to the alert topics; one subscription construct per address, so two
   * addresses may not fold to the same construct id (emailSubscriptionKey). @default - none
   */
  'alert-emails': z
    .array(
      z
        .string()
        .regex(EMAIL, { error: 'an email address' })
        .max(254, { error: 'an address of at most 254 characters (RFC 5321)' }),
    )
    .superRefine((emails, ctx) => {
      const seen = new Map<string, number>();
      emails.forEach((email, i) => {
        const first = seen.get(emailSubscriptionKey(email));
        if (first === undefined) seen.set(emailSubscriptionKey(email), i);
        else {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            input: email,
            message: `an address other than alert-emails.${first} "${emails[first]}" (the same subscription once case and punctuation are ignored)`,
          });
        }
      });
    })
    .default([]),
});

export const environmentSchema = z.strictObject({
  /** The VPC's IPv4 CIDR in canonical form, /16../23, outside special-purpose ranges; subnet CIDRs are derived from it. */
  'vpc-cidr': z.string().superRefine((text, ctx) => {
    const why = vpcCidrProblem(text);
    if (why !== undefined) ctx.addIssue(why);
  }),
  /** NAT gateways, one per AZ from the first (1..3). */
  'nat-gateways': intRange(
    NAT_GATEWAYS,
    `${NAT_GATEWAYS.min}..${NAT_GATEWAYS.max} (one per availability zone at most)`,
  ),
  /** EC2 instance type of the EKS managed node group. */
  'eks-node-type': formatted(INSTANCE_TYPE, 'an EC2 instance type such as m6g.large'),
  /** Node group minimum size, at least 1. @default - for a DR environment, 50% of its primary's (at least 1) */
  'eks-min-nodes': positiveInt.optional(),
  /** Node group maximum size, at least 1. @default - for a DR environment, 80% of its primary's */
  'eks-max-nodes': positiveInt.optional(),
  /** EKS Kubernetes version. @default - for a DR environment, its primary's */
  'kubernetes-version': formatted(K8S_VERSION, 'an EKS Kubernetes version such as 1.32').optional(),
  /** RDS instance class. @default - for a DR environment, its primary's */
  'db-instance-class': formatted(DB_INSTANCE_CLASS, 'an RDS instance class such as db.r6g.large').optional(),
  /** RDS PostgreSQL engine version. @default - for a DR environment, its primary's */
  'db-engine-version': formatted(PG_VERSION, 'a PostgreSQL major or major.minor version such as 16.6').optional(),
  /**
   * RDS allocated storage in GiB: the gp3 range, and half its top at most, since storage autoscaling
   * (components/database.ts) goes to STORAGE_AUTOSCALING_FACTOR times this. @default - for a DR environment, its primary's
   */
  'db-allocated-storage-gb': intRange(
    { min: RDS_GP3_MIN_STORAGE_GIB, max: RDS_GP3_MAX_STORAGE_GIB },
    `${RDS_GP3_MIN_STORAGE_GIB}..${RDS_GP3_MAX_STORAGE_GIB} GiB (RDS gp3 range)`,
  )
    .refine((gib) => gib > RDS_GP3_MAX_STORAGE_GIB || gib * STORAGE_AUTOSCALING_FACTOR <= RDS_GP3_MAX_STORAGE_GIB, {
      error: `at most ${RDS_GP3_MAX_STORAGE_GIB / STORAGE_AUTOSCALING_FACTOR} GiB: storage autoscaling goes to ${STORAGE_AUTOSCALING_FACTOR}x and gp3 PostgreSQL stops at ${RDS_GP3_MAX_STORAGE_GIB} GiB (64 TiB)`,
    })
    .optional(),
});

export const stateSchema = z.strictObject({
  /** S3 bucket holding every stack's Terraform state (a prerequisite, see the README). */
  bucket: formatted(BUCKET, 'a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)'),
  /** The bucket's region. */
  region: awsRegion('a region AWS offers'),
  /** Prefix of each stack's state key: `<key-prefix>/<stack>.tfstate`. @default genai-demo */
  'key-prefix': formatted(KEY_PREFIX, 'a relative S3 key prefix of letters, digits, ., _, - and /').default(
    'genai-demo',
  ),
  /** S3 native state locking (Terraform >= 1.10). @default true */
  'use-lockfile': z.boolean().default(true),
});

export const hostedZoneSchema = z.strictObject({
  /** Create the public hosted zone for the domain in the primary stack instead of looking it up. @default false */
  create: z.boolean().default(false),
});

/** The whole `genai-demo:*` context. */
export const contextSchema = z.strictObject({
  /** Which environment to deploy. */
  'genai-demo:environment': environmentNameSchema,
  /** The apex domain; its public hosted zone holds the failover records. */
  'genai-demo:domain': z.string().refine(isValidDomain, { error: 'a valid lower-case DNS name such as kimkao.io' }),
  'genai-demo:state': stateSchema,
  'genai-demo:hosted-zone': hostedZoneSchema.default({ create: false }),
  'genai-demo:regions': regionsSchema,
  'genai-demo:multi-region': multiRegionSchema,
  'genai-demo:environments': z.record(z.string(), environmentSchema),
});

export type RawContext = z.output<typeof contextSchema>;
export type RawEnvironment = z.output<typeof environmentSchema>;
export type RawRegion = z.output<typeof regionSchema>;
export type RawDatabase = z.output<typeof databaseSchema>;
