/**
 * The generated architecture picture: the committed docs/architecture.dot and .svg are exactly what
 * the current synth produces (run `npm run diagram` after changing the app), and the model behind them
 * joins the real resources across stacks (replication direction, peering, DNS to load balancers, alarms
 * to topics).
 */
import { readFileSync } from 'node:fs';
import { DIAGRAM_FILES, generateDiagram, type GeneratedDiagram } from '../../tools/diagram/cli';
import { toDot } from '../../tools/diagram/dot';
import type { DiagramModel, DiagramNode } from '../../tools/diagram/model';

let current: GeneratedDiagram;
beforeAll(async () => {
  current = await generateDiagram();
}, 60_000);

const STALE = 'out of date: run `npm run diagram` and commit docs/architecture.dot and docs/architecture.svg';

test('the committed DOT and SVG match what the current synth produces', () => {
  const committedDot = readFileSync(DIAGRAM_FILES.dot, 'utf8');
  const committedSvg = readFileSync(DIAGRAM_FILES.svg, 'utf8');
  if (committedDot !== current.dot || committedSvg !== current.svg) throw new Error(STALE);
  expect(current.svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n$/);
});

test('a configuration change shows in the picture (the comparison above can fail)', async () => {
  const changed = await generateDiagram('genai-demo:environments.production.vpc-cidr=10.20.0.0/16');
  expect(changed.dot).not.toBe(current.dot);
  expect(changed.dot).toContain('VPC 10.20.0.0/16');
  expect(toDot(current.model, 'x')).toBe(toDot(current.model, 'x'));
}, 60_000);

function only(model: DiagramModel, pred: (n: DiagramNode) => boolean): DiagramNode {
  const found = model.nodes.filter(pred);
  expect(found).toHaveLength(1);
  return found[0];
}

test('stacks with their regions, in deploy order', () => {
  expect(current.model.stacks.map((s) => `${s.name} ${s.regions.join('+')}`)).toEqual([
    'genai-demo-production-primary ap-east-2',
    'genai-demo-production-dr ap-northeast-1',
    'genai-demo-production-multi-region ap-east-2+ap-northeast-1',
    'genai-demo-production-route53-failover global+us-east-1',
  ]);
});

test('the database replicates from the Taiwan writer to the Tokyo replica, and the peering joins the two VPCs', () => {
  const m = current.model;
  const writer = only(m, (n) => n.kind === 'database' && n.stack.endsWith('-primary'));
  const replica = only(m, (n) => n.kind === 'database' && n.stack.endsWith('-dr'));
  expect(writer.label[0]).toBe('RDS PostgreSQL writer');
  expect(replica.label[0]).toBe('RDS PostgreSQL read replica');
  expect(m.edges.filter((e) => e.kind === 'replication')).toEqual([
    { from: writer.id, to: replica.id, kind: 'replication', label: 'asynchronous replication' },
  ]);
  const peering = only(m, (n) => n.kind === 'peering');
  const vpc = (suffix: string) => only(m, (n) => n.kind === 'vpc' && n.stack.endsWith(suffix)).id;
  expect(m.edges.filter((e) => e.kind === 'peering').map((e) => [e.from, e.to])).toEqual([
    [vpc('-primary'), peering.id],
    [peering.id, vpc('-dr')],
  ]);
});

test('failover records alias the load balancer of their region and evaluate its health check; every alarm notifies a topic', () => {
  const m = current.model;
  const alb = (suffix: string) => only(m, (n) => n.kind === 'alb' && n.stack.endsWith(suffix)).id;
  const record = (policy: string) => only(m, (n) => n.kind === 'record' && n.label[1] === policy).id;
  const targets = (from: string, kind: string) =>
    m.edges.filter((e) => e.from === from && e.kind === kind).map((e) => e.to);
  expect(targets(record('failover PRIMARY'), 'alias')).toEqual([alb('-primary')]);
  expect(targets(record('failover SECONDARY'), 'alias')).toEqual([alb('-dr')]);
  const [primaryCheck] = targets(record('failover PRIMARY'), 'health');
  expect(targets(primaryCheck, 'probes')).toEqual([alb('-primary')]);
  for (const suffix of ['-primary', '-dr']) expect(targets(alb(suffix), 'tls')).toHaveLength(1);
  const alarms = m.nodes.filter((n) => n.kind === 'alarm');
  expect(alarms.length).toBeGreaterThanOrEqual(5);
  for (const a of alarms) expect(targets(a.id, 'notifies')).toHaveLength(1);
});
