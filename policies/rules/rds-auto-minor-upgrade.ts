import { flag } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Security patches of the engine are applied in the maintenance window. */
export const rule: PolicyRule = {
  id: 'rds-auto-minor-upgrade',
  description: 'RDS DB instances and Aurora cluster instances do not turn off automatic minor version upgrades.',
  rationale:
    'Minor versions carry the engine security fixes; with automatic upgrades off they are only applied when someone remembers to.',
  severity: 'low',
  checkov: ['CKV_AWS_226'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  check(resource) {
    // The provider's default is true: only an explicit false (or an unverifiable expression) fails.
    const value = flag(resource.attributes.auto_minor_version_upgrade);
    if (value === false) return nonCompliant('auto_minor_version_upgrade = false.');
    if (value === 'unknown')
      return nonCompliant('auto_minor_version_upgrade is set by an expression: cannot be verified at synth.');
    return COMPLIANT;
  },
};
