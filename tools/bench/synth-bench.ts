/**
 * `npm run bench`: times what a developer waits for, and writes bench-results/synth.json.
 *   - synth of the full app (production with DR) with node on the esbuild output, against a one-VPC
 *     app with the same imports (the floor set by cdktf and the provider bindings);
 *   - the same through `npx cdktf synth` (CLI start-up included);
 *   - the format and lint check (`biome ci`) and the type check (`tsc --noEmit`), cold and warm (incremental);
 *   - the fast unit suite (`jest --selectProjects unit`), on one worker as `npm test` runs it and on every core.
 * Each figure is the median of several runs on this machine; the raw runs are kept in the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchResult } from '../lib/bench';
import { parseCommandLine, runMain } from '../lib/cli';
import { ROOT } from '../lib/terraform';

interface Measurement {
  readonly name: string;
  readonly command: string;
  readonly runs: number[];
  readonly medianSeconds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(
  name: string,
  command: string,
  runs: number,
  env: NodeJS.ProcessEnv = {},
  before?: () => void,
): Measurement {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const t0 = process.hrtime.bigint();
    const r = spawnSync('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`${name} failed (${command}):\n${r.stdout}\n${r.stderr}`);
    samples.push(Math.round(seconds * 1000) / 1000);
  }
  const m = { name, command, runs: samples, medianSeconds: median(samples) };
  console.log(
    `${name.padEnd(44)} median ${m.medianSeconds.toFixed(2)} s  (runs: ${samples.map((s) => s.toFixed(2)).join(', ')})`,
  );
  return m;
}

function main(): void {
  const out = mkdtempSync(join(tmpdir(), 'genai-demo-bench-'));
  const env = { CDKTF_OUTDIR: join(out, 'cdktf.out'), CDKTF_CONTEXT_JSON: '', GENAI_DEMO_CONTEXT: '' };
  const results = [
    time('synth: full app (node dist/main.js)', 'node dist/main.js 2>/dev/null', 7, env),
    time('synth: one-VPC app, same imports', 'node dist/tools/bench/one-vpc-app.js', 7, env),
    time('synth: full app through npx cdktf synth', 'npx cdktf synth >/dev/null 2>&1', 3, { CHECKPOINT_DISABLE: '1' }),
    time('build: esbuild transpile (tools/build.mjs)', 'node tools/build.mjs', 5),
    time('check: format and lint (biome ci, as in npm test)', 'npx biome ci --error-on-warnings . >/dev/null 2>&1', 5),
    time('typecheck: tsc --noEmit, cold', 'npx tsc --noEmit -p .', 2, {}, () =>
      rmSync(join(ROOT, 'node_modules', '.cache', 'tsbuildinfo'), { force: true }),
    ),
    time('typecheck: tsc --noEmit, warm (incremental)', 'npx tsc --noEmit -p .', 3),
    time('tests: unit suite, one worker (as in npm test)', 'npx jest --selectProjects unit --silent 2>/dev/null', 3),
    time(
      'tests: unit suite, every core (npm run test:unit)',
      'npx jest --selectProjects unit --maxWorkers=100% --silent 2>/dev/null',
      3,
    ),
  ];
  rmSync(out, { recursive: true, force: true });
  const file = writeBenchResult('synth', {
    benchmark: 'synth, type check and unit suite',
    command: 'npm run bench',
    results,
  });
  console.log(`written ${file}`);
}

runMain(
  () => {
    if (parseCommandLine(process.argv.slice(2), {}).values.help) console.log('Usage: npm run bench [-- --debug]');
    else main();
    return 0;
  },
  { program: 'bench', usage: 'Usage: npm run bench [-- --debug]' },
);
