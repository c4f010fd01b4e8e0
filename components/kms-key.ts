import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/**
 * Waiting period before a scheduled key deletion completes: 30 days, the AWS maximum (7..30), so a
 * mistaken destroy can be undone with kms:CancelKeyDeletion. The one default of every key of the project.
 */
export const DEFAULT_KMS_DELETION_WINDOW_DAYS = 30;
/** Sid of the key policy statement that gives the account root full control. */
export const ACCOUNT_ROOT_STATEMENT_SID = 'AccountRootFullAccess';

/** Props of a customer-managed KMS key. */
export interface KmsKeyProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Alias name without the `alias/` prefix, e.g. `genai-demo-production-logs`. */
  readonly aliasName: string;
  /** Waiting period (7..30 days) before a scheduled deletion completes. @default 30 */
  readonly deletionWindowDays?: number;
  /**
   * Let CloudWatch Logs of this account and region use the key for any of the account's log groups in
   * this region (needed to encrypt a log group with it). @default false
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Statements added to the key policy after the account-root statement (and the CloudWatch Logs one),
   * e.g. a service principal that encrypts with the key. @default - none
   */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Provider of the key's region, when the stack holds several. @default - the stack's default provider */
  readonly provider?: AwsProvider;
  /** Tags of the key (the provider's default tags are added). @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * A symmetric customer-managed KMS key with automatic yearly rotation and an alias. Its key policy gives
 * the account root full control (the AWS default, so IAM policies and service grants decide who may use
 * it), then, when asked, lets CloudWatch Logs use it for this account's log groups in this region, then
 * the caller's own statements (TerraConstructs' `Key.addToResourcePolicy`, given up front).
 */
export class KmsKey extends Construct {
  /** The key resource. */
  readonly key: AwsKmsKey;
  /** The alias resource. */
  readonly alias: KmsAlias;
  /** Key ARN: what `kms_key_id`/`key_arn` arguments take. */
  readonly arn: string;
  /** Key id. */
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const provider = props.provider;
    const account = new DataAwsCallerIdentity(this, 'Account', { provider });
    const partition = new DataAwsPartition(this, 'Partition', { provider });
    const region = new DataAwsRegion(this, 'Region', { provider });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: ACCOUNT_ROOT_STATEMENT_SID,
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
    statements.push(...(props.policyStatements ?? []));
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', { provider, statement: statements });

    this.key = new AwsKmsKey(this, 'Key', {
      provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? DEFAULT_KMS_DELETION_WINDOW_DAYS,
      policy: policy.json,
      tags: props.tags,
    });
    this.alias = new KmsAlias(this, 'Alias', {
      provider,
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
