/**
 * Shared pieces of the property-based tests of hostile input (fast-check): generators of overrides and
 * whole configs, valid and hostile, and the checks every outcome must pass. The seed and run count come
 * from FC_SEED / FC_RUNS (CI: fixed), so `npm run test:property` can run many more.
 */
import fc from 'fast-check';
import { hasLiveTemplateSequence } from '../../config/escape';
import { REGION_AZ_COUNTS } from '../../config/limits';
import { ROUTE53_HEALTH_CHECKER_REGIONS } from '../../config/route53-limits';
import type { Json } from './app';

/** Fixed in CI; `FC_SEED=... npm run test:property` replays or explores. */
export const SEED = Number(process.env.FC_SEED ?? 15);

export function runs(ciDefault: number): number {
  return Number(process.env.FC_RUNS ?? ciDefault);
}

/** Marker inside every generated template sequence: it must never appear in a live `${`/`%{`. */
export const MARK = 'pwn';

const hostileText = fc.constantFrom(
  `\${file("/etc/${MARK}")}`,
  `%{if true}${MARK}%{endif}`,
  `$\${${MARK}}`,
  `\${${MARK}`,
  `%{${MARK}}`,
  '__proto__',
  'constructor',
  '',
  ' ',
  '\u0000',
  'Taïwan',
  'a'.repeat(300),
);

const text = fc.oneof(
  hostileText,
  fc.string({ maxLength: 24 }),
  fc.constantFrom('Taiwan', 'Tokyo', 'ops@kimkao.io', 'development', 'production'),
);

const segment = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'length', '0', '1', '3', '-1', '1e9', ''),
  fc.constantFrom('environment', 'domain', 'state', 'regions', 'multi-region', 'environments', 'hosted-zone'),
  fc.constantFrom(
    'primary',
    'secondary',
    'regions',
    'ap-east-2',
    'ap-northeast-1',
    'name',
    'production',
    'production-dr',
    'development',
  ),
  fc.constantFrom(
    'vpc-cidr',
    'alert-emails',
    'health-check-regions',
    'eks-min-nodes',
    'db-allocated-storage-gb',
    'bucket',
    'mapPublicIpOnLaunch',
  ),
  fc.string({ maxLength: 8 }),
);

/** A dotted override key under `genai-demo:`. */
export const overrideKey = fc
  .tuple(
    fc.constantFrom('environment', 'domain', 'state', 'regions', 'multi-region', 'environments', 'hosted-zone', 'nope'),
    fc.array(segment, { maxLength: 4 }),
  )
  .map(([top, rest]) => [`genai-demo:${top}`, ...rest].join('.'));

/** Any JSON value, leaning on the hostile strings. */
export const overrideValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer({ min: -10, max: 100_000 }),
  fc.constantFrom(0, 1, 2, 3, 10, 30, 1e308, -1, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.oneof(fc.constantFrom('__proto__', 'constructor', 'name', 'mapPublicIpOnLaunch'), fc.string({ maxLength: 6 })),
    text,
    { maxKeys: 3 },
  ),
);

/** Overrides of real keys with plausible (often accepted) values, some carrying template sequences. */
const plausibleOverride: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('genai-demo:environment'), fc.constantFrom('production', 'development')),
  fc.tuple(fc.constant('genai-demo:multi-region.enable-dr'), fc.boolean()),
  fc.tuple(
    fc.constant('genai-demo:multi-region.alert-emails'),
    fc.array(fc.constantFrom('ops@kimkao.io', `\${${MARK}}@kimkao.io`, `a%{${MARK}}b@kimkao.io`), { maxLength: 2 }),
  ),
  fc.tuple(
    fc.constant('genai-demo:multi-region.alert-emails.0'),
    fc.constantFrom('dr@kimkao.io', `x$\${${MARK}}@kimkao.io`),
  ),
  fc.tuple(
    fc.constantFrom('genai-demo:regions.regions.ap-east-2.name', 'genai-demo:regions.regions.ap-northeast-1.name'),
    fc.oneof(fc.constantFrom('Taiwan', 'Tokyo DR'), text),
  ),
  fc.tuple(fc.constant('genai-demo:multi-region.health-check-interval'), fc.constantFrom(10, 30)),
  fc.tuple(
    fc.constant('genai-demo:environments.development.vpc-cidr'),
    fc.constantFrom('10.1.0.0/16', '10.1.0.0/23', '172.16.0.0/20', '10.1.0.0/24', '010.1.0.0/16'),
  ),
);

