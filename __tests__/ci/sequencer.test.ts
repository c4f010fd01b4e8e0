/**
 * The test order CI relies on (__tests__/helpers/sequencer.js): emulator suites first, longest first, so
 * the wall time is the longest suite's and not the sum of a late start and its length.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EmulatorFirstSequencer = require('../helpers/sequencer.js') as new (opts: {
  contexts: unknown[];
  globalConfig: unknown;
}) => {
  sort(tests: Array<{ path: string; context: unknown }>): Array<{ path: string }>;
};

test('emulator suites run first, the longest first; the others keep the default order (largest file first)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sequencer-'));
  const file = (name: string, bytes: number) => {
    const path = join(dir, name);
    writeFileSync(path, 'x'.repeat(bytes));
    return path;
  };
  const context = {
    config: { cacheDirectory: join(dir, 'cache'), id: 'unit' },
    hasteFS: { getSize: (p: string) => statSync(p).size },
  };
  const tests = [
    file('big-unit.test.ts', 90_000),
    file('drill.e2e.test.ts', 10),
    file('small-unit.test.ts', 100),
    file('deploy.e2e.test.ts', 20),
    file('role-swap-switchover.e2e.test.ts', 30),
    file('role-swap-unplanned.e2e.test.ts', 1),
    file('new-suite.e2e.test.ts', 5),
  ].map((path) => ({ path, context }));
  const sorted = new EmulatorFirstSequencer({ contexts: [context], globalConfig: {} })
    .sort(tests)
    .map((t) => t.path.slice(dir.length + 1));
  expect(sorted).toEqual([
    'role-swap-unplanned.e2e.test.ts',
    'deploy.e2e.test.ts',
    'role-swap-switchover.e2e.test.ts',
    'drill.e2e.test.ts',
    'new-suite.e2e.test.ts',
    'big-unit.test.ts',
    'small-unit.test.ts',
  ]);
});
