/**
 * Value and cross-field rules over a context whose shape `schema.ts` has already accepted.
 * Each rule adds problems with the key path, the value received and what was expected; all run, so a
 * user sees every problem at once.
 */
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from './cidr';
import type { ConfigProblem } from './errors';
import type { RawContext } from './schema';

/** Values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** RDS accepts 0..35 days; 0 turns automated backups off, which a cross-region read replica's source may not do. */
export const RDS_BACKUP_RETENTION = { min: 1, max: 35 } as const;
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;
export const HEALTH_CHECK_THRESHOLD = { min: 1, max: 10 } as const;
/**
 * VPC prefixes the layout can use: AWS allows /16 to /28 for a VPC, subnets are derived as /+4, and an
 * ALB needs /27 subnets at least, so /23 is the smallest VPC (config/limits.ts ALB_MIN_SUBNET_PREFIX).
 */
export const VPC_PREFIX = { min: 16, max: 23 } as const;
/** The network spans three AZs, so one to three NAT gateways. */
export const NAT_GATEWAYS = { min: 1, max: 3 } as const;

const REGION_NAME = /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const K8S_VERSION = /^1\.\d{2}$/;
const PG_VERSION = /^(1[1-9])(\.\d+)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9-]{0,30}$/;

export function isValidRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

export function isValidDomain(domain: string): boolean {
  if (domain.length > 253 || !domain.includes('.')) return false;
  const labels = domain.split('.');
  return labels.every((l) => DNS_LABEL.test(l)) && /[a-z]/.test(labels[labels.length - 1]);
}

/** The name of the environment that is the DR copy of `environment`. */
export function drEnvironmentName(environment: string): string {
  return `${environment}-dr`;
}

