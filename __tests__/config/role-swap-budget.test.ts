import { describeRoleSwapBudget, roleSwapBudget } from '../../config';
import { PROMOTION_SOURCE } from '../../config/recovery-budget';
import { configWith } from '../tools/drill/roleswap-fakes';

test('the role-swap budget: DNS from the computed budget, promotion with its AWS source, capacity from the node-group sizes, both RPOs', () => {
  const config = configWith();
  const b = roleSwapBudget(config)!;
  expect(b.dnsFailoverSeconds).toBe(config.recoveryBudget.rto.worstCaseSeconds);
  expect(b.promotion.source).toBe(PROMOTION_SOURCE);
  expect(b.capacity).toEqual(
    expect.objectContaining({ fromMinNodes: config.dr!.eks.minNodes, toMinNodes: config.primary.eks.minNodes }),
  );
  expect(b.capacity.fromMinNodes).toBeLessThan(b.capacity.toMinNodes);
  const text = describeRoleSwapBudget(b).join('\n');
  expect(text).toMatch(/DNS failover +<= 156 s/);
  expect(text).toMatch(/RPO planned +0 s: writes are fenced and the replica drained/);
  expect(text).toMatch(/RPO unplanned +the last ReplicaLag observed before the loss \(alarmed above 60 s\)/);
});

test('no DR region: no role-swap budget', () => {
  expect(roleSwapBudget(configWith({ 'genai-demo:multi-region': { 'enable-dr': false } }))).toBeUndefined();
});
