import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule } from '../types';

/** The tag keys every taggable resource carries (config/derive.ts sets them as provider default tags). */
export const REQUIRED_TAG_KEYS = ['Project', 'Environment', 'RegionRole', 'ManagedBy'] as const;

/** Every taggable resource says what it belongs to. */
export const rule: PolicyRule = {
  id: 'required-tags',
  description: `Every taggable resource carries non-empty ${REQUIRED_TAG_KEYS.join(', ')} tags, from its provider default_tags or its own tags.`,
  rationale:
    'Cost allocation, incident response and the failover drill find resources by these tags; an untagged resource is invisible to all three.',
  severity: 'low',
  resourceTypes: 'all',
  check(resource, context) {
    if (!resource.taggable) return NOT_APPLICABLE;
    const missing = context.requiredTags.filter((k) => {
      const v = resource.tags[k];
      return v === undefined || v === null || String(v).trim() === '';
    });
    return missing.length === 0
      ? COMPLIANT
      : nonCompliant(
          `missing tags ${missing.join(', ')} (neither the provider's default_tags nor the resource's tags set them).`,
        );
  },
};
