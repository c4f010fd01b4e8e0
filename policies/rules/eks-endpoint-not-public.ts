import { ANYWHERE_V4, ANYWHERE_V6, blocks, flag, strings } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** The Kubernetes API is not reachable from the whole internet. */
export const rule: PolicyRule = {
  id: 'eks-endpoint-not-public',
  description:
    'EKS clusters either disable the public API endpoint or restrict public_access_cidrs to ranges other than 0.0.0.0/0.',
  rationale:
    'The public endpoint defaults to 0.0.0.0/0: anyone can probe the API server and try stolen credentials. Private access from the VPC, or a short allow-list, removes that exposure.',
  severity: 'high',
  checkov: ['CKV_AWS_39', 'CKV_AWS_38'],
  checkovNote:
    'CKV_AWS_39 requires the public endpoint off, CKV_AWS_38 only that it is not open to 0.0.0.0/0; this rule accepts either.',
  resourceTypes: ['aws_eks_cluster'],
  check(resource) {
    const vpc = blocks(resource.attributes.vpc_config)[0] ?? {};
    const publicAccess = flag(vpc.endpoint_public_access);
    if (publicAccess === false) return COMPLIANT;
    if (publicAccess === 'unknown')
      return nonCompliant('endpoint_public_access is set by an expression: cannot be verified at synth.');
    // Absent means true (the provider default), and absent CIDRs mean 0.0.0.0/0.
    const cidrs = strings(vpc.public_access_cidrs);
    if (cidrs.length === 0) return nonCompliant('public endpoint on with the default public_access_cidrs (0.0.0.0/0).');
    const open = cidrs.filter((c) => c === ANYWHERE_V4 || c === ANYWHERE_V6);
    return open.length === 0 ? COMPLIANT : nonCompliant(`public endpoint open to ${open.join(', ')}.`);
  },
};