/** A set of overrides, as the JSON form of GENAI_DEMO_CONTEXT takes them: plausible ones, hostile ones. */
export const overrides = fc.array(
  fc.oneof({ arbitrary: plausibleOverride, weight: 4 }, { arbitrary: fc.tuple(overrideKey, overrideValue), weight: 1 }),
  { minLength: 1, maxLength: 3 },
);

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(10, 172, 192, 169, 127, 224));
const cidr = fc.oneof(
  fc.tuple(octet, octet, fc.integer({ min: 8, max: 30 })).map(([a, b, p]) => `${a}.${b}.0.0/${p}`),
  fc.constantFrom(
    '10.2.0.0/16',
    '10.3.0.0/16',
    '10.1.0.0/16',
    '010.2.0.0/16',
    '10.2.0.0/016',
    '10.2.0.1/16',
    '10.2.0.0/23',
    '10.2.0.0/24',
    '169.254.0.0/16',
    'text',
  ),
);
const region = fc.constantFrom(...Object.keys(REGION_AZ_COUNTS), 'eu-west-9', 'mars-north-1', 'us-west-1');
const email = fc.oneof(
  fc.constantFrom(
    'ops@kimkao.io',
    'Ops@Kimkao.io',
    `\${${MARK}}@kimkao.io`,
    `a%{${MARK}}b@kimkao.io`,
    `x$\${${MARK}}@kimkao.io`,
    'no-at-sign',
    'a.b@x.io',
    'a-b@x.io',
  ),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('kimkao.io', 'x.io'))
    .map(([l, d]) => `${l}@${d}`),
);

/** A patch over the shipped context: mostly plausible values, some hostile. */
export const configPatch: fc.Arbitrary<Json> = fc.record(
  {
    'genai-demo:environment': fc.constantFrom(
      'production',
      'development',
      'production-dr',
      'constructor',
      'd'.repeat(18),
      'prod',
    ),
    'genai-demo:domain': fc.oneof(
      fc.constantFrom('kimkao.io', 'example.org', `${'a'.repeat(58)}.io`, 'KIMKAO.io'),
      text,
    ),
    'genai-demo:regions': fc.record(
      {
        secondary: region,
        regions: fc.record(
          {
            'ap-east-2': fc.record({ name: text }, { requiredKeys: [] }),
            'ap-northeast-1': fc.record({ name: text }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    'genai-demo:state': fc.record(
      { region, bucket: fc.constantFrom('genai-demo-terraform-state', 'a'.repeat(50), 'Bad_Bucket') },
      { requiredKeys: [] },
    ),
    'genai-demo:multi-region': fc.record(
      {
        'enable-dr': fc.boolean(),
        'alert-emails': fc.array(email, { maxLength: 3 }),
        'health-check-regions': fc.shuffledSubarray([...ROUTE53_HEALTH_CHECKER_REGIONS, 'eu-central-1'], {
          minLength: 2,
          maxLength: 4,
        }),
        'health-check-interval': fc.constantFrom(10, 30, 20),
      },
      { requiredKeys: [] },
    ),
    'genai-demo:environments': fc.record(
      {
        production: fc.record(
          {
            'vpc-cidr': cidr,
            'eks-min-nodes': fc.integer({ min: -1, max: 12 }),
            'db-allocated-storage-gb': fc.constantFrom(20, 100, 32768, 32769, 65537),
          },
          { requiredKeys: [] },
        ),
        'production-dr': fc.record({ 'vpc-cidr': cidr }, { requiredKeys: [] }),
        development: fc.record({ 'vpc-cidr': cidr }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** Every `${...}` / `%{...}` expression Terraform would evaluate in `text` (the text after the opener). */
export function liveExpressions(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') found.push(text.slice(i + 2, i + 2 + 80));
  }
  return found;
}

/** Every string in a synthesized stack (keys and values). */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}

/** The live expressions of a stack that hold a generated marker (must be none). */
export function injectedExpressions(stack: unknown): string[] {
  return allStrings(stack)
    .flatMap(liveExpressions)
    .filter((e) => e.includes(MARK));
}

export { hasLiveTemplateSequence };
