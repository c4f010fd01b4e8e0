/**
 * The benchmarks' common ground: every result file goes to bench-results/<name>.json with when it was
 * measured and on what machine, so figures from different runs (and machines) can be compared.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './terraform';

/** Where the result files live (committed: the README quotes them). */
export const BENCH_RESULTS_DIR = join(ROOT, 'bench-results');

/** The machine a figure was measured on. */
export interface MachineFacts {
  readonly cpus: number;
  readonly cpuModel?: string;
  readonly memoryGiB: number;
  readonly node: string;
}

export function machineFacts(): MachineFacts {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** The path of bench-results/`name`.json. */
export function benchResultFile(name: string): string {
  return join(BENCH_RESULTS_DIR, `${name}.json`);
}

/**
 * Writes `fields` to bench-results/`name`.json after `measuredAt` and `machine` (fields placed first
 * keep their place: benchmark and command lead). Returns the path written.
 */
export function writeBenchResult(name: string, fields: Record<string, unknown>): string {
  const { benchmark, command, ...rest } = fields;
  const result = { benchmark, command, measuredAt: new Date().toISOString(), machine: machineFacts(), ...rest };
  mkdirSync(BENCH_RESULTS_DIR, { recursive: true });
  const file = benchResultFile(name);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
