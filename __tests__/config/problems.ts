/**
 * Shared by the config suites: resolve a patched cdktf.json context and read back the problems it
 * raises, plus the patch builders the rule tables are written with.
 */
import { ConfigError, formatProblem, resolveConfig } from '../../config';
import { contextWith, type Json } from '../helpers/app';

/** The ConfigError a patched context raises, or undefined when it resolves; any other error is rethrown. */
function configErrorOf(patch: Json): ConfigError | undefined {
  try {
    resolveConfig(contextWith(patch));
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

/** The whole ConfigError message of a patched context ('' when valid). */
export function problemsOf(patch: Json): string {
  return configErrorOf(patch)?.message ?? '';
}

/** The problems of a patched context, one formatted line each ([] when valid). */
export function problemListOf(patch: Json): string[] {
  return configErrorOf(patch)?.problems.map(formatProblem) ?? [];
}

/** A patch of one `genai-demo:environments` entry. */
export const env = (name: string, values: Json): Json => ({ 'genai-demo:environments': { [name]: values } });
/** A patch of `genai-demo:multi-region`. */
export const multi = (values: Json): Json => ({ 'genai-demo:multi-region': values });
/** A patch of one `genai-demo:regions.regions` entry. */
export const region = (name: string, values: Json): Json => ({ 'genai-demo:regions': { regions: { [name]: values } } });
