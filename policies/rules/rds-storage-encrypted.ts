import { flag, isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** RDS instances and Aurora clusters encrypt their storage (and so their snapshots and replicas). */
export const rule: PolicyRule = {
  id: 'rds-storage-encrypted',
  description:
    'RDS DB instances and clusters have storage encryption on (a cross-region read replica: a KMS key of its region).',
  rationale:
    'Unencrypted storage exposes the data, its automated backups, snapshots and replicas; encryption cannot be turned on later without a snapshot-restore.',
  severity: 'high',
  checkov: ['CKV_AWS_16'],
  checkovNote: 'CKV_AWS_16 covers aws_db_instance; aws_rds_cluster is checked here too.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(resource) {
    const a = resource.attributes;
    const encrypted = flag(a.storage_encrypted);
    if (encrypted === true) return COMPLIANT;
    // A cross-region replica ignores storage_encrypted: it is encrypted when it names a key of its region.
    if (isSet(a.replicate_source_db) && isSet(a.kms_key_id)) return COMPLIANT;
    if (encrypted === 'unknown')
      return nonCompliant('storage_encrypted is set by an expression: cannot be verified at synth.');
    return nonCompliant(
      isSet(a.replicate_source_db)
        ? 'read replica without storage_encrypted = true or a kms_key_id of its region.'
        : 'storage_encrypted is not true.',
    );
  },
};
