/** SecureBucket: hardening of every variant, SSE-KMS or SSE-S3, and the ELB access-log delivery case. */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import {
  DEFAULT_NONCURRENT_VERSION_DAYS,
  ELB_LOG_DELIVERY_PRINCIPAL,
  SecureBucket,
  type SecureBucketProps,
} from '../../components/secure-bucket';
import { dataOf, idOf, one, ref, referencedDocument, statementOf, synthJson } from '../helpers/terraform';

const KMS: SecureBucketProps = {
  bucketName: 'demo-kms',
  encryption: { kmsKeyArn: 'arn:aws:kms:ap-east-2:111122223333:key/k' },
};
const ALB_LOGS: SecureBucketProps = {
  bucketName: 'demo-alb-logs',
  encryption: 'sse-s3',
  elbAccessLogs: { prefix: 'alb', accountId: '111122223333', region: 'ap-east-2' },
};
const synth = (props: SecureBucketProps) => Testing.synthScope((scope) => new SecureBucket(scope, 'Bucket', props));

describe.each([
  ['SSE-KMS', KMS],
  ['SSE-S3 with ELB log delivery', ALB_LOGS],
])('SecureBucket (%s)', (_variant, props) => {
  const synthesized = synth(props);

  test('versioned, all public access blocked, ACLs disabled', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: props.bucketName });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('the policy denies any request not made over TLS, after the public access block', () => {
    const json = JSON.parse(synthesized);
    const policy = one(json, 'aws_s3_bucket_policy');
    expect(policy.depends_on).toEqual([
      `aws_s3_bucket_public_access_block.${idOf(json, 'aws_s3_bucket_public_access_block')}`,
    ]);
    const deny = statementOf(referencedDocument(json, policy.policy), 'DenyInsecureTransport');
    const bucketId = idOf(json, 'aws_s3_bucket');
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(deny.resources).toEqual([
      ref('aws_s3_bucket', bucketId, 'arn'),
      `${ref('aws_s3_bucket', bucketId, 'arn')}/*`,
    ]);
  });

  test('the lifecycle expires old versions after versioning is on', () => {
    const json = JSON.parse(synthesized);
    const lifecycle = one(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${idOf(json, 'aws_s3_bucket_versioning')}`]);
    expect(lifecycle.rule).toHaveLength(1);
  });
});

test('SSE-KMS: the given key with an S3 bucket key, 90-day noncurrent versions and the whole bucket in scope', () => {
  const synthesized = synth(KMS);
  expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
    rule: [
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:ap-east-2:111122223333:key/k',
        },
        bucket_key_enabled: true,
      },
    ],
  });
  expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
    rule: [
      {
        id: 'expire-old-versions',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        noncurrent_version_expiration: [{ noncurrent_days: DEFAULT_NONCURRENT_VERSION_DAYS }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ],
  });
  expect(
    referencedDocument(JSON.parse(synthesized), one(JSON.parse(synthesized), 'aws_s3_bucket_policy').policy).statement,
  ).toHaveLength(1);
});

test('SSE-S3 (AES256) for ELB, which supports no other server-side encryption', () => {
  expect(synth(ALB_LOGS)).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
  });
  expect(() => synth({ ...ALB_LOGS, encryption: KMS.encryption })).toThrow(
    /demo-alb-logs: ELB access-log delivery supports SSE-S3 only/,
  );
});

test.each([
  ['ap-east-2', 'opened after August 2022: the log-delivery service principal only', 1],
  ['ap-northeast-1', 'older: the regional ELB account as well', 2],
])('ELB log delivery in %s (%s)', (region, _why, statements) => {
  const json = synthJson(
    (stack) => new SecureBucket(stack, 'Logs', { ...ALB_LOGS, elbAccessLogs: { ...ALB_LOGS.elbAccessLogs!, region } }),
  );
  const document = referencedDocument(json, one(json, 'aws_s3_bucket_policy').policy);
  expect(document.statement).toHaveLength(1 + statements);
  const service = statementOf(document, 'ElbLogDeliveryService');
  expect(service.principals).toEqual([{ type: 'Service', identifiers: [ELB_LOG_DELIVERY_PRINCIPAL] }]);
  expect(service.resources).toEqual([
    `${ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket'), 'arn')}/alb/AWSLogs/111122223333/*`,
  ]);
  expect(dataOf(json, 'aws_elb_service_account')).toHaveLength(statements - 1);
  if (statements === 2) {
    expect(JSON.stringify(json)).toHaveDataSource(DataAwsElbServiceAccount);
    expect(statementOf(document, 'ElbLogDeliveryRegionalAccount').principals[0].type).toBe('AWS');
  }
});

test('tags, force destroy and prevent destroy pass through', () => {
  const synthesized = synth({ ...KMS, tags: { Name: 'demo' }, forceDestroy: true, preventDestroy: true });
  expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
    tags: { Name: 'demo' },
    force_destroy: true,
    lifecycle: { prevent_destroy: true },
  });
});
