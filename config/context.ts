/**
 * Where the raw `genai-demo:*` context comes from, in increasing precedence:
 *   1. cdktf.json `context` (via CDKTF_CONTEXT_JSON when the cdktf CLI runs the app, else read directly);
 *   2. the GENAI_DEMO_CONTEXT environment variable: a JSON object, or `key=value` pairs separated by
 *      spaces, commas or newlines;
 *   3. `--context key=value` (or `-c key=value`) arguments of the app process.
 * A key may go inside a value with dots: `genai-demo:multi-region.enable-dr=false`. Values are read as
 * JSON when they parse (`false`, `30`, `["a@b.c"]`), else as strings (`kimkao.io`).
 * cdktf 0.21's CLI has no `--context` flag and replaces CDKTF_CONTEXT_JSON, hence this mechanism.
 *
 * Hostile input: every object built here has no prototype (`Object.create(null)`), and a key path may
 * not name `__proto__`, `constructor` or `prototype` anywhere (in an override path or inside a JSON
 * value), so nothing a user writes can reach `Object.prototype` and, through it, every object of the
 * app (cdktf reads optional resource arguments by property access: an inherited `mapPublicIpOnLaunch`
 * would be synthesized). Parsing is linear in the input's length (tools/bench/context-parse-bench.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigProblem } from './errors';
import { CONTEXT_PREFIX } from './schema';

export const OVERRIDE_ENV = 'GENAI_DEMO_CONTEXT';

/** Key segments that would walk into an object's prototype chain. */
export const FORBIDDEN_KEY_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in a context value (the real context is 4 levels deep). */
export const MAX_CONTEXT_DEPTH = 16;

export interface ContextSources {
  /** Folder holding cdktf.json. @default process.cwd() */
  readonly cwd?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Arguments after the script name: only `--context key=value` / `-c key=value`. @default process.argv.slice(2) */
  readonly argv?: readonly string[];
}

export interface RawContextResult {
  /** Only the `genai-demo:*` keys, overrides applied; objects without prototype. */
  readonly context: Record<string, unknown>;
  /** Overrides that could not be read. */
  readonly problems: ConfigProblem[];
  /** Human-readable list of the overrides applied, for the synth log. */
  readonly applied: string[];
}

type Dict = Record<string, unknown>;

/** An object without prototype: `dict.constructor`, `dict.__proto__` are plain (absent) keys. */
export function emptyDict(): Dict {
  return Object.create(null) as Dict;
}

function isPlainObject(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Deep copy of parsed JSON into prototype-less objects. Adds a problem (and returns undefined) for a
 * forbidden key anywhere inside, or nesting deeper than MAX_CONTEXT_DEPTH; `path` names the value.
 */
export function toSafeData(value: unknown, path: string, problems: ConfigProblem[], depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_CONTEXT_DEPTH) {
    problems.push({
      path,
      received: '(nested too deep)',
      expected: `a value nested at most ${MAX_CONTEXT_DEPTH} levels deep`,
    });
    return undefined;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(toSafeData(value[i], `${path}.${i}`, problems, depth + 1));
    return out;
  }
  const out = emptyDict();
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEY_SEGMENTS.has(key)) {
      problems.push({ path: `${path}.${key}`, received: (value as Dict)[key], expected: forbiddenExpectation() });
      continue;
    }
    out[key] = toSafeData((value as Dict)[key], `${path}.${key}`, problems, depth + 1);
  }
  return out;
}

function forbiddenExpectation(): string {
  return `a key without a ${[...FORBIDDEN_KEY_SEGMENTS].join(', ')} segment (they would reach the prototype of every object)`;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const ARRAY_INDEX = /^(0|[1-9]\d{0,8})$/;

/**
 * Sets `value` at `genai-demo:key.a.b`, creating prototype-less objects on the way. A list is indexed
 * by an existing position or the next one (`alert-emails.2` appends to a two-item list); anything else
 * (`length`, `-1`, `1e9`) is a problem naming the key. Returns false when the path was refused.
 */
export function setPath(target: Dict, dotted: string, value: unknown, problems: ConfigProblem[]): boolean {
  const segments = dotted.split('.');
  const bad = segments.find((s) => FORBIDDEN_KEY_SEGMENTS.has(s));
  if (bad !== undefined) {
    problems.push({ path: dotted, received: value, expected: forbiddenExpectation() });
    return false;
  }
  if (segments.some((s) => s === '')) {
    problems.push({ path: dotted, received: value, expected: 'a key path without empty segments (a.b.c)' });
    return false;
  }
  let cur: Dict | unknown[] = target;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (Array.isArray(cur)) {
      if (!ARRAY_INDEX.test(seg) || Number(seg) > cur.length) {
        const at = segments.slice(0, i).join('.');
        problems.push({
          path: `${at}.${seg}`,
          received: value,
          expected: `an index 0..${cur.length} of the list at ${at}`,
        });
        return false;
      }
      const idx = Number(seg);
      if (last) cur[idx] = value;
      else {
        if (!isPlainObject(cur[idx]) && !Array.isArray(cur[idx])) cur[idx] = emptyDict();
        cur = cur[idx] as Dict | unknown[];
      }
      continue;
    }
    if (last) cur[seg] = value;
    else {
      if (!Object.hasOwn(cur, seg) || (!isPlainObject(cur[seg]) && !Array.isArray(cur[seg]))) cur[seg] = emptyDict();
      cur = cur[seg] as Dict | unknown[];
    }
  }
  return true;
}

