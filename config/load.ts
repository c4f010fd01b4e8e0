/**
 * The one typed model of the `genai-demo:*` context: read it, check its shape, check the rules, derive.
 * `loadConfig` throws a ConfigError listing every problem at once; nothing is built before it passes.
 */
import { z } from 'zod';
import { emptyDict, readRawContext, toSafeData, type ContextSources } from './context';
import { AVAILABILITY_ZONE_COUNT, SUBNET_NEW_BITS, deriveConfig } from './derive';
import { ConfigError, keyPath, valueAt, type ConfigProblem } from './errors';
import { checkLimits } from './limits';
import { validateRules } from './rules';
import { CONTEXT_KEYS, CONTEXT_PREFIX, contextSchema } from './schema';
import type { AppConfig } from './types';


function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`;
    case 'unrecognized_keys':
      return 'no such key';
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `at least ${issue.minimum}`;
    case 'too_big':
      return `at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

/** Turns zod issues into problems with the full key path and the value received. */
function schemaProblems(raw: Record<string, unknown>, error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: keyPath([...issue.path, k]),
        received: valueAt(raw, [...issue.path, k]),
        expected: `no such key${issue.path.length === 0 ? ` (known: ${CONTEXT_KEYS.join(', ')})` : ''}; check the spelling`,
      }));
    }
    return [{ path: keyPath(issue.path), received: valueAt(raw, issue.path), expected: describeIssue(issue) }];
  });
}

/** Validates a raw `genai-demo:*` context object and derives the configuration. */
export function resolveConfig(raw: Record<string, unknown>): AppConfig {
  // A prototype-less deep copy without __proto__/constructor/prototype keys, whoever built `raw`.
  const unsafe: ConfigProblem[] = [];
  const owned = emptyDict();
  for (const k of Object.keys(raw)) if (k.startsWith(CONTEXT_PREFIX)) owned[k] = toSafeData(raw[k], k, unsafe);
  if (unsafe.length > 0) throw new ConfigError(unsafe);
  const parsed = contextSchema.safeParse(owned);
  if (!parsed.success) throw new ConfigError(schemaProblems(owned, parsed.error));
  const problems = [
    ...validateRules(parsed.data),
    ...checkLimits(parsed.data, { subnetNewBits: SUBNET_NEW_BITS, availabilityZones: AVAILABILITY_ZONE_COUNT }),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
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
