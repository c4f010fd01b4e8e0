/**
 * Every synthesized stack passes `terraform validate` offline (provider from the local mirror when
 * present), for production with DR (four stacks) and for development (one stack).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStacks } from '../../tools/validate';

const ROOT = join(__dirname, '..', '..');

function synthTo(override: string): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'genai-demo-validate-')), 'cdktf.out');
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_CONTEXT_JSON: '', CDKTF_OUTDIR: outdir, GENAI_DEMO_CONTEXT: override },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`synth failed:\n${result.stderr}`);
  return outdir;
}

describe.each([
  ['production with DR', 'genai-demo:environment=production genai-demo:multi-region.enable-dr=true', 4],
  ['development', 'genai-demo:environment=development', 1],
])('%s', (_name, override, stackCount) => {
  let outdir: string;
  beforeAll(() => {
    outdir = synthTo(override);
  });
  afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }));

  test(`all ${stackCount} stacks pass terraform validate`, async () => {
    const results = await validateStacks(outdir);
    expect(results).toHaveLength(stackCount);
    for (const r of results)
      expect({ stack: r.stack, valid: r.valid, output: r.valid ? '' : r.output }).toEqual({
        stack: r.stack,
        valid: true,
        output: '',
      });
  }, 300_000);
});
