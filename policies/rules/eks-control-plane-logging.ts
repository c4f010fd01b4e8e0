import { strings } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Every control-plane log type EKS can send to CloudWatch Logs. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The Kubernetes control plane logs to CloudWatch. */
export const rule: PolicyRule = {
  id: 'eks-control-plane-logging',
  description: `EKS clusters send all control-plane log types to CloudWatch Logs (${EKS_LOG_TYPES.join(', ')}).`,
  rationale:
    'The audit and authenticator logs are the only record of who did what inside the cluster; without them an incident cannot be reconstructed.',
  severity: 'medium',
  checkov: ['CKV_AWS_37'],
  resourceTypes: ['aws_eks_cluster'],
  check(resource) {
    const enabled = strings(resource.attributes.enabled_cluster_log_types);
    const missing = EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
    return missing.length === 0 ? COMPLIANT : nonCompliant(`enabled_cluster_log_types lacks ${missing.join(', ')}.`);
  },
};
