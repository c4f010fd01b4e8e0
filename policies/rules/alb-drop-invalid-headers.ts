import { flag } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** The load balancer removes malformed HTTP headers before they reach the application. */
export const rule: PolicyRule = {
  id: 'alb-drop-invalid-headers',
  description: 'Application load balancers have drop_invalid_header_fields = true.',
  rationale:
    'Header names that are not valid HTTP are a vehicle for request smuggling and header-injection attacks on the servers behind the load balancer.',
  severity: 'medium',
  checkov: ['CKV_AWS_131'],
  resourceTypes: ['aws_lb'],
  check(resource) {
    if ((resource.attributes.load_balancer_type ?? 'application') !== 'application') return NOT_APPLICABLE;
    return flag(resource.attributes.drop_invalid_header_fields) === true
      ? COMPLIANT
      : nonCompliant('drop_invalid_header_fields is not true.');
  },
};
