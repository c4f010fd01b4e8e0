import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/**
 * ELB security policies whose minimum protocol is TLS 1.2 or 1.3: the TLS13-1-2 / TLS13-1-3 families
 * (including FIPS, PQ and Ext variants), TLS-1-2 and FS-1-2. TLS13-1-0/1-1, TLS-1-1, FS-2018-06 and the
 * 2015/2016 policies admit TLS 1.0 or 1.1 and fail.
 */
const TLS12_OR_NEWER = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** HTTPS listeners refuse TLS 1.0 and 1.1. */
export const rule: PolicyRule = {
  id: 'alb-tls-policy',
  description:
    'HTTPS and TLS listeners use an ELB security policy whose minimum version is TLS 1.2 (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06).',
  rationale:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996) and the API default policy ELBSecurityPolicy-2016-08 still accepts them.',
  severity: 'high',
  checkov: ['CKV_AWS_103'],
  resourceTypes: ['aws_lb_listener'],
  check(resource) {
    const protocol = resource.attributes.protocol;
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return NOT_APPLICABLE;
    const policy = resource.attributes.ssl_policy;
    if (policy === undefined)
      return nonCompliant('ssl_policy is not set: the API default ELBSecurityPolicy-2016-08 allows TLS 1.0.');
    return typeof policy === 'string' && TLS12_OR_NEWER.test(policy)
      ? COMPLIANT
      : nonCompliant(`ssl_policy ${JSON.stringify(policy)} allows TLS below 1.2.`);
  },
};
