import { numeric } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** The minimum number of days production log groups keep their events. */
export const MIN_LOG_RETENTION_DAYS = 90;

/** Production logs are kept long enough to investigate an incident. */
export const rule: PolicyRule = {
  id: 'log-group-retention',
  description: `In production, CloudWatch Logs log groups keep events at least ${MIN_LOG_RETENTION_DAYS} days (0 or unset means never expire, which passes).`,
  rationale: 'An incident is often found weeks after it started; the spec keeps logs 90 days in both regions.',
  severity: 'low',
  checkov: ['CKV_AWS_338'],
  checkovNote: 'CKV_AWS_338 asks for at least 365 days, stricter than the 90 days of this rule and of the spec.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(resource, context) {
    if (!context.isProduction) return NOT_APPLICABLE;
    const days = numeric(resource.attributes.retention_in_days);
    if (days === 'unknown')
      return nonCompliant('retention_in_days is set by an expression: cannot be verified at synth.');
    if (days === undefined || days === 0) return COMPLIANT;
    return days >= MIN_LOG_RETENTION_DAYS
      ? COMPLIANT
      : nonCompliant(`retention_in_days is ${days}, below ${MIN_LOG_RETENTION_DAYS}.`);
  },
};
