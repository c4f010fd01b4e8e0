/**
 * The recovery budget: the worst-case time DNS failover takes with the configured health check, and the
 * data-loss bound cross-region replication can promise, compared with the RTO/RPO targets.
 * The figures and their sources are explained in the README ("Recovery budget").
 */
import type { BudgetTerm, BudgetTermKind, RecoveryBudget } from './types';

/** Route 53 HTTP(S) health checkers must connect within 4 s and get a response within 2 s after that. */
export const HEALTH_CHECK_CONNECT_TIMEOUT_SECONDS = 4;
export const HEALTH_CHECK_RESPONSE_TIMEOUT_SECONDS = 2;
/** Alias records to an ELB load balancer have a fixed 60 s TTL (Route 53 FAQ, "DNS failover"). */
export const ELB_ALIAS_TTL_SECONDS = 60;

export const SOURCES = {
  healthCheck:
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html',
  aliasTtl: 'https://aws.amazon.com/route53/faqs/ (DNS failover: alias records to ELB have a fixed 60 s TTL)',
  readReplica: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html',
} as const;

export interface RecoveryBudgetInput {
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckFailureThreshold: number;
  readonly failoverRtoMinutes: number;
  readonly failoverRpoMinutes: number;
  readonly enableCrossRegionReplication: boolean;
  readonly replicaLagAlarmSeconds: number;
}

export function computeRecoveryBudget(input: RecoveryBudgetInput): RecoveryBudget {
  const terms: BudgetTerm[] = [
    {
      kind: 'failure-window',
      label: `failure threshold x request interval (${input.healthCheckFailureThreshold} x ${input.healthCheckIntervalSeconds} s)`,
      seconds: input.healthCheckFailureThreshold * input.healthCheckIntervalSeconds,
      source: SOURCES.healthCheck,
    },
    {
      kind: 'check-timeout',
      label: 'last failing check times out (4 s to connect + 2 s to respond)',
      seconds: HEALTH_CHECK_CONNECT_TIMEOUT_SECONDS + HEALTH_CHECK_RESPONSE_TIMEOUT_SECONDS,
      source: SOURCES.healthCheck,
    },
    {
      kind: 'alias-ttl',
      label: 'resolvers keep the old answer for the alias TTL of an ELB target',
      seconds: ELB_ALIAS_TTL_SECONDS,
      source: SOURCES.aliasTtl,
    },
  ];
  const detectionSeconds =
    budgetTerm({ terms }, 'failure-window').seconds + budgetTerm({ terms }, 'check-timeout').seconds;
  const worstCaseSeconds = terms.reduce((sum, t) => sum + t.seconds, 0);
  const rtoTargetSeconds = input.failoverRtoMinutes * 60;
  const rpoTargetSeconds = input.failoverRpoMinutes * 60;

  const rpo = rpoAssessment(input, rpoTargetSeconds);
  return {
    rto: {
      targetSeconds: rtoTargetSeconds,
      worstCaseSeconds,
      detectionSeconds,
      terms,
      achievable: worstCaseSeconds <= rtoTargetSeconds,
    },
    rpo,
  };
}

/** The term of `kind` in a recovery-time budget; every budget `computeRecoveryBudget` makes has each kind once. */
export function budgetTerm(rto: Pick<RecoveryBudget['rto'], 'terms'>, kind: BudgetTermKind): BudgetTerm {
  const term = rto.terms.find((t) => t.kind === kind);
  if (term === undefined) {
    throw new Error(
      `recovery budget: no "${kind}" term (terms present: ${rto.terms.map((t) => t.kind).join(', ') || 'none'})`,
    );
  }
  return term;
}

/**
 * RDS cross-region read replicas replicate asynchronously: a write committed in the primary but not yet
 * shipped is lost with the region. The loss is bounded by the replica lag at that moment, which no
 * setting can hold at zero. A positive target is treated as met when the ReplicaLag alarm fires before
 * the lag reaches it (the operator is told in time); zero never is.
 */
function rpoAssessment(input: RecoveryBudgetInput, targetSeconds: number): RecoveryBudget['rpo'] {
  if (!input.enableCrossRegionReplication) {
    return {
      targetSeconds,
      guaranteedSeconds: null,
      explanation: 'cross-region replication is disabled: the DR region holds no copy of the data',
      achievable: false,
    };
  }
  const alarm = input.replicaLagAlarmSeconds;
  if (targetSeconds === 0) {
    return {
      targetSeconds,
      guaranteedSeconds: null,
      explanation:
        'replication to the DR region is asynchronous (RDS cross-region read replica), so data loss is bounded ' +
        `only by the replica lag at the moment of failure; zero cannot be promised. ReplicaLag alarms above ${alarm} s`,
      achievable: false,
    };
  }
  return {
    targetSeconds,
    guaranteedSeconds: null,
    explanation:
      `asynchronous replication; the loss equals the replica lag, which is alarmed above ${alarm} s` +
      (alarm <= targetSeconds ? ', within the target' : `, later than the ${targetSeconds} s target`),
    achievable: alarm <= targetSeconds,
  };
}

