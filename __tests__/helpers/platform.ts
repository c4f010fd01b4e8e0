/**
 * The regional platform (network, security groups, EKS, logs key) as the region stacks must hold it:
 * its resource counts, for the primary and DR stack suites. The finders are in terraform.ts.
 */
import { pathOf, type Json } from './terraform';

/** Resource counts per type of the regional platform (network, security groups, EKS, logs key). */
export const PLATFORM_RESOURCE_COUNTS: Readonly<Record<string, number>> = {
  aws_vpc: 1,
  aws_default_security_group: 1,
  aws_subnet: 9,
  aws_internet_gateway: 1,
  aws_eip: 3,
  aws_nat_gateway: 3,
  aws_route_table: 7,
  aws_route: 4,
  aws_route_table_association: 9,
  aws_flow_log: 1,
  aws_cloudwatch_log_group: 2,
  aws_iam_role: 3,
  aws_iam_role_policy: 1,
  aws_iam_role_policy_attachment: 4,
  aws_iam_openid_connect_provider: 1,
  aws_kms_key: 2,
  aws_kms_alias: 2,
  aws_security_group: 4,
  aws_vpc_security_group_ingress_rule: 7,
  aws_vpc_security_group_egress_rule: 7,
  aws_eks_cluster: 1,
  aws_launch_template: 1,
  aws_eks_node_group: 1,
};

/** Counts of the resources under the stack's `Platform` construct, by type. */
export function platformCounts(stack: Json): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byId] of Object.entries<Json>(stack.resource)) {
    const n = Object.values<Json>(byId).filter((r) => pathOf(r).split('/')[1] === 'Platform').length;
    if (n > 0) counts[type] = n;
  }
  return counts;
}
