/**
 * The resolved, validated configuration the stacks are built from. Stacks and components take these
 * types (or parts of them) and never read context or hard-code a region, CIDR or name themselves.
 */
import type { HealthCheckInterval } from './route53-limits';

/**
 * A region's role in the DR design: the primary region, or the DR region. Config names the DR region
 * `genai-demo:regions.secondary` (type `secondary`), and Route 53 calls its failover record SECONDARY;
 * in code it is `dr` everywhere.
 */
export type RegionRole = 'primary' | 'dr';

/**
 * The `RegionRole` tag value of each role. Deployed resources carry `secondary` in the DR region: changing
 * the value would re-tag every resource, so the tag keeps the config's word.
 */
export const REGION_ROLE_TAG: Readonly<Record<RegionRole, string>> = { primary: 'primary', dr: 'secondary' };

/**
 * What one database instance is for, derived from `genai-demo:multi-region.writer-region` and the region's
 * generations: the writer (a standalone instance taking writes), the cross-region read replica of the
 * writer, or a retired generation kept fenced (standalone, no client may reach it, no record names it).
 */
export type DatabaseRole = 'writer' | 'replica' | 'fenced';

/** One DB instance of a region: a generation with its role. */
export interface DatabaseInstancePlan {
  /** 1 for the instance of the first deployment, then one more for each new instance in the region. */
  readonly generation: number;
  /** DB instance identifier: `<prefix>-postgres` for generation 1 (unchanged since the first release), `<prefix>-postgres-g<N>` after. */
  readonly identifier: string;
  /** Name of the snapshot taken when the instance is deleted, unique per generation: `<prefix>-postgres-g<N>-final`. */
  readonly finalSnapshotIdentifier: string;
  readonly role: DatabaseRole;
  /** Deletion protection: production's, except for a retired generation marked `deletable`. */
  readonly deletionProtection: boolean;
  /** A replica's source: the writer's region and identifier (its ARN is built at plan time from the account id). */
  readonly source?: { readonly region: string; readonly identifier: string };
}

/** Who holds which role, from `genai-demo:multi-region.writer-region`. */
export interface Roles {
  /** Region of the writer database, the PRIMARY failover record and the full-size node group. */
  readonly writerRegion: string;
  /** The other region of the pair (replica, SECONDARY record, standby size); absent without DR. */
  readonly standbyRegion?: string;
  /** The writer database. */
  readonly writer: { readonly region: string; readonly identifier: string };
  /** The cross-region read replica, when replication is on. */
  readonly replica?: { readonly region: string; readonly identifier: string };
  /**
   * The stable database name the application uses: a CNAME in a private hosted zone associated with both
   * VPCs, pointing at the writer's endpoint (owned by the failover stack). Absent without DR.
   */
  readonly databaseDns?: { readonly zoneName: string; readonly recordName: string };
}

