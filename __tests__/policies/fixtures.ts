/**
 * Fixtures for the rule tests: a stack as synthesized JSON (resource/data/provider sections), and the
 * evaluation of one rule on one of its resources.
 */
import { buildContext } from '../../policies/engine';
import type { Json, PolicyRule, RuleResult } from '../../policies/types';

export const REQUIRED_TAGS = ['Project', 'Environment', 'RegionRole', 'ManagedBy'];
export const PROVIDER_TAGS = {
  Project: 'genai-demo',
  Environment: 'production',
  RegionRole: 'primary',
  Region: 'Taiwan',
  ManagedBy: 'cdktf',
};

export interface Fixture {
  /** What the fixture shows, for the test name. */
  readonly name: string;
  /** `resource` section: type → logical id → attributes. */
  readonly resources: Json;
  /** `data` section. @default - none */
  readonly data?: Json;
  /** The resource under test, `type.name`. */
  readonly target: string;
  /** @default true */
  readonly production?: boolean;
  /** `provider.aws` blocks. @default - one provider with PROVIDER_TAGS as default tags */
  readonly providers?: Json[];
}

/** Runs one rule on the fixture's target resource. */
export function check(rule: PolicyRule, fixture: Fixture): RuleResult {
  const terraform = {
    resource: fixture.resources,
    data: fixture.data ?? {},
    provider: { aws: fixture.providers ?? [{ region: 'ap-east-2', default_tags: [{ tags: PROVIDER_TAGS }] }] },
  };
  const production = fixture.production ?? true;
  const context = buildContext(
    {
      stackName: 'fixture',
      terraform,
      isTaggable: (type) => !['aws_route', 'aws_iam_role_policy_attachment'].includes(type),
    },
    { environment: production ? 'production' : 'development', isProduction: production, requiredTags: REQUIRED_TAGS },
  );
  const [type, name] = fixture.target.split('.');
  const resource = context.resources.find((r) => r.type === type && r.name === name);
  if (resource === undefined) throw new Error(`fixture has no ${fixture.target}`);
  if (rule.resourceTypes !== 'all' && !rule.resourceTypes.includes(type)) return { status: 'not-applicable' };
  return rule.check(resource, context);
}
