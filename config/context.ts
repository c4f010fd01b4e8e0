/**
 * Where the raw `genai-demo:*` context comes from, in increasing precedence:
 *   1. cdktf.json `context` (via CDKTF_CONTEXT_JSON when the cdktf CLI runs the app, else read directly);
 *   2. the GENAI_DEMO_CONTEXT environment variable: a JSON object, or `key=value` pairs separated by
 *      spaces, commas or newlines;
 *   3. `--context key=value` (or `-c key=value`) arguments of the app process.
 * A key may go inside a value with dots: `genai-demo:multi-region.enable-dr=false`. Values are read as
 * JSON when they parse (`false`, `30`, `["a@b.c"]`), else as strings (`kimkao.io`).
 * cdktf 0.21's CLI has no `--context` flag and replaces CDKTF_CONTEXT_JSON, hence this mechanism.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigProblem } from './errors';
import { CONTEXT_PREFIX } from './schema';

export const OVERRIDE_ENV = 'GENAI_DEMO_CONTEXT';

export interface ContextSources {
  /** Folder holding cdktf.json. @default process.cwd() */
  readonly cwd?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Arguments after the script name. @default process.argv.slice(2) */
  readonly argv?: readonly string[];
}

export interface RawContextResult {
  /** Only the `genai-demo:*` keys, overrides applied. */
  readonly context: Record<string, unknown>;
  /** Overrides that could not be read. */
  readonly problems: ConfigProblem[];
  /** Human-readable list of the overrides applied, for the synth log. */
  readonly applied: string[];
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sets `value` at `genai-demo:key.a.b`, creating objects on the way. */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const [key, ...inner] = dotted.split('.');
  if (inner.length === 0) {
    target[key] = value;
    return;
  }
  let cur = (target[key] ??= {}) as Record<string, unknown>;
  for (const seg of inner.slice(0, -1)) {
    if (cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[inner[inner.length - 1]] = value;
}

function baseContext(sources: ContextSources, problems: ConfigProblem[]): Record<string, unknown> {
  const env = sources.env ?? process.env;
  if (env.CDKTF_CONTEXT_JSON) {
    try {
      return JSON.parse(env.CDKTF_CONTEXT_JSON) as Record<string, unknown>;
    } catch {
      problems.push({ path: 'CDKTF_CONTEXT_JSON', received: env.CDKTF_CONTEXT_JSON, expected: 'a JSON object' });
      return {};
    }
  }
  const file = join(sources.cwd ?? process.cwd(), 'cdktf.json');
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
    return json.context ?? {};
  } catch (err) {
    problems.push({ path: 'cdktf.json', received: String(err), expected: 'valid JSON' });
    return {};
  }
}

/** Splits `k=v` pairs; `v` may itself contain `=` and, in JSON form, spaces are not allowed unquoted. */
function parsePairs(text: string, origin: string, problems: ConfigProblem[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const item of text.split(/[\s,]+(?=[a-z0-9-]+:)/i).map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      problems.push({ path: origin, received: item, expected: 'key=value, e.g. genai-demo:environment=development' });
      continue;
    }
    pairs.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return pairs;
}

export function readRawContext(sources: ContextSources = {}): RawContextResult {
  const problems: ConfigProblem[] = [];
  const applied: string[] = [];
  const base = baseContext(sources, problems);
  const context: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    if (k.startsWith(CONTEXT_PREFIX)) context[k] = structuredClone(v);
  }

  const overrides: Array<[string, string, string]> = [];
  const env = sources.env ?? process.env;
  const fromEnv = env[OVERRIDE_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.startsWith('{')) {
      try {
        const obj = JSON.parse(fromEnv) as Record<string, unknown>;
        for (const [k, v] of Object.entries(obj)) overrides.push([k, JSON.stringify(v), OVERRIDE_ENV]);
      } catch {
        problems.push({ path: OVERRIDE_ENV, received: fromEnv, expected: 'a JSON object or key=value pairs' });
      }
    } else {
      for (const [k, v] of parsePairs(fromEnv, OVERRIDE_ENV, problems)) overrides.push([k, v, OVERRIDE_ENV]);
    }
  }
  const argv = sources.argv ?? process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let pair: string | undefined;
    if (arg === '--context' || arg === '-c') pair = argv[++i];
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length);
    else continue;
    for (const [k, v] of parsePairs(pair ?? '', '--context', problems)) overrides.push([k, v, '--context']);
  }

  for (const [key, value, origin] of overrides) {
    if (!key.startsWith(CONTEXT_PREFIX)) {
      problems.push({ path: `${origin} ${key}`, received: value, expected: `a key starting with ${CONTEXT_PREFIX}` });
      continue;
    }
    setPath(context, key, parseValue(value));
    applied.push(`${key}=${value} (${origin})`);
  }
  return { context, problems, applied };
}
