import { bucketConfigs } from '../lib/s3';
import { blocks, flag } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Overwritten or deleted objects can be recovered. */
export const rule: PolicyRule = {
  id: 's3-versioning',
  description: 'Every S3 bucket has versioning Enabled (aws_s3_bucket_versioning).',
  rationale:
    'Versioning keeps every overwritten or deleted object recoverable (a corrupted Terraform state, a tampered log) and is a prerequisite of cross-region replication.',
  severity: 'medium',
  checkov: ['CKV_AWS_21'],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const inline = blocks(bucket.attributes.versioning).some((v) => flag(v.enabled) === true);
    if (inline) return COMPLIANT;
    const configs = bucketConfigs(bucket, 'aws_s3_bucket_versioning', context);
    if (configs.length === 0) return nonCompliant('no aws_s3_bucket_versioning refers to this bucket.');
    const enabled = configs.some((c) =>
      blocks(c.attributes.versioning_configuration).some((v) => v.status === 'Enabled'),
    );
    return enabled ? COMPLIANT : nonCompliant('versioning_configuration.status is not Enabled.');
  },
};