/** Everything one regional stack (primary or DR) needs. */
export interface RegionDeployment {
  /** `primary` (Taiwan) or `dr` (the DR region, Tokyo). */
  readonly role: RegionRole;
  /** AWS region name, e.g. `ap-east-2`. */
  readonly region: string;
  /** True when this region holds the writer (genai-demo:multi-region.writer-region): full-size node group. */
  readonly isWriter: boolean;
  /** Human name of the region, e.g. `Taiwan`. */
  readonly regionName: string;
  /** The `genai-demo:environments` entry this region is built from (`production` or `production-dr`). */
  readonly environmentName: string;
  /** Prefix of resource names in this region, e.g. `genai-demo-production` / `genai-demo-production-dr`. */
  readonly namePrefix: string;
  /** The VPC's IPv4 CIDR. */
  readonly vpcCidr: string;
  /**
   * How many availability zones the network spans (3). Their names are read from the region at plan
   * time (`aws_availability_zones`), never hard-coded: ap-east-2 has a/b/c, ap-northeast-1 a/c/d.
   */
  readonly availabilityZoneCount: number;
  /** Subnet CIDRs derived from the VPC CIDR, one per AZ and tier, in AZ order. */
  readonly subnetCidrs: {
    readonly public: readonly string[];
    readonly private: readonly string[];
    readonly isolated: readonly string[];
  };
  /** NAT gateways (1..AZ count); private subnet i routes through NAT min(i, natGateways - 1). */
  readonly natGateways: number;
  /** CloudWatch Logs retention in days. */
  readonly logRetentionDays: number;
  readonly eks: {
    readonly kubernetesVersion: string;
    readonly nodeType: string;
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Desired size at creation: the minimum. */
    readonly desiredNodes: number;
    /** `AL2023_ARM_64_STANDARD` for Graviton types, `AL2023_x86_64_STANDARD` otherwise. */
    readonly amiType: 'AL2023_ARM_64_STANDARD' | 'AL2023_x86_64_STANDARD';
    /** From the region's `cost-optimization.spot-instances`. */
    readonly capacityType: 'ON_DEMAND' | 'SPOT';
  };
  readonly database: {
    readonly instanceClass: string;
    readonly engineVersion: string;
    /** Parameter group family derived from the engine version, e.g. `postgres16`. */
    readonly parameterGroupFamily: string;
    readonly allocatedStorageGb: number;
    readonly backupRetentionDays: number;
    /** Always true in the DR region (spec); true in production. */
    readonly multiAz: boolean;
    /** True in production environments. */
    readonly deletionProtection: boolean;
    /** The region's current generation (genai-demo:regions.regions.<region>.database.generation). */
    readonly generation: number;
    /** Every instance of the region, by generation: the current one (when it exists) and the retired ones kept. */
    readonly instances: readonly DatabaseInstancePlan[];
    /** The current generation's instance: the writer, or the replica; absent when the region runs no current database. */
    readonly current?: DatabaseInstancePlan;
  };
  /** Tags for every resource of this region (set as the provider's default tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Multi-region and failover settings (from `genai-demo:multi-region`). */
export interface MultiRegionSettings {
  readonly enableCrossRegionPeering: boolean;
  readonly enableCrossRegionReplication: boolean;
  readonly failoverRtoMinutes: number;
  readonly failoverRpoMinutes: number;
  /** Route 53 health-check request interval, 10 or 30 seconds. */
  readonly healthCheckIntervalSeconds: HealthCheckInterval;
  readonly healthCheckFailureThreshold: number;
  readonly healthCheckRegions: readonly string[];
  readonly replicaLagAlarmSeconds: number;
  readonly strictRecoveryBudget: boolean;
  readonly alertEmails: readonly string[];
}

/** S3 backend settings shared by every stack. */
export interface StateBackendSettings {
  readonly bucket: string;
  readonly region: string;
  readonly keyPrefix: string;
  readonly useLockfile: boolean;
  /** Region of the state bucket's replica: the other region of the primary/DR pair. */
  readonly replicaRegion: string;
  /** The replica bucket, `<bucket>-<replica region>`: the backend to switch to when the state region is down. */
  readonly replicaBucket: string;
}

/** The terms of the recovery budget: health-check detection window, last check's timeout, alias TTL. */
export type BudgetTermKind = 'failure-window' | 'check-timeout' | 'alias-ttl';

/** One line of the recovery budget: a component of the worst-case time and where it comes from. */
export interface BudgetTerm {
  /** Which term this is, to look it up by name rather than by its place in the list. */
  readonly kind: BudgetTermKind;
  readonly label: string;
  readonly seconds: number;
  readonly source: string;
}

/** Worst-case recovery time and data loss computed from config, compared with the targets. */
export interface RecoveryBudget {
  readonly rto: {
    readonly targetSeconds: number;
    readonly worstCaseSeconds: number;
    /** Detection alone: when Route 53 marks the primary unhealthy, before caches expire. */
    readonly detectionSeconds: number;
    readonly terms: readonly BudgetTerm[];
    readonly achievable: boolean;
  };
  readonly rpo: {
    readonly targetSeconds: number;
    /** null when no bound can be promised from config alone. */
    readonly guaranteedSeconds: number | null;
    readonly explanation: string;
    readonly achievable: boolean;
  };
}

/** The whole resolved configuration. */
export interface AppConfig {
  readonly project: string;
  /** The deployed environment (`genai-demo:environment`). */
  readonly environment: string;
  /** True for `production`: deletion protection, strict policy findings. */
  readonly isProduction: boolean;
  /** The apex domain. */
  readonly domain: string;
  /** `genai-demo-<environment>`. */
  readonly namePrefix: string;
  /** Create the hosted zone (primary stack) instead of looking it up by name. */
  readonly createHostedZone: boolean;
  /** The primary region's deployment. */
  readonly primary: RegionDeployment;
  /** The DR region's deployment; present only for production with `enable-dr`. */
  readonly dr?: RegionDeployment;
  readonly multiRegion: MultiRegionSettings;
  /** Who writes, who replicates, where `api.` PRIMARY points: all from genai-demo:multi-region.writer-region. */
  readonly roles: Roles;
  readonly state: StateBackendSettings;
  readonly recoveryBudget: RecoveryBudget;
  /** Stack names (one Terraform state each); dr, multiRegion and failover only when DR is deployed. */
  readonly stackNames: {
    readonly primary: string;
    readonly dr?: string;
    readonly multiRegion?: string;
    readonly failover?: string;
  };
  /** Non-fatal findings to print at synth (recovery budget, overrides). */
  readonly warnings: readonly string[];
}
