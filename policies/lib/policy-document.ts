/**
 * IAM policy documents in the forms the stacks synthesize them: a `data.aws_iam_policy_document`
 * reference, or a literal JSON string (JSON.stringify, possibly holding `${...}` references). A
 * `jsonencode(...)` expression cannot be read at synth and is reported as such.
 */
import type { Json, PolicyContext } from '../types';
import { blocks, strings } from './values';

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Principal identifiers (`*` for anyone); empty for identity policies. */
  readonly principals: readonly string[];
  readonly conditions: readonly PolicyCondition[];
}

/** The statements of a policy, or `undefined` when the document cannot be read at synth. */
export type ParsedPolicy = { readonly statements: readonly PolicyStatement[] } | undefined;

function fromDataSource(attributes: Json): PolicyStatement[] {
  return blocks(attributes.statement).map((s) => ({
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: blocks(s.principals).flatMap((p) => strings(p.identifiers)),
    conditions: blocks(s.condition).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: strings(c.values),
    })),
  }));
}

function principalIds(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal];
  if (principal !== null && typeof principal === 'object') return Object.values(principal as Json).flatMap(strings);
  return [];
}

function fromJson(doc: Json): PolicyStatement[] {
  const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement !== undefined ? [doc.Statement] : [];
  return list.map((s: Json) => ({
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: principalIds(s.Principal),
    conditions: Object.entries<Json>(s.Condition ?? {}).flatMap(([test, vars]) =>
      Object.entries(vars).map(([variable, values]) => ({ test, variable, values: strings(values) })),
    ),
  }));
}

/** Reads a `policy` attribute value in the context of its stack. */
export function parsePolicy(value: unknown, context: PolicyContext): ParsedPolicy {
  if (typeof value !== 'string') return undefined;
  const whole = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(value.trim());
  if (whole) {
    const doc = context.resolve(value);
    if (doc === undefined || doc.type !== 'aws_iam_policy_document') return undefined;
    // Statements merged in from other documents cannot be read here.
    if (
      doc.attributes.source_policy_documents !== undefined ||
      doc.attributes.override_policy_documents !== undefined
    ) {
      return undefined;
    }
    return { statements: fromDataSource(doc.attributes) };
  }
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    return { statements: fromJson(parsed as Json) };
  } catch {
    return undefined;
  }
}

/** True when `pattern` (an IAM action or resource with `*` wildcards) is a full wildcard. */
export function isWildcard(pattern: string): boolean {
  return pattern === '*' || pattern === '*:*';
}
