/**
 * Enforcement as users meet it: a production synth (`node dist/main.js`) whose config produces a policy
 * finding exits 1, prints the finding, and leaves no stacks behind; the unchanged config synthesizes.
 * Needs the build (`node tools/build.mjs`, which `npm test` runs first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function synth(override: string) {
  const parent = mkdtempSync(join(tmpdir(), 'genai-demo-policy-'));
  const outdir = join(parent, 'cdktf.out');
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_CONTEXT_JSON: '', CDKTF_OUTDIR: outdir, GENAI_DEMO_CONTEXT: override },
    encoding: 'utf8',
  });
  const wrote = existsSync(join(outdir, 'stacks'));
  rmSync(parent, { recursive: true, force: true });
  return { ...result, wrote };
}

test('production with the committed config: exit 0, zero findings', () => {
  const r = synth('');
  expect(r.stderr).toMatch(
    /policy: \d+ rules over 4 stacks \(enforced: findings are errors\): \d+ compliant checks, 0 findings, \d+ suppressed/,
  );
  expect(r.status).toBe(0);
  expect(r.wrote).toBe(true);
});

test('production with 3 days of database backups: exit 1, refused before the rule pack with the config key, nothing written', () => {
  const r = synth('genai-demo:regions.regions.ap-east-2.backup-retention.rds=3');
  expect(r.status).toBe(1);
  // config/limits.ts mirrors the rule's minimum, so the message names the key rather than a resource.
  expect(r.stderr).toContain(
    'genai-demo:regions.regions.ap-east-2.backup-retention.rds 3: expected at least 7 days in production (policy rds-backup-retention, RULES.md)',
  );
  expect(r.wrote).toBe(false);
});
