import { isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Log groups are encrypted with a customer managed KMS key. */
export const rule: PolicyRule = {
  id: 'log-group-encryption',
  description: 'CloudWatch Logs log groups are encrypted with a KMS key (kms_key_id).',
  rationale:
    'Control-plane, flow and application logs reveal internal addresses and identities; a KMS key adds access control and an audit record on top of the service default encryption. The key policy must allow logs.<region>.amazonaws.com.',
  severity: 'medium',
  checkov: ['CKV_AWS_158'],
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(resource) {
    return isSet(resource.attributes.kms_key_id) ? COMPLIANT : nonCompliant('kms_key_id is not set.');
  },
};
