/**
 * Prints a per-suite time table after jest's own summary (slowest first), so a CI log shows where the
 * minutes went. With GENAI_DEMO_SUITE_TIMES=<file>, the same table is also written there as JSON.
 */
const { writeFileSync } = require('node:fs');
const { relative } = require('node:path');

class SuiteTimesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const rows = results.testResults
      .map((r) => ({
        suite: relative(this.rootDir, r.testFilePath),
        project: r.displayName?.name ?? '',
        seconds: Math.round((r.perfStats.end - r.perfStats.start) / 100) / 10,
        tests: r.numPassingTests + r.numFailingTests + r.numPendingTests,
        failed: r.numFailingTests + (r.testExecError ? 1 : 0),
      }))
      .sort((a, b) => b.seconds - a.seconds);
    const wall = Math.round((Date.now() - results.startTime) / 100) / 10;
    const width = Math.max(...rows.map((r) => r.suite.length), 5);
    const lines = [
      '',
      `Suite times (wall ${wall} s; suites run side by side on the workers):`,
      `  ${'suite'.padEnd(width)}  ${'project'.padEnd(9)} ${'seconds'.padStart(8)} ${'tests'.padStart(6)}`,
      ...rows.map(
        (r) =>
          `  ${r.suite.padEnd(width)}  ${r.project.padEnd(9)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.tests).padStart(6)}${r.failed ? '  FAILED' : ''}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (process.env.GENAI_DEMO_SUITE_TIMES)
      writeFileSync(
        process.env.GENAI_DEMO_SUITE_TIMES,
        `${JSON.stringify({ wallSeconds: wall, suites: rows }, null, 2)}\n`,
      );
  }
}

module.exports = SuiteTimesReporter;
