import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orderGraph, type GraphNode } from '../../../tools/lib/graph';
import { readManifest } from '../../../tools/lib/terraform';

const node = (name: string, ...dependencies: string[]): GraphNode => ({ name, dependencies });

describe('orderGraph (the one stack ordering of the tools)', () => {
  test('each node after its dependencies; otherwise the given order is kept', () => {
    const order = orderGraph([
      node('failover', 'primary', 'dr'),
      node('dr', 'primary'),
      node('primary'),
      node('extra'),
    ]);
    expect(order.map((n) => n.name)).toEqual(['primary', 'dr', 'failover', 'extra']);
  });

  test('a cycle is refused, naming the stacks in it', () => {
    expect(() => orderGraph([node('ok'), node('a', 'b'), node('b', 'a')])).toThrow(/^dependency cycle among a, b$/);
  });

  test('a dependency on a stack that does not exist is refused, naming both', () => {
    expect(() => orderGraph([node('a', 'ghost')])).toThrow(/^a depends on unknown stack ghost$/);
  });
});

describe('readManifest', () => {
  function manifest(stacks: Record<string, string[]>): string {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const entries = Object.fromEntries(
      Object.entries(stacks).map(([name, dependencies]) => [
        name,
        { name, workingDirectory: `stacks/${name}`, dependencies },
      ]),
    );
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: entries }));
    return dir;
  }

  test('the stacks in dependency order, with their absolute folders', () => {
    const dir = manifest({ failover: ['primary', 'dr'], dr: ['primary'], primary: [] });
    const stacks = readManifest(dir);
    expect(stacks.map((s) => s.name)).toEqual(['primary', 'dr', 'failover']);
    expect(stacks[0].dir).toBe(join(dir, 'stacks', 'primary'));
  });

  test('a cyclic manifest is refused through the same graph check', () => {
    expect(() => readManifest(manifest({ a: ['b'], b: ['a'] }))).toThrow(/dependency cycle among a, b/);
  });
});
