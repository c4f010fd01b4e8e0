import { blocks } from '../lib/values';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../types';

/** Instances and EKS nodes accept only session-token (v2) instance metadata requests. */
export const rule: PolicyRule = {
  id: 'imdsv2-required',
  description:
    'Launch templates and instances set metadata_options.http_tokens = "required"; EKS node groups launch from such a template of the stack.',
  rationale:
    'IMDSv1 answers any GET, so one server-side request forgery in a pod hands out the node role credentials; IMDSv2 needs a PUT-issued token first.',
  severity: 'high',
  checkov: ['CKV_AWS_79'],
  checkovNote:
    'CKV_AWS_79 checks aws_instance and aws_launch_template; node groups are related to their template here.',
  resourceTypes: ['aws_launch_template', 'aws_instance', 'aws_eks_node_group'],
  check(resource, context) {
    if (resource.type !== 'aws_eks_node_group') {
      const tokens = blocks(resource.attributes.metadata_options)[0]?.http_tokens;
      return tokens === 'required'
        ? COMPLIANT
        : nonCompliant(
            `metadata_options.http_tokens is ${tokens === undefined ? 'not set (IMDSv1 allowed)' : JSON.stringify(tokens)}, not "required".`,
          );
    }
    const lt = blocks(resource.attributes.launch_template)[0];
    if (lt === undefined)
      return nonCompliant(
        'no launch_template: nodes get the EKS default metadata options, which this rule cannot verify.',
      );
    const template = context.resolve(lt.id ?? lt.name);
    if (template === undefined || template.type !== 'aws_launch_template') {
      return nonCompliant('launch_template does not refer to an aws_launch_template of this stack.');
    }
    const tokens = blocks(template.attributes.metadata_options)[0]?.http_tokens;
    return tokens === 'required'
      ? COMPLIANT
      : nonCompliant(`its launch template ${template.path} does not require IMDSv2.`);
  },
};
