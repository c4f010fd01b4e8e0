import { flag } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** Production databases cannot be deleted by a stray `terraform destroy` or a replacement. */
export const rule: PolicyRule = {
  id: 'rds-deletion-protection',
  description: 'In production, RDS DB instances and clusters have deletion protection on.',
  rationale:
    'A plan that replaces or destroys the database (a renamed construct id, a forced-new attribute) would otherwise delete production data; AWS refuses the delete while the flag is on.',
  severity: 'high',
  checkov: ['CKV_AWS_293', 'CKV_AWS_139'],
  checkovNote:
    'CKV_AWS_293 covers aws_db_instance, CKV_AWS_139 aws_rds_cluster; checkov applies them in every environment, this rule in production only.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(resource, context) {
    if (!context.isProduction) return NOT_APPLICABLE;
    const value = flag(resource.attributes.deletion_protection);
    if (value === true) return COMPLIANT;
    if (value === 'unknown')
      return nonCompliant('deletion_protection is set by an expression: cannot be verified at synth.');
    return nonCompliant('deletion_protection is not true in production.');
  },
};
