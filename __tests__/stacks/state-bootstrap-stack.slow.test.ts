/** The bootstrap stack, synthesized as `npm run bootstrap:synth` does, passes `terraform validate` offline. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStacks } from '../../tools/validate';

const ROOT = join(__dirname, '..', '..');

test('the state bootstrap stack passes terraform validate and the rule pack', async () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'genai-demo-bootstrap-')), 'cdktf.out.bootstrap');
  try {
    const synth = spawnSync(process.execPath, [join(ROOT, 'dist', 'tools', 'bootstrap', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_CONTEXT_JSON: '', CDKTF_BOOTSTRAP_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(synth.status).toBe(0);
    expect(synth.stderr).toMatch(
      /policy: \d+ rules over 1 stacks \(enforced: findings are errors\): \d+ compliant checks, 0 findings, 0 suppressed/,
    );
    expect(synth.stderr).toMatch(
      /^state bootstrap: s3:\/\/\S+ \(ap-east-2\) replicated to s3:\/\/\S+ \(ap-northeast-1\)$/m,
    );
    // The app's own description (its four stacks, budgets, warnings) is not the bootstrap's to print.
    expect(synth.stderr).not.toMatch(/genai-demo: environment|Recovery budget|WARNING:/);
    const results = await validateStacks(outdir);
    expect(results.map((r) => [r.stack, r.valid])).toEqual([['genai-demo-state-bootstrap', true]]);
  } finally {
    rmSync(join(outdir, '..'), { recursive: true, force: true });
  }
}, 120_000);
