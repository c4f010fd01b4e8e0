/**
 * The role keys of issue 13 as one value, and the next value each role-swap command moves to. Pure: the
 * commands compute the next roles from the current config (and refuse what the roles do not allow); the
 * target writes them where the deployment reads them (cdktf.json for AWS, the local work dir for the
 * emulator).
 *
 * The keys (config/schema.ts):
 *   genai-demo:multi-region.writer-region                    where the writer runs
 *   genai-demo:multi-region.enable-cross-region-replication  whether the other region runs a replica
 *   genai-demo:regions.regions.<region>.database             { generation, retired: { "<gen>": fenced|deletable } }
 *   genai-demo:state.{bucket,region}                         the state backend (the replica bucket in an outage)
 */
import type { AppConfig, RegionDeployment } from '../../../config';

/** One region's database generations. */
export interface RegionDatabaseRoles {
  /** The region's current generation. */
  readonly generation: number;
  /** Retired generations and how each is kept. */
  readonly retired: Readonly<Record<string, 'fenced' | 'deletable'>>;
}

/** The role keys, as one value. */
export interface RoleState {
  readonly writerRegion: string;
  readonly replication: boolean;
  /** By region name (the primary and the DR region). */
  readonly regions: Readonly<Record<string, RegionDatabaseRoles>>;
}

/** Where the Terraform state is read from: the normal bucket, or its replica during an outage of the state region. */
export interface StateBackend {
  readonly bucket: string;
  readonly region: string;
}

/** A JSON object, as in cdktf.json's context. */
export type JsonObject = { [key: string]: unknown };

/** The role keys of a loaded configuration. */
export function currentRoles(config: AppConfig): RoleState {
  const regions: Record<string, RegionDatabaseRoles> = {};
  for (const r of regionsOf(config)) {
    const retired: Record<string, 'fenced' | 'deletable'> = {};
    for (const i of r.database.instances) {
      if (i.role !== 'fenced') continue;
      // A `deletable` generation is a fenced one whose deletion protection was turned off by config.
      retired[String(i.generation)] = !i.deletionProtection && r.database.deletionProtection ? 'deletable' : 'fenced';
    }
    regions[r.region] = { generation: r.database.generation, retired };
  }
  return {
    writerRegion: config.roles.writerRegion,
    replication: config.multiRegion.enableCrossRegionReplication,
    regions,
  };
}

/** The primary and DR regional deployments. */
export function regionsOf(config: AppConfig): RegionDeployment[] {
  return config.dr === undefined ? [config.primary] : [config.primary, config.dr];
}

/** The regional deployment of `region`, or undefined when it is neither of the pair. */
export function regionOf(config: AppConfig, region: string): RegionDeployment | undefined {
  return regionsOf(config).find((r) => r.region === region);
}

/** The regional deployment of `region`; throws when it is neither of the pair (for a region already checked, such as --to). */
export function deploymentOf(config: AppConfig, region: string): RegionDeployment {
  const deployment = regionOf(config, region);
  if (deployment === undefined)
    throw new Error(
      `region ${region} is neither the primary (${config.primary.region}) nor the DR region (${config.dr?.region ?? 'none'})`,
    );
  return deployment;
}

/** The stacks only a pair deploys; throws when the configuration deploys no DR region (config.stackNames has them only then). */
export function pairStacks(config: AppConfig): { readonly multiRegion: string; readonly failover: string } {
  const { multiRegion, failover } = config.stackNames;
  if (multiRegion === undefined || failover === undefined) {
    throw new Error(
      `no multi-region or failover stack (stackNames.multiRegion ${multiRegion ?? 'unset'}, stackNames.failover ${failover ?? 'unset'}): the configuration deploys no DR region, and the role-swap commands need a pair`,
    );
  }
  return { multiRegion, failover };
}

/** The stack of a region. */
export function regionStack(config: AppConfig, region: string): string {
  if (region === config.primary.region) return config.stackNames.primary;
  if (config.dr !== undefined && region === config.dr.region && config.stackNames.dr !== undefined)
    return config.stackNames.dr;
  throw new Error(
    `region ${region} is neither the primary (${config.primary.region}) nor the DR region (${config.dr?.region ?? 'none'})`,
  );
}

/**
 * The roles after the writer moves to `to` (switchover, unplanned failover, failback): `to` writes; the old
 * writer's current generation is retired as fenced and the old region's generation moves on, so its next
 * database (made by reprotect) is a new instance; no replica until reprotect turns replication on.
 */
export function rolesAfterWriterMove(roles: RoleState, to: string): RoleState {
  const from = roles.writerRegion;
  const old = roles.regions[from];
  return {
    writerRegion: to,
    replication: false,
    regions: {
      ...roles.regions,
      [from]: { generation: old.generation + 1, retired: { ...old.retired, [String(old.generation)]: 'fenced' } },
    },
  };
}

/** The roles after reprotect: replication on, so the standby region's current generation is created as the writer's replica. */
export function rolesAfterReprotect(roles: RoleState): RoleState {
  return { ...roles, replication: true };
}

/** The standby region of a pair: the one that does not write. */
export function standbyRegion(config: AppConfig, roles: RoleState): string {
  const other = regionsOf(config).find((r) => r.region !== roles.writerRegion);
  if (other === undefined) throw new Error('no standby region: the configuration deploys no DR region');
  return other.region;
}

/** The role keys as a cdktf.json context patch (the shape __tests__/helpers/role-sequence.ts applies). */
export function rolePatch(roles: RoleState, state?: StateBackend): JsonObject {
  const regions: JsonObject = {};
  for (const [region, db] of Object.entries(roles.regions))
    regions[region] = { database: { generation: db.generation, retired: { ...db.retired } } };
  const patch: JsonObject = {
    'genai-demo:multi-region': {
      'writer-region': roles.writerRegion,
      'enable-cross-region-replication': roles.replication,
    },
    'genai-demo:regions': { regions },
  };
  if (state !== undefined) patch['genai-demo:state'] = { bucket: state.bucket, region: state.region };
  return patch;
}

/** A context patch as GENAI_DEMO_CONTEXT `key=value` pairs (dotted keys reach inside values). */
export function overridePairs(patch: JsonObject, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([k, v]) => {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0
      ? overridePairs(v as JsonObject, key)
      : [`${key}=${JSON.stringify(v)}`];
  });
}

/**
 * `context` with `patch` merged in, key by key (objects merged, other values replaced); every key the patch
 * does not name is kept as it was. Returns a new object.
 */
export function mergeContext(context: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...context };
  for (const [k, v] of Object.entries(patch)) {
    const before = out[k];
    out[k] =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      before !== null &&
      typeof before === 'object' &&
      !Array.isArray(before)
        ? mergeContext(before as JsonObject, v as JsonObject)
        : v;
  }
  return out;
}

/** One line naming the roles, for logs and reports. */
export function describeRoles(roles: RoleState, config: AppConfig): string {
  const parts = Object.entries(roles.regions).map(([region, db]) => {
    const name = regionOf(config, region)?.regionName ?? region;
    const retired = Object.entries(db.retired).map(([g, how]) => `g${g} ${how}`);
    return `${name} ${region}: generation ${db.generation}${retired.length ? ` (${retired.join(', ')})` : ''}`;
  });
  return `writer ${roles.writerRegion}, replication ${roles.replication ? 'on' : 'off'}; ${parts.join('; ')}`;
}
