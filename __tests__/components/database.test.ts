import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { Database } from '../../components/database';
import { STORAGE_AUTOSCALING_FACTOR } from '../../config/limits';
import { configWith, resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';

const PRIMARY = 'genai-demo-production-primary';
const DR = 'genai-demo-production-dr';

function onlyDbInstance(stack: Json): Json {
  const instances = resourcesOf(stack, 'aws_db_instance');
  expect(instances).toHaveLength(1);
  return instances[0][1];
}

/** The resource a `${type.id.attr}` reference points at. */
function referenced(stack: Json, ref: string): Json {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}$/.exec(ref);
  expect(m).not.toBeNull();
  return stack.resource[m![1]][m![2]];
}

describe('Database in the production app', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthApp();
  });

  test('primary: PostgreSQL from config, Multi-AZ, encrypted with its own rotating key, private', () => {
    const stack = app.stacks[PRIMARY];
    const db = onlyDbInstance(stack);
    const settings = app.config.primary.database;
    expect(db).toMatchObject({
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
    });
    const key = referenced(stack, db.kms_key_id);
    expect(key.enable_key_rotation).toBe(true);
    expect(db.performance_insights_kms_key_id).toBe(db.kms_key_id);
    expect(db.master_user_secret_kms_key_id).toBe(db.kms_key_id);
  });

  test('primary: retention 30 days, deletion protection and a final snapshot in production', () => {
    const db = onlyDbInstance(app.stacks[PRIMARY]);
    expect(db.backup_retention_period).toBe(30);
    expect(db.deletion_protection).toBe(true);
    expect(db.skip_final_snapshot).toBe(false);
    expect(db.final_snapshot_identifier).toBe('genai-demo-production-postgres-g1-final');
    // Deleting keeps the automated backups; modifications act at once (a failover cannot wait for a window).
    expect(db.delete_automated_backups).toBe(false);
    expect(db.apply_immediately).toBe(true);
  });

  test('primary: RDS manages the master password; no password anywhere in any stack', () => {
    const db = onlyDbInstance(app.stacks[PRIMARY]);
    expect(db.manage_master_user_password).toBe(true);
    expect(db.username).toBe('genai_admin');
    for (const stack of Object.values(app.stacks)) {
      for (const instance of resourcesOf(stack, 'aws_db_instance').map(([, body]) => body)) {
        expect(instance).not.toHaveProperty('password');
        expect(instance).not.toHaveProperty('password_wo');
      }
      expect(JSON.stringify(stack)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    }
  });

  test('lives in the isolated subnets, guarded by the database security group', () => {
    const stack = app.stacks[PRIMARY];
    const db = onlyDbInstance(stack);
    const subnetGroup = referenced(stack, db.db_subnet_group_name);
    expect(subnetGroup.subnet_ids).toHaveLength(3);
    for (const ref of subnetGroup.subnet_ids) {
      expect(referenced(stack, ref).tags.Tier ?? referenced(stack, ref).tags.Name).toMatch(/isolated/i);
    }
    expect(db.vpc_security_group_ids).toHaveLength(1);
    expect(db.vpc_security_group_ids[0]).toMatch(/aws_security_group\.\w*Database\w*\.id/);
  });

  test('parameter group of the configured family forces TLS', () => {
    const stack = app.stacks[PRIMARY];
    const groups = resourcesOf(stack, 'aws_db_parameter_group');
    expect(groups).toHaveLength(1);
    const [, group] = groups[0];
    expect(group.family).toBe(app.config.primary.database.parameterGroupFamily);
    expect(group.family).toBe('postgres16');
    expect(group.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(onlyDbInstance(stack).parameter_group_name).toMatch(/aws_db_parameter_group\./);
  });

  test('log exports go to pre-created log groups with the configured retention', () => {
    const stack = app.stacks[PRIMARY];
    const groups = resourcesOf(stack, 'aws_cloudwatch_log_group')
      .map(([, g]) => g)
      .filter((g) => String(g.name).startsWith('/aws/rds/instance/'));
    expect(groups.map((g) => g.name).sort()).toEqual([
      '/aws/rds/instance/genai-demo-production-postgres/postgresql',
      '/aws/rds/instance/genai-demo-production-postgres/upgrade',
    ]);
    for (const g of groups) expect(g.retention_in_days).toBe(90);
  });

  test('DR: a cross-region read replica whose source ARN is built from config and the account id, not read from state', () => {
    const stack = app.stacks[DR];
    const db = onlyDbInstance(stack);
    expect(db.replicate_source_db).toMatch(
      /^arn:\$\{data\.aws_partition\.Database_Partition_\w+\.partition\}:rds:ap-east-2:\$\{data\.aws_caller_identity\.Database_Account_\w+\.account_id\}:db:genai-demo-production-postgres$/,
    );
    // No stack reads another region stack's state for the database: either region can hold the replica.
    expect(stack.data.terraform_remote_state).toBeUndefined();
    expect(db.delete_automated_backups).toBe(false);
  });

  test('DR replica: own KMS key in Tokyo, Multi-AZ, nothing it inherits from the source', () => {
    const stack = app.stacks[DR];
    const db = onlyDbInstance(stack);
    expect(db).toMatchObject({
      identifier: 'genai-demo-production-dr-postgres',
      multi_az: true,
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: true,
      backup_retention_period: 30,
    });
    expect(referenced(stack, db.kms_key_id).enable_key_rotation).toBe(true);
    expect(stack.provider.aws[0].region).toBe('ap-northeast-1');
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
    const { stacks } = synthApp({ 'genai-demo:multi-region': { 'enable-cross-region-replication': false } });
    expect(resourcesOf(stacks[DR], 'aws_db_instance')).toHaveLength(0);
    expect(onlyDbInstance(stacks[PRIMARY])).toMatchObject({ identifier: 'genai-demo-production-postgres', engine: 'postgres' });
  });

  test('development: no deletion protection, no final snapshot, single AZ', () => {
    const { stacks } = synthApp({ 'genai-demo:environment': 'development' });
    const db = onlyDbInstance(stacks['genai-demo-development-primary']);
    expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, multi_az: false });
    expect(db).not.toHaveProperty('final_snapshot_identifier');
  });
});

