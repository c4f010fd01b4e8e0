/**
 * Limits that Terraform or AWS enforce and that a config value can break, checked at synth so a bad
 * value fails with its config key instead of at plan or apply time. Each limit carries its source; the
 * README's configuration section lists them as a table (a test keeps the two in step).
 *
 * A limit on one value alone is enforced by the schema (schema.ts), which imports it from here; the
 * Route 53 health-check limits live in route53-limits.ts. `checkLimits` enforces the ones that depend
 * on more than one value (DR on or off, the environment, the domain), once the schema accepted each value.
 */
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from './cidr';
import { problemCollector, type ConfigProblem } from './errors';
import { MIN_LOG_RETENTION_DAYS } from '../policies/rules/log-group-retention';
import { MIN_BACKUP_RETENTION_DAYS } from '../policies/rules/rds-backup-retention';
import { SUBNET_NEW_BITS } from './derive';
import { REGION_KEY, deployedRoles, isDrDeployed } from './rules';
import type { RawContext } from './schema';

/** Values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** RDS accepts 0..35 days; 0 turns automated backups off, which a cross-region read replica's source may not do. */
export const RDS_BACKUP_RETENTION = { min: 1, max: 35 } as const;
/** The network spans three AZs, so one to three NAT gateways. */
export const NAT_GATEWAYS = { min: 1, max: 3 } as const;

/**
 * AWS commercial regions and how many availability zones an account can use in each, from the AWS
 * "AWS Availability Zones" page (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html):
 * every region has at least three, except that accounts created after us-west-1's third zone closed to
 * new customers see only two there (usw1-az1, usw1-az3). A region missing here is refused as unknown:
 * add it with its zone count when AWS opens it.
 */
export const REGION_AZ_COUNTS: Readonly<Record<string, number>> = Object.freeze({
  'us-east-1': 6,
  'us-east-2': 3,
  'us-west-1': 2,
  'us-west-2': 4,
  'af-south-1': 3,
  'ap-east-1': 3,
  'ap-east-2': 3,
  'ap-south-1': 3,
  'ap-south-2': 3,
  'ap-southeast-1': 3,
  'ap-southeast-2': 3,
  'ap-southeast-3': 3,
  'ap-southeast-4': 3,
  'ap-southeast-5': 3,
  'ap-southeast-7': 3,
  'ap-northeast-1': 3,
  'ap-northeast-2': 4,
  'ap-northeast-3': 3,
  'ca-central-1': 3,
  'ca-west-1': 3,
  'eu-central-1': 3,
  'eu-central-2': 3,
  'eu-west-1': 3,
  'eu-west-2': 3,
  'eu-west-3': 3,
  'eu-south-1': 3,
  'eu-south-2': 3,
  'eu-north-1': 3,
  'il-central-1': 3,
  'me-south-1': 3,
  'me-central-1': 3,
  'mx-central-1': 3,
  'sa-east-1': 3,
});

/** VPC sizes AWS allows: /16 (65,536 addresses) to /28 (16) (EC2 API reference, CreateVpc CidrBlock). */
export const AWS_VPC_PREFIX = { min: 16, max: 28 } as const;

/**
 * The smallest subnet an Application Load Balancer accepts: a /27 with at least 8 free addresses
 * (Elastic Load Balancing user guide, "Subnets for your load balancer").
 */
export const ALB_MIN_SUBNET_PREFIX = 27;

/**
 * VPC prefixes the layout can use: AWS allows /16 to /28 for a VPC, subnets are derived as /+4
 * (SUBNET_NEW_BITS), and an ALB needs /27 subnets at least, so /23 is the smallest VPC.
 */
export const VPC_PREFIX = { min: AWS_VPC_PREFIX.min, max: ALB_MIN_SUBNET_PREFIX - SUBNET_NEW_BITS } as const;

/**
 * Address ranges that cannot be routed inside a VPC (RFC 6890 special-purpose blocks; Amazon VPC user
 * guide, "VPC CIDR blocks": the VPC and its subnets need unicast addresses, and 169.254.0.0/16 holds the
 * instance metadata service and the Amazon DNS server's link-local address).
 */
