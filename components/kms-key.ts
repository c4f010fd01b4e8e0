import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

/** Default waiting period before a scheduled key deletion completes (the AWS maximum, for recovery). */
export const DEFAULT_KMS_DELETION_WINDOW_DAYS = 30;

/** Props of a customer-managed KMS key. */
export interface KmsKeyProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Alias name without the `alias/` prefix, e.g. `genai-demo-production-logs`. */
  readonly aliasName: string;
  /** Waiting period (7..30 days) before a scheduled deletion completes. @default 30 */
  readonly deletionWindowDays?: number;
  /**
   * Let CloudWatch Logs of this account and region use the key for log groups (needed to encrypt a log
   * group with it). @default false
   */
  readonly allowCloudWatchLogs?: boolean;
}

/**
 * A symmetric customer-managed KMS key with automatic yearly rotation and an alias. Its key policy gives
 * the account root full control (the AWS default, so IAM policies and service grants decide who may use
 * it) and, when asked, lets CloudWatch Logs use it for this account's log groups in this region only.
 */
export class KmsKey extends Construct {
  /** The key resource. */
  readonly key: AwsKmsKey;
  /** Key ARN: what `kms_key_id`/`key_arn` arguments take. */
  readonly arn: string;
  /** Key id. */
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'AccountRootFullAccess',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
      },
    ];
    if (props.allowCloudWatchLogs === true) {
      statements.push({
        sid: 'CloudWatchLogsOfThisAccount',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: [`logs.${region.name}.${partition.dnsSuffix}`] }],
        condition: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`arn:${partition.partition}:logs:${region.name}:${account.accountId}:log-group:*`],
          },
        ],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', { statement: statements });

    this.key = new AwsKmsKey(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? DEFAULT_KMS_DELETION_WINDOW_DAYS,
      policy: policy.json,
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
