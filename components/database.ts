import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { DatabaseInstancePlan, RegionDeployment } from '../config';
import { suppressRule } from '../policies/suppressions';
import { KmsKey } from './kms-key';
import { LogGroup } from './log-group';
import { movedFrom } from './moved';
import { DEFAULT_DATABASE_PORT } from './security-groups';

/** Default master user name of a source instance (its password is generated and kept by RDS in Secrets Manager). */
export const DEFAULT_MASTER_USERNAME = 'genai_admin';
/** Default name of the database created in a source instance. */
export const DEFAULT_DATABASE_NAME = 'genaidemo';
/** Performance Insights retention in days: 7 is the free tier. */
export const DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
/** First PostgreSQL major version whose RDS read replicas take automated backups (14.1, with cascading replicas). */
const REPLICA_BACKUPS_MIN_MAJOR = 14;
/** Database log exports to CloudWatch Logs. */
const LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** One DB instance of a region (the writer, or the cross-region read replica). */
export interface DatabaseInstanceOutputs {
  /** DB instance identifier: the CloudWatch `DBInstanceIdentifier` dimension. */
  readonly identifier: string;
  /** DB instance ARN. */
  readonly arn: string;
  /** The instance's endpoint host name: target of the stable database name (CNAME). */
  readonly address: string;
  /** True for a cross-region read replica (ReplicaLag is published for it). */
  readonly isReplica: boolean;
}

/** The region's PostgreSQL instances, as other stacks need them. */
export interface DatabaseOutputs {
  readonly port: number;
  /** The current generation's instance (writer or replica); absent when the region runs no current database. */
  readonly current?: DatabaseInstanceOutputs;
}

/** Props of the region's PostgreSQL instances: one per generation, each the writer, the replica or fenced. */
export interface DatabaseProps {
  /** Prefix of every name, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** Human name of the region, for descriptions. */
  readonly regionName: string;
  /** Engine, sizing, backups and protection, and the instances by generation, from the region's deployment. */
  readonly settings: RegionDeployment['database'];
  /** The region's VPC (home of the fenced instances' security group). */
  readonly vpcId: string;
  /** The isolated (data) subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** Security group of the database (its port from the app tier and the peer VPC only): the current instance's. */
  readonly securityGroupId: string;
  /** Days the database's CloudWatch log groups keep events. */
  readonly logRetentionDays: number;
  /** KMS key of the region's log groups (must allow CloudWatch Logs). */
  readonly logsKmsKeyArn: string;
  /**
   * Take a final snapshot when a standalone instance (writer or fenced) is deleted, named per generation.
   * Never applies to a replica: RDS refuses final snapshots of read replicas. @default true
   */
  readonly finalSnapshot?: boolean;
  /** Port PostgreSQL listens on. @default 5432 */
  readonly port?: number;
  /** Master user name of a source instance. @default genai_admin */
  readonly masterUsername?: string;
  /** Database created in a source instance. @default genaidemo */
  readonly databaseName?: string;
  /** Performance Insights retention in days (7, or a multiple of 31 up to 731). @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Upper bound of storage autoscaling in GiB. @default - twice the allocated storage */
  readonly maxAllocatedStorageGb?: number;
}

/** Construct-id suffix of a generation: none for generation 1 (its addresses predate generations), `G<N>` after. */
export function generationSuffix(generation: number): string {
  return generation === 1 ? '' : `G${generation}`;
}

