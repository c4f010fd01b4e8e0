/**
 * Property-based test of hostile input (issue 15), with fast-check: generated overrides (through the
 * GENAI_DEMO_CONTEXT loader, dotted paths included) and whole configs, valid and hostile. For each:
 *   - no crash: the only error is a ConfigError, and its message holds no stack trace;
 *   - every rejection names a `genai-demo:` key;
 *   - nothing reaches Object.prototype;
 *   - an accepted config synthesizes (up to SYNTH_LIMIT of them per property, structurally checked here;
 *     a handful pass `terraform validate` in hostile-property.slow.test.ts), and no generated value
 *     appears in the JSON as a live `${` or `%{` expression.
 * CI: fixed seed (FC_SEED, default 15) and run counts; `npm run test:property` runs many more. A failure
 * prints the seed and the shrunk counterexample (fast-check's report) plus the replay command.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, resolveConfig, type AppConfig } from '../../config';
import { baseContext, contextWith, synthConfig, type Json } from '../helpers/app';
import { SEED, configPatch, injectedExpressions, overrides, runs } from '../helpers/property';

const SYNTH_LIMIT = Number(process.env.FC_SYNTH_LIMIT ?? 3);

function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'genai-demo-prop-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ context: baseContext() }));
  return dir;
}

/** Runs `load`; returns the config, or checks the rejection and returns undefined. Anything else fails. */
function outcome(load: () => AppConfig): AppConfig | undefined {
  let config: AppConfig | undefined;
  try {
    config = load();
  } catch (err) {
    if (!(err instanceof ConfigError))
      throw new Error(`crash instead of a ConfigError: ${err instanceof Error ? err.stack : String(err)}`);
    expect(err.message).not.toMatch(/\n\s+at /);
    for (const p of err.problems) expect(p.path).toMatch(/^genai-demo:/);
  }
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Json).mapPublicIpOnLaunch).toBeUndefined();
  return config;
}

let synthesized = 0;
/** Synthesizes an accepted config (at most SYNTH_LIMIT per property) and looks for injected expressions. */
function checkSynth(config: AppConfig | undefined): void {
  if (config === undefined || synthesized >= SYNTH_LIMIT) return;
  synthesized++;
  const { stacks } = synthConfig(config);
  for (const [name, stack] of Object.entries(stacks))
    expect({ name, injected: injectedExpressions(stack) }).toEqual({ name, injected: [] });
}

function assertProperty<T>(arb: fc.Arbitrary<T>, numRuns: number, check: (value: T) => void): void {
  try {
    fc.assert(fc.property(arb, check), { seed: SEED, numRuns });
  } catch (err) {
    throw new Error(
      `property failed with FC_SEED=${SEED} (replay: FC_SEED=${SEED} npm run test:property)\n${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

test('overrides: rejected with a genai-demo: key or accepted and safe, never a crash', () => {
  const cwd = projectDir();
  let accepted = 0;
  synthesized = 0;
  assertProperty(overrides, runs(150), (pairs) => {
    const json = JSON.stringify(Object.fromEntries(pairs));
    const config = outcome(() => loadConfig({ cwd, env: { GENAI_DEMO_CONTEXT: json }, argv: [] }).config);
    if (config) {
      accepted++;
      checkSynth(config);
    }
  });
  // The generators must reach both outcomes, or the property proves little.
  expect(accepted).toBeGreaterThan(0);
}, 300_000);

test('whole configs: rejected with a genai-demo: key or accepted and safe, never a crash', () => {
  let accepted = 0;
  let rejected = 0;
  synthesized = 0;
  assertProperty(configPatch, runs(200), (patch) => {
    const config = outcome(() => resolveConfig(contextWith(structuredClone(patch))));
    if (config) {
      accepted++;
      checkSynth(config);
    } else rejected++;
  });
  expect(accepted).toBeGreaterThan(0);
  expect(rejected).toBeGreaterThan(0);
}, 300_000);
