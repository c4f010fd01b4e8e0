/** The IAM policy documents a resource carries, with where each comes from. */
import type { PolicyContext, PolicyResource } from '../types';
import { parsePolicy, type ParsedPolicy } from './policy-document';
import { blocks } from './values';

/** Resource types holding identity policies, and whether the policy is inline (embedded in one identity). */
export const IDENTITY_POLICY_TYPES: Readonly<Record<string, { inline: boolean }>> = {
  aws_iam_policy: { inline: false },
  aws_iam_role_policy: { inline: true },
  aws_iam_user_policy: { inline: true },
  aws_iam_group_policy: { inline: true },
  aws_iam_role: { inline: true },
};

export interface NamedPolicy {
  readonly label: string;
  readonly policy: ParsedPolicy;
}

/** Identity policies of a resource: its `policy`, or a role's `inline_policy` blocks. */
export function identityPolicies(resource: PolicyResource, context: PolicyContext): NamedPolicy[] {
  if (resource.type === 'aws_iam_role') {
    return blocks(resource.attributes.inline_policy)
      .filter((p) => p.policy !== undefined)
      .map((p) => ({ label: `inline_policy ${p.name ?? ''}`.trim(), policy: parsePolicy(p.policy, context) }));
  }
  return resource.attributes.policy === undefined
    ? []
    : [{ label: 'policy', policy: parsePolicy(resource.attributes.policy, context) }];
}
