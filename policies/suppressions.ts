/**
 * Suppressing a rule, in code, with a written reason. A suppression attached to a construct covers
 * every resource under it; each one is listed in the synth output (the synth log and an info
 * annotation in manifest.json), and one that exempts nothing is reported as stale.
 */
import type { IConstruct } from 'constructs';
import type { Suppression } from './engine';
import { ALL_RULES } from './rules';

const METADATA_TYPE = 'genai-demo/policy-suppression';
/** A reason must say something: at least this many characters. */
export const MIN_REASON_LENGTH = 20;

interface SuppressionData {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Exempts `scope` and everything under it from rule `ruleId`. Throws when the id is not a known rule or
 * the reason is shorter than MIN_REASON_LENGTH characters.
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const known = ALL_RULES.map((r) => r.id);
  if (!known.includes(ruleId)) {
    throw new Error(
      `suppression on ${scope.node.path}: no rule has the id ${JSON.stringify(ruleId)} (known: ${known.join(', ')})`,
    );
  }
  const text = reason.trim();
  if (text.length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppression of ${ruleId} on ${scope.node.path} needs a written reason of at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(reason)}`,
    );
  }
  scope.node.addMetadata(METADATA_TYPE, { ruleId, reason: text } satisfies SuppressionData, { stackTrace: false });
}

/** Suppressions attached directly to one construct. */
export function suppressionsOn(scope: IConstruct): Suppression[] {
  return scope.node.metadata
    .filter((m) => m.type === METADATA_TYPE)
    .map((m) => ({ ...(m.data as SuppressionData), scopePath: scope.node.path }));
}

/** Suppressions that apply to a construct: its own and its ancestors'. */
export function suppressionsFor(scope: IConstruct): Suppression[] {
  return scope.node.scopes.flatMap(suppressionsOn);
}
