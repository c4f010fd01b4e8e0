/** One configuration problem: where, what was received, what was expected. */
export interface ConfigProblem {
  /** Context key path, e.g. `genai-demo:environments.production-dr.vpc-cidr`. */
  readonly path: string;
  /** The value found there (undefined when the key is missing). */
  readonly received: unknown;
  /** What would have been accepted. */
  readonly expected: string;
}

/** Adds one problem: the key path, the value received, what was expected. */
export type AddProblem = (path: string, received: unknown, expected: string) => void;

/** A problem list and the `add` that fills it, for the rule functions. */
export function problemCollector(): { readonly problems: ConfigProblem[]; readonly add: AddProblem } {
  const problems: ConfigProblem[] = [];
  return { problems, add: (path, received, expected) => void problems.push({ path, received, expected }) };
}

/** Longest rendering of a received value in a message; longer ones are cut (a 1 MB override stays readable). */
export const MAX_RECEIVED_CHARS = 200;

export function formatProblem(p: ConfigProblem): string {
  let received = p.received === undefined ? '(missing)' : (JSON.stringify(p.received) ?? String(p.received));
  if (received.length > MAX_RECEIVED_CHARS)
    received = `${received.slice(0, MAX_RECEIVED_CHARS)}… (${received.length} characters)`;
  return `${p.path} ${received}: expected ${p.expected}`;
}

/** Thrown with every problem found in the configuration at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Joins a context key and a path inside its value: `genai-demo:regions` + [regions, x] → `genai-demo:regions.regions.x`. */
export function keyPath(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** Reads the value at a path of an untyped object, for reporting what was received. */
export function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[s];
  }
  return cur;
}
