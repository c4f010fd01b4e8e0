import { identityPolicies, IDENTITY_POLICY_TYPES } from '../lib/iam';
import { isWildcard } from '../lib/policy-document';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** No policy grants every action on every resource. */
export const rule: PolicyRule = {
  id: 'iam-no-star-on-star',
  description: 'No IAM policy (managed or inline) has an Allow statement with Action "*" on Resource "*".',
  rationale:
    '"*" on "*" is full administrator access: a leaked credential of that identity owns the account, including the audit trail and the state buckets.',
  severity: 'high',
  checkov: ['CKV_AWS_62', 'CKV_AWS_1'],
  checkovNote:
    'CKV_AWS_62 covers the policy resources, CKV_AWS_1 aws_iam_policy_document data sources; this rule reads both through the resource that uses them.',
  resourceTypes: Object.keys(IDENTITY_POLICY_TYPES),
  check(resource, context) {
    const policies = identityPolicies(resource, context);
    if (policies.length === 0) return NOT_APPLICABLE;
    for (const { label, policy } of policies) {
      if (policy === undefined)
        return nonCompliant(`${label} cannot be read at synth (use a DataAwsIamPolicyDocument or JSON.stringify).`);
      const admin = policy.statements.some(
        (s) => s.effect === 'Allow' && s.actions.some(isWildcard) && s.resources.some((r) => r === '*'),
      );
      if (admin) return nonCompliant(`${label} allows "*" on "*".`);
    }
    return COMPLIANT;
  },
};
