export * from './types';
export * from './load';
export { ConfigError, formatProblem, type ConfigProblem } from './errors';
export { describeRecoveryBudget, computeRecoveryBudget, describeRoleSwapBudget, roleSwapBudget, type RoleSwapBudget } from './recovery-budget';
export { OVERRIDE_ENV } from './context';
export { drMinNodes, drMaxNodes, isGraviton, PROJECT } from './derive';
