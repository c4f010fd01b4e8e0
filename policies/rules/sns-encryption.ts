import { isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Notifications are encrypted at rest. */
export const rule: PolicyRule = {
  id: 'sns-encryption',
  description: 'SNS topics are encrypted with a KMS key (kms_master_key_id).',
  rationale:
    'Alarm and failover messages name hosts, databases and failure details. When CloudWatch alarms publish to the topic, the key must be a customer managed key whose policy lets cloudwatch.amazonaws.com use it (alias/aws/sns does not).',
  severity: 'medium',
  checkov: ['CKV_AWS_26'],
  resourceTypes: ['aws_sns_topic'],
  check(resource) {
    return isSet(resource.attributes.kms_master_key_id) ? COMPLIANT : nonCompliant('kms_master_key_id is not set.');
  },
};
