/**
 * `npm run bench:e2e-load`: the emulator end-to-end suites, three consecutive runs, on two jest workers,
 * while a busy loop keeps one core saturated: the proof that the emulator path holds on a loaded CI
 * machine. Each run's exit code, test counts, wall time and per-suite times go to
 * bench-results/e2e-under-load.json; the command fails when any run fails. `--runs N` changes the count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchResult } from '../lib/bench';
import { UsageError, parseCommandLine, runMain } from '../lib/cli';
import { ROOT } from '../lib/terraform';

const OUT_NAME = 'e2e-under-load';

interface RunFigures {
  readonly run: number;
  readonly exitCode: number | null;
  readonly passed: number;
  readonly failed: number;
  readonly wallSeconds: number;
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly suites: ReadonlyArray<{ suite: string; seconds: number; tests: number; failed: number }>;
}

const USAGE = 'Usage: npm run bench:e2e-load [-- --runs N] (N from 1 to 20, default 3)';

function runs(value: string | undefined): number {
  if (value === undefined) return 3;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 20)
    throw new UsageError(`--runs needs a whole number from 1 to 20, got ${JSON.stringify(value)}`);
  return n;
}

function jestOnce(timesFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'emulator', '--maxWorkers=2'],
      {
        cwd: ROOT,
        env: { ...process.env, GENAI_DEMO_SUITE_TIMES: timesFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const pass = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk.toString());
    };
    child.stdout.on('data', pass);
    child.stderr.on('data', pass);
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function main(count: number): Promise<boolean> {
  // One busy core: a loop in its own process, ended whatever happens.
  const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  const stopBusy = () => busy.kill('SIGKILL');
  process.on('exit', stopBusy);
  const tmp = mkdtempSync(join(tmpdir(), 'genai-demo-load-'));
  const figures: RunFigures[] = [];
  try {
    for (let run = 1; run <= count; run++) {
      const start = loadavg()[0];
      const t0 = Date.now();
      const timesFile = join(tmp, `run-${run}.json`);
      const { code, output } = await jestOnce(timesFile);
      const tests = /Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(\d+) passed/.exec(output);
      const times = JSON.parse(readFileSync(timesFile, 'utf8')) as { suites: RunFigures['suites'] };
      figures.push({
        run,
        exitCode: code,
        passed: Number(tests?.[2] ?? 0),
        failed: Number(tests?.[1] ?? 0),
        wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
        loadAverage1m: { start: Math.round(start * 100) / 100, end: Math.round(loadavg()[0] * 100) / 100 },
        suites: times.suites.map(({ suite, seconds, tests: n, failed }) => ({ suite, seconds, tests: n, failed })),
      });
      process.stdout.write(`\nload run ${run}/${count}: exit ${code}, ${figures[figures.length - 1].wallSeconds} s\n`);
    }
  } finally {
    stopBusy();
    rmSync(tmp, { recursive: true, force: true });
  }
  const ok = figures.every((f) => f.exitCode === 0);
  const file = writeBenchResult(OUT_NAME, {
    benchmark: 'emulator suites under load',
    command: 'npm run bench:e2e-load',
    load: 'one busy-loop process (node -e "for(;;){}") for the whole run, besides jest --selectProjects emulator --maxWorkers=2',
    allPassed: ok,
    runs: figures,
  });
  process.stdout.write(`\n${ok ? 'all' : 'NOT all'} ${count} runs passed; figures in ${file}\n`);
  return ok;
}

runMain(
  async () => {
    const { values } = parseCommandLine(process.argv.slice(2), { runs: { type: 'string' } });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    return (await main(runs(values.runs))) ? 0 : 1;
  },
  { program: 'bench:e2e-load', usage: USAGE },
);
