import { identityPolicies, IDENTITY_POLICY_TYPES } from '../lib/iam';
import { isWildcard } from '../lib/policy-document';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** Actions that amount to administrator access when granted inline. */
const ADMIN_ACTIONS = ['iam:*', 'sts:*', 'kms:*', 'organizations:*'];

/** Inline policies stay narrow: no wildcard or IAM-administration grants hidden inside one identity. */
export const rule: PolicyRule = {
  id: 'iam-no-inline-admin',
  description: `Inline policies (aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role inline_policy) never Allow "*" or ${ADMIN_ACTIONS.join(', ')}, on any resource.`,
  rationale:
    'Inline policies are invisible in the list of managed policies and cannot be reviewed or reused; admin-level grants there (every action, or the power to rewrite IAM, assume any role, or use any key) escape review.',
  severity: 'high',
  resourceTypes: Object.keys(IDENTITY_POLICY_TYPES).filter((t) => IDENTITY_POLICY_TYPES[t].inline),
  check(resource, context) {
    const policies = identityPolicies(resource, context);
    if (policies.length === 0) return NOT_APPLICABLE;
    for (const { label, policy } of policies) {
      if (policy === undefined)
        return nonCompliant(`${label} cannot be read at synth (use a DataAwsIamPolicyDocument or JSON.stringify).`);
      const grants = policy.statements
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => s.actions.filter((a) => isWildcard(a) || ADMIN_ACTIONS.includes(a.toLowerCase())));
      if (grants.length > 0) return nonCompliant(`${label} allows ${[...new Set(grants)].join(', ')}.`);
    }
    return COMPLIANT;
  },
};
