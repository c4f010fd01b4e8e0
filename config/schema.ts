/**
 * The shape of every `genai-demo:*` context key in cdktf.json, as zod schemas.
 *
 * Shapes only: a key's type, whether it may be absent and its default. Rules that relate two values
 * (CIDR overlap, min <= max, region names that must exist in the map) live in `rules.ts`, and values
 * derived from others (DR sizing, name prefixes, the recovery budget) in `derive.ts`.
 * Every object is strict: an unknown key, usually a typo, is an error rather than silently ignored.
 */
import { z } from 'zod';

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

const costOptimizationSchema = z.strictObject({
  /** Run the EKS node group on Spot capacity. The spec keeps it off for production reliability. */
  'spot-instances': z.boolean(),
  /** Informational: capacity is bought as reserved instances (billing, not a Terraform resource). */
  'reserved-instances': z.boolean(),
});

const backupRetentionSchema = z.strictObject({
  /** RDS automated backup retention in days. */
  rds: z.number().int(),
  /** CloudWatch Logs retention in days (flow logs, EKS control plane, Lambda, RDS exports). */
  logs: z.number().int(),
});

/** How a database generation that is no longer current is kept: `fenced` (kept, protected, unreachable) or `deletable` (fenced, deletion protection off, so removing it from config deletes it). */
export const RETIRED_DISPOSITIONS = ['fenced', 'deletable'] as const;

const databaseSchema = z.strictObject({
  /** The region's current database generation: 1 is the instance of the first deployment; a new instance (a new replica) takes the next number. @default 1 */
  generation: z.number().int().default(1),
  /** Older generations still kept, by generation number: fenced, or deletable. Removing one deletes it (final snapshot, backups kept). @default - none */
  retired: z.record(z.string(), z.enum(RETIRED_DISPOSITIONS)).default({}),
});

export const regionSchema = z.strictObject({
  /** Human name of the region, used in tags and dashboards ("Taiwan"). */
  name: z.string().min(1),
  /** The region's role: exactly one primary; the DR region is secondary. */
  type: z.enum(['primary', 'secondary']),
  'cost-optimization': costOptimizationSchema,
  'backup-retention': backupRetentionSchema,
  /** The region's database generations. @default - generation 1, nothing retired */
  database: databaseSchema.default({ generation: 1, retired: {} }),
});

export const regionsSchema = z.strictObject({
  /** The region that serves traffic in normal operation. */
  primary: z.string(),
  /** The disaster-recovery region. */
  secondary: z.string(),
  /** Every region the project knows, keyed by AWS region name. More than two are allowed. */
  regions: z.record(z.string(), regionSchema),
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
  'health-check-interval': z.number(),
  /** Consecutive failed checks before an endpoint is unhealthy (Route 53 accepts 1..10). */
  'health-check-failure-threshold': z.number().int(),
  /** Regions whose Route 53 checkers probe the endpoints. @default - us-east-1, ap-northeast-1, ap-southeast-1 */
  'health-check-regions': z.array(z.string()).default(['us-east-1', 'ap-northeast-1', 'ap-southeast-1']),
  /** ReplicaLag above this many seconds raises the replication alarm. @default 60 */
  'replica-lag-alarm-seconds': positiveInt.default(60),
  /** Turn a recovery target that cannot be met into a synth error instead of a warning. @default false */
  'strict-recovery-budget': z.boolean().default(false),
  /** Email addresses subscribed to the alert topics. @default - none */
  'alert-emails': z.array(z.string()).default([]),
});

export const environmentSchema = z.strictObject({
  /** The VPC's IPv4 CIDR; subnet CIDRs are derived from it. */
  'vpc-cidr': z.string(),
  /** NAT gateways, one per AZ from the first (1..3). */
  'nat-gateways': z.number().int(),
  /** EC2 instance type of the EKS managed node group. */
  'eks-node-type': z.string(),
  /** Node group minimum size. @default - for a DR environment, 50% of its primary's (at least 1) */
  'eks-min-nodes': z.number().int().optional(),
  /** Node group maximum size. @default - for a DR environment, 80% of its primary's */
  'eks-max-nodes': z.number().int().optional(),
  /** EKS Kubernetes version. @default - for a DR environment, its primary's */
  'kubernetes-version': z.string().optional(),
  /** RDS instance class. @default - for a DR environment, its primary's */
  'db-instance-class': z.string().optional(),
  /** RDS PostgreSQL engine version. @default - for a DR environment, its primary's */
  'db-engine-version': z.string().optional(),
  /** RDS allocated storage in GiB. @default - for a DR environment, its primary's */
  'db-allocated-storage-gb': z.number().int().optional(),
});

export const stateSchema = z.strictObject({
  /** S3 bucket holding every stack's Terraform state (a prerequisite, see the README). */
  bucket: z.string(),
  /** The bucket's region. */
  region: z.string(),
  /** Prefix of each stack's state key: `<key-prefix>/<stack>.tfstate`. @default genai-demo */
  'key-prefix': z.string().default('genai-demo'),
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
  'genai-demo:environment': z.string(),
  /** The apex domain; its public hosted zone holds the failover records. */
  'genai-demo:domain': z.string(),
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
