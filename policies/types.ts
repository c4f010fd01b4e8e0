/**
 * The contract between the rule engine and the rules: what a rule sees (one synthesized resource and
 * its stack) and what it answers. Rules are pure functions of these values.
 */

/** A JSON object as synthesized into cdk.tf.json (snake_case keys). */
// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped; readers index it freely
export type Json = Record<string, any>;

/** How much a finding matters; in production every non-compliance fails the synth whatever its severity. */
export type Severity = 'high' | 'medium' | 'low';

/** One resource (or data source) of a stack, as Terraform will receive it. */
export interface PolicyResource {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id in the stack (the key under `resource.<type>`). */
  readonly name: string;
  /** Construct path, e.g. `genai-demo-production-primary/Network/Vpc`. */
  readonly path: string;
  /** Synthesized attributes with references resolved to `${type.name.attr}` expressions. */
  readonly attributes: Json;
  /** Whether the resource type accepts `tags` (so provider default tags reach it). */
  readonly taggable: boolean;
  /** Effective tags: the provider's `default_tags` overlaid with the resource's own `tags`. */
  readonly tags: Readonly<Record<string, string>>;
  /** True for a data source (`data.<type>.<name>`). */
  readonly isData: boolean;
}

/** The stack a resource belongs to, for rules that relate resources or depend on the environment. */
export interface PolicyContext {
  /** Stack name (one Terraform state). */
  readonly stackName: string;
  /** `genai-demo:environment`. */
  readonly environment: string;
  /** True in production: production-only rules apply. */
  readonly isProduction: boolean;
  /** Tag keys every taggable resource must carry. */
  readonly requiredTags: readonly string[];
  /** Every managed resource of the stack. */
  readonly resources: readonly PolicyResource[];
  /** Every data source of the stack. */
  readonly dataSources: readonly PolicyResource[];
  /** Resources of one type. */
  ofType(type: string): PolicyResource[];
  /** The resource or data source a `${type.name.attr}` expression points at, if it is in this stack. */
  resolve(expression: unknown): PolicyResource | undefined;
  /** Resources of `type` whose `attribute` refers to `target` (e.g. the versioning resources of a bucket). */
  referencing(target: PolicyResource, type: string, attribute: string): PolicyResource[];
}

/** What a rule answers for one resource. */
export type RuleResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly message: string };

/** One rule: a file under policies/rules/. */
export interface PolicyRule {
  /** Stable id used in findings and suppressions, e.g. `s3-versioning`. */
  readonly id: string;
  /** What the rule checks, one sentence. */
  readonly description: string;
  /** Why it matters, one or two sentences. */
  readonly rationale: string;
  readonly severity: Severity;
  /** Checkov checks covering the same thing, for cross-reference. @default - none known */
  readonly checkov?: readonly string[];
  /** How the checkov checks differ, when they do. @default - they check the same thing */
  readonly checkovNote?: string;
  /** Resource types the rule looks at; other resources are not-applicable without calling `check`. */
  readonly resourceTypes: readonly string[] | 'all';
  /** Pure check of one resource. */
  check(resource: PolicyResource, context: PolicyContext): RuleResult;
}

export const COMPLIANT: RuleResult = { status: 'compliant' };
export const NOT_APPLICABLE: RuleResult = { status: 'not-applicable' };

/** A non-compliant result with the reason shown to the user. */
export function nonCompliant(message: string): RuleResult {
  return { status: 'non-compliant', message };
}
