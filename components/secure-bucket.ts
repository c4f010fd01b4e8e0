import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
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
const ABORT_MULTIPART_DAYS = 7;

/** Props of a bucket hardened the way policies/rules/s3-* require. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the KMS key that encrypts objects by default (SSE-KMS with an S3 bucket key). */
  readonly kmsKeyArn: string;
  /** Statements added to the bucket policy after the TLS-only deny (e.g. a service's write access). @default - none */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Days a noncurrent object version is kept. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Days after which current objects expire. @default - never */
  readonly expirationDays?: number;
  /** Refuse `terraform destroy` of the bucket (Terraform `prevent_destroy`). @default false */
  readonly preventDestroy?: boolean;
  /** Provider of the bucket's region, when the stack holds several. @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * An S3 bucket with versioning, SSE-KMS default encryption, all public access blocked, ACLs disabled
 * (bucket owner enforced), a policy that denies any request not made over TLS, and a lifecycle that
 * expires old versions and abandoned multipart uploads.
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
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'Bucket', {
      provider,
      bucket: props.bucketName,
      lifecycle: props.preventDestroy === true ? { preventDestroy: true } : undefined,
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
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-old-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS }],
          expiration: props.expirationDays !== undefined ? [{ days: props.expirationDays }] : undefined,
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
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
        ...(props.policyStatements ?? []),
      ],
    });
    // After the public access block, so a policy is never evaluated against an unprotected bucket.
    this.policy = new S3BucketPolicy(this, 'Policy', { provider, bucket: this.bucket.id, policy: policy.json, dependsOn: [publicAccess] });
  }
}