/** The lines printed at synth. */
export function describeRecoveryBudget(budget: RecoveryBudget): string[] {
  const lines = [
    `Recovery budget (DNS failover, worst case): ${budget.rto.worstCaseSeconds} s ` +
      `(detection ${budget.rto.detectionSeconds} s) against an RTO target of ${budget.rto.targetSeconds} s`,
    ...budget.rto.terms.map((t) => `  + ${String(t.seconds).padStart(4)} s  ${t.label}`),
    `Recovery point: target ${budget.rpo.targetSeconds} s; guaranteed: ${
      budget.rpo.guaranteedSeconds === null ? 'none' : `${budget.rpo.guaranteedSeconds} s`
    } (${budget.rpo.explanation})`,
  ];
  return lines;
}

/** The findings a target that cannot be met produces (warnings, or errors in strict mode). */
export function recoveryBudgetFindings(budget: RecoveryBudget): string[] {
  const findings: string[] = [];
  if (!budget.rto.achievable) {
    findings.push(
      `genai-demo:multi-region.failover-rto-minutes ${budget.rto.targetSeconds / 60}: not achievable; DNS failover ` +
        `can take up to ${budget.rto.worstCaseSeconds} s (${(budget.rto.worstCaseSeconds / 60).toFixed(1)} min) with this ` +
        'health check; lower the interval/threshold or raise the target',
    );
  }
  if (!budget.rpo.achievable) {
    findings.push(
      `genai-demo:multi-region.failover-rpo-minutes ${budget.rpo.targetSeconds / 60}: cannot be guaranteed; ${budget.rpo.explanation}`,
    );
  }
  return findings;
}

/**
 * AWS publishes no fixed duration for promoting an RDS read replica: "RDS reboots the DB instance before
 * making it available. The promotion process can take several minutes or longer to complete, depending on
 * the size of the read replica."
 */
export const PROMOTION_SOURCE = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html';
export const PROMOTION_PUBLISHED =
  'several minutes or longer, depending on the size of the read replica (AWS publishes no upper bound)';

/** The whole recovery budget of a role swap, beside the DNS-only figure: what each term is and where it comes from. */
export interface RoleSwapBudget {
  /** DNS failover, worst case (the computed budget above). */
  readonly dnsFailoverSeconds: number;
  /** Promotion: AWS's published range (words, no number) and its source. */
  readonly promotion: { readonly published: string; readonly source: string };
  /** Capacity: the node group of the new writer region goes from its standby size to the full size. */
  readonly capacity: { readonly fromMinNodes: number; readonly toMinNodes: number; readonly note: string };
  /** Data loss: 0 for a drained (planned) switchover; the last observed replica lag for an unplanned one. */
  readonly rpo: { readonly planned: string; readonly unplanned: string };
}

/** The role-swap budget of a configuration with a DR region (undefined without one). */
export function roleSwapBudget(config: {
  readonly recoveryBudget: RecoveryBudget;
  readonly primary: { readonly eks: { readonly minNodes: number } };
  readonly dr?: { readonly eks: { readonly minNodes: number } };
  readonly multiRegion: { readonly replicaLagAlarmSeconds: number };
}): RoleSwapBudget | undefined {
  if (config.dr === undefined) return undefined;
  const [full, standby] = [
    Math.max(config.primary.eks.minNodes, config.dr.eks.minNodes),
    Math.min(config.primary.eks.minNodes, config.dr.eks.minNodes),
  ];
  return {
    dnsFailoverSeconds: config.recoveryBudget.rto.worstCaseSeconds,
    promotion: { published: PROMOTION_PUBLISHED, source: PROMOTION_SOURCE },
    capacity: {
      fromMinNodes: standby,
      toMinNodes: full,
      note: 'node-group scale-up time is not published by AWS (EC2 launch + node join); each role-swap report measures the apply that does it',
    },
    rpo: {
      planned: '0 s: writes are fenced and the replica drained to ReplicaLag 0 before the promotion',
      unplanned: `the last ReplicaLag observed before the loss (alarmed above ${config.multiRegion.replicaLagAlarmSeconds} s); nothing bounds it in advance`,
    },
  };
}

/** The role-swap budget as lines (printed at synth and in every role-swap report). */
export function describeRoleSwapBudget(b: RoleSwapBudget): string[] {
  return [
    'Role-swap budget (switchover / failover of the writer):',
    `  DNS failover     <= ${b.dnsFailoverSeconds} s (computed above)`,
    `  promotion        ${b.promotion.published}; source ${b.promotion.source}`,
    `  capacity         node group ${b.capacity.fromMinNodes} -> ${b.capacity.toMinNodes} nodes minimum; ${b.capacity.note}`,
    `  RPO planned      ${b.rpo.planned}`,
    `  RPO unplanned    ${b.rpo.unplanned}`,
  ];
}
