import { blocks } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** Plain HTTP only ever answers with a redirect to HTTPS. */
export const rule: PolicyRule = {
  id: 'alb-http-redirects',
  description: 'HTTP listeners have a single default action, a redirect to HTTPS, and no listener rules of their own.',
  rationale:
    'Serving content over HTTP leaks cookies and tokens and allows tampering; a redirect keeps old links working while every exchange happens over TLS.',
  severity: 'high',
  checkov: ['CKV_AWS_2'],
  checkovNote:
    'CKV_AWS_2 passes an HTTP listener whose first default action redirects to HTTPS; it does not look at listener rules.',
  resourceTypes: ['aws_lb_listener'],
  check(listener, context) {
    const protocol = listener.attributes.protocol ?? (listener.attributes.port === 80 ? 'HTTP' : undefined);
    if (protocol !== 'HTTP') return NOT_APPLICABLE;
    const actions = blocks(listener.attributes.default_action);
    const redirects =
      actions.length > 0 &&
      actions.every((a) => a.type === 'redirect' && blocks(a.redirect).some((r) => r.protocol === 'HTTPS'));
    if (!redirects) return nonCompliant('default_action is not a redirect to HTTPS.');
    const rules = context.referencing(listener, 'aws_lb_listener_rule', 'listener_arn');
    const serving = rules.filter(
      (r) =>
        !blocks(r.attributes.action).every(
          (a) => a.type === 'redirect' && blocks(a.redirect).some((x) => x.protocol === 'HTTPS'),
        ),
    );
    return serving.length === 0
      ? COMPLIANT
      : nonCompliant(`listener rules ${serving.map((r) => r.path).join(', ')} serve over HTTP.`);
  },
};