describe('Database in isolation', () => {
  function synthDatabase(props: { finalSnapshot?: boolean; port?: number }): Json {
    const config = configWith();
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    new Database(stack, 'Db', {
      namePrefix: 'fixture',
      regionName: 'Taiwan',
      settings: config.primary.database,
      vpcId: 'vpc-fixture',
      subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      securityGroupId: 'sg-db',
      logRetentionDays: 30,
      logsKmsKeyArn: 'arn:aws:kms:ap-east-2:111111111111:key/logs',
      ...props,
    });
    return JSON.parse(Testing.synth(stack));
  }

  test('finalSnapshot false skips it; the default takes one', () => {
    const skipped = onlyDbInstance(synthDatabase({ finalSnapshot: false }));
    expect(skipped.skip_final_snapshot).toBe(true);
    expect(skipped).not.toHaveProperty('final_snapshot_identifier');
    const kept = onlyDbInstance(synthDatabase({}));
    expect(kept.skip_final_snapshot).toBe(false);
    expect(kept.final_snapshot_identifier).toBe('genai-demo-production-postgres-g1-final');
  });

  test('a replica of PostgreSQL before 14 keeps no backups (RDS supports replica backups from 14.1)', () => {
    const config = configWith();
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
    for (const [id, engineVersion] of [['Old', '13.15'], ['New', '14.12']]) {
      new Database(stack, id, {
        namePrefix: `fixture-${id.toLowerCase()}`,
        regionName: 'Tokyo',
        settings: {
          ...config.dr!.database,
          engineVersion,
          instances: config.dr!.database.instances.map((i) => ({ ...i, identifier: `fixture-${id.toLowerCase()}-postgres` })),
        },
        vpcId: 'vpc-fixture',
        subnetIds: ['subnet-a'],
        securityGroupId: 'sg-db',
        logRetentionDays: 30,
        logsKmsKeyArn: 'arn:aws:kms:ap-northeast-1:111111111111:key/logs',
      });
    }
    const byId = Object.fromEntries(resourcesOf(JSON.parse(Testing.synth(stack)), 'aws_db_instance').map(([, db]) => [db.identifier, db]));
    expect(byId['fixture-old-postgres']).not.toHaveProperty('backup_retention_period');
    expect(byId['fixture-new-postgres'].backup_retention_period).toBe(30);
  });

  test('port is a prop', () => {
    expect(onlyDbInstance(synthDatabase({ port: 6543 })).port).toBe(6543);
  });
});
