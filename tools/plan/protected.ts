/**
 * What a plan must never destroy or replace without an operator's explicit, logged override: the writer
 * database, the Terraform state buckets, KMS keys and the hosted zone. Each rule names a resource by its
 * Terraform type and its role in the design (which stack, which bucket), read from the configuration,
 * never by a construct id, so a renamed construct stays protected.
 */
import type { AppConfig } from '../../config';

/** One planned resource change, as `terraform show -json` of a saved plan reports it. */
export interface PlannedResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    /** `["no-op"]`, `["create"]`, `["read"]`, `["update"]`, `["delete"]`, `["delete","create"]`, `["create","delete"]`, `["forget"]`. */
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    /** Attribute paths whose change forces the replacement. */
    readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  };
  /** Why terraform chose the action, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
}

/** What the protection rules need to know about the deployment. */
export interface ProtectionContext {
  /** The stack holding the writer database (the primary region's stack today). */
  readonly writerDatabaseStack: string;
  /** Names of the buckets that hold Terraform state (the backend bucket and its replica). */
  readonly stateBuckets: readonly string[];
  /** The state bootstrap stack (stacks/state-bootstrap-stack.ts), whose buckets are all state buckets. */
  readonly stateBootstrapStack: string;
}

/**
 * The stack that holds the writer database: the regional stack of `writerRegion`. The primary region
 * writes today; after a promotion the writer region can come from configuration and the rule follows.
 */
export function writerDatabaseStack(config: AppConfig, writerRegion: string = config.primary.region): string {
  if (writerRegion === config.primary.region) return config.stackNames.primary;
  if (config.dr !== undefined && config.stackNames.dr !== undefined && writerRegion === config.dr.region)
    return config.stackNames.dr;
  throw new Error(
    `writer region ${writerRegion} is neither the primary (${config.primary.region}) nor the DR region (${config.dr?.region ?? 'none'})`,
  );
}

/** The protection context of a configuration. */
export function protectionContext(config: AppConfig, writerRegion?: string): ProtectionContext {
  return {
    writerDatabaseStack: writerDatabaseStack(config, writerRegion),
    stateBuckets: [config.state.bucket, config.state.replicaBucket],
    stateBootstrapStack: `${config.project}-state-bootstrap`,
  };
}

/** True when the change deletes the existing object: a destroy or either kind of replacement. */
export function removesObject(change: PlannedResourceChange): boolean {
  return change.mode === 'managed' && change.change.actions.includes('delete');
}

/** `replace` (delete and create, either order) or `destroy` (delete alone); undefined otherwise. */
export function removalKind(change: PlannedResourceChange): 'replace' | 'destroy' | undefined {
  if (!removesObject(change)) return undefined;
  return change.change.actions.includes('create') ? 'replace' : 'destroy';
}

function bucketName(value: unknown): string | undefined {
  const bucket = (value as { bucket?: unknown } | null | undefined)?.bucket;
  return typeof bucket === 'string' ? bucket : undefined;
}

/**
 * Why `change` in `stack` touches a protected resource (a sentence naming the role), or undefined when
 * the resource is not protected. Only the resource's identity is judged here, not the action.
 */
export function protectedRole(
  stack: string,
  change: PlannedResourceChange,
  ctx: ProtectionContext,
): string | undefined {
  if (change.mode !== 'managed') return undefined;
  switch (change.type) {
    case 'aws_db_instance':
      return stack === ctx.writerDatabaseStack
        ? `the writer database (aws_db_instance in ${stack}, the writer region's stack)`
        : undefined;
    case 'aws_s3_bucket': {
      if (stack === ctx.stateBootstrapStack)
        return `a Terraform state bucket (aws_s3_bucket of the state bootstrap stack ${stack})`;
      const name = bucketName(change.change.before);
      return name !== undefined && ctx.stateBuckets.includes(name) ? `a Terraform state bucket (${name})` : undefined;
    }
    case 'aws_kms_key':
      // A deleted key makes everything encrypted with it unreadable once its deletion window ends.
      return 'a KMS key (data encrypted with it becomes unreadable when the key is deleted)';
    case 'aws_route53_zone':
      // A new zone gets new name servers: the domain's delegation at the registrar would point at nothing.
      return 'the hosted zone (a new zone gets new name servers; the delegation would break)';
    default:
      return undefined;
  }
}
