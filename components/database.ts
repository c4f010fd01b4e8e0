import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import type { DatabaseOutputs } from '../stacks/region-outputs';
import { KmsKey } from './kms-key';
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

/** Props of the region's PostgreSQL instance: a source (primary or standalone) or a cross-region read replica. */
export interface DatabaseProps {
  /** Prefix of every name, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** Human name of the region, for descriptions. */
  readonly regionName: string;
  /** Engine, sizing, backups and protection, from the region's deployment. */
  readonly settings: RegionDeployment['database'];
  /** The isolated (data) subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** Security group of the database (its port from the app tier and the peer VPC only). */
  readonly securityGroupId: string;
  /** Days the database's CloudWatch log groups keep events. */
  readonly logRetentionDays: number;
  /** KMS key of the region's log groups (must allow CloudWatch Logs). */
  readonly logsKmsKeyArn: string;
  /**
   * ARN of the source instance in another region: this instance becomes its cross-region read replica and
   * inherits engine, version, storage, master user and database from it. @default - a source instance
   */
  readonly replicateSourceDbArn?: string;
  /**
   * Take a final snapshot (`<identifier>-final`) when the instance is destroyed. Never applies to a replica:
   * RDS refuses final snapshots of read replicas. @default true
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

/**
 * PostgreSQL on RDS in the isolated subnets: its own KMS key (rotation on) for storage, Performance Insights
 * and the RDS-managed master secret; a parameter group forcing TLS and logging slow statements and sessions;
 * IAM authentication; log exports into retained, encrypted log groups; Multi-AZ, backups and deletion
 * protection from the deployment. As a cross-region read replica it encrypts with its own key in its region
 * (KMS keys never leave their region) and omits what it inherits from the source.
 */
export class Database extends Construct implements DatabaseOutputs {
  readonly instance: DbInstance;
  readonly key: KmsKey;
  readonly parameterGroup: DbParameterGroup;
  readonly identifier: string;
  readonly arn: string;
  readonly port: number;
  /** True when this instance is a cross-region read replica (ReplicaLag is published for it). */
  readonly isReplica: boolean;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const s = props.settings;
    const identifier = `${props.namePrefix}-postgres`;
    this.port = props.port ?? DEFAULT_DATABASE_PORT;
    this.isReplica = props.replicateSourceDbArn !== undefined;

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

    // RDS would create these groups itself with no expiry; created first, they carry the retention and the key.
    const logGroups = LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `LogGroup${log[0].toUpperCase()}${log.slice(1)}`, {
          name: `/aws/rds/instance/${identifier}/${log}`,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.logsKmsKeyArn,
        }),
    );

    const common: DbInstanceConfig = {
      identifier,
      instanceClass: s.instanceClass,
      port: this.port,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      multiAz: s.multiAz,
      maxAllocatedStorage: props.maxAllocatedStorageGb ?? s.allocatedStorageGb * 2,
      deletionProtection: s.deletionProtection,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.key.arn,
      performanceInsightsRetentionPeriod:
        props.performanceInsightsRetentionDays ?? DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      dependsOn: logGroups,
      tags: { Name: identifier },
    };

    if (props.replicateSourceDbArn !== undefined) {
      // A cross-region replica takes the source's ARN and inherits engine, engine version, storage size and
      // type, master user and database name: setting any of them conflicts with the source or shows a diff.
      // RDS for PostgreSQL replicas keep automated backups from 14.1 on (the provider sets the retention in
      // a modify after creation), so the DR region has its own restore points before any promotion. No
      // final snapshot: RDS does not take one of a read replica.
      const major = Number(s.engineVersion.split('.')[0]);
      this.instance = new DbInstance(this, 'Instance', {
        ...common,
        replicateSourceDb: props.replicateSourceDbArn,
        backupRetentionPeriod: major >= REPLICA_BACKUPS_MIN_MAJOR ? s.backupRetentionDays : undefined,
        skipFinalSnapshot: true,
      });
    } else {
      const finalSnapshot = props.finalSnapshot ?? true;
      this.instance = new DbInstance(this, 'Instance', {
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
        finalSnapshotIdentifier: finalSnapshot ? `${identifier}-final` : undefined,
      });
    }

    this.identifier = this.instance.identifier;
    this.arn = this.instance.arn;
  }
}
