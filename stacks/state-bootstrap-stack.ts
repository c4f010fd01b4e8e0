import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { REGION_ROLE_TAG, type AppConfig, type RegionRole } from '../config';
import { regionalProvider } from '../components/aws-provider';
import { KmsKey } from '../components/kms-key';
import { movedFrom } from '../components/moved';
import { SecureBucket } from '../components/secure-bucket';

/** Where the bootstrap keeps its own state, relative to the stack's working directory. */
export const DEFAULT_BOOTSTRAP_STATE_PATH = '../../../bootstrap-state/terraform.tfstate';
/** S3 Replication Time Control: 99.99% of objects replicated within this many minutes (the only value S3 accepts). */
const REPLICATION_TIME_MINUTES = 15;
const MAX_BUCKET_NAME = 63;

export interface StateBootstrapStackProps {
  /** The resolved configuration: `state` names the buckets and regions. */
  readonly config: AppConfig;
  /** Local state file of this stack, relative to its working directory. @default '../../../bootstrap-state/terraform.tfstate' */
  readonly localStatePath?: string;
  /** Days a replaced state version is kept in both buckets. @default 90 */
  readonly noncurrentVersionDays?: number;
}

/**
 * The Terraform state store, created once with LOCAL state before any other stack: the state bucket in
 * `genai-demo:state.region` and its replica in the other region, each versioned, SSE-KMS encrypted with a
 * key of its own region, public access blocked and TLS-only; every object version (and delete marker)
 * is replicated with S3 Replication Time Control (15 minutes). When the state region is down, the stacks
 * switch their backend to the replica (docs/state-and-outage.md).
 */
export class StateBootstrapStack extends TerraformStack {
  readonly stateBucket: SecureBucket;
  readonly replicaBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    const state = config.state;
    for (const name of [state.bucket, state.replicaBucket]) {
      if (name.length > MAX_BUCKET_NAME)
        throw new Error(
          `state bucket name ${name} is longer than ${MAX_BUCKET_NAME} characters; shorten genai-demo:state.bucket`,
        );
    }
    new LocalBackend(this, { path: props.localStatePath ?? DEFAULT_BOOTSTRAP_STATE_PATH });

    const source = regionalProvider(this, 'Aws', { region: state.region, tags: tagsFor(config, state.region) });
    const replica = regionalProvider(this, 'Replica', {
      region: state.replicaRegion,
      tags: tagsFor(config, state.replicaRegion),
      alias: 'replica',
    });

    const sourceKey = this.key(
      'StateKey',
      `${config.project}-terraform-state`,
      `Terraform state of ${config.project} (${state.bucket})`,
    );
    const replicaKey = this.key(
      'ReplicaKey',
      `${config.project}-terraform-state-replica`,
      `Replica of the Terraform state of ${config.project} (${state.replicaBucket})`,
      replica,
    );

    const retention = { noncurrentVersionDays: props.noncurrentVersionDays, preventDestroy: true };
    this.stateBucket = new SecureBucket(this, 'StateBucket', {
      bucketName: state.bucket,
      encryption: { kmsKeyArn: sourceKey.arn },
      provider: source,
      ...retention,
    });
    this.replicaBucket = new SecureBucket(this, 'ReplicaBucket', {
      bucketName: state.replicaBucket,
      encryption: { kmsKeyArn: replicaKey.arn },
      provider: replica,
      ...retention,
    });

    const role = this.replicationRole(config.project, sourceKey, replicaKey);
    new S3BucketReplicationConfigurationA(this, 'Replication', {
      bucket: this.stateBucket.bucket.id,
      role: role.arn,
      rule: [
        {
          id: 'state-to-replica',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: this.replicaBucket.arn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
            replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
            metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
          },
        },
      ],
      // Replication needs versioning on both sides first.
      dependsOn: [this.stateBucket.versioning, this.replicaBucket.versioning],
    });

    new TerraformOutput(this, 'state_bucket', {
      value: this.stateBucket.name,
      description: 'Backend bucket of every stack',
    });
    new TerraformOutput(this, 'replica_bucket', {
      value: this.replicaBucket.name,
      description: `Backend to switch to when ${state.region} is down`,
    });
    new TerraformOutput(this, 'replica_region', { value: state.replicaRegion });
  }

  private key(id: string, alias: string, description: string, provider?: AwsProvider): KmsKey {
    const key = new KmsKey(this, id, { provider, description, aliasName: alias });
    // Created here as `<id>` and `<id>Alias` before the KmsKey building block existed.
    movedFrom(key.key, this, id);
    movedFrom(key.alias, this, `${id}Alias`);
    return key;
  }

  /** The role S3 assumes to copy object versions, limited to the two buckets and the two keys. */
  private replicationRole(project: string, sourceKey: KmsKey, replicaKey: KmsKey): IamRole {
    const trust = new DataAwsIamPolicyDocument(this, 'ReplicationTrust', {
      statement: [
        { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }] },
      ],
    });
    const role = new IamRole(this, 'ReplicationRole', {
      name: `${project}-terraform-state-replication`,
      assumeRolePolicy: trust.json,
    });
    const src = this.stateBucket.arn;
    const dst = this.replicaBucket.arn;
    const permissions = new DataAwsIamPolicyDocument(this, 'ReplicationPermissions', {
      statement: [
        {
          sid: 'ReadReplicationConfiguration',
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [src],
        },
        {
          sid: 'ReadSourceVersions',
          actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          resources: [`${src}/*`],
        },
        {
          sid: 'WriteReplicas',
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [`${dst}/*`],
        },
        { sid: 'DecryptSource', actions: ['kms:Decrypt'], resources: [sourceKey.arn] },
        { sid: 'EncryptReplica', actions: ['kms:Encrypt', 'kms:GenerateDataKey'], resources: [replicaKey.arn] },
      ],
    });
    new IamRolePolicy(this, 'ReplicationPolicy', {
      role: role.id,
      name: 'replicate-terraform-state',
      policy: permissions.json,
    });
    return role;
  }
}

/** Tags of a region of the pair: the regional deployment's when it exists, else derived from the primary's. */
function tagsFor(config: AppConfig, region: string): Record<string, string> {
  const deployment = [config.primary, config.dr].find((d) => d?.region === region);
  if (deployment) return { ...deployment.tags };
  const role: RegionRole = region === config.primary.region ? 'primary' : 'dr';
  return { ...config.primary.tags, RegionRole: REGION_ROLE_TAG[role], Region: region };
}
