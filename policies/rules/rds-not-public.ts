import { flag } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** No database answers on a public IP. */
export const rule: PolicyRule = {
  id: 'rds-not-public',
  description: 'RDS DB instances (and Aurora cluster instances) are not publicly accessible.',
  rationale:
    'A publicly accessible database gets a public DNS name and IP: only its security group stands between it and the internet. The data tier lives in isolated subnets.',
  severity: 'high',
  checkov: ['CKV_AWS_17'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  check(resource) {
    const value = flag(resource.attributes.publicly_accessible);
    if (value === true) return nonCompliant('publicly_accessible = true.');
    if (value === 'unknown')
      return nonCompliant('publicly_accessible is set by an expression: cannot be verified at synth.');
    return COMPLIANT;
  },
};
