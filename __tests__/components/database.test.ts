/**
 * Database on a bare stack, fed with the production config's settings for each region and plain inputs, so
 * references are exact. How the region stacks wire it (isolated subnets, the database security group, the
 * production switches) is checked in stacks/region-stacks.test.ts and the region stack suites.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { regionalProvider } from '../../components/aws-provider';
import { Database, type DatabaseProps } from '../../components/database';
import type { AppConfig } from '../../config';
import { STORAGE_AUTOSCALING_FACTOR } from '../../config/limits';
import { configWith, type Json } from '../helpers/app';
import { deploymentOf } from '../helpers/platform';
import { bodiesOf, dataIdOf, idOf, one, ref, resourcesOf, synthJson } from '../helpers/terraform';

const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];
const LOGS_KEY = 'arn:aws:kms:ap-east-2:111111111111:key/logs';

/** The one DB instance of a synthesized stack. */
const onlyDbInstance = (stack: Json): Json => one(stack, 'aws_db_instance');

/** The region's Database as the region stack builds it in production, alone on a bare stack. */
function synthRegionDatabase(
  role: 'primary' | 'dr',
  config: AppConfig = configWith(),
  props: Partial<DatabaseProps> = {},
): Json {
  const d = deploymentOf(config, role);
  return synthJson((stack) => {
    regionalProvider(stack, 'Aws', { region: d.region, tags: {} });
    new Database(stack, 'Database', {
      namePrefix: d.namePrefix,
      regionName: d.regionName,
      settings: d.database,
      vpcId: 'vpc-fixture',
      subnetIds: SUBNETS,
      securityGroupId: 'sg-db',
      logRetentionDays: d.logRetentionDays,
      logsKmsKeyArn: LOGS_KEY,
      finalSnapshot: config.isProduction,
      ...props,
    });
  });
}

describe('Database with the production settings', () => {
  const config = configWith();
  const primary = synthRegionDatabase('primary', config);
  const dr = synthRegionDatabase('dr', config);
  const primaryKey = ref('aws_kms_key', idOf(primary, 'aws_kms_key', 'Database_Key_'), 'arn');

  test('primary: PostgreSQL from config, Multi-AZ, encrypted with its own rotating key, private', () => {
    const settings = config.primary.database;
    expect(bodiesOf(primary, 'aws_db_instance')).toHaveLength(1);
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(DbInstance, {
      identifier: 'genai-demo-production-postgres',
      engine: 'postgres',
      engine_version: settings.engineVersion,
      instance_class: settings.instanceClass,
      allocated_storage: settings.allocatedStorageGb,
      // config/limits.ts checks allocated x STORAGE_AUTOSCALING_FACTOR against the gp3 maximum.
      max_allocated_storage: settings.allocatedStorageGb * STORAGE_AUTOSCALING_FACTOR,
      multi_az: true,
      storage_encrypted: true,
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      performance_insights_enabled: true,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      port: 5432,
      kms_key_id: primaryKey,
      performance_insights_kms_key_id: primaryKey,
      master_user_secret_kms_key_id: primaryKey,
    });
    expect(bodiesOf(primary, 'aws_kms_key')).toHaveLength(1);
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
  });

  test('primary: retention 30 days, deletion protection and a final snapshot in production', () => {
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(DbInstance, {
      backup_retention_period: 30,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'genai-demo-production-postgres-g1-final',
      // Deleting keeps the automated backups; modifications act at once (a failover cannot wait for a window).
      delete_automated_backups: false,
      apply_immediately: true,
    });
  });

  test('primary: RDS manages the master password; no password in the synthesized database', () => {
    const db = onlyDbInstance(primary);
    expect(db.manage_master_user_password).toBe(true);
    expect(db.username).toBe('genai_admin');
    for (const stack of [primary, dr]) {
      for (const instance of bodiesOf(stack, 'aws_db_instance')) {
        expect(instance).not.toHaveProperty('password');
        expect(instance).not.toHaveProperty('password_wo');
      }
      expect(JSON.stringify(stack)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    }
  });

  test('lives in the given subnets through its subnet group, guarded by the given security group', () => {
    const db = onlyDbInstance(primary);
    expect(db.db_subnet_group_name).toBe(ref('aws_db_subnet_group', idOf(primary, 'aws_db_subnet_group'), 'name'));
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(DbSubnetGroup, { subnet_ids: SUBNETS });
    expect(db.vpc_security_group_ids).toEqual(['sg-db']);
  });

  test('parameter group of the configured family forces TLS', () => {
    const groups = resourcesOf(primary, 'aws_db_parameter_group');
    expect(groups).toHaveLength(1);
    const [groupId, group] = groups[0];
    expect(config.primary.database.parameterGroupFamily).toBe('postgres16');
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(DbParameterGroup, {
      family: config.primary.database.parameterGroupFamily,
    });
    expect(group.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(onlyDbInstance(primary).parameter_group_name).toBe(ref('aws_db_parameter_group', groupId, 'name'));
  });

  test('log exports go to pre-created log groups with the configured retention, encrypted with the logs key', () => {
    const groups = bodiesOf(primary, 'aws_cloudwatch_log_group').filter((g) =>
      String(g.name).startsWith('/aws/rds/instance/'),
    );
    expect(groups.map((g) => g.name).sort()).toEqual([
      '/aws/rds/instance/genai-demo-production-postgres/postgresql',
      '/aws/rds/instance/genai-demo-production-postgres/upgrade',
    ]);
    expect(config.primary.logRetentionDays).toBe(90);
    for (const name of groups.map((g) => g.name)) {
      expect(JSON.stringify(primary)).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name,
        retention_in_days: 90,
        kms_key_id: LOGS_KEY,
      });
    }
  });

  test('DR: a cross-region read replica whose source ARN is built from config and the account id, not read from state', () => {
    const db = onlyDbInstance(dr);
    const partition = ref('data.aws_partition', dataIdOf(dr, 'aws_partition', 'Database_Partition_'), 'partition');
    const account = ref(
      'data.aws_caller_identity',
      dataIdOf(dr, 'aws_caller_identity', 'Database_Account_'),
      'account_id',
    );
    expect(db.replicate_source_db).toBe(`arn:${partition}:rds:ap-east-2:${account}:db:genai-demo-production-postgres`);
    expect(dr.data.terraform_remote_state).toBeUndefined();
    expect(db.delete_automated_backups).toBe(false);
  });

  test('DR replica: own rotating KMS key, Multi-AZ, nothing it inherits from the source', () => {
    const db = onlyDbInstance(dr);
    expect(JSON.stringify(dr)).toHaveResourceWithProperties(DbInstance, {
      identifier: 'genai-demo-production-dr-postgres',
      multi_az: true,
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: true,
      backup_retention_period: 30,
      kms_key_id: ref('aws_kms_key', idOf(dr, 'aws_kms_key', 'Database_Key_'), 'arn'),
    });
    expect(JSON.stringify(dr)).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    for (const inherited of [
      'engine',
      'engine_version',
      'username',
      'manage_master_user_password',
      'db_name',
      'allocated_storage',
      'storage_type',
      'final_snapshot_identifier',
    ]) {
      expect(db).not.toHaveProperty(inherited);
    }
  });

  test('without cross-region replication the standby region runs no current database; the writer is unchanged', () => {
    const off = configWith({ 'genai-demo:multi-region': { 'enable-cross-region-replication': false } });
    expect(resourcesOf(synthRegionDatabase('dr', off), 'aws_db_instance')).toHaveLength(0);
    expect(onlyDbInstance(synthRegionDatabase('primary', off))).toMatchObject({
      identifier: 'genai-demo-production-postgres',
      engine: 'postgres',
    });
  });

  test('development settings: no deletion protection, single AZ', () => {
    const dev = synthRegionDatabase('primary', configWith({ 'genai-demo:environment': 'development' }));
    expect(JSON.stringify(dev)).toHaveResourceWithProperties(DbInstance, {
      deletion_protection: false,
      skip_final_snapshot: true,
      multi_az: false,
    });
    expect(onlyDbInstance(dev)).not.toHaveProperty('final_snapshot_identifier');
  });
});

