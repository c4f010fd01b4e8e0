/**
 * Runs rules over one synthesized stack (its cdk.tf.json as produced by `stack.toTerraform()`), with
 * no dependency on constructs: the aspect feeds it real stacks, the tests feed it fixtures.
 */
import { blocks } from './lib/values';
import type { Json, PolicyContext, PolicyResource, PolicyRule, Severity } from './types';

/** A written exemption from one rule for one resource (or a whole construct subtree). */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path the suppression was attached to. */
  readonly scopePath: string;
}

/** One evaluation that did not pass, suppressed or not. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stackName: string;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly path: string;
  readonly message: string;
  /** The suppression that exempts it, if any. */
  readonly suppression?: Suppression;
}

/** A finding a suppression exempts. */
export type SuppressedFinding = Finding & { readonly suppression: Suppression };

export function isSuppressed(f: Finding): f is SuppressedFinding {
  return f.suppression !== undefined;
}

export interface StackInput {
  readonly stackName: string;
  /** The stack's Terraform JSON (resource, data, provider blocks). */
  readonly terraform: Json;
  /** Whether a resource type takes `tags`. @default - a resource is taggable when it has a `tags` attribute */
  readonly isTaggable?: (type: string, name: string) => boolean;
  /** Suppressions that apply to a construct path (attached to it or to an ancestor). @default - none */
  readonly suppressionsFor?: (path: string) => readonly Suppression[];
}

export interface EngineOptions {
  readonly environment: string;
  readonly isProduction: boolean;
  readonly requiredTags: readonly string[];
  readonly rules: readonly PolicyRule[];
}

export interface StackEvaluation {
  readonly stackName: string;
  readonly findings: readonly Finding[];
  /** How many (rule, resource) pairs were evaluated as compliant. */
  readonly compliant: number;
  /** Suppressions that exempted at least one finding here. */
  readonly usedSuppressions: readonly Suppression[];
}

/** Default tags per provider reference (`aws` for the default provider, `aws.<alias>` otherwise). */
function providerTags(terraform: Json): Map<string, Record<string, string>> {
  const byRef = new Map<string, Record<string, string>>();
  for (const [providerType, configs] of Object.entries<unknown>(terraform.provider ?? {})) {
    for (const config of blocks(configs)) {
      const ref = config.alias ? `${providerType}.${config.alias}` : providerType;
      const tags = Object.assign({}, ...blocks(config.default_tags).map((d) => d.tags ?? {})) as Record<string, string>;
      byRef.set(ref, tags);
    }
  }
  return byRef;
}

function toResources(
  section: Json | undefined,
  isData: boolean,
  tagsByProvider: Map<string, Record<string, string>>,
  isTaggable: (type: string, name: string) => boolean,
): PolicyResource[] {
  const list: PolicyResource[] = [];
  for (const [type, byName] of Object.entries<Json>(section ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) {
      const { '//': meta, ...attributes } = body;
      const providerRef = typeof attributes.provider === 'string' ? attributes.provider : type.split('_')[0];
      const taggable = !isData && isTaggable(type, name);
      const own = (attributes.tags ?? {}) as Record<string, string>;
      list.push({
        type,
        name,
        path: meta?.metadata?.path ?? `${isData ? 'data.' : ''}${type}.${name}`,
        attributes,
        taggable,
        tags: taggable ? { ...(tagsByProvider.get(providerRef) ?? {}), ...own } : {},
        isData,
      });
    }
  }
  return list;
}

/** Builds the context rules see for one stack. */
export function buildContext(
  input: StackInput,
  options: Pick<EngineOptions, 'environment' | 'isProduction' | 'requiredTags'>,
): PolicyContext {
  const tagsByProvider = providerTags(input.terraform);
  const isTaggable =
    input.isTaggable ?? ((type: string, name: string) => input.terraform.resource?.[type]?.[name]?.tags !== undefined);
  const resources = toResources(input.terraform.resource, false, tagsByProvider, isTaggable);
  const dataSources = toResources(input.terraform.data, true, tagsByProvider, isTaggable);
  const key = (isData: boolean, type: string, name: string) => `${isData ? 'data.' : ''}${type}.${name}`;
  const index = new Map<string, PolicyResource>(
    [...resources, ...dataSources].map((r) => [key(r.isData, r.type, r.name), r]),
  );
  const context: PolicyContext = {
    stackName: input.stackName,
    environment: options.environment,
    isProduction: options.isProduction,
    requiredTags: options.requiredTags,
    resources,
    dataSources,
    ofType: (type) => resources.filter((r) => r.type === type),
    resolve: (expression) => {
      if (typeof expression !== 'string') return undefined;
      const m = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)[.}[]/.exec(expression.trim());
      return m ? index.get(key(m[1] !== undefined, m[2], m[3])) : undefined;
    },
    referencing: (target, type, attribute) =>
      resources.filter((r) => {
        if (r.type !== type) return false;
        const ref = context.resolve(r.attributes[attribute]);
        return (
          ref !== undefined && ref.type === target.type && ref.name === target.name && ref.isData === target.isData
        );
      }),
  };
  return context;
}

/** Evaluates every rule on every applicable resource of one stack. */
export function evaluateStack(input: StackInput, options: EngineOptions): StackEvaluation {
  const context = buildContext(input, options);
  const findings: Finding[] = [];
  const used = new Set<Suppression>();
  let compliant = 0;
  for (const resource of context.resources) {
    const suppressions = input.suppressionsFor?.(resource.path) ?? [];
    for (const rule of options.rules) {
      if (rule.resourceTypes !== 'all' && !rule.resourceTypes.includes(resource.type)) continue;
      const result = rule.check(resource, context);
      if (result.status === 'compliant') compliant += 1;
      if (result.status !== 'non-compliant') continue;
      const suppression = suppressions.find((s) => s.ruleId === rule.id);
      if (suppression) used.add(suppression);
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        stackName: input.stackName,
        resourceType: resource.type,
        resourceName: resource.name,
        path: resource.path,
        message: result.message,
        suppression,
      });
    }
  }
  return { stackName: input.stackName, findings, compliant, usedSuppressions: [...used] };
}
