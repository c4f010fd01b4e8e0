import { flag } from '../lib/values';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** Symmetric customer managed keys rotate their key material. */
export const rule: PolicyRule = {
  id: 'kms-key-rotation',
  description:
    'Symmetric KMS keys have automatic key rotation enabled (asymmetric and HMAC keys cannot rotate and are not checked).',
  rationale:
    'Rotation limits how much data one key version protects; AWS keeps the old versions, so nothing has to be re-encrypted.',
  severity: 'medium',
  checkov: ['CKV_AWS_7'],
  resourceTypes: ['aws_kms_key'],
  check(resource) {
    const spec = resource.attributes.customer_master_key_spec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NOT_APPLICABLE;
    const value = flag(resource.attributes.enable_key_rotation);
    if (value === true) return COMPLIANT;
    if (value === 'unknown')
      return nonCompliant('enable_key_rotation is set by an expression: cannot be verified at synth.');
    return nonCompliant('enable_key_rotation is not true.');
  },
};
