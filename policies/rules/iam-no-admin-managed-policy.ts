import { strings } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** AWS managed policies that grant full administration of the account or of IAM. */
const ADMIN_POLICIES = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;

/** No identity gets the AWS administrator policies. */
export const rule: PolicyRule = {
  id: 'iam-no-admin-managed-policy',
  description: 'No role, user or group has the AWS managed AdministratorAccess or IAMFullAccess policy attached.',
  rationale:
    'These policies grant everything (or the power to grant oneself everything); each workload role gets the AWS service policies it needs instead.',
  severity: 'high',
  checkov: ['CKV_AWS_274'],
  checkovNote: 'CKV_AWS_274 covers AdministratorAccess only; IAMFullAccess is CKV2_AWS_56.',
  resourceTypes: [
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_role',
  ],
  check(resource) {
    const arns =
      resource.type === 'aws_iam_role'
        ? strings(resource.attributes.managed_policy_arns)
        : strings(resource.attributes.policy_arn);
    const admin = arns.filter((a) => ADMIN_POLICIES.test(a));
    return admin.length === 0 ? COMPLIANT : nonCompliant(`attaches ${admin.join(', ')}.`);
  },
};
