import { flag } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Database logins can be short-lived IAM tokens instead of long-lived passwords. */
export const rule: PolicyRule = {
  id: 'rds-iam-authentication',
  description: 'RDS DB instances and clusters have IAM database authentication enabled.',
  rationale:
    'IAM authentication lets workloads (EKS pods through their IAM role) connect with 15-minute tokens, audited in CloudTrail, instead of sharing a static password.',
  severity: 'medium',
  checkov: ['CKV_AWS_161'],
  checkovNote: 'CKV_AWS_161 covers aws_db_instance; aws_rds_cluster is checked here too.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(resource) {
    const value = flag(resource.attributes.iam_database_authentication_enabled);
    if (value === true) return COMPLIANT;
    if (value === 'unknown')
      return nonCompliant('iam_database_authentication_enabled is set by an expression: cannot be verified at synth.');
    return nonCompliant('iam_database_authentication_enabled is not true.');
  },
};
