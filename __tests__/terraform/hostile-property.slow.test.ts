/**
 * Accepted configs from the property generators (hostile-property.test.ts) pass `terraform validate`:
 * with the fixed seed, the first accepted config with DR and the first without (one and four stacks,
 * ~3.5 s per stack). Only a handful: the unit property test checks every accepted config structurally.
 */
import fc from 'fast-check';
import { App } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveConfig, type AppConfig } from '../../config';
import { buildStacks } from '../../main';
import { validateStacks } from '../../tools/validate';
import { contextWith } from '../helpers/app';
import { SEED, configPatch } from '../helpers/property';

function accepted(): AppConfig[] {
  const picked = new Map<boolean, AppConfig>();
  for (const patch of fc.sample(configPatch, { seed: SEED, numRuns: 500 })) {
    try {
      const config = resolveConfig(contextWith(structuredClone(patch)));
      if (!picked.has(config.dr !== undefined)) picked.set(config.dr !== undefined, config);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
    if (picked.size === 2) break;
  }
  return [...picked.values()];
}

test(`accepted generated configs (seed ${SEED}) pass terraform validate`, async () => {
  const configs = accepted();
  expect(configs).toHaveLength(2);
  for (const config of configs) {
    const outdir = mkdtempSync(join(tmpdir(), 'genai-demo-prop-validate-'));
    try {
      const app = new App({ outdir });
      buildStacks(app, config);
      app.synth();
      const results = await validateStacks(outdir);
      expect(results.length).toBe(config.dr ? 4 : 1);
      for (const r of results)
        expect({ stack: r.stack, valid: r.valid, output: r.valid ? '' : r.output }).toEqual({
          stack: r.stack,
          valid: true,
          output: '',
        });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
}, 300_000);
