import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Construct } from 'constructs';
import { KmsKey } from './kms-key';
import { movedFrom } from './moved';
import { SecureBucket } from './secure-bucket';

/** Days the trail's log files are kept in S3. */
export const DEFAULT_TRAIL_RETENTION_DAYS = 365;
const MAX_BUCKET_NAME = 63;
const ACCOUNT_ID_LENGTH = 12;

export interface AuditTrailProps {
  /** Prefix of the trail, key alias and bucket names, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** Days log files are kept. @default 365 */
  readonly retentionDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds logs (emulator and test use). @default false */
  readonly forceDestroy?: boolean;
}

/**
 * The account's audit trail (spec: "CloudTrail: audit trail for all operations"): ONE multi-region trail,
 * created in the primary region, that records management events of every region (global services
 * included) with log-file integrity validation, encrypted with a rotating KMS key, into a versioned,
 * SSE-KMS, TLS-only bucket with public access blocked. Create it once per account: a second
 * multi-region trail would record (and bill) every event twice.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly key: KmsKey;
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stem = `${props.namePrefix}-audit-trail-`;
    if (stem.length + ACCOUNT_ID_LENGTH > MAX_BUCKET_NAME) {
      throw new Error(
        `audit trail bucket name "${stem}<account>" is longer than ${MAX_BUCKET_NAME} characters: shorten the name prefix`,
      );
    }
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const trailName = `${props.namePrefix}-audit`;
    // Known before the trail exists: used in the key and bucket policies that must precede it.
    const trailArn = `arn:${partition.partition}:cloudtrail:${region.name}:${account.accountId}:trail/${trailName}`;
    const cloudtrail = [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }];
    const fromThisTrail = { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] };

    this.key = new KmsKey(this, 'Key', {
      description: `CloudTrail audit trail ${trailName}`,
      aliasName: trailName,
      policyStatements: [
        {
          sid: 'CloudTrailEncryptsLogs',
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          principals: cloudtrail,
          condition: [
            fromThisTrail,
            {
              test: 'StringLike',
              variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
              values: [`arn:${partition.partition}:cloudtrail:*:${account.accountId}:trail/*`],
            },
          ],
        },
        { sid: 'CloudTrailDescribesKey', actions: ['kms:DescribeKey'], resources: ['*'], principals: cloudtrail },
        {
          sid: 'AccountReadsLogs',
          actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          condition: [
            { test: 'StringEquals', variable: 'kms:CallerAccount', values: [account.accountId] },
            {
              test: 'StringLike',
              variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
              values: [`arn:${partition.partition}:cloudtrail:*:${account.accountId}:trail/*`],
            },
          ],
        },
        {
          // The bucket's default encryption uses the same key (S3 bucket key), for objects not written by CloudTrail.
          sid: 'S3UsesKeyForThisAccount',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          condition: [
            { test: 'StringEquals', variable: 'kms:CallerAccount', values: [account.accountId] },
            { test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${region.name}.${partition.dnsSuffix}`] },
          ],
        },
      ],
    });
    // Created here as `Key` and `KeyAlias` before the KmsKey building block existed.
    movedFrom(this.key.key, this, 'Key');
    movedFrom(this.key.alias, this, 'KeyAlias');

    const bucketName = `${stem}${account.accountId}`;
    const bucketArn = `arn:${partition.partition}:s3:::${bucketName}`;
    this.bucket = new SecureBucket(this, 'Logs', {
      bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      forceDestroy: props.forceDestroy,
      expirationDays: props.retentionDays ?? DEFAULT_TRAIL_RETENTION_DAYS,
      policyStatements: [
        {
          sid: 'CloudTrailAclCheck',
          actions: ['s3:GetBucketAcl'],
          resources: [bucketArn],
          principals: cloudtrail,
          condition: [fromThisTrail],
        },
        {
          sid: 'CloudTrailWrite',
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/AWSLogs/${account.accountId}/*`],
          principals: cloudtrail,
          condition: [
            fromThisTrail,
            { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
          ],
        },
      ],
    });

    this.trail = new Cloudtrail(this, 'Trail', {
      name: trailName,
      s3BucketName: this.bucket.name,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.key.arn,
      // CloudTrail checks its bucket and key permissions when the trail is created.
      dependsOn: [this.bucket.policy, this.key.key],
    });
  }
}
