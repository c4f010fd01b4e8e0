import { bucketConfigs } from '../lib/s3';
import { flag } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** No bucket can be made public by an ACL or a policy. */
export const rule: PolicyRule = {
  id: 's3-public-access-block',
  description: 'Every S3 bucket has an aws_s3_bucket_public_access_block with all four settings true.',
  rationale:
    'Block Public Access overrides any ACL or bucket policy that would make objects public: a mistaken policy later cannot leak the state files, trails or logs.',
  severity: 'high',
  checkov: ['CKV2_AWS_6'],
  checkovNote: 'the id of current checkov releases; early releases used CKV2_AWS_6 for an AWS Config check.',
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const blocks = bucketConfigs(bucket, 'aws_s3_bucket_public_access_block', context);
    if (blocks.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block refers to this bucket.');
    const off = SETTINGS.filter((s) => !blocks.some((b) => flag(b.attributes[s]) === true));
    return off.length === 0 ? COMPLIANT : nonCompliant(`public access block without ${off.join(', ')} = true.`);
  },
};
