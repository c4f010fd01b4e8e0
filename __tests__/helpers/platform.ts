/**
 * The regional platform (network, security groups, EKS, logs key): one region's platform alone on a bare
 * stack, for the component suites, and its resource counts, for the region stack suites. The finders are
 * in terraform.ts.
 */
import { regionalProvider } from '../../components/aws-provider';
import { RegionalPlatform } from '../../components/regional-platform';
import type { AppConfig, RegionDeployment } from '../../config';
import { pathOf, synthJsonWithPaths, type Json } from './terraform';

/** The config's deployment of one region; fails when the config deploys none there. */
export function deploymentOf(config: AppConfig, role: 'primary' | 'dr'): RegionDeployment {
  const deployment = config[role];
  if (deployment === undefined)
    throw new Error(`the config deploys no ${role} region (genai-demo:multi-region.enable-dr)`);
  return deployment;
}

/**
 * One region's platform as its region stack builds it (construct id `Platform`, so construct paths end as
 * in the app), alone on a bare stack with the region's provider.
 */
export function synthPlatform(config: AppConfig, role: 'primary' | 'dr'): Json {
  const deployment = deploymentOf(config, role);
  return synthJsonWithPaths((stack) => {
    regionalProvider(stack, 'Aws', { region: deployment.region, tags: deployment.tags });
    new RegionalPlatform(stack, 'Platform', { deployment });
  }, `${deployment.namePrefix}-platform`);
}

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
