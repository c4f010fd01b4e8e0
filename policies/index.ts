export { applyPolicies, PolicyAspect, type PolicyOptions } from './aspect';
export {
  evaluateStack,
  buildContext,
  type Finding,
  type StackEvaluation,
  type StackInput,
  type Suppression,
} from './engine';
export { ALL_RULES } from './rules';
export { suppressRule, MIN_REASON_LENGTH } from './suppressions';
export type { PolicyContext, PolicyResource, PolicyRule, RuleResult, Severity } from './types';