/**
 * PostgreSQL on RDS in the isolated subnets, one instance per generation (config/derive.ts decides each
 * one's role from `genai-demo:multi-region.writer-region`). Shared by every generation of the region: a KMS
 * key (rotation on) for storage, Performance Insights and the RDS-managed master secret, the subnet group
 * and a parameter group forcing TLS and logging slow statements and sessions. Each instance: IAM
 * authentication, log exports into retained, encrypted log groups, Multi-AZ, backups and deletion protection.
 *
 * Roles and the transitions between them (provider 5.100.0, measured on the emulator, ../shared/TOOLCHAIN.md):
 * - a replica takes the writer's ARN in `replicate_source_db` (built from the account id, not read from the
 *   writer's state, so either region can hold the replica without a stack cycle) and inherits engine,
 *   version, storage, master user and database name;
 * - removing `replicate_source_db` promotes it in place (PromoteReadReplica with the backup retention, kept
 *   above 0). Nothing that forces replacement differs between the two forms: the identifier is the
 *   generation's, the key is the region's, and the user and database name the writer's defaults, which a
 *   replica inherits;
 * - a standalone instance never becomes a replica again (RDS refuses a new source): re-protecting builds
 *   the next generation, and the old one is retired: fenced (own security group with no rule, so no
 *   client reaches it) or deleted;
 * - every instance is modified with `apply_immediately`: during a failover a promotion's companions
 *   (fencing, protection, backups) must not wait for the maintenance window. Class or storage changes
 *   therefore also apply at once;
 * - deleting any instance keeps its automated backups; a standalone one takes a final snapshot named per
 *   generation (a replica cannot: RDS refuses a final snapshot of a read replica).
 */
export class Database extends Construct implements DatabaseOutputs {
  readonly key: KmsKey;
  readonly parameterGroup: DbParameterGroup;
  readonly port: number;
  /** Every instance, by generation. */
  readonly instances: ReadonlyMap<number, DbInstance>;
  /** The current generation's instance (writer or replica); absent when the region runs none. */
  readonly current?: DatabaseInstanceOutputs;
  /** Security group of the fenced instances (no rules at all), when there are any. */
  readonly fencedSecurityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const s = props.settings;
    this.port = props.port ?? DEFAULT_DATABASE_PORT;

    this.key = new KmsKey(this, 'Key', {
      description: `${props.namePrefix}: PostgreSQL storage, Performance Insights and master secret in ${props.regionName}`,
      aliasName: `${props.namePrefix}-rds`,
    });

    const subnetGroup = new DbSubnetGroup(this, 'SubnetGroup', {
      name: `${props.namePrefix}-db`,
      description: `Isolated subnets of ${props.namePrefix}`,
      subnetIds: [...props.subnetIds],
    });