export const UNUSABLE_VPC_RANGES: ReadonlyArray<{ readonly cidr: string; readonly what: string }> = [
  { cidr: '0.0.0.0/8', what: '"this network" (RFC 1122)' },
  { cidr: '127.0.0.0/8', what: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', what: 'link-local, used by the instance metadata service (RFC 3927)' },
  { cidr: '224.0.0.0/4', what: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', what: 'reserved, including broadcast (RFC 1112)' },
];

/** gp3 PostgreSQL storage maximum, GiB (RDS user guide, "Amazon RDS DB instance storage": 64 TiB). */
export const RDS_GP3_MAX_STORAGE_GIB = 65536;
/** gp3 minimum for RDS PostgreSQL, GiB (same page). */
export const RDS_GP3_MIN_STORAGE_GIB = 20;
/**
 * Storage autoscaling ceiling as a multiple of the allocated storage: components/database.ts sets
 * `max_allocated_storage` to twice `allocated_storage` (a test checks the synthesized value).
 */
export const STORAGE_AUTOSCALING_FACTOR = 2;

/**
 * The first name of an ACM certificate (its subject CN) may be at most 64 characters; further names up
 * to 253 (ACM API reference, RequestCertificate DomainName).
 */
export const ACM_FIRST_NAME_MAX = 64;
/** Length of an AWS account id, part of the access-log and audit bucket names. */
export const ACCOUNT_ID_LENGTH = 12;

/** A name the stacks build from an environment's name prefix, and the longest AWS accepts. */
export interface NameLimit {
  /** What is named. */
  readonly resource: string;
  /** The name (or the longest form of it) built from the prefix, e.g. `genai-demo-production-alb`. */
  readonly build: (namePrefix: string) => string;
  /** Longest name AWS accepts. */
  readonly max: number;
  /** Where AWS says so. */
  readonly source: string;
  /** Built only in the primary region when DR is deployed (the multi-region stack's resources). */
  readonly multiRegionOnly?: boolean;
}

const ACCOUNT = '0'.repeat(ACCOUNT_ID_LENGTH);

/** Names built from `genai-demo-<environment>` (and `-dr` for the DR region), with the AWS maximum of each. */
export const NAME_LIMITS: readonly NameLimit[] = [
  { resource: 'ALB name', build: (p) => `${p}-alb`, max: 32, source: 'ELB API reference, CreateLoadBalancer Name' },
  {
    resource: 'target group name',
    build: (p) => `${p}-app`,
    max: 32,
    source: 'ELB API reference, CreateTargetGroup Name',
  },
  {
    resource: 'ALB access-log bucket',
    build: (p) => `${p}-alb-logs-${ACCOUNT}`,
    max: 63,
    source: 'S3 user guide, general purpose bucket naming rules',
  },
  {
    resource: 'audit trail bucket',
    build: (p) => `${p}-audit-trail-${ACCOUNT}`,
    max: 63,
    source: 'S3 user guide, general purpose bucket naming rules',
  },
  {
    resource: 'RDS instance identifier',
    build: (p) => `${p}-postgres`,
    max: 63,
    source: 'RDS API reference, CreateDBInstance DBInstanceIdentifier',
  },
  {
    resource: 'EKS node group name',
    build: (p) => `${p}-default`,
    max: 63,
    source: 'EKS API reference, CreateNodegroup nodegroupName',
  },
  { resource: 'EKS cluster name', build: (p) => p, max: 100, source: 'EKS API reference, CreateCluster name' },
  {
    resource: 'EKS cluster IAM role name',
    build: (p) => `${p}-cluster`,
    max: 64,
    source: 'IAM user guide, IAM object quotas (role name)',
  },
  {
    resource: 'peering-status Lambda function name',
    build: (p) => `${p}-peering-status`,
    max: 64,
    source: 'Lambda API reference, CreateFunction FunctionName',
    multiRegionOnly: true,
  },
  {
    resource: 'peering-status EventBridge rule name',
    build: (p) => `${p}-peering-status-every-minute`,
    max: 64,
    source: 'EventBridge API reference, PutRule Name',
    multiRegionOnly: true,
  },
];

/** Certificate first names built from the domain, by region role (components/certificate.ts). */
export const CERTIFICATE_FIRST_NAMES = {
  primary: (domain: string) => `api.${domain}`,
  dr: (domain: string) => `dr.${domain}`,
} as const;

/** The construct id of an email subscription (components/encrypted-topic.ts `subscriptionId`). */
export function emailSubscriptionKey(email: string): string {
  return email.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The longest environment name whose derived names all fit (with `-dr` when DR is deployed). */
export function maxEnvironmentNameLength(withDr: boolean): number {
  const tightest = Math.min(...NAME_LIMITS.map((l) => l.max - l.build('').length));
  return tightest - 'genai-demo-'.length - (withDr ? '-dr'.length : 0);
}

/** What is wrong with a VPC CIDR on its own (form, size, range), or undefined. */
export function vpcCidrProblem(text: string): string | undefined {
  const cidr = parseCidr(text);
  if (typeof cidr === 'string') return cidr;
  if (cidr.prefix < VPC_PREFIX.min || cidr.prefix > VPC_PREFIX.max) {
    return `a prefix length /${VPC_PREFIX.min}../${VPC_PREFIX.max} (AWS allows /16 at most; subnets are derived as /+4 and the ALB needs /27 subnets)`;
  }
  for (const r of UNUSABLE_VPC_RANGES) {
    const range = parseCidr(r.cidr) as Ipv4Cidr;
    if (cidrsOverlap(range, cidr)) return `a range outside ${r.cidr}, ${r.what}; use RFC 1918 space such as 10.0.0.0/8`;
  }
  return undefined;
}

/**
 * Every limit the context breaks that depends on more than one value: the zone count of the deployed
 * regions, the production rule pack's retentions, and the names built from the environment, the domain
 * and the state bucket.
 */
export function checkLimits(ctx: RawContext, opts: { readonly availabilityZones: number }): ConfigProblem[] {
  const { problems, add } = problemCollector();
  const envName = ctx['genai-demo:environment'];
  const regions = ctx['genai-demo:regions'];
  const drDeployed = isDrDeployed(ctx);

  // Deployed regions need enough availability zones for the three-AZ layout.
  for (const role of deployedRoles(ctx)) {
    const key = REGION_KEY[role];
    const name = regions[key];
    if (Object.hasOwn(REGION_AZ_COUNTS, name) && REGION_AZ_COUNTS[name] < opts.availabilityZones) {
      add(
        `genai-demo:regions.${key}`,
        name,
        `a region with at least ${opts.availabilityZones} availability zones (the network spans ${opts.availabilityZones}; ${name} offers ${REGION_AZ_COUNTS[name]} to new accounts)`,
      );
    }
  }

  // The production rule pack (policies/, RULES.md) refuses short retentions: refused here with the key
  // that sets them, instead of a policy finding that names a resource.
  if (envName === 'production') {
    for (const role of deployedRoles(ctx)) {
      const name = regions[REGION_KEY[role]];
      const region = Object.hasOwn(regions.regions, name) ? regions.regions[name] : undefined;
      if (region === undefined) continue;
      const at = `genai-demo:regions.regions.${name}.backup-retention`;
      if (region['backup-retention'].rds < MIN_BACKUP_RETENTION_DAYS) {
        add(
          `${at}.rds`,
          region['backup-retention'].rds,
          `at least ${MIN_BACKUP_RETENTION_DAYS} days in production (policy rds-backup-retention, RULES.md)`,
        );
      }
      if (region['backup-retention'].logs < MIN_LOG_RETENTION_DAYS) {
        add(
          `${at}.logs`,
          region['backup-retention'].logs,
          `at least ${MIN_LOG_RETENTION_DAYS} days in production (policy log-group-retention, RULES.md)`,
        );
      }
    }
  }

  // Names built from the environment name.
  const prefixes: Array<{ prefix: string; primary: boolean }> = [{ prefix: `genai-demo-${envName}`, primary: true }];
  if (drDeployed) prefixes.push({ prefix: `genai-demo-${envName}-dr`, primary: false });
  const tooLong = new Set<string>();
  for (const { prefix, primary } of prefixes) {
    for (const limit of NAME_LIMITS) {
      if (limit.multiRegionOnly && (!primary || !drDeployed)) continue;
      const built = limit.build(prefix);
      if (built.length > limit.max && !tooLong.has(limit.resource)) {
        tooLong.add(limit.resource);
        add(
          'genai-demo:environment',
          envName,
          `a name of at most ${maxEnvironmentNameLength(drDeployed)} characters: the ${limit.resource} "${built}" would be ${built.length} characters, AWS allows ${limit.max}`,
        );
      }
    }
  }

  // Certificate first names built from the domain.
  const domain = ctx['genai-demo:domain'];
  const certs = [CERTIFICATE_FIRST_NAMES.primary(domain), ...(drDeployed ? [CERTIFICATE_FIRST_NAMES.dr(domain)] : [])];
  const longest = certs.reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length > ACM_FIRST_NAME_MAX) {
    add(
      'genai-demo:domain',
      domain,
      `a domain of at most ${ACM_FIRST_NAME_MAX - (longest.length - domain.length)} characters: the certificate name "${longest}" is ${longest.length}, ACM allows ${ACM_FIRST_NAME_MAX} for the first name`,
    );
  }

  // The state bucket's replica: `<bucket>-<other region>`.
  const state = ctx['genai-demo:state'];
  const replicaRegion = state.region === regions.secondary ? regions.primary : regions.secondary;
  const replica = `${state.bucket}-${replicaRegion}`;
  if (replica.length > 63) {
    add(
      'genai-demo:state.bucket',
      state.bucket,
      `a bucket name of at most ${63 - replicaRegion.length - 1} characters: its replica "${replica}" would be ${replica.length}, S3 allows 63`,
    );
  }
  return problems;
}

/**
 * Characters a region display name may use: those that AWS tag values (letters, digits, spaces and
 * `_ . : / = + - @`) and EC2 security-group rule descriptions (ASCII letters, digits, spaces and
 * `._-:/()#,@[]+=&;{}!$*`) both accept, 1 to 64 of them.
 */
export const REGION_DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:/=+@-]{0,63}$/;
export const REGION_DISPLAY_NAME_EXPECTATION =
  '1 to 64 ASCII letters, digits, spaces and . _ : / = + @ - (what tag values and security-group descriptions both accept; no ${ or %{)';
