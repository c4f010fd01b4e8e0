import { numeric } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** The minimum number of days of automated backups in production. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** Production databases keep at least a week of point-in-time recovery. */
export const rule: PolicyRule = {
  id: 'rds-backup-retention',
  description: `In production, RDS DB instances (read replicas included) and clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days.`,
  rationale:
    'Point-in-time recovery is the answer to logical corruption, which replication copies faithfully to the DR region; a promoted replica needs its own backups from the moment it becomes the primary.',
  severity: 'high',
  checkov: ['CKV_AWS_133'],
  checkovNote: 'CKV_AWS_133 only asks for a retention above 0 days.',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(resource, context) {
    if (!context.isProduction) return NOT_APPLICABLE;
    const days = numeric(resource.attributes.backup_retention_period);
    if (days === 'unknown')
      return nonCompliant('backup_retention_period is set by an expression: cannot be verified at synth.');
    // Absent: the RDS API default is 1 day (0 for a read replica), far below the minimum.
    if (days === undefined)
      return nonCompliant(`backup_retention_period is not set; set at least ${MIN_BACKUP_RETENTION_DAYS} days.`);
    return days >= MIN_BACKUP_RETENTION_DAYS
      ? COMPLIANT
      : nonCompliant(`backup_retention_period is ${days} days, below ${MIN_BACKUP_RETENTION_DAYS}.`);
  },
};
