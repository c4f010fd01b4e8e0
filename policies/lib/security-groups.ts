/**
 * Security group ingress in its three Terraform forms (inline `ingress` blocks, aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule), normalized to one shape.
 */
import type { PolicyContext, PolicyResource } from '../types';
import { blocks, numeric, strings } from './values';

export interface IngressRule {
  /** `-1` for all protocols. */
  readonly protocol: string;
  readonly fromPort: number | 'unknown' | undefined;
  readonly toPort: number | 'unknown' | undefined;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  /** The security group the rule admits traffic into (a reference expression or an id). */
  readonly groupExpression: unknown;
}

function protocolOf(value: unknown): string {
  const p = String(value ?? '').toLowerCase();
  return p === 'all' || p === '-1' ? '-1' : p;
}

/** The ingress rules a resource declares (none for other resource types). */
export function ingressRules(resource: PolicyResource): IngressRule[] {
  const a = resource.attributes;
  switch (resource.type) {
    case 'aws_security_group':
      return blocks(a.ingress).map((r) => ({
        protocol: protocolOf(r.protocol),
        fromPort: numeric(r.from_port),
        toPort: numeric(r.to_port),
        ipv4: strings(r.cidr_blocks),
        ipv6: strings(r.ipv6_cidr_blocks),
        groupExpression: `\${${resource.type}.${resource.name}.id}`,
      }));
    case 'aws_security_group_rule':
      if (a.type !== 'ingress') return [];
      return [
        {
          protocol: protocolOf(a.protocol),
          fromPort: numeric(a.from_port),
          toPort: numeric(a.to_port),
          ipv4: strings(a.cidr_blocks),
          ipv6: strings(a.ipv6_cidr_blocks),
          groupExpression: a.security_group_id,
        },
      ];
    case 'aws_vpc_security_group_ingress_rule':
      return [
        {
          protocol: protocolOf(a.ip_protocol),
          fromPort: numeric(a.from_port),
          toPort: numeric(a.to_port),
          ipv4: strings(a.cidr_ipv4),
          ipv6: strings(a.cidr_ipv6),
          groupExpression: a.security_group_id,
        },
      ];
    default:
      return [];
  }
}

export const INGRESS_TYPES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

/** True when the security group the expression points at is attached to an application load balancer of the stack. */
export function isLoadBalancerGroup(groupExpression: unknown, context: PolicyContext): boolean {
  const group = context.resolve(groupExpression);
  if (group === undefined || group.type !== 'aws_security_group') return false;
  return context
    .ofType('aws_lb')
    .filter((lb) => (lb.attributes.load_balancer_type ?? 'application') === 'application')
    .some((lb) =>
      strings(lb.attributes.security_groups).some((sg) => {
        const ref = context.resolve(sg);
        return ref !== undefined && ref.type === group.type && ref.name === group.name;
      }),
    );
}
