/**
 * Values derived from the validated context, computed here and nowhere else: DR sizing, subnet CIDRs,
 * name prefixes, stack names, tags, the recovery budget.
 */
import { cidrSubnet, formatCidr, parseCidr, type Ipv4Cidr } from './cidr';
import { computeRecoveryBudget, recoveryBudgetFindings } from './recovery-budget';
import { drEnvironmentName, isDrDeployed } from './rules';
import type { RawContext, RawEnvironment, RawRegion } from './schema';
import {
  REGION_ROLE_TAG,
  type AppConfig,
  type DatabaseInstancePlan,
  type RegionDeployment,
  type RegionRole,
  type Roles,
} from './types';

export const PROJECT = 'genai-demo';
/** The network spans three availability zones in every region. */
export const AVAILABILITY_ZONE_COUNT = 3;
/** Subnets are the VPC CIDR plus 4 bits: a /16 VPC gets /20 subnets, 16 slots of which 9 are used. */
export const SUBNET_NEW_BITS = 4;
/** Slot offsets of each tier, so a fourth AZ can be added without renumbering: public 0-3, private 4-7, isolated 8-11. */
const TIER_OFFSET = { public: 0, private: 4, isolated: 8 } as const;

/** DR min nodes: 50% of the primary's minimum, rounded down, at least 1 (spec, "Resource Sizing"). */
export function drMinNodes(primaryMin: number): number {
  return Math.max(1, Math.floor(primaryMin * 0.5));
}

/** DR max nodes: 80% of the primary's maximum, rounded down, never below the DR minimum. */
export function drMaxNodes(primaryMax: number, drMin: number): number {
  return Math.max(drMin, Math.floor(primaryMax * 0.8));
}

/** Graviton instance families carry a `g` after the generation digit (m6g, t4g, r7gd, c7gn). */
export function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}

export function deriveSubnetCidrs(vpcCidr: Ipv4Cidr, azCount: number): RegionDeployment['subnetCidrs'] {
  const tier = (offset: number) =>
    Array.from({ length: azCount }, (_, i) => formatCidr(cidrSubnet(vpcCidr, SUBNET_NEW_BITS, offset + i)));
  return {
    public: tier(TIER_OFFSET.public),
    private: tier(TIER_OFFSET.private),
    isolated: tier(TIER_OFFSET.isolated),
  };
}

/** DB instance identifier of a generation: generation 1 keeps the name of the first release, so it never moves. */
export function databaseIdentifier(namePrefix: string, generation: number): string {
  return generation === 1 ? `${namePrefix}-postgres` : `${namePrefix}-postgres-g${generation}`;
}

/** Final snapshot of a generation: the generation is in the name, so deleting generation 2 never collides with generation 1's snapshot. */
export function finalSnapshotIdentifier(namePrefix: string, generation: number): string {
  return `${namePrefix}-postgres-g${generation}-final`;
}

/** The writer region: `genai-demo:multi-region.writer-region`, else the primary region. */
export function writerRegionOf(ctx: RawContext): string {
  return ctx['genai-demo:multi-region']['writer-region'] ?? ctx['genai-demo:regions'].primary;
}

/** Node-group bounds of a region: the primary environment's sizes where the writer runs, the standby sizes elsewhere. */
interface NodeSizes {
  readonly min: number;
  readonly max: number;
}

/** Where a region stands in the roles, as regionDeployment needs it. */
interface RegionRoles {
  readonly isWriter: boolean;
  /** The node-group bounds for this region's role. */
  readonly sizes: NodeSizes;
  /** The writer this region's current database replicates; undefined for the writer region or with replication off. */
  readonly replicaOf?: { readonly region: string; readonly identifier: string };
}

/** A region's DB instances: the current generation (writer or replica, when there is one) and the retired ones. */
function databaseInstances(
  ctx: RawContext,
  region: string,
  namePrefix: string,
  roles: RegionRoles,
  isProduction: boolean,
): { generation: number; instances: DatabaseInstancePlan[]; current?: DatabaseInstancePlan } {
  const db = ctx['genai-demo:regions'].regions[region].database;
  const plan = (
    generation: number,
    role: DatabaseInstancePlan['role'],
    deletionProtection: boolean,
    source?: DatabaseInstancePlan['source'],
  ) => ({
    generation,
    identifier: databaseIdentifier(namePrefix, generation),
    finalSnapshotIdentifier: finalSnapshotIdentifier(namePrefix, generation),
    role,
    deletionProtection,
    ...(source ? { source } : {}),
  });
  const retired = Object.entries(db.retired)
    .map(([g, disposition]) => plan(Number(g), 'fenced', isProduction && disposition === 'fenced'))
    .sort((a, b) => a.generation - b.generation);
  const current = roles.isWriter
    ? plan(db.generation, 'writer', isProduction)
    : roles.replicaOf !== undefined
      ? plan(db.generation, 'replica', isProduction, roles.replicaOf)
      : undefined;
  return { generation: db.generation, instances: current ? [...retired, current] : retired, current };
}

