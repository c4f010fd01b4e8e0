/**
 * The one typed model of the `genai-demo:*` context: read it, check its shape, check the rules, derive.
 * `loadConfig` throws a ConfigError listing every problem at once; nothing is built before it passes.
 */
import { z } from 'zod';
import { emptyDict, readRawContext, toSafeData, type ContextSources } from './context';
import { AVAILABILITY_ZONE_COUNT, deriveConfig } from './derive';
import { ConfigError, keyPath, valueAt, type ConfigProblem } from './errors';
import { checkLimits } from './limits';
import { validateRules } from './rules';
import { CONTEXT_KEYS, CONTEXT_PREFIX, contextSchema, type RawContext } from './schema';
import type { AppConfig } from './types';

/** The expectation of an issue whose schema gives none of its own (a type, an unknown key...). */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`;
    case 'unrecognized_keys':
      return 'no such key';
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_key':
      // A map key refused by its own schema: that schema's message.
      return issue.issues[0]?.message;
    case 'too_small':
      return `at least ${issue.minimum}`;
    case 'too_big':
      return `at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/**
 * An issue about a value of the right type: out of range, a wrong format, a number or text other than
 * the ones accepted (`health-check-interval` 20). The context is still well-typed, so the cross-field
 * rules can run on it and be reported in the same error. A value of the wrong type (`{}` for a number)
 * stops them: they compare and parse values of their declared types.
 */
function isValueIssue(issue: z.core.$ZodRawIssue): boolean {
  if (issue.code === 'invalid_value') return issue.values.some((v) => typeof v === typeof issue.input);
  return issue.continue === true;
}

/** A cross-field problem carried through zod as a custom issue, intact. */
interface CrossFieldParams {
  readonly problem: ConfigProblem;
}

/**
 * The cross-field rules (rules.ts) and limits (limits.ts), run after the schema whenever every issue it
 * found is a value issue. A key that already has a problem of its own gets no cross-field one on top
 * (an environment name of the wrong form is not also reported as undefined).
 */
const crossFieldRules = z.superRefine<RawContext>((ctx, payload) => {
  const flagged = new Set(payload.issues.map((i) => keyPath(i.path ?? [])));
  const problems = [...validateRules(ctx), ...checkLimits(ctx, { availabilityZones: AVAILABILITY_ZONE_COUNT })];
  for (const problem of problems) {
    if (flagged.has(problem.path)) continue;
    const params: CrossFieldParams = { problem };
    payload.addIssue({ code: 'custom', message: problem.expected, params });
  }
});
// zod runs a check past an aborting issue only if its `when` says so, and decides by `when` alone once set
// ($ZodCheckDef.when); superRefine takes no options, hence the assignment.
crossFieldRules._zod.def.when = (payload) => payload.issues.every(isValueIssue);

const validatedContextSchema = contextSchema.check(crossFieldRules);

/** Turns zod issues into problems with the full key path and the value received. */
function schemaProblems(raw: Record<string, unknown>, error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'custom' && (issue.params as CrossFieldParams | undefined)?.problem !== undefined) {
      return [(issue.params as CrossFieldParams).problem];
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: keyPath([...issue.path, k]),
        received: valueAt(raw, [...issue.path, k]),
        expected: `no such key${issue.path.length === 0 ? ` (known: ${CONTEXT_KEYS.join(', ')})` : ''}; check the spelling`,
      }));
    }
    // A refused map key: what was received is the key itself.
    const received = issue.code === 'invalid_key' ? issue.path[issue.path.length - 1] : valueAt(raw, issue.path);
    return [{ path: keyPath(issue.path), received, expected: issue.message }];
  });
}

/** Validates a raw `genai-demo:*` context object and derives the configuration. */
export function resolveConfig(raw: Record<string, unknown>): AppConfig {
  // A prototype-less deep copy without __proto__/constructor/prototype keys, whoever built `raw`.
  const unsafe: ConfigProblem[] = [];
  const owned = emptyDict();
  for (const k of Object.keys(raw)) if (k.startsWith(CONTEXT_PREFIX)) owned[k] = toSafeData(raw[k], k, unsafe);
  if (unsafe.length > 0) throw new ConfigError(unsafe);
  const parsed = validatedContextSchema.safeParse(owned, { error: describeIssue });
  if (!parsed.success) throw new ConfigError(schemaProblems(owned, parsed.error));
  const config = deriveConfig(parsed.data);
  if (config.multiRegion.strictRecoveryBudget && config.warnings.length > 0) {
    throw new ConfigError(
      config.warnings.map((w) => ({
        path: 'genai-demo:multi-region.strict-recovery-budget',
        received: true,
        expected: `recovery targets the design can meet: ${w}`,
      })),
    );
  }
  return config;
}

export interface LoadedConfig {
  readonly config: AppConfig;
  /** Overrides applied from the environment or the command line. */
  readonly overrides: readonly string[];
}

/** Reads cdktf.json context plus overrides, validates, derives. Throws ConfigError. */
export function loadConfig(sources: ContextSources = {}): LoadedConfig {
  const { context, problems, applied } = readRawContext(sources);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: resolveConfig(context), overrides: applied };
}
