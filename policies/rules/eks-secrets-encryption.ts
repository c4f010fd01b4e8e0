import { blocks, isSet, strings } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Kubernetes secrets are envelope-encrypted with a customer managed key. */
export const rule: PolicyRule = {
  id: 'eks-secrets-encryption',
  description:
    'EKS clusters encrypt Kubernetes secrets with a KMS key (encryption_config with resources ["secrets"] and provider.key_arn).',
  rationale:
    'Envelope encryption protects secrets in etcd with a key the account controls and audits; it cannot be removed once enabled.',
  severity: 'high',
  checkov: ['CKV_AWS_58'],
  resourceTypes: ['aws_eks_cluster'],
  check(resource) {
    const configs = blocks(resource.attributes.encryption_config);
    const ok = configs.some(
      (c) => strings(c.resources).includes('secrets') && blocks(c.provider).some((p) => isSet(p.key_arn)),
    );
    return ok ? COMPLIANT : nonCompliant('no encryption_config for "secrets" with a provider key_arn.');
  },
};