function regionDeployment(
  ctx: RawContext,
  role: RegionRole,
  region: string,
  environmentName: string,
  roles: RegionRoles,
  primaryEnv?: RawEnvironment,
): RegionDeployment {
  const env = ctx['genai-demo:environments'][environmentName];
  const regionCfg: RawRegion = ctx['genai-demo:regions'].regions[region];
  const inherit = <K extends keyof RawEnvironment>(key: K): NonNullable<RawEnvironment[K]> =>
    (env[key] ?? primaryEnv?.[key]) as NonNullable<RawEnvironment[K]>;

  const { min: minNodes, max: maxNodes } = roles.sizes;
  const engineVersion = inherit('db-engine-version');
  const isProduction = ctx['genai-demo:environment'] === 'production';
  const namePrefix = `${PROJECT}-${environmentName}`;

  return {
    role,
    region,
    isWriter: roles.isWriter,
    regionName: regionCfg.name,
    environmentName,
    namePrefix,
    vpcCidr: env['vpc-cidr'],
    availabilityZoneCount: AVAILABILITY_ZONE_COUNT,
    subnetCidrs: deriveSubnetCidrs(parseCidr(env['vpc-cidr']) as Ipv4Cidr, AVAILABILITY_ZONE_COUNT),
    natGateways: env['nat-gateways'],
    logRetentionDays: regionCfg['backup-retention'].logs,
    eks: {
      kubernetesVersion: inherit('kubernetes-version'),
      nodeType: env['eks-node-type'],
      minNodes,
      maxNodes,
      desiredNodes: minNodes,
      amiType: isGraviton(env['eks-node-type']) ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD',
      capacityType: regionCfg['cost-optimization']['spot-instances'] ? 'SPOT' : 'ON_DEMAND',
    },
    database: {
      instanceClass: inherit('db-instance-class'),
      engineVersion,
      parameterGroupFamily: `postgres${engineVersion.split('.')[0]}`,
      allocatedStorageGb: inherit('db-allocated-storage-gb'),
      backupRetentionDays: regionCfg['backup-retention'].rds,
      multiAz: role === 'dr' || isProduction,
      deletionProtection: isProduction,
      ...databaseInstances(ctx, region, namePrefix, roles, isProduction),
    },
    tags: {
      Project: PROJECT,
      Environment: ctx['genai-demo:environment'],
      RegionRole: REGION_ROLE_TAG[role],
      Region: regionCfg.name,
      ManagedBy: 'cdktf',
    },
  };
}

/** Builds the resolved configuration from a context that passed the schema and the rules. */
/**
 * A node-group size the primary environment states. rules.ts (sizingProblems) refuses a primary environment
 * without it before derivation runs; a cross-field rule the schema's types cannot carry, hence this check.
 */
function statedSize(environment: string, env: RawEnvironment, key: 'eks-min-nodes' | 'eks-max-nodes'): number {
  const value = env[key];
  if (value === undefined)
    throw new Error(`genai-demo:environments.${environment}.${key}: missing, and no rule refused it first`);
  return value;
}

