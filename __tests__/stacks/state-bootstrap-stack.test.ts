/**
 * The state bootstrap stack: local backend, both buckets hardened, each encrypted with a key of its own
 * region, replication of every version and delete marker with RTC, a role limited to the two buckets and
 * keys, and zero findings of the rule pack.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { App, Testing } from 'cdktf';
import { applyPolicies } from '../../policies';
import { StateBootstrapStack } from '../../stacks/state-bootstrap-stack';
import { configWith } from '../helpers/app';
import { dataOf, idOf, one, ref, resourcesOf, type Json } from '../helpers/terraform';

function synth(patch: Json = {}) {
  const config = configWith(patch);
  const app = Testing.app();
  const stack = new StateBootstrapStack(app, 'bootstrap', { config });
  const policies = applyPolicies(app, config, { enforce: true });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  return { config, json, policies, stack };
}

const { config, json } = synth();
/** The replica's key: the one KmsKey `ReplicaKey` holds. */
const replicaKeyArn = ref('aws_kms_key', idOf(json, 'aws_kms_key', 'ReplicaKey_'), 'arn');
const synthesized = JSON.stringify(json);

test('keeps its own state locally, outside cdktf.out', () => {
  expect(json.terraform.backend).toEqual({ local: { path: '../../../bootstrap-state/terraform.tfstate' } });
});

test('one provider per region of the pair, tagged for its role', () => {
  const providers = json.provider.aws as Json[];
  expect(providers.map((p) => [p.alias, p.region])).toEqual([
    [undefined, 'ap-east-2'],
    ['replica', 'ap-northeast-1'],
  ]);
  expect(providers[0].default_tags[0].tags.RegionRole).toBe('primary');
  expect(providers[1].default_tags[0].tags.RegionRole).toBe('secondary');
  expect(synthesized).toHaveProviderWithProperties(AwsProvider, { alias: 'replica', region: 'ap-northeast-1' });
});

test('the state bucket and its replica are named from config and protected from destroy', () => {
  const buckets = resourcesOf(json, 'aws_s3_bucket');
  expect(buckets.map(([, b]) => b.bucket).sort()).toEqual([config.state.bucket, config.state.replicaBucket].sort());
  expect(config.state.replicaBucket).toBe('genai-demo-terraform-state-ap-northeast-1');
  for (const [, b] of buckets) expect(b.lifecycle).toEqual({ prevent_destroy: true });
  expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
    bucket: config.state.replicaBucket,
    provider: 'aws.replica',
    lifecycle: { prevent_destroy: true },
  });
});

test('each bucket is encrypted with a rotating key of its own region', () => {
  const keys = resourcesOf(json, 'aws_kms_key');
  expect(keys).toHaveLength(2);
  for (const [, k] of keys) expect(k.enable_key_rotation).toBe(true);
  const sse = resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration');
  expect(sse).toHaveLength(2);
  expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
    provider: 'aws.replica',
    rule: [
      expect.objectContaining({
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: replicaKeyArn },
      }),
    ],
  });
  expect(one(json, 'aws_kms_key', 'ReplicaKey_').provider).toBe('aws.replica');
});

test('both buckets: versioning, all public access blocked, ACLs off, TLS-only policy', () => {
  expect(resourcesOf(json, 'aws_s3_bucket_versioning').map(([, v]) => v.versioning_configuration.status)).toEqual([
    'Enabled',
    'Enabled',
  ]);
  for (const [, p] of resourcesOf(json, 'aws_s3_bucket_public_access_block')) {
    expect(p).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  }
  expect(resourcesOf(json, 'aws_s3_bucket_ownership_controls').map(([, o]) => o.rule.object_ownership)).toEqual([
    'BucketOwnerEnforced',
    'BucketOwnerEnforced',
  ]);
  const docs = dataOf(json, 'aws_iam_policy_document').filter(([id]) => id.includes('PolicyDocument'));
  expect(docs).toHaveLength(2);
  for (const [, d] of docs) {
    expect(d.statement[0]).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  }
});

test('replicates every version and delete marker to the replica with Replication Time Control', () => {
  const [[, replication]] = resourcesOf(json, 'aws_s3_bucket_replication_configuration');
  expect(resourcesOf(json, 'aws_s3_bucket_replication_configuration')).toHaveLength(1);
  const rule = replication.rule[0];
  expect(rule.status).toBe('Enabled');
  expect(rule.filter).toEqual({ prefix: '' });
  expect(rule.delete_marker_replication).toEqual({ status: 'Enabled' });
  expect(rule.source_selection_criteria).toEqual({ sse_kms_encrypted_objects: { status: 'Enabled' } });
  const [replicaId] = resourcesOf(json, 'aws_s3_bucket').find(([, b]) => b.bucket === config.state.replicaBucket)!;
  expect(rule.destination.bucket).toBe(`\${aws_s3_bucket.${replicaId}.arn}`);
  expect(rule.destination.encryption_configuration).toEqual({ replica_kms_key_id: replicaKeyArn });
  expect(rule.destination.replication_time).toEqual({ status: 'Enabled', time: { minutes: 15 } });
  expect(replication.depends_on).toHaveLength(2);
});

test('the replication role can only read the source, write the replica and use the two keys', () => {
  const [[, perms]] = dataOf(json, 'aws_iam_policy_document').filter(([id]) => id === 'ReplicationPermissions');
  const resources = (perms.statement as Json[]).flatMap((s) => s.resources as string[]);
  expect(resources.every((r) => /aws_s3_bucket\.|aws_kms_key\./.test(r))).toBe(true);
  expect((perms.statement as Json[]).flatMap((s) => s.actions as string[]).some((a) => a.endsWith('*'))).toBe(false);
  const [[, trust]] = dataOf(json, 'aws_iam_policy_document').filter(([id]) => id === 'ReplicationTrust');
  expect(trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['s3.amazonaws.com'] }]);
});

test('the rule pack finds nothing in the bootstrap stack (enforced)', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const cfg = configWith();
  new StateBootstrapStack(app, 'bootstrap', { config: cfg });
  const policies = applyPolicies(app, cfg, { enforce: true });
  app.synth();
  expect(policies.violations).toEqual([]);
  expect(policies.results[0].compliant).toBeGreaterThanOrEqual(18);
});

test('the replica goes to the other region when the state lives in the secondary region', () => {
  const { json: swapped, config: c } = synth({ 'genai-demo:state': { region: 'ap-northeast-1' } });
  expect(c.state.replicaRegion).toBe('ap-east-2');
  expect((swapped.provider.aws as Json[]).map((p) => p.region)).toEqual(['ap-northeast-1', 'ap-east-2']);
});

test('a bucket name whose replica would exceed 63 characters is refused by the config, with its key', () => {
  expect(() => synth({ 'genai-demo:state': { bucket: 'a'.repeat(50) } })).toThrow(
    /genai-demo:state\.bucket "a{50}": expected a bucket name of at most 48 characters: its replica .* would be 65, S3 allows 63/,
  );
  expect(() => synth({ 'genai-demo:state': { bucket: 'a'.repeat(48) } })).not.toThrow();
});
