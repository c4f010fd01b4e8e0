import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { AppConfig, RegionDeployment } from '../config';
import { drCertificateNames } from './certificate';

/** A parameter's value: text, a number (stored as its decimal text), or a list (an SSM StringList). */
export type DrParameterValue = string | number | readonly string[];

/** One setting of the DR configuration. */
export interface DrParameterSpec {
  /** What the setting is, shown in Parameter Store. */
  readonly description: string;
  /** The value; deploy-time tokens (ALB DNS name, DB identifier) are fine. */
  readonly value: DrParameterValue;
}

/** Props of the DR configuration in Systems Manager Parameter Store. */
export interface DrParametersProps {
  /** Path every parameter lives under, e.g. `/genai-demo-production/dr`. */
  readonly pathPrefix: string;
  /** Setting name (kebab-case, the last path segment) to its value; one parameter each. */
  readonly parameters: Readonly<Record<string, DrParameterSpec>>;
}

/** Setting names: lowercase words joined by hyphens. */
const SETTING_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `eks-min-nodes` → `EksMinNodes`: the construct id, derived from the stable setting name. */
function constructIdOf(name: string): string {
  return name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The DR configuration as plain Parameter Store entries, one per setting, under one path, so runbooks and
 * tools read `aws ssm get-parameters-by-path --path /<prefix>/dr`. Lists become `StringList`, everything
 * else `String` (numbers as decimal text). An object value is refused at synth instead of being stored as
 * `[object Object]`.
 */
export class DrParameters extends Construct {
  /** Parameter resources by setting name. */
  readonly parameters: Readonly<Record<string, SsmParameter>>;

  constructor(scope: Construct, id: string, props: DrParametersProps) {
    super(scope, id);
    if (!/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(props.pathPrefix)) {
      throw new Error(`DR parameter path "${props.pathPrefix}" must start with "/" and not end with "/"`);
    }
    const created: Record<string, SsmParameter> = {};
    for (const [name, spec] of Object.entries(props.parameters)) {
      if (!SETTING_NAME.test(name)) throw new Error(`DR parameter name "${name}" must be kebab-case`);
      const { type, value } = encode(name, spec.value);
      created[name] = new SsmParameter(this, constructIdOf(name), {
        name: `${props.pathPrefix}/${name}`,
        description: spec.description,
        type,
        tier: 'Standard',
        insecureValue: value,
      });
    }
    this.parameters = created;
  }
}

/** The SSM type and text of a value; throws on anything that would not read back as what was meant. */
function encode(name: string, value: DrParameterValue): { type: 'String' | 'StringList'; value: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`DR parameter "${name}": ${value} is not a finite number`);
    return { type: 'String', value: String(value) };
  }
  if (typeof value === 'string') {
    if (value === '') throw new Error(`DR parameter "${name}" is empty`);
    return { type: 'String', value };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new Error(`DR parameter "${name}": an empty list cannot be stored`);
    for (const item of value) {
      if (typeof item !== 'string')
        throw new Error(`DR parameter "${name}": list item ${JSON.stringify(item)} is not text`);
      if (!Token.isUnresolved(item) && (item === '' || item.includes(','))) {
        throw new Error(
          `DR parameter "${name}": list item "${item}" is empty or holds a comma (the StringList separator)`,
        );
      }
    }
    const text = value.some((v) => Token.isUnresolved(v)) ? Fn.join(',', [...value]) : value.join(',');
    return { type: 'StringList', value: text };
  }
  throw new Error(
    `DR parameter "${name}": ${Object.prototype.toString.call(value)} is neither text, a number nor a list`,
  );
}

/** Deploy-time values of the DR region the parameters point at. */
export interface DrRuntimeValues {
  /** DNS name of the DR ALB. */
  readonly albDnsName: string;
  /** The DR region's current database (the replica, or the writer); absent when it runs none. */
  readonly database?: { readonly identifier: string; readonly isReplica: boolean };
  /** EKS cluster name of the DR region. */
  readonly clusterName: string;
}

/**
 * The DR settings the spec asks Parameter Store to hold, from the resolved config and the DR region's
 * deploy-time values: one entry per setting, each a plain value.
 */
export function drConfigurationParameters(
  config: AppConfig,
  dr: RegionDeployment,
  runtime: DrRuntimeValues,
): Record<string, DrParameterSpec> {
  const m = config.multiRegion;
  return {
    region: { description: 'AWS region of the DR deployment', value: dr.region },
    'primary-region': { description: 'AWS region of the primary deployment', value: config.primary.region },
    'writer-region': {
      description: 'AWS region whose database is the writer (genai-demo:multi-region.writer-region)',
      value: config.roles.writerRegion,
    },
    'db-role': {
      description: "Role of the DR region's current database: writer, replica, or none",
      value: runtime.database === undefined ? 'none' : runtime.database.isReplica ? 'replica' : 'writer',
    },
    'vpc-cidr': { description: 'IPv4 CIDR of the DR VPC', value: dr.vpcCidr },
    'eks-cluster-name': { description: 'EKS cluster of the DR region', value: runtime.clusterName },
    'eks-node-type': { description: 'Instance type of the DR EKS nodes', value: dr.eks.nodeType },
    'eks-min-nodes': {
      description: dr.isWriter
        ? 'Minimum DR EKS nodes (full size: the DR region holds the writer)'
        : 'Minimum DR EKS nodes (standby size: 50% of the primary minimum)',
      value: dr.eks.minNodes,
    },
    'eks-max-nodes': {
      description: dr.isWriter
        ? 'Maximum DR EKS nodes (full size: the DR region holds the writer)'
        : 'Maximum DR EKS nodes (standby size: 80% of the primary maximum)',
      value: dr.eks.maxNodes,
    },
    'rto-minutes': { description: 'Recovery time objective in minutes', value: m.failoverRtoMinutes },
    'rpo-minutes': { description: 'Recovery point objective in minutes', value: m.failoverRpoMinutes },
    'health-check-interval': {
      description: 'Route 53 health-check interval in seconds',
      value: m.healthCheckIntervalSeconds,
    },
    'health-check-failure-threshold': {
      description: 'Consecutive failed health checks before failover',
      value: m.healthCheckFailureThreshold,
    },
    'cross-region-replication': {
      description: "Whether the standby region's database is a cross-region read replica of the writer (true/false)",
      value: String(m.enableCrossRegionReplication),
    },
    'alb-dns-name': { description: 'DNS name of the DR application load balancer', value: runtime.albDnsName },
    ...(runtime.database !== undefined
      ? {
          'db-identifier': {
            description: "Identifier of the DR region's current database instance",
            value: runtime.database.identifier,
          },
        }
      : {}),
    'db-backup-retention-days': {
      description: 'Backup retention to set when promoting the DR database',
      value: dr.database.backupRetentionDays,
    },
    'domain-names': {
      description: 'Names the DR certificate covers',
      value: drCertificateNames(config.domain),
    },
  };
}
