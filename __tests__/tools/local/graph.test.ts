import { checkGraph, prerequisitesOf, runGraph, type GraphNode } from '../../../tools/lib/graph';

/** The app's graph: DR after primary; multi-region after DR; failover after both. */
const APP: GraphNode[] = [
  { name: 'primary', dependencies: [] },
  { name: 'dr', dependencies: ['primary'] },
  { name: 'multi-region', dependencies: ['dr'] },
  { name: 'failover', dependencies: ['primary', 'dr'] },
];

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A task that records start/end order and how many ran at once. */
function recorder(failing: string[] = []) {
  const events: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const task = async (name: string) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    events.push(`start ${name}`);
    await tick();
    running--;
    events.push(`end ${name}`);
    if (failing.includes(name)) throw new Error(`${name} broke`);
    return name.length;
  };
  return { events, task, max: () => maxRunning };
}

describe('runGraph', () => {
  test('forward: each stack starts only after its dependencies ended; multi-region and failover run together', async () => {
    const r = recorder();
    const outcomes = await runGraph(APP, r.task);
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const at = (e: string) => r.events.indexOf(e);
    expect(at('start dr')).toBeGreaterThan(at('end primary'));
    expect(at('start multi-region')).toBeGreaterThan(at('end dr'));
    expect(at('start failover')).toBeGreaterThan(at('end dr'));
    expect(at('start failover')).toBeLessThan(at('end multi-region'));
    expect(r.max()).toBe(2);
  });

  test('reverse: a stack starts only after every stack depending on it ended', async () => {
    const r = recorder();
    await runGraph(APP, r.task, { reverse: true });
    const at = (e: string) => r.events.indexOf(e);
    expect(r.events.slice(0, 2).sort()).toEqual(['start failover', 'start multi-region']);
    expect(at('start dr')).toBeGreaterThan(Math.max(at('end failover'), at('end multi-region')));
    expect(at('start primary')).toBeGreaterThan(at('end dr'));
  });

  test('a failure skips the stacks that need it and lets independent ones finish', async () => {
    const r = recorder(['multi-region']);
    const outcomes = await runGraph([...APP, { name: 'audit', dependencies: ['multi-region'] }], r.task);
    const byName = Object.fromEntries(outcomes.map((o) => [o.name, o.status]));
    expect(byName).toEqual({
      primary: 'succeeded',
      dr: 'succeeded',
      'multi-region': 'failed',
      failover: 'succeeded',
      audit: 'skipped',
    });
    expect(r.events).not.toContain('start audit');
  });

  test('reverse with a failure keeps what the failed stack depends on', async () => {
    const r = recorder(['failover']);
    const outcomes = await runGraph(APP, r.task, { reverse: true });
    const byName = Object.fromEntries(outcomes.map((o) => [o.name, o.status]));
    expect(byName).toEqual({ primary: 'skipped', dr: 'skipped', 'multi-region': 'succeeded', failover: 'failed' });
  });

  test('concurrency limit is honoured', async () => {
    const r = recorder();
    const flat = ['a', 'b', 'c', 'd'].map((name) => ({ name, dependencies: [] }));
    await runGraph(flat, r.task, { concurrency: 1 });
    expect(r.max()).toBe(1);
  });

  test('results come back in the order of the nodes', async () => {
    const outcomes = await runGraph(APP, async (n) => n.toUpperCase());
    expect(outcomes.map((o) => (o.status === 'succeeded' ? o.result : o.status))).toEqual([
      'PRIMARY',
      'DR',
      'MULTI-REGION',
      'FAILOVER',
    ]);
  });
});

describe('checkGraph', () => {
  test('rejects a cycle and an unknown dependency', () => {
    expect(() =>
      checkGraph([
        { name: 'a', dependencies: ['b'] },
        { name: 'b', dependencies: ['a'] },
      ]),
    ).toThrow(/cycle among a, b/);
    expect(() => checkGraph([{ name: 'a', dependencies: ['zz'] }])).toThrow(/a depends on unknown stack zz/);
    expect(() => checkGraph(APP)).not.toThrow();
  });

  test('prerequisitesOf inverts the edges for reverse runs', () => {
    expect(prerequisitesOf(APP, true).get('dr')!.sort()).toEqual(['failover', 'multi-region']);
    expect(prerequisitesOf(APP, false).get('failover')).toEqual(['primary', 'dr']);
  });
});
