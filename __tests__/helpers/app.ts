/**
 * Test helpers: the cdktf.json context with overrides, and a full synth of the app (all stacks, so
 * cross-stack references resolve into outputs and terraform_remote_state reads).
 */
import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type AppConfig } from '../../config';
import { buildStacks } from '../../main';
import type { Json } from './terraform';

// The finders live in terraform.ts; re-exported for the suites that import them with the app helpers.
export { dataOf, resourcesOf, type Json } from './terraform';

const CDKTF_JSON = join(__dirname, '..', '..', 'cdktf.json');

/** The context of cdktf.json, deep-copied. */
export function baseContext(): Json {
  return structuredClone(JSON.parse(readFileSync(CDKTF_JSON, 'utf8')).context);
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep-merges `patch` into `target`; a value of `undefined` deletes the key. */
export function merge(target: Json, patch: Json): Json {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete target[k];
    else if (isObject(v) && isObject(target[k])) merge(target[k], v);
    else target[k] = v;
  }
  return target;
}

/** cdktf.json context with `patch` deep-merged in. */
export function contextWith(patch: Json = {}): Json {
  return merge(baseContext(), patch);
}

export function configWith(patch: Json = {}): AppConfig {
  return resolveConfig(contextWith(patch));
}

export interface SynthesizedApp {
  readonly config: AppConfig;
  /** Stack name → parsed cdk.tf.json. */
  readonly stacks: Record<string, Json>;
  readonly manifest: Json;
}

/** Synthesizes the whole app for a context patch and returns every stack's Terraform JSON. */
export function synthApp(patch: Json = {}): SynthesizedApp {
  return synthConfig(configWith(patch));
}

/** Synthesizes the whole app for a resolved config and returns every stack's Terraform JSON. */
export function synthConfig(config: AppConfig): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'genai-demo-synth-'));
  try {
    const app = new App({ outdir });
    buildStacks(app, config);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const stacks: Record<string, Json> = {};
    for (const [name, stack] of Object.entries<Json>(manifest.stacks)) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8'));
    }
    return { config, stacks, manifest };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
