/**
 * `npm run bench:context`: time of the context override parser (config/context.ts) on 1 KB, 100 KB and
 * 1 MB inputs of GENAI_DEMO_CONTEXT, each in three shapes: a long run of separators (the input that
 * made the former regex split quadratic), many key=value pairs, and one JSON object. Median of 5 runs
 * each; results in bench-results/context-parse.json. Linear parsing shows as ~100x time per 100x size.
 */
import { readRawContext } from '../../config/context';
import { writeBenchResult } from '../lib/bench';
import { parseCommandLine, runMain } from '../lib/cli';

const SIZES = [
  { label: '1 KB', bytes: 1024 },
  { label: '100 KB', bytes: 100 * 1024 },
  { label: '1 MB', bytes: 1024 * 1024 },
];

const SHAPES: Record<string, (bytes: number) => string> = {
  'separator run': (bytes) => `genai-demo:domain=kimkao.io${' ,'.repeat(Math.max(0, Math.floor((bytes - 28) / 2)))}x`,
  'key=value pairs': (bytes) => {
    const pair = 'genai-demo:multi-region.enable-dr=true, ';
    return pair.repeat(Math.max(1, Math.floor(bytes / pair.length)));
  },
  'JSON object': (bytes) => {
    const name = 'x'.repeat(Math.max(1, bytes - 60));
    return JSON.stringify({ 'genai-demo:regions': { regions: { 'ap-east-2': { name } } } });
  },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): number {
  const results: Array<{ shape: string; size: string; bytes: number; medianMs: number; runsMs: number[] }> = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    for (const size of SIZES) {
      const text = make(size.bytes);
      const runsMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        readRawContext({ cwd: '/nonexistent', env: { GENAI_DEMO_CONTEXT: text }, argv: [] });
        runsMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const m = median(runsMs);
      results.push({
        shape,
        size: size.label,
        bytes: text.length,
        medianMs: Number(m.toFixed(3)),
        runsMs: runsMs.map((r) => Number(r.toFixed(3))),
      });
      console.log(`${shape.padEnd(16)} ${size.label.padStart(6)} (${text.length} chars): median ${m.toFixed(2)} ms`);
    }
  }
  const file = writeBenchResult('context-parse', {
    benchmark: 'GENAI_DEMO_CONTEXT parsing (config/context.ts readRawContext)',
    command: 'npm run bench:context',
    before:
      'regex split /[\\s,]+(?=[a-z0-9-]+:)/: separator run of 1 KB 8.8 ms, 10 KB 696 ms, 30 KB 5.9 s, 100 KB 61.5 s (quadratic; measured at commit 57f6491)',
    results,
  });
  console.log(`written ${file}`);
  return 0;
}

runMain(
  () => {
    if (parseCommandLine(process.argv.slice(2), {}).values.help) {
      console.log('Usage: npm run bench:context [-- --debug]');
      return 0;
    }
    return main();
  },
  { program: 'bench:context', usage: 'Usage: npm run bench:context [-- --debug]' },
);
