import { INGRESS_TYPES, ingressRules, isLoadBalancerGroup, type IngressRule } from '../lib/security-groups';
import { ANYWHERE_V4, ANYWHERE_V6 } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** The only ports the internet may reach, and only on an application load balancer. */
export const PUBLIC_LOAD_BALANCER_PORTS = [80, 443] as const;

function isPublicWebPort(rule: IngressRule): boolean {
  return (
    rule.protocol === 'tcp' &&
    rule.fromPort === rule.toPort &&
    PUBLIC_LOAD_BALANCER_PORTS.some((p) => p === rule.fromPort)
  );
}

/** Nothing but the load balancer's HTTP(S) listeners is open to the internet. */
export const rule: PolicyRule = {
  id: 'sg-no-open-ingress',
  description:
    'Security group ingress from 0.0.0.0/0 or ::/0 is allowed only on TCP 80 and 443 of a security group attached to an application load balancer.',
  rationale:
    'Nodes, databases and endpoints are reached through the load balancer or from inside the VPC; any other internet-facing port is attack surface the design does not need.',
  severity: 'high',
  resourceTypes: INGRESS_TYPES,
  check(resource, context) {
    const rules = ingressRules(resource);
    if (rules.length === 0) return NOT_APPLICABLE;
    const open = rules.filter((r) => r.ipv4.includes(ANYWHERE_V4) || r.ipv6.includes(ANYWHERE_V6));
    const bad = open.filter((r) => !(isPublicWebPort(r) && isLoadBalancerGroup(r.groupExpression, context)));
    if (bad.length === 0) return COMPLIANT;
    const describe = (r: IngressRule) =>
      `${r.protocol === '-1' ? 'all protocols' : `${r.protocol} ${r.fromPort}-${r.toPort}`}`;
    return nonCompliant(
      `ingress from the internet on ${bad.map(describe).join(', ')} (only TCP 80/443 of an application load balancer may be open).`,
    );
  },
};