export function deriveConfig(ctx: RawContext): AppConfig {
  const environment = ctx['genai-demo:environment'];
  const regions = ctx['genai-demo:regions'];
  const multi = ctx['genai-demo:multi-region'];
  const isProduction = environment === 'production';
  const drDeployed = isDrDeployed(ctx);
  const namePrefix = `${PROJECT}-${environment}`;
  const primaryEnv = ctx['genai-demo:environments'][environment];

  const drEnv = ctx['genai-demo:environments'][drEnvironmentName(environment)];

  // Roles: one key decides. The writer region runs the primary environment's node-group sizes; the other
  // region the standby sizes (explicit in the -dr environment, else derived from the primary's).
  const writerRegion = writerRegionOf(ctx);
  const standbyRegion = drDeployed
    ? writerRegion === regions.primary
      ? regions.secondary
      : regions.primary
    : undefined;
  const fullSizes: NodeSizes = {
    min: statedSize(environment, primaryEnv, 'eks-min-nodes'),
    max: statedSize(environment, primaryEnv, 'eks-max-nodes'),
  };
  const standbyMin = drEnv?.['eks-min-nodes'] ?? drMinNodes(fullSizes.min);
  const standbySizes: NodeSizes = {
    min: standbyMin,
    max: drEnv?.['eks-max-nodes'] ?? drMaxNodes(fullSizes.max, standbyMin),
  };
  const prefixOf = (region: string) =>
    region === regions.primary ? namePrefix : `${PROJECT}-${drEnvironmentName(environment)}`;
  const writerDb = {
    region: writerRegion,
    identifier: databaseIdentifier(prefixOf(writerRegion), regions.regions[writerRegion].database.generation),
  };
  const replicaOf = drDeployed && multi['enable-cross-region-replication'] ? writerDb : undefined;
  const rolesOf = (region: string): RegionRoles =>
    region === writerRegion
      ? { isWriter: true, sizes: fullSizes }
      : { isWriter: false, sizes: standbySizes, replicaOf };

  const primary = regionDeployment(ctx, 'primary', regions.primary, environment, rolesOf(regions.primary));
  const dr = drDeployed
    ? regionDeployment(
        ctx,
        'dr',
        regions.secondary,
        drEnvironmentName(environment),
        rolesOf(regions.secondary),
        primaryEnv,
      )
    : undefined;
  const standby = standbyRegion === undefined ? undefined : standbyRegion === primary.region ? primary : dr;
  const replicaPlan = standby?.database.current;
  const roles: Roles = {
    writerRegion,
    standbyRegion,
    writer: writerDb,
    replica:
      standby !== undefined && replicaPlan?.role === 'replica'
        ? { region: standby.region, identifier: replicaPlan.identifier }
        : undefined,
    databaseDns: drDeployed
      ? { zoneName: `${namePrefix}.internal`, recordName: `postgres.${namePrefix}.internal` }
      : undefined,
  };

  const recoveryBudget = computeRecoveryBudget({
    healthCheckIntervalSeconds: multi['health-check-interval'],
    healthCheckFailureThreshold: multi['health-check-failure-threshold'],
    failoverRtoMinutes: multi['failover-rto-minutes'],
    failoverRpoMinutes: multi['failover-rpo-minutes'],
    enableCrossRegionReplication: multi['enable-cross-region-replication'],
    replicaLagAlarmSeconds: multi['replica-lag-alarm-seconds'],
  });

  return {
    project: PROJECT,
    environment,
    isProduction,
    domain: ctx['genai-demo:domain'],
    namePrefix,
    createHostedZone: ctx['genai-demo:hosted-zone'].create,
    primary,
    dr,
    multiRegion: {
      enableCrossRegionPeering: multi['enable-cross-region-peering'],
      enableCrossRegionReplication: multi['enable-cross-region-replication'],
      failoverRtoMinutes: multi['failover-rto-minutes'],
      failoverRpoMinutes: multi['failover-rpo-minutes'],
      healthCheckIntervalSeconds: multi['health-check-interval'],
      healthCheckFailureThreshold: multi['health-check-failure-threshold'],
      healthCheckRegions: multi['health-check-regions'],
      replicaLagAlarmSeconds: multi['replica-lag-alarm-seconds'],
      strictRecoveryBudget: multi['strict-recovery-budget'],
      alertEmails: multi['alert-emails'],
    },
    state: {
      bucket: ctx['genai-demo:state'].bucket,
      region: ctx['genai-demo:state'].region,
      keyPrefix: ctx['genai-demo:state']['key-prefix'],
      useLockfile: ctx['genai-demo:state']['use-lockfile'],
      // The replica lives in the other region of the pair (tools: stacks/state-bootstrap-stack.ts).
      replicaRegion: ctx['genai-demo:state'].region === regions.secondary ? regions.primary : regions.secondary,
      replicaBucket: `${ctx['genai-demo:state'].bucket}-${ctx['genai-demo:state'].region === regions.secondary ? regions.primary : regions.secondary}`,
    },
    roles,
    recoveryBudget,
    stackNames: {
      primary: `${namePrefix}-primary`,
      dr: drDeployed ? `${namePrefix}-dr` : undefined,
      multiRegion: drDeployed ? `${namePrefix}-multi-region` : undefined,
      failover: drDeployed ? `${namePrefix}-route53-failover` : undefined,
    },
    // The budget only matters where failover exists.
    warnings: drDeployed ? recoveryBudgetFindings(recoveryBudget) : [],
  };
}
