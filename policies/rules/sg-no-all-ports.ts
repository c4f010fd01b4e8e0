import { INGRESS_TYPES, ingressRules } from '../lib/security-groups';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

const MAX_PORT = 65535;

/** Ingress names the ports it needs. */
export const rule: PolicyRule = {
  id: 'sg-no-all-ports',
  description:
    'Security group ingress rules never open all protocols (-1) or the whole 0-65535 port range, whatever the source. Egress is not checked.',
  rationale:
    'An all-ports rule admits every service a host runs, present and future; least privilege means naming the ports the tier actually serves.',
  severity: 'medium',
  resourceTypes: INGRESS_TYPES,
  check(resource) {
    const rules = ingressRules(resource);
    if (rules.length === 0) return NOT_APPLICABLE;
    const wide = rules.filter(
      (r) =>
        r.protocol === '-1' ||
        (r.fromPort === 0 && r.toPort === MAX_PORT) ||
        r.fromPort === 'unknown' ||
        r.toPort === 'unknown',
    );
    if (wide.length === 0) return COMPLIANT;
    return nonCompliant(
      `ingress on ${wide.map((r) => (r.protocol === '-1' ? 'all protocols' : `${r.protocol} ${r.fromPort}-${r.toPort}`)).join(', ')}.`,
    );
  },
};
