import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';

/** Days a replaced or deleted object version is kept before it expires. */
export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
/** Days before an unfinished multipart upload is cleaned up. */
export const DEFAULT_ABORT_MULTIPART_DAYS = 7;
/** Id of the bucket's one lifecycle rule. */
export const DEFAULT_LIFECYCLE_RULE_ID = 'expire-old-versions';

/**
 * Regions opened before August 2022, where ELB writes access logs as a regional AWS account
 * (`data aws_elb_service_account`). In regions opened since, such as ap-east-2 (Taipei), only the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal exists and the provider has no account to
 * return. Source: Elastic Load Balancing User Guide, "Enable access logs", step 2 (bucket policy).
 */
export const ELB_LEGACY_LOG_ACCOUNT_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-north-1',
  'me-south-1',
  'sa-east-1',
]);
/** The service principal ELB writes access logs as, in every region. */
export const ELB_LOG_DELIVERY_PRINCIPAL = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Default encryption of a bucket's objects: SSE-KMS with a customer-managed key (and an S3 bucket key),
 * or SSE-S3 (AES256, keys managed by S3) where a writer accepts nothing else.
 */
export type BucketEncryption = { readonly kmsKeyArn: string } | 'sse-s3';

/** Elastic Load Balancing access-log delivery into the bucket. */
export interface ElbAccessLogDelivery {
  /** Key prefix the load balancer writes under (its `access_logs.prefix`), without slashes. */
  readonly prefix: string;
  /** Account id of the load balancer: logs land under `<prefix>/AWSLogs/<account>/`. */
  readonly accountId: string;
  /** Region of the load balancer and the bucket (decides which principal writes, see ELB_LEGACY_LOG_ACCOUNT_REGIONS). */
  readonly region: string;
}

/** Props of a bucket hardened the way policies/rules/s3-* require. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Default encryption of objects (SSE-KMS with the given key, or `'sse-s3'`). */
  readonly encryption: BucketEncryption;
  /** Statements added to the bucket policy after the TLS-only deny (e.g. a service's write access). @default - none */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Let ELB write a load balancer's access logs (the ALB log-delivery case). ALB log delivery supports
   * SSE-S3 only (ELB User Guide, "Access logs": "the only server-side encryption option that's supported
   * is Amazon S3-managed keys (SSE-S3)"), so this requires `encryption: 'sse-s3'`. @default - none
   */
  readonly elbAccessLogs?: ElbAccessLogDelivery;
  /** Days a noncurrent object version is kept. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Days after which current objects expire. @default - never */
  readonly expirationDays?: number;
  /** Key prefix the lifecycle rule applies to. @default '' (the whole bucket) */
  readonly lifecyclePrefix?: string;
  /** Id of the lifecycle rule. @default 'expire-old-versions' */
  readonly lifecycleRuleId?: string;
  /** Days before an unfinished multipart upload is aborted. @default 7 */
  readonly abortMultipartDays?: number;
  /** Refuse `terraform destroy` of the bucket (Terraform `prevent_destroy`). @default false */
  readonly preventDestroy?: boolean;
  /** Let `terraform destroy` delete the bucket with its objects (emulator and test use). @default false */
  readonly forceDestroy?: boolean;
  /** Tags of the bucket (the provider's default tags are added). @default - none */
  readonly tags?: Record<string, string>;
  /** Provider of the bucket's region, when the stack holds several. @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * An S3 bucket with versioning, default encryption (SSE-KMS, or SSE-S3 where the writer needs it), all
 * public access blocked, ACLs disabled (bucket owner enforced), a policy that denies any request not made
 * over TLS, and a lifecycle that expires old versions and abandoned multipart uploads.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Versioning: replication and anything that needs versions must depend on it. */
  readonly versioning: S3BucketVersioningA;
  /** The bucket policy: a service writing to the bucket must depend on it. */
  readonly policy: S3BucketPolicy;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (props.elbAccessLogs !== undefined && props.encryption !== 'sse-s3') {
      throw new Error(
        `bucket ${props.bucketName}: ELB access-log delivery supports SSE-S3 only, not SSE-KMS (set encryption: 'sse-s3')`,
      );
    }
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'Bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
      lifecycle: props.preventDestroy === true ? { preventDestroy: true } : undefined,
      tags: props.tags,
    });
    this.arn = this.bucket.arn;
    this.name = this.bucket.bucket;

    const publicAccess = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.versioning = new S3BucketVersioningA(this, 'Versioning', {
      provider,
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      provider,
      bucket: this.bucket.id,
      rule: [
        props.encryption === 'sse-s3'
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.encryption.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: props.lifecycleRuleId ?? DEFAULT_LIFECYCLE_RULE_ID,
          status: 'Enabled',
          filter: [{ prefix: props.lifecyclePrefix ?? '' }],
          noncurrentVersionExpiration: [
            { noncurrentDays: props.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS },
          ],
          expiration: props.expirationDays !== undefined ? [{ days: props.expirationDays }] : undefined,
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: props.abortMultipartDays ?? DEFAULT_ABORT_MULTIPART_DAYS },
          ],
        },
      ],
      dependsOn: [this.versioning],
    });

    const policy = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      provider,
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        ...(props.elbAccessLogs !== undefined ? this.elbLogDelivery(props.elbAccessLogs, provider) : []),
        ...(props.policyStatements ?? []),
      ],
    });
    // After the public access block: S3 rejects concurrent changes to one bucket's access settings, and a
    // policy is never evaluated against an unprotected bucket.
    this.policy = new S3BucketPolicy(this, 'Policy', {
      provider,
      bucket: this.bucket.id,
      policy: policy.json,
      dependsOn: [publicAccess],
    });
  }

  /**
   * ELB's write access to `<prefix>/AWSLogs/<account>/*`: the log-delivery service principal everywhere and,
   * in regions opened before August 2022, the region's ELB account too (ELB User Guide, "Enable access logs").
   */
  private elbLogDelivery(
    logs: ElbAccessLogDelivery,
    provider: AwsProvider | undefined,
  ): DataAwsIamPolicyDocumentStatement[] {
    const logObjects = `${this.bucket.arn}/${logs.prefix}/AWSLogs/${logs.accountId}/*`;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'ElbLogDeliveryService',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [logObjects],
        principals: [{ type: 'Service', identifiers: [ELB_LOG_DELIVERY_PRINCIPAL] }],
      },
    ];
    if (ELB_LEGACY_LOG_ACCOUNT_REGIONS.has(logs.region)) {
      const elbAccount = new DataAwsElbServiceAccount(this, 'ElbAccount', { provider });
      statements.push({
        sid: 'ElbLogDeliveryRegionalAccount',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [logObjects],
        principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
      });
    }
    return statements;
  }
}
