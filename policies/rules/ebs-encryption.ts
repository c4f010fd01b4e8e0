import { blocks, flag } from '../lib/values';
import {
  COMPLIANT,
  NOT_APPLICABLE,
  nonCompliant,
  type PolicyContext,
  type PolicyResource,
  type PolicyRule,
} from '../types';

/** True when the stack turns on account-level EBS encryption by default for the resource's provider. */
function encryptedByDefault(resource: PolicyResource, context: PolicyContext): boolean {
  return context
    .ofType('aws_ebs_encryption_by_default')
    .some((d) => flag(d.attributes.enabled) !== false && d.attributes.provider === resource.attributes.provider);
}

/** Volumes and the volumes of launched nodes are encrypted. */
export const rule: PolicyRule = {
  id: 'ebs-encryption',
  description:
    'EBS volumes are encrypted, and so are the block device mappings of launch templates (or the stack turns on EBS encryption by default in that region).',
  rationale:
    'Node root volumes hold container images, logs and whatever pods write to disk; encryption at rest also covers their snapshots.',
  severity: 'high',
  checkov: ['CKV_AWS_3'],
  checkovNote: 'CKV_AWS_3 covers aws_ebs_volume; launch template volumes are checked here too.',
  resourceTypes: ['aws_ebs_volume', 'aws_launch_template'],
  check(resource, context) {
    if (resource.type === 'aws_ebs_volume') {
      if (flag(resource.attributes.encrypted) === true || encryptedByDefault(resource, context)) return COMPLIANT;
      return nonCompliant('encrypted is not true.');
    }
    const mappings = blocks(resource.attributes.block_device_mappings).filter((m) => blocks(m.ebs).length > 0);
    if (encryptedByDefault(resource, context)) return COMPLIANT;
    if (mappings.length === 0) {
      return resource.attributes.image_id === undefined &&
        resource.attributes.instance_type === undefined &&
        !usedByNodeGroup(resource, context)
        ? NOT_APPLICABLE
        : nonCompliant(
            'no block_device_mappings with ebs.encrypted = "true": the AMI default volume is used unencrypted.',
          );
    }
    const plain = mappings.filter((m) => !blocks(m.ebs).every((e) => flag(e.encrypted) === true));
    return plain.length === 0
      ? COMPLIANT
      : nonCompliant(`block device ${plain.map((m) => m.device_name).join(', ')} without ebs.encrypted = "true".`);
  },
};

function usedByNodeGroup(template: PolicyResource, context: PolicyContext): boolean {
  return context.ofType('aws_eks_node_group').some((g) =>
    blocks(g.attributes.launch_template).some((lt) => {
      const ref = context.resolve(lt.id ?? lt.name);
      return ref !== undefined && ref.type === template.type && ref.name === template.name;
    }),
  );
}