function baseContext(sources: ContextSources, problems: ConfigProblem[]): unknown {
  const env = sources.env ?? process.env;
  if (env.CDKTF_CONTEXT_JSON) {
    try {
      return JSON.parse(env.CDKTF_CONTEXT_JSON);
    } catch {
      problems.push({ path: 'CDKTF_CONTEXT_JSON', received: env.CDKTF_CONTEXT_JSON, expected: 'a JSON object' });
      return {};
    }
  }
  const file = join(sources.cwd ?? process.cwd(), 'cdktf.json');
  if (!existsSync(file)) return {};
  try {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isPlainObject(json)) {
      problems.push({ path: 'cdktf.json', received: json, expected: 'a JSON object' });
      return {};
    }
    return json.context ?? {};
  } catch (err) {
    problems.push({ path: 'cdktf.json', received: String(err), expected: 'valid JSON' });
    return {};
  }
}

const SEPARATOR = /[\s,]/;
const KEY_START = /[a-z0-9-]+:/iy;

/**
 * Splits `k=v` items. An item ends at a run of spaces, commas or newlines followed by the next key's
 * `name:` prefix, so a value may hold spaces (`Region Name`) or commas. One pass over the text: each
 * separator run is scanned once and each key start is matched once (a regex split with a lookahead
 * after `[\s,]+` backtracks over long separator runs and is quadratic).
 */
export function splitPairs(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (!SEPARATOR.test(text[i])) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && SEPARATOR.test(text[i])) i++;
    KEY_START.lastIndex = i;
    if (i < text.length && KEY_START.test(text)) {
      items.push(text.slice(start, runStart));
      start = i;
    }
  }
  items.push(text.slice(start));
  return items.map((s) => s.trim()).filter(Boolean);
}

/** Splits `k=v` pairs; `v` may itself contain `=`. */
function parsePairs(text: string, origin: string, problems: ConfigProblem[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const item of splitPairs(text)) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      problems.push({ path: origin, received: item, expected: 'key=value, e.g. genai-demo:environment=development' });
      continue;
    }
    pairs.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return pairs;
}

/** The `--context` pairs of an argument list; anything else is a problem (the tools parse their own flags first). */
function contextArguments(argv: readonly string[], problems: ConfigProblem[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--context' || arg === '-c') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) {
        problems.push({
          path: arg,
          received: undefined,
          expected: 'a key=value after it, e.g. --context genai-demo:environment=development',
        });
        continue;
      }
      pairs.push(next);
      i++;
    } else if (arg.startsWith('--context=')) pairs.push(arg.slice('--context='.length));
    else problems.push({ path: 'argument', received: arg, expected: '--context key=value (or -c key=value)' });
  }
  return pairs;
}

export function readRawContext(sources: ContextSources = {}): RawContextResult {
  const problems: ConfigProblem[] = [];
  const applied: string[] = [];
  const base = baseContext(sources, problems);
  const context = emptyDict();
  if (!isPlainObject(base)) {
    const origin = (sources.env ?? process.env).CDKTF_CONTEXT_JSON ? 'CDKTF_CONTEXT_JSON' : 'cdktf.json context';
    problems.push({ path: origin, received: base, expected: 'a JSON object of genai-demo: keys' });
  } else {
    for (const k of Object.keys(base)) {
      if (k.startsWith(CONTEXT_PREFIX)) context[k] = toSafeData(base[k], k, problems);
    }
  }

  const overrides: Array<[string, string, string]> = [];
  const env = sources.env ?? process.env;
  const fromEnv = env[OVERRIDE_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.startsWith('{')) {
      let obj: unknown;
      try {
        obj = JSON.parse(fromEnv);
      } catch {
        problems.push({ path: OVERRIDE_ENV, received: fromEnv, expected: 'a JSON object or key=value pairs' });
      }
      if (isPlainObject(obj))
        for (const k of Object.keys(obj)) overrides.push([k, JSON.stringify(obj[k]), OVERRIDE_ENV]);
    } else {
      for (const [k, v] of parsePairs(fromEnv, OVERRIDE_ENV, problems)) overrides.push([k, v, OVERRIDE_ENV]);
    }
  }
  for (const pair of contextArguments(sources.argv ?? process.argv.slice(2), problems)) {
    for (const [k, v] of parsePairs(pair, '--context', problems)) overrides.push([k, v, '--context']);
  }

  for (const [key, value, origin] of overrides) {
    if (!key.startsWith(CONTEXT_PREFIX)) {
      problems.push({ path: `${origin} ${key}`, received: value, expected: `a key starting with ${CONTEXT_PREFIX}` });
      continue;
    }
    const parsed = toSafeData(parseValue(value), key, problems);
    if (setPath(context, key, parsed, problems)) applied.push(`${key}=${value} (${origin})`);
  }
  return { context, problems, applied };
}