export function validateRules(ctx: RawContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, received: unknown, expected: string) => problems.push({ path, received, expected });

  const envName = ctx['genai-demo:environment'];
  const environments = ctx['genai-demo:environments'];
  const regions = ctx['genai-demo:regions'];
  const multi = ctx['genai-demo:multi-region'];

  // Which environment, and the domain.
  if (!ENV_NAME.test(envName)) {
    add('genai-demo:environment', envName, 'a lower-case name of letters, digits and hyphens');
  } else if (!Object.hasOwn(environments, envName)) {
    add('genai-demo:environment', envName, `one of the environments defined in genai-demo:environments (${Object.keys(environments).join(', ')})`);
  } else if (envName.endsWith('-dr') && Object.hasOwn(environments, envName.slice(0, -3))) {
    add('genai-demo:environment', envName, `an environment that is not the DR copy of another: select "${envName.slice(0, -3)}" (its DR region is deployed with it)`);
  }
  const domain = ctx['genai-demo:domain'];
  if (!isValidDomain(domain)) {
    add('genai-demo:domain', domain, 'a valid lower-case DNS name such as kimkao.io');
  }

  // Regions: valid names, primary/secondary present, distinct, with matching types.
  for (const [name, region] of Object.entries(regions.regions)) {
    if (!isValidRegionName(name)) {
      add(`genai-demo:regions.regions.${name}`, name, 'an AWS region name such as ap-east-2');
    }
    const role = name === regions.primary ? 'primary' : name === regions.secondary ? 'secondary' : undefined;
    if (role !== undefined && region.type !== role) {
      add(`genai-demo:regions.regions.${name}.type`, region.type, `"${role}" (it is genai-demo:regions.${role})`);
    }
    const logs = region['backup-retention'].logs;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logs)) {
      add(`genai-demo:regions.regions.${name}.backup-retention.logs`, logs, `a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`);
    }
    const rds = region['backup-retention'].rds;
    if (rds < RDS_BACKUP_RETENTION.min || rds > RDS_BACKUP_RETENTION.max) {
      add(
        `genai-demo:regions.regions.${name}.backup-retention.rds`,
        rds,
        `${RDS_BACKUP_RETENTION.min}..${RDS_BACKUP_RETENTION.max} days (RDS allows at most 35; 0 disables the backups a read replica needs)`,
      );
    }
  }
  const primaries = Object.entries(regions.regions).filter(([, r]) => r.type === 'primary');
  if (primaries.length !== 1) {
    add('genai-demo:regions.regions', primaries.map(([n]) => n), 'exactly one region with type "primary"');
  }
  for (const role of ['primary', 'secondary'] as const) {
    const name = regions[role];
    if (!isValidRegionName(name)) {
      add(`genai-demo:regions.${role}`, name, 'an AWS region name such as ap-east-2');
    } else if (!Object.hasOwn(regions.regions, name)) {
      add(`genai-demo:regions.${role}`, name, `a region defined in genai-demo:regions.regions (${Object.keys(regions.regions).join(', ')})`);
    }
  }
  if (regions.primary === regions.secondary) {
    add('genai-demo:regions.secondary', regions.secondary, `a region other than the primary (${regions.primary})`);
  }

  // Roles and database generations.
  problems.push(...roleProblems(ctx));

  // Multi-region and health checks.
  if (!(HEALTH_CHECK_INTERVALS as readonly number[]).includes(multi['health-check-interval'])) {
    add('genai-demo:multi-region.health-check-interval', multi['health-check-interval'], '10 or 30 (the only intervals Route 53 accepts)');
  }
  const threshold = multi['health-check-failure-threshold'];
  if (threshold < HEALTH_CHECK_THRESHOLD.min || threshold > HEALTH_CHECK_THRESHOLD.max) {
    add('genai-demo:multi-region.health-check-failure-threshold', threshold, `${HEALTH_CHECK_THRESHOLD.min}..${HEALTH_CHECK_THRESHOLD.max} (Route 53's range)`);
  }
  const checkers = multi['health-check-regions'];
  if (checkers.length < 3 || new Set(checkers).size !== checkers.length || !checkers.every(isValidRegionName)) {
    add('genai-demo:multi-region.health-check-regions', checkers, 'at least 3 distinct AWS region names (Route 53 requires 3 or more checker regions)');
  }
  multi['alert-emails'].forEach((email, i) => {
    if (!EMAIL.test(email)) add(`genai-demo:multi-region.alert-emails.${i}`, email, 'an email address');
  });

  // State backend.
  const state = ctx['genai-demo:state'];
  if (!BUCKET.test(state.bucket)) add('genai-demo:state.bucket', state.bucket, 'a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)');
  if (!isValidRegionName(state.region)) add('genai-demo:state.region', state.region, 'an AWS region name such as ap-east-2');
  if (!/^[a-zA-Z0-9_./-]+$/.test(state['key-prefix']) || state['key-prefix'].startsWith('/')) {
    add('genai-demo:state.key-prefix', state['key-prefix'], 'a relative S3 key prefix of letters, digits, ., _, - and /');
  }

  // Environments.
  const cidrs = new Map<string, Ipv4Cidr>();
  for (const [name, env] of Object.entries(environments)) {
    const at = (key: string) => `genai-demo:environments.${name}.${key}`;
    const parsed = parseCidr(env['vpc-cidr']);
    if (typeof parsed === 'string') {
      add(at('vpc-cidr'), env['vpc-cidr'], parsed);
    } else if (parsed.prefix < VPC_PREFIX.min || parsed.prefix > VPC_PREFIX.max) {
      add(at('vpc-cidr'), env['vpc-cidr'], `a prefix length /${VPC_PREFIX.min}../${VPC_PREFIX.max} (AWS allows /16 at most; subnets are derived as /+4 and the ALB needs /27 subnets)`);
    } else {
      cidrs.set(name, parsed);
    }
    if (env['nat-gateways'] < NAT_GATEWAYS.min || env['nat-gateways'] > NAT_GATEWAYS.max) {
      add(at('nat-gateways'), env['nat-gateways'], `${NAT_GATEWAYS.min}..${NAT_GATEWAYS.max} (one per availability zone at most)`);
    }
    if (!INSTANCE_TYPE.test(env['eks-node-type'])) add(at('eks-node-type'), env['eks-node-type'], 'an EC2 instance type such as m6g.large');
    const isDr = name.endsWith('-dr') && Object.hasOwn(environments, name.slice(0, -3));
    const min = env['eks-min-nodes'];
    const max = env['eks-max-nodes'];
    if (!isDr) {
      for (const key of ['eks-min-nodes', 'eks-max-nodes', 'kubernetes-version', 'db-instance-class', 'db-engine-version', 'db-allocated-storage-gb'] as const) {
        if (env[key] === undefined) add(at(key), undefined, 'a value (only a -dr environment inherits it from its primary)');
      }
    }
    if (min !== undefined && min < 1) add(at('eks-min-nodes'), min, 'at least 1');
    if (min !== undefined && max !== undefined && max < min) add(at('eks-max-nodes'), max, `at least eks-min-nodes (${min})`);
    if (max !== undefined && max < 1) add(at('eks-max-nodes'), max, 'at least 1');
    if (env['kubernetes-version'] !== undefined && !K8S_VERSION.test(env['kubernetes-version'])) {
      add(at('kubernetes-version'), env['kubernetes-version'], 'an EKS Kubernetes version such as 1.32');
    }
    if (env['db-instance-class'] !== undefined && !DB_INSTANCE_CLASS.test(env['db-instance-class'])) {
      add(at('db-instance-class'), env['db-instance-class'], 'an RDS instance class such as db.r6g.large');
    }
    if (env['db-engine-version'] !== undefined && !PG_VERSION.test(env['db-engine-version'])) {
      add(at('db-engine-version'), env['db-engine-version'], 'a PostgreSQL major or major.minor version such as 16.6');
    }
    const storage = env['db-allocated-storage-gb'];
    if (storage !== undefined && (storage < 20 || storage > 65536)) add(at('db-allocated-storage-gb'), storage, '20..65536 GiB (RDS gp3 range)');
  }

  // The DR environment of the deployed one: present when DR is on, and its VPC must not overlap.
  const drName = drEnvironmentName(envName);
  const drDeployed = envName === 'production' && multi['enable-dr'];
  if (drDeployed && !Object.hasOwn(environments, drName)) {
    add(`genai-demo:environments.${drName}`, undefined, `the DR environment of ${envName} (genai-demo:multi-region.enable-dr is true)`);
  }
  for (const [name] of Object.entries(environments)) {
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

/** Generation numbers are positive integers, written as map keys without leading zeros. */
const GENERATION_KEY = /^[1-9]\d*$/;

/**
 * Rules over `genai-demo:multi-region.writer-region` and each region's `database` generations. Config holds
 * only the present state, so a generation that went backwards can be caught only where the present state
 * shows it: a generation below 1, a retired generation at or above the current one, and generation 1 of
 * the primary region (created as the first writer, which RDS can never turn into a replica) made a replica.
 */
export function roleProblems(ctx: RawContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, received: unknown, expected: string) => problems.push({ path, received, expected });
  const regions = ctx['genai-demo:regions'];
  const multi = ctx['genai-demo:multi-region'];
  const drDeployed = ctx['genai-demo:environment'] === 'production' && multi['enable-dr'];
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
    add(writerKey, writer, `a region whose replica is in another region: the replica would replicate itself (${standby})`);
  }

  for (const [name, region] of Object.entries(regions.regions)) {
    const at = `genai-demo:regions.regions.${name}.database`;
    const { generation, retired } = region.database;
    if (generation < 1) add(`${at}.generation`, generation, 'a generation of at least 1 (1 is the first deployment\'s instance)');
    for (const key of Object.keys(retired)) {
      if (!GENERATION_KEY.test(key)) {
        add(`${at}.retired.${key}`, key, 'a generation number (1, 2, …) as the key');
      } else if (name === writer && Number(key) === generation) {
        add(`${at}.retired.${key}`, retired[key], `not the current writer: generation ${generation} of ${name} is the writer (${writerKey}); move the writer first`);
      } else if (Number(key) >= generation) {
        add(`${at}.retired.${key}`, retired[key], `a generation below the current one (${generation}): a retired generation cannot be current or newer`);
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
