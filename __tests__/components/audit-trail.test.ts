/**
 * The audit trail: one multi-region trail with log-file validation and KMS, its key policy scoped to
 * this trail, a bucket hardened like the rule pack requires and a bucket policy that lets only this trail
 * write; zero findings of the rule pack.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { applyPolicies } from '../../policies';
import { AuditTrail } from '../../components/audit-trail';
import { configWith } from '../helpers/app';
import { dataOf, oneData, resourcesOf, statementOf, type Json } from '../helpers/terraform';

const config = configWith();

function build(app: App, props: Partial<ConstructorParameters<typeof AuditTrail>[2]> = {}) {
  const stack = new TerraformStack(app, 'Audit');
  new AwsProvider(stack, 'Aws', { region: config.primary.region, defaultTags: [{ tags: { ...config.primary.tags } }] });
  new AuditTrail(stack, 'AuditTrail', { namePrefix: config.namePrefix, ...props });
  return stack;
}

const json = JSON.parse(Testing.synth(build(Testing.app()))) as Json;
const [[keyId]] = resourcesOf(json, 'aws_kms_key');
/** The trail's own lookups (its KmsKey holds a set of its own). */
const ownData = (type: string) =>
  dataOf(json, type).find(([id]) => /^AuditTrail_[A-Z][a-z]+_[0-9A-F]{8}$/.test(id))![0];
const accountId = ownData('aws_caller_identity');
const partitionId = ownData('aws_partition');
const regionId = ownData('aws_region');

test('one multi-region trail with global events, log-file validation and the KMS key', () => {
  const trails = resourcesOf(json, 'aws_cloudtrail');
  expect(trails).toHaveLength(1);
  expect(JSON.stringify(json)).toHaveResourceWithProperties(Cloudtrail, {
    name: 'genai-demo-production-audit',
    is_multi_region_trail: true,
    include_global_service_events: true,
    enable_log_file_validation: true,
    kms_key_id: `\${aws_kms_key.${keyId}.arn}`,
  });
  expect(trails[0][1].depends_on).toEqual(
    expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\./), `aws_kms_key.${keyId}`]),
  );
});

test("the key rotates and only this account's trails may encrypt with it", () => {
  expect(resourcesOf(json, 'aws_kms_key')).toHaveLength(1);
  expect(JSON.stringify(json)).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
  const policy = oneData(json, 'aws_iam_policy_document', 'AuditTrail_Key_Policy_');
  const encrypt = statementOf(policy, 'CloudTrailEncryptsLogs');
  expect(encrypt.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
  expect(encrypt.condition[0]).toEqual({
    test: 'StringEquals',
    variable: 'aws:SourceArn',
    values: [
      `arn:\${data.aws_partition.${partitionId}.partition}:cloudtrail:\${data.aws_region.${regionId}.name}:\${data.aws_caller_identity.${accountId}.account_id}:trail/genai-demo-production-audit`,
    ],
  });
});

test('the bucket is versioned, SSE-KMS with the trail key, public access blocked, TLS-only, and only this trail writes', () => {
  const [[bucketId, bucket]] = resourcesOf(json, 'aws_s3_bucket');
  expect(bucket.bucket).toBe(`genai-demo-production-audit-trail-\${data.aws_caller_identity.${accountId}.account_id}`);
  expect(resourcesOf(json, 'aws_s3_bucket_versioning')[0][1].versioning_configuration).toEqual({ status: 'Enabled' });
  expect(
    resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')[0][1].rule[0]
      .apply_server_side_encryption_by_default.kms_master_key_id,
  ).toBe(`\${aws_kms_key.${keyId}.arn}`);
  expect(resourcesOf(json, 'aws_s3_bucket_public_access_block')[0][1]).toMatchObject({
    bucket: `\${aws_s3_bucket.${bucketId}.id}`,
    block_public_policy: true,
    restrict_public_buckets: true,
  });
  const policy = oneData(json, 'aws_iam_policy_document', 'AuditTrail_Logs_PolicyDocument');
  expect(statementOf(policy, 'DenyInsecureTransport')).toMatchObject({
    effect: 'Deny',
    condition: [{ variable: 'aws:SecureTransport', values: ['false'] }],
  });
  const write = statementOf(policy, 'CloudTrailWrite');
  expect(write.actions).toEqual(['s3:PutObject']);
  expect(write.resources[0]).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\.[A-Za-z0-9_]+\.account_id\}\/\*$/);
  expect(write.condition.map((c: Json) => c.variable)).toEqual(['aws:SourceArn', 's3:x-amz-acl']);
  const lifecycle = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')[0][1];
  expect(lifecycle.rule[0].expiration).toEqual([{ days: 365 }]);
});

test('retention is a prop', () => {
  const other = Testing.synth(build(Testing.app(), { retentionDays: 400 }));
  expect(other).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
    rule: [expect.objectContaining({ expiration: [{ days: 400 }] })],
  });
});

test('the rule pack finds nothing in it (enforced)', () => {
  const app = new App({ outdir: Testing.app().outdir });
  build(app);
  const policies = applyPolicies(app, config, { enforce: true });
  app.synth();
  expect(policies.violations).toEqual([]);
  // trail, key rotation, bucket x4, tags on trail/key/bucket
  expect(policies.results[0].compliant).toBeGreaterThanOrEqual(9);
});

test('a name prefix that makes the bucket name too long is refused', () => {
  expect(() => build(Testing.app(), { namePrefix: 'x'.repeat(40) })).toThrow(/longer than 63 characters/);
});
