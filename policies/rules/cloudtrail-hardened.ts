import { flag, isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** The audit trail covers every region, cannot be silently altered and is encrypted. */
export const rule: PolicyRule = {
  id: 'cloudtrail-hardened',
  description: 'CloudTrail trails are multi-region, validate log files and encrypt them with a KMS key.',
  rationale:
    'A DR design acts in two regions: a single-region trail misses the other. Digest files prove that log files were not modified or deleted, and KMS limits who can read them.',
  severity: 'high',
  checkov: ['CKV_AWS_67', 'CKV_AWS_36', 'CKV_AWS_35'],
  resourceTypes: ['aws_cloudtrail'],
  check(resource) {
    const a = resource.attributes;
    const problems = [
      flag(a.is_multi_region_trail) === true ? undefined : 'is_multi_region_trail is not true',
      flag(a.enable_log_file_validation) === true ? undefined : 'enable_log_file_validation is not true',
      isSet(a.kms_key_id) ? undefined : 'kms_key_id is not set',
    ].filter((p): p is string => p !== undefined);
    return problems.length === 0 ? COMPLIANT : nonCompliant(`${problems.join('; ')}.`);
  },
};
