/**
 * The role cycle of issue 13, as configuration: the default deployment, a promotion to Tokyo, Taiwan
 * re-protected as a new generation, the promotion back to Taiwan, Tokyo re-protected. Shared by the unit
 * test that compares the synthesized Terraform between steps and the emulator suite that applies them.
 */
import type { Json } from './app';

const TAIWAN = 'ap-east-2';
const TOKYO = 'ap-northeast-1';

/** One step: what it should do, and the context patch that says it. */
export interface RoleStep {
  readonly name: string;
  /** The region that holds the writer. */
  readonly writer: string;
  /** Each region's expected instances: identifier → role. */
  readonly expect: Readonly<Record<string, Readonly<Record<string, 'writer' | 'replica' | 'fenced'>>>>;
  readonly patch: Json;
}

const db = (generation: number, retired: Record<string, 'fenced' | 'deletable'> = {}) => ({
  database: { generation, retired },
});
const step = (writer: string, replication: boolean, taiwan: Json, tokyo: Json): Json => ({
  'genai-demo:multi-region': { 'writer-region': writer, 'enable-cross-region-replication': replication },
  'genai-demo:regions': { regions: { [TAIWAN]: taiwan, [TOKYO]: tokyo } },
});

const P = 'genai-demo-production-postgres';
const D = 'genai-demo-production-dr-postgres';

export const ROLE_SEQUENCE: readonly RoleStep[] = [
  {
    name: 'default: Taiwan writes, Tokyo replicates',
    writer: TAIWAN,
    expect: { [TAIWAN]: { [P]: 'writer' }, [TOKYO]: { [D]: 'replica' } },
    patch: {},
  },
  {
    name: 'writer Tokyo: Tokyo generation 1 promoted, Taiwan generation 1 fenced, no replica',
    writer: TOKYO,
    expect: { [TAIWAN]: { [P]: 'fenced' }, [TOKYO]: { [D]: 'writer' } },
    patch: step(TOKYO, false, db(2, { 1: 'fenced' }), db(1)),
  },
  {
    name: 'Taiwan generation 2 replicates Tokyo; Taiwan generation 1 made deletable',
    writer: TOKYO,
    expect: { [TAIWAN]: { [P]: 'fenced', [`${P}-g2`]: 'replica' }, [TOKYO]: { [D]: 'writer' } },
    patch: step(TOKYO, true, db(2, { 1: 'deletable' }), db(1)),
  },
  {
    name: 'writer Taiwan generation 2: promoted; Taiwan generation 1 deleted; Tokyo generation 1 fenced',
    writer: TAIWAN,
    expect: { [TAIWAN]: { [`${P}-g2`]: 'writer' }, [TOKYO]: { [D]: 'fenced' } },
    patch: step(TAIWAN, false, db(2), db(2, { 1: 'fenced' })),
  },
  {
    name: 'Tokyo generation 2 replicates Taiwan',
    writer: TAIWAN,
    expect: { [TAIWAN]: { [`${P}-g2`]: 'writer' }, [TOKYO]: { [D]: 'fenced', [`${D}-g2`]: 'replica' } },
    patch: step(TAIWAN, true, db(2), db(2, { 1: 'fenced' })),
  },
];

/** A context patch as `key=value` pairs for GENAI_DEMO_CONTEXT (dotted keys reach inside values). */
export function overridePairs(patch: Json, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([k, v]) => {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0
      ? overridePairs(v as Json, key)
      : [`${key}=${JSON.stringify(v)}`];
  });
}
