import { budgetTerm, computeRecoveryBudget, describeRecoveryBudget } from '../../config';

const base = {
  healthCheckIntervalSeconds: 30,
  healthCheckFailureThreshold: 3,
  failoverRtoMinutes: 1,
  failoverRpoMinutes: 0,
  enableCrossRegionReplication: true,
  replicaLagAlarmSeconds: 60,
};

describe('RTO: worst-case DNS failover', () => {
  test.each([
    // interval, threshold, detection, worst case = interval*threshold + 6 s timeouts + 60 s alias TTL
    [30, 3, 96, 156],
    [10, 3, 36, 96],
    [10, 1, 16, 76],
    [30, 10, 306, 366],
  ])('interval %i s x threshold %i: detection %i s, worst case %i s', (interval, threshold, detection, worst) => {
    const budget = computeRecoveryBudget({
      ...base,
      healthCheckIntervalSeconds: interval,
      healthCheckFailureThreshold: threshold,
    });
    expect(budget.rto.detectionSeconds).toBe(detection);
    expect(budget.rto.worstCaseSeconds).toBe(worst);
  });

  test("the spec's 1-minute RTO is not achievable with 30 s x 3", () => {
    expect(computeRecoveryBudget(base).rto).toMatchObject({ targetSeconds: 60, achievable: false });
  });

  test('no DNS failover configuration reaches 60 s: the ELB alias TTL alone is 60 s', () => {
    const fastest = computeRecoveryBudget({ ...base, healthCheckIntervalSeconds: 10, healthCheckFailureThreshold: 1 });
    expect(fastest.rto.worstCaseSeconds).toBeGreaterThan(60);
  });

  test('a target at or above the worst case is achievable (boundary)', () => {
    expect(computeRecoveryBudget({ ...base, failoverRtoMinutes: 156 / 60 }).rto.achievable).toBe(true);
    expect(computeRecoveryBudget({ ...base, failoverRtoMinutes: 155 / 60 }).rto.achievable).toBe(false);
  });

  test('each term has a kind, once, and is found by it whatever its place in the list', () => {
    const rto = computeRecoveryBudget({ ...base, healthCheckIntervalSeconds: 10, healthCheckFailureThreshold: 3 }).rto;
    expect(rto.terms.map((t) => t.kind).sort()).toEqual(['alias-ttl', 'check-timeout', 'failure-window']);
    const reversed = { terms: [...rto.terms].reverse() };
    expect(budgetTerm(reversed, 'alias-ttl').seconds).toBe(60);
    expect(budgetTerm(reversed, 'failure-window').seconds).toBe(30);
    expect(budgetTerm(reversed, 'check-timeout').seconds).toBe(6);
  });

  test('looking up a term the budget lacks names the kind and the terms present', () => {
    const rto = computeRecoveryBudget(base).rto;
    expect(() => budgetTerm({ terms: rto.terms.filter((t) => t.kind !== 'alias-ttl') }, 'alias-ttl')).toThrow(
      /no "alias-ttl" term \(terms present: failure-window, check-timeout\)/,
    );
  });

  test('the printed budget lists the terms in order: window, timeout, alias TTL', () => {
    expect(describeRecoveryBudget(computeRecoveryBudget(base)).slice(0, 4)).toEqual([
      'Recovery budget (DNS failover, worst case): 156 s (detection 96 s) against an RTO target of 60 s',
      '  +   90 s  failure threshold x request interval (3 x 30 s)',
      '  +    6 s  last failing check times out (4 s to connect + 2 s to respond)',
      '  +   60 s  resolvers keep the old answer for the alias TTL of an ELB target',
    ]);
  });

  test('each term names its source', () => {
    for (const term of computeRecoveryBudget(base).rto.terms)
      expect(term.source).toMatch(/^https:\/\/(docs\.)?aws\.amazon\.com\//);
  });
});

describe('RPO: asynchronous cross-region replication', () => {
  test('zero cannot be promised', () => {
    expect(computeRecoveryBudget(base).rpo).toMatchObject({
      targetSeconds: 0,
      guaranteedSeconds: null,
      achievable: false,
    });
  });

  test('a positive target is met when the lag alarm fires before it (boundary)', () => {
    expect(computeRecoveryBudget({ ...base, failoverRpoMinutes: 1 }).rpo.achievable).toBe(true);
    expect(computeRecoveryBudget({ ...base, failoverRpoMinutes: 1, replicaLagAlarmSeconds: 61 }).rpo.achievable).toBe(
      false,
    );
  });

  test('without replication no RPO is achievable', () => {
    const rpo = computeRecoveryBudget({ ...base, enableCrossRegionReplication: false, failoverRpoMinutes: 60 }).rpo;
    expect(rpo.achievable).toBe(false);
    expect(rpo.explanation).toMatch(/replication is disabled/);
  });
});
