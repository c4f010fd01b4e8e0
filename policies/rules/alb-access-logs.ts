import { blocks, flag, isSet } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Every request to the load balancer is recorded. */
export const rule: PolicyRule = {
  id: 'alb-access-logs',
  description: 'Load balancers write access logs to S3 (access_logs with a bucket and enabled = true).',
  rationale:
    'Access logs are the only per-request record of who called the API, from where, and what the load balancer answered; they are needed to investigate abuse and to analyse a failover.',
  severity: 'medium',
  checkov: ['CKV_AWS_91'],
  resourceTypes: ['aws_lb'],
  check(resource) {
    const logs = blocks(resource.attributes.access_logs)[0];
    if (logs === undefined || !isSet(logs.bucket)) return nonCompliant('no access_logs bucket.');
    // The provider defaults enabled to false, even when a bucket is given.
    return flag(logs.enabled) === true ? COMPLIANT : nonCompliant('access_logs.enabled is not true.');
  },
};
