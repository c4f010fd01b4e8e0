import { bucketConfigs } from '../lib/s3';
import { parsePolicy } from '../lib/policy-document';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Requests to the bucket must use TLS. */
export const rule: PolicyRule = {
  id: 's3-tls-only',
  description:
    'Every S3 bucket has a bucket policy denying all S3 actions to any principal when aws:SecureTransport is false.',
  rationale:
    'S3 accepts plain HTTP; without the deny, a misconfigured client sends state files (which hold secrets) and logs in clear text.',
  severity: 'medium',
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const policies = bucketConfigs(bucket, 'aws_s3_bucket_policy', context);
    if (policies.length === 0) return nonCompliant('no aws_s3_bucket_policy refers to this bucket.');
    for (const p of policies) {
      const parsed = parsePolicy(p.attributes.policy, context);
      if (parsed === undefined) {
        return nonCompliant(
          `the policy of ${p.path} cannot be read at synth (use a DataAwsIamPolicyDocument or JSON.stringify).`,
        );
      }
      const denies = parsed.statements.some(
        (s) =>
          s.effect === 'Deny' &&
          s.principals.includes('*') &&
          s.actions.some((a) => a === 's3:*' || a === '*') &&
          s.conditions.some(
            (c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false'),
          ),
      );
      if (denies) return COMPLIANT;
    }
    return nonCompliant('the bucket policy has no Deny of s3:* for principal * on aws:SecureTransport = false.');
  },
};
