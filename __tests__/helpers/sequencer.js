/**
 * Test order for CI's workers: the emulator suites (each minutes long, mostly waiting on provider waiters)
 * start first, the longest first, so the CI's wall time is the longest suite rather than whichever suite
 * jest happens to start last. Jest's default on a fresh clone (no timing cache) orders by file size,
 * which can start a 20-minute emulator suite after ten minutes of unit tests. Everything else keeps
 * jest's default order (failed first, then slowest first from the cache, then largest file).
 */
const Sequencer = require('@jest/test-sequencer').default;

/** Measured wall times of the emulator suites on a loaded 2-core machine (README, "CI time"), in seconds. */
const EMULATOR_SUITE_WEIGHT = [
  [/role-swap-unplanned\.e2e\.test\.ts$/, 1500],
  [/deploy\.e2e\.test\.ts$/, 1400],
  [/role-swap-switchover\.e2e\.test\.ts$/, 1300],
  [/role-swap-failback\.e2e\.test\.ts$/, 1000],
  [/drill\.e2e\.test\.ts$/, 60],
  [/emulator-faults\.e2e\.test\.ts$/, 45],
];

function weight(path) {
  if (!path.endsWith('.e2e.test.ts')) return 0;
  const known = EMULATOR_SUITE_WEIGHT.find(([re]) => re.test(path));
  return known ? known[1] : 1;
}

class EmulatorFirstSequencer extends Sequencer {
  sort(tests) {
    const byDefault = super.sort(tests);
    const rank = new Map(byDefault.map((t, i) => [t, i]));
    return [...byDefault].sort((a, b) => weight(b.path) - weight(a.path) || rank.get(a) - rank.get(b));
  }
}

module.exports = EmulatorFirstSequencer;
