import { bucketConfigs } from '../lib/s3';
import { blocks, isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Every bucket declares its default encryption. */
export const rule: PolicyRule = {
  id: 's3-encryption',
  description:
    'Every S3 bucket has a server-side encryption configuration (SSE-KMS, or SSE-S3 where the writer requires it, as for ALB access logs).',
  rationale:
    'S3 applies SSE-S3 to new objects by default since 2023, but declaring it makes the choice explicit and reviewable, and SSE-KMS adds key-policy control and CloudTrail records of every decryption.',
  severity: 'high',
  checkov: ['CKV_AWS_19', 'CKV_AWS_145'],
  checkovNote:
    'CKV_AWS_145 requires KMS; this rule also accepts SSE-S3 (AES256), the only option some AWS writers support.',
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const inline = blocks(bucket.attributes.server_side_encryption_configuration);
    const configs = bucketConfigs(bucket, 'aws_s3_bucket_server_side_encryption_configuration', context);
    const rules = [...inline, ...configs.map((c) => c.attributes)].flatMap((c) => blocks(c.rule));
    if (rules.length === 0)
      return nonCompliant('no aws_s3_bucket_server_side_encryption_configuration refers to this bucket.');
    const ok = rules.every((r) =>
      blocks(r.apply_server_side_encryption_by_default).some((d) => isSet(d.sse_algorithm)),
    );
    return ok ? COMPLIANT : nonCompliant('the encryption configuration has a rule without sse_algorithm.');
  },
};
