/**
 * Cross-field rules: the ones that relate two or more values of a context. A rule on one value alone is
 * part of its schema (schema.ts). Each rule adds problems with the key path, the value received and what
 * was expected; all run, so a user sees every problem at once.
 */
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from './cidr';
import { problemCollector, type ConfigProblem } from './errors';
import type { RawContext } from './schema';
import type { RegionRole } from './types';

/** The name of the environment that is the DR copy of `environment`. */
export function drEnvironmentName(environment: string): string {
  return `${environment}-dr`;
}

/** The DR region is deployed only for production, with `genai-demo:multi-region.enable-dr`. */
export function isDrDeployed(ctx: RawContext): boolean {
  return ctx['genai-demo:environment'] === 'production' && ctx['genai-demo:multi-region']['enable-dr'];
}

/** The `genai-demo:regions` key that names each role's region (config calls the DR region `secondary`). */
export const REGION_KEY = { primary: 'primary', dr: 'secondary' } as const satisfies Record<RegionRole, string>;

/** The roles deployed: the primary, and the DR region when DR is deployed. */
export function deployedRoles(ctx: RawContext): readonly RegionRole[] {
  return isDrDeployed(ctx) ? ['primary', 'dr'] : ['primary'];
}

/** Every cross-field rule the context breaks. */
export function validateRules(ctx: RawContext): ConfigProblem[] {
  return [...environmentProblems(ctx), ...regionProblems(ctx), ...roleProblems(ctx), ...sizingProblems(ctx)];
}

/** The selected environment exists and is not a -dr copy; the DR environment exists when DR is deployed; peered VPCs do not overlap. */
function environmentProblems(ctx: RawContext): ConfigProblem[] {
  const { problems, add } = problemCollector();
  const envName = ctx['genai-demo:environment'];
  const environments = ctx['genai-demo:environments'];
  if (!Object.hasOwn(environments, envName)) {
    add(
      'genai-demo:environment',
      envName,
      `one of the environments defined in genai-demo:environments (${Object.keys(environments).join(', ')})`,
    );
  } else if (envName.endsWith('-dr') && Object.hasOwn(environments, envName.slice(0, -3))) {
    add(
      'genai-demo:environment',
      envName,
      `an environment that is not the DR copy of another: select "${envName.slice(0, -3)}" (its DR region is deployed with it)`,
    );
  }

  const drName = drEnvironmentName(envName);
  if (isDrDeployed(ctx) && !Object.hasOwn(environments, drName)) {
    add(
      `genai-demo:environments.${drName}`,
      undefined,
      `the DR environment of ${envName} (genai-demo:multi-region.enable-dr is true)`,
    );
  }
  const cidrs = new Map<string, Ipv4Cidr>();
  for (const [name, env] of Object.entries(environments)) {
    const parsed = parseCidr(env['vpc-cidr']);
    if (typeof parsed !== 'string') cidrs.set(name, parsed);
  }
  for (const name of Object.keys(environments)) {
    const peer = drEnvironmentName(name);
    const a = cidrs.get(name);
    const b = cidrs.get(peer);
    if (a && b && cidrsOverlap(a, b)) {
      add(
        `genai-demo:environments.${peer}.vpc-cidr`,
        environments[peer]['vpc-cidr'],
        `a range that does not overlap ${name} "${environments[name]['vpc-cidr']}" (the two VPCs are peered)`,
      );
    }
  }
  return problems;
}

/** genai-demo:regions: primary and secondary present in the map, distinct, with matching types, one primary. */
function regionProblems(ctx: RawContext): ConfigProblem[] {
  const { problems, add } = problemCollector();
  const regions = ctx['genai-demo:regions'];
  for (const [name, region] of Object.entries(regions.regions)) {
    const role = name === regions.primary ? 'primary' : name === regions.secondary ? 'secondary' : undefined;
    if (role !== undefined && region.type !== role) {
      add(`genai-demo:regions.regions.${name}.type`, region.type, `"${role}" (it is genai-demo:regions.${role})`);
    }
  }
  const primaries = Object.entries(regions.regions).filter(([, r]) => r.type === 'primary');
  if (primaries.length !== 1) {
    add(
      'genai-demo:regions.regions',
      primaries.map(([n]) => n),
      'exactly one region with type "primary"',
    );
  }
  for (const key of Object.values(REGION_KEY)) {
    const name = regions[key];
    if (!Object.hasOwn(regions.regions, name)) {
      add(
        `genai-demo:regions.${key}`,
        name,
        `a region defined in genai-demo:regions.regions (${Object.keys(regions.regions).join(', ')})`,
      );
    }
  }
  if (regions.primary === regions.secondary) {
    add('genai-demo:regions.secondary', regions.secondary, `a region other than the primary (${regions.primary})`);
  }
  return problems;
}

