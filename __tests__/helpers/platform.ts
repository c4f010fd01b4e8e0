/**
 * Lookups on a synthesized stack by construct path, for the regional-platform suites: find the one
 * resource at a path, and write the `${type.id.attr}` reference Terraform uses for it.
 */
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Json } from './app';

/** The construct path cdktf records for a resource (`<stack>/Platform/Network/Vpc`). */
export function pathOf(body: Json): string {
  return body['//'].metadata.path;
}

/** The one resource of `type` whose construct path ends with `suffix`, as [logical id, body]. */
export function byPath(stack: Json, type: string, suffix: string): [string, Json] {
  const found = Object.entries<Json>(stack.resource?.[type] ?? {}).filter(([, body]) => pathOf(body).endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} ${type} at a path ending with ${suffix}`);
  return found[0];
}

/** The one data source of `type` whose construct path ends with `suffix`. */
export function dataByPath(stack: Json, type: string, suffix: string): [string, Json] {
  const found = Object.entries<Json>(stack.data?.[type] ?? {}).filter(([, body]) => pathOf(body).endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} data ${type} at a path ending with ${suffix}`);
  return found[0];
}

/** `${type.logicalId.attr}`: how a reference to that resource's attribute is synthesized. */
export function ref(type: string, logicalId: string, attr: string): string {
  return `\${${type}.${logicalId}.${attr}}`;
}

/** The resource of `type` a `${type.id.attr}` reference points at. */
export function target(stack: Json, reference: string): [string, Json] {
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}$/.exec(reference);
  if (m === null) throw new Error(`not a plain reference: ${reference}`);
  const body = (m[1] ? stack.data : stack.resource)?.[m[2]]?.[m[3]];
  if (body === undefined) throw new Error(`dangling reference: ${reference}`);
  return [m[3], body];
}

/** Parses an IPv4 CIDR into [first address, last address] as numbers. */
export function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return [base, base + size - 1];
}

/** A token (or a structure of tokens) as it would be synthesized inside `scope`'s stack. */
export function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
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