    this.parameterGroup = new DbParameterGroup(this, 'ParameterGroup', {
      name: `${props.namePrefix}-${s.parameterGroupFamily}`,
      family: s.parameterGroupFamily,
      description: `${props.namePrefix}: TLS only, slow statement and session logging`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: '1000' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
        { name: 'log_lock_waits', value: '1' },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    const fencedSecurityGroup = !s.instances.some((i) => i.role === 'fenced')
      ? undefined
      : new SecurityGroup(this, 'FencedSecurityGroup', {
          name: `${props.namePrefix}-db-fenced`,
          description: 'Retired database generations: no ingress, no egress',
          vpcId: props.vpcId,
          ingress: [],
          egress: [],
          tags: { Name: `${props.namePrefix}-db-fenced` },
        });
    this.fencedSecurityGroup = fencedSecurityGroup;
    const securityGroupOf = (plan: DatabaseInstancePlan): string => {
      if (plan.role !== 'fenced') return props.securityGroupId;
      if (fencedSecurityGroup === undefined)
        throw new Error(`Database ${id}: fenced ${plan.identifier} has no fenced group`);
      return fencedSecurityGroup.id;
    };

    // A replica's source ARN from plain values: partition and account of this stack's own credentials,
    // region and identifier from config. No read of the writer's state, so no stack depends on the other region.
    // The data sources exist only in a region that holds a replica (created on first use, so a writer-only
    // region's plan has none).
    let arnParts: { partition: DataAwsPartition; account: DataAwsCallerIdentity } | undefined;
    const sourceArn = (plan: DatabaseInstancePlan): string => {
      if (plan.source === undefined)
        throw new Error(`Database ${id}: replica ${plan.identifier} has no source in the plan`);
      arnParts ??= {
        partition: new DataAwsPartition(this, 'Partition'),
        account: new DataAwsCallerIdentity(this, 'Account'),
      };
      return `arn:${arnParts.partition.partition}:rds:${plan.source.region}:${arnParts.account.accountId}:db:${plan.source.identifier}`;
    };

    const finalSnapshot = props.finalSnapshot ?? true;
    const instances = new Map<number, DbInstance>();
    for (const plan of s.instances) {
      const suffix = generationSuffix(plan.generation);
      // RDS would create these groups itself with no expiry; created first, they carry the retention and the key.
      const logGroups = LOG_EXPORTS.map((log) => {
        const id = `LogGroup${log[0].toUpperCase()}${log.slice(1)}${suffix}`;
        const group = new LogGroup(this, id, {
          name: `/aws/rds/instance/${plan.identifier}/${log}`,
          retentionDays: props.logRetentionDays,
          kmsKeyArn: props.logsKmsKeyArn,
        });
        // Created here under the same id before the LogGroup building block was used.
        movedFrom(group.logGroup, this, id);
        return group.logGroup;
      });
      const common: DbInstanceConfig = {
        identifier: plan.identifier,
        instanceClass: s.instanceClass,
        port: this.port,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroupOf(plan)],
        parameterGroupName: this.parameterGroup.name,
        publiclyAccessible: false,
        storageEncrypted: true,
        kmsKeyId: this.key.arn,
        multiAz: s.multiAz,
        maxAllocatedStorage: props.maxAllocatedStorageGb ?? s.allocatedStorageGb * 2,
        deletionProtection: plan.deletionProtection,
        iamDatabaseAuthenticationEnabled: true,
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: this.key.arn,
        performanceInsightsRetentionPeriod:
          props.performanceInsightsRetentionDays ?? DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS,
        enabledCloudwatchLogsExports: [...LOG_EXPORTS],
        applyImmediately: true,
        // Deleting an instance keeps its automated backups (restorable for the retention period).
        deleteAutomatedBackups: false,
        dependsOn: logGroups,
        tags: { Name: plan.identifier, DatabaseGeneration: String(plan.generation), DatabaseRole: plan.role },
      };

      let instance: DbInstance;
      if (plan.role === 'replica') {
        // A cross-region replica takes the source's ARN and inherits engine, engine version, storage size and
        // type, master user and database name: setting any of them conflicts with the source or shows a diff.
        // RDS for PostgreSQL replicas keep automated backups from 14.1 on (the provider sets the retention in
        // a modify after creation), so the standby region has its own restore points before any promotion.
        // No final snapshot: RDS does not take one of a read replica.
        const major = Number(s.engineVersion.split('.')[0]);
        instance = new DbInstance(this, `Instance${suffix}`, {
          ...common,
          replicateSourceDb: sourceArn(plan),
          backupRetentionPeriod: major >= REPLICA_BACKUPS_MIN_MAJOR ? s.backupRetentionDays : undefined,
          skipFinalSnapshot: true,
        });
      } else {
        // The writer, or a retired generation: standalone. A replica switched to this form is promoted in place.
        instance = new DbInstance(this, `Instance${suffix}`, {
          ...common,
          engine: 'postgres',
          engineVersion: s.engineVersion,
          allocatedStorage: s.allocatedStorageGb,
          storageType: 'gp3',
          dbName: props.databaseName ?? DEFAULT_DATABASE_NAME,
          username: props.masterUsername ?? DEFAULT_MASTER_USERNAME,
          // RDS generates the password and keeps it in Secrets Manager: it is in neither code nor state.
          manageMasterUserPassword: true,
          masterUserSecretKmsKeyId: this.key.arn,
          backupRetentionPeriod: s.backupRetentionDays,
          skipFinalSnapshot: !finalSnapshot,
          finalSnapshotIdentifier: finalSnapshot ? plan.finalSnapshotIdentifier : undefined,
        });
      }
      if (plan.role === 'fenced' && !plan.deletionProtection && props.settings.deletionProtection) {
        suppressRule(
          instance,
          'rds-deletion-protection',
          `Generation ${plan.generation} is retired as "deletable" in config (genai-demo:regions.regions.<region>.database.retired): protection is off so that removing it from config deletes it, with its final snapshot and backups kept.`,
        );
      }
      instances.set(plan.generation, instance);
      if (plan === s.current) {
        this.current = {
          identifier: instance.identifier,
          arn: instance.arn,
          address: instance.address,
          isReplica: plan.role === 'replica',
        };
      }
    }
    this.instances = instances;
  }
}
