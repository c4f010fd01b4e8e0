/**
 * Acceptance: the whole app synthesizes with zero unsuppressed findings, in production (enforced: any
 * finding would abort the synth) and in development; every suppression carries its reason and exempts
 * something.
 */
import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStacks } from '../../main';
import { applyPolicies, MIN_REASON_LENGTH } from '../../policies';
import { configWith, type Json } from '../helpers/app';

describe.each([
  ['production with DR', {}, 4, true],
  ['development', { 'genai-demo:environment': 'development' }, 1, false],
])('%s', (_name, patch, stackCount, enforced) => {
  const outdir = mkdtempSync(join(tmpdir(), 'policy-app-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const config = configWith(patch);
  const app = new App({ outdir });
  buildStacks(app, config);
  const policies = applyPolicies(app, config);

  test('synthesizes (enforcement as configured) with zero unsuppressed findings', () => {
    expect(policies.enforce).toBe(enforced);
    app.synth();
    expect(policies.results).toHaveLength(stackCount);
    expect(policies.violations.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
    expect(policies.results.every((r) => r.compliant > 0)).toBe(true);
  });

  test('every suppression has a reason, exempts something, and is listed in the manifest', () => {
    expect(policies.unusedSuppressions).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Json;
    const infos = Object.values<Json>(manifest.stacks).flatMap((s) =>
      (s.annotations as Json[]).filter((a) => a.level === '@cdktf/info'),
    );
    for (const f of policies.suppressed) {
      expect(f.suppression!.reason.length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
      expect(infos).toContainEqual(
        expect.objectContaining({
          constructPath: f.path,
          message: `[${f.ruleId}] suppressed: ${f.suppression!.reason}`,
        }),
      );
    }
    expect(infos).toHaveLength(policies.suppressed.length);
  });
});