describe('Database props', () => {
  test('finalSnapshot false skips it; the default takes one', () => {
    const skipped = onlyDbInstance(synthRegionDatabase('primary', configWith(), { finalSnapshot: false }));
    expect(skipped.skip_final_snapshot).toBe(true);
    expect(skipped).not.toHaveProperty('final_snapshot_identifier');
    const kept = onlyDbInstance(synthRegionDatabase('primary', configWith(), { finalSnapshot: undefined }));
    expect(kept.skip_final_snapshot).toBe(false);
    expect(kept.final_snapshot_identifier).toBe('genai-demo-production-postgres-g1-final');
  });

  test('a replica of PostgreSQL before 14 keeps no backups (RDS supports replica backups from 14.1)', () => {
    const dr = deploymentOf(configWith(), 'dr');
    const stack = synthJson((scope) => {
      regionalProvider(scope, 'Aws', { region: 'ap-northeast-1', tags: {} });
      for (const [id, engineVersion] of [
        ['Old', '13.15'],
        ['New', '14.12'],
      ]) {
        new Database(scope, id, {
          namePrefix: `fixture-${id.toLowerCase()}`,
          regionName: 'Tokyo',
          settings: {
            ...dr.database,
            engineVersion,
            instances: dr.database.instances.map((i) => ({ ...i, identifier: `fixture-${id.toLowerCase()}-postgres` })),
          },
          vpcId: 'vpc-fixture',
          subnetIds: ['subnet-a'],
          securityGroupId: 'sg-db',
          logRetentionDays: 30,
          logsKmsKeyArn: 'arn:aws:kms:ap-northeast-1:111111111111:key/logs',
        });
      }
    });
    const byId = Object.fromEntries(bodiesOf(stack, 'aws_db_instance').map((db) => [db.identifier, db]));
    expect(byId['fixture-old-postgres']).not.toHaveProperty('backup_retention_period');
    expect(byId['fixture-new-postgres'].backup_retention_period).toBe(30);
  });

  test('port is a prop', () => {
    expect(onlyDbInstance(synthRegionDatabase('primary', configWith(), { port: 6543 })).port).toBe(6543);
  });
});
