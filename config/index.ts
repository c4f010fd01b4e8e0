export * from './types';
export * from './load';
export { ConfigError, formatProblem, type ConfigProblem } from './errors';
export {
  budgetTerm,
  describeRecoveryBudget,
  computeRecoveryBudget,
  describeRoleSwapBudget,
  roleSwapBudget,
  type RoleSwapBudget,
} from './recovery-budget';
export { OVERRIDE_ENV } from './context';
export { drMinNodes, drMaxNodes, isGraviton, PROJECT } from './derive';