/** Node-group sizes: an environment that is not a -dr copy states them all; max is not below min. */
function sizingProblems(ctx: RawContext): ConfigProblem[] {
  const { problems, add } = problemCollector();
  const environments = ctx['genai-demo:environments'];
  for (const [name, env] of Object.entries(environments)) {
    const at = (key: string) => `genai-demo:environments.${name}.${key}`;
    const isDr = name.endsWith('-dr') && Object.hasOwn(environments, name.slice(0, -3));
    if (!isDr) {
      for (const key of [
        'eks-min-nodes',
        'eks-max-nodes',
        'kubernetes-version',
        'db-instance-class',
        'db-engine-version',
        'db-allocated-storage-gb',
      ] as const) {
        if (env[key] === undefined)
          add(at(key), undefined, 'a value (only a -dr environment inherits it from its primary)');
      }
    }
    const min = env['eks-min-nodes'];
    const max = env['eks-max-nodes'];
    if (min !== undefined && max !== undefined && max < min)
      add(at('eks-max-nodes'), max, `at least eks-min-nodes (${min})`);
  }
  return problems;
}

/**
 * Rules over `genai-demo:multi-region.writer-region` and each region's `database` generations. Config holds
 * only the present state, so a generation that went backwards can be caught only where the present state
 * shows it: a retired generation at or above the current one, and generation 1 of the primary region
 * (created as the first writer, which RDS can never turn into a replica) made a replica. A generation
 * below 1 and a malformed retired key are refused by the schema.
 */
export function roleProblems(ctx: RawContext): ConfigProblem[] {
  const { problems, add } = problemCollector();
  const regions = ctx['genai-demo:regions'];
  const multi = ctx['genai-demo:multi-region'];
  const drDeployed = isDrDeployed(ctx);
  const pair = drDeployed ? [regions.primary, regions.secondary] : [regions.primary];
  const writer = multi['writer-region'] ?? regions.primary;
  const writerKey = 'genai-demo:multi-region.writer-region';

  if (!pair.includes(writer)) {
    add(
      writerKey,
      writer,
      drDeployed
        ? `one of the two regions of the pair: ${regions.primary} (genai-demo:regions.primary) or ${regions.secondary} (genai-demo:regions.secondary)`
        : `${regions.primary} (genai-demo:regions.primary): without DR the primary region is the only one deployed`,
    );
  }
  const standby = drDeployed ? (writer === regions.primary ? regions.secondary : regions.primary) : undefined;
  if (standby !== undefined && standby === writer) {
    add(
      writerKey,
      writer,
      `a region whose replica is in another region: the replica would replicate itself (${standby})`,
    );
  }

  for (const [name, region] of Object.entries(regions.regions)) {
    const at = `genai-demo:regions.regions.${name}.database`;
    const { generation, retired } = region.database;
    for (const key of Object.keys(retired)) {
      if (name === writer && Number(key) === generation) {
        add(
          `${at}.retired.${key}`,
          retired[key],
          `not the current writer: generation ${generation} of ${name} is the writer (${writerKey}); move the writer first`,
        );
      } else if (Number(key) >= generation) {
        add(
          `${at}.retired.${key}`,
          retired[key],
          `a generation below the current one (${generation}): a retired generation cannot be current or newer`,
        );
      }
    }
    const isReplica = drDeployed && multi['enable-cross-region-replication'] && name === standby;
    if (isReplica && name === regions.primary && generation === 1) {
      add(
        `${at}.generation`,
        generation,
        `2 or more: generation 1 of ${name} was created as the writer, and RDS never turns a standalone or promoted instance into a replica (retire it and replicate into a new generation)`,
      );
    }
  }
  return problems;
}
