/**
 * Hostile input, in-process (issue 15): prototype-safe overrides, linear parsing, Terraform template
 * escaping, and the AWS/Terraform limits checked at synth with their config key.
 */
import { resolveConfig } from '../../config';
import { readRawContext, setPath, splitPairs } from '../../config/context';
import { escapeTerraformTemplate, hasLiveTemplateSequence } from '../../config/escape';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACM_FIRST_NAME_MAX,
  NAME_LIMITS,
  RDS_GP3_MAX_STORAGE_GIB,
  REGION_AZ_COUNTS,
  UNUSABLE_VPC_RANGES,
  emailSubscriptionKey,
  maxEnvironmentNameLength,
} from '../../config/limits';
import { ROUTE53_HEALTH_CHECKER_REGIONS } from '../../config/route53-limits';
import { subscriptionId } from '../../components/encrypted-topic';
import { contextWith, type Json } from '../helpers/app';
import { env, multi, problemsOf } from './problems';

describe('override paths never reach a prototype', () => {
  test.each(['__proto__', 'constructor', 'prototype'])(
    'a %s segment is refused with the key, and Object.prototype stays clean',
    (seg) => {
      const { problems } = readRawContext({
        cwd: '/nonexistent',
        env: {},
        argv: ['--context', `genai-demo:state.${seg}.mapPublicIpOnLaunch=true`],
      });
      expect(problems).toEqual([
        expect.objectContaining({ path: `genai-demo:state.${seg}.mapPublicIpOnLaunch`, received: true }),
      ]);
      expect(({} as Json).mapPublicIpOnLaunch).toBeUndefined();
    },
  );

  test('objects built from overrides have no prototype', () => {
    const { context } = readRawContext({
      cwd: '/nonexistent',
      env: { GENAI_DEMO_CONTEXT: 'genai-demo:a.b.c=1' },
      argv: [],
    });
    expect(Object.getPrototypeOf(context)).toBeNull();
    expect(Object.getPrototypeOf((context['genai-demo:a'] as Json).b)).toBeNull();
  });

  test('a __proto__ key inside JSON (base context or value) is refused, not copied', () => {
    const ctx = JSON.parse('{"genai-demo:state":{"__proto__":{"x":1}}}');
    expect(() => resolveConfig(ctx)).toThrow(
      /genai-demo:state\.__proto__ \{"x":1\}: expected a key without a __proto__/,
    );
  });

  test.each([
    ['length', /health-check-regions\.length 5: expected an index 0\.\.3/],
    ['7', /health-check-regions\.7 5: expected an index 0\.\.3/],
    ['-1', /health-check-regions\.-1 5: expected an index/],
  ])('a list index %s outside 0..length is refused with the key', (index, message) => {
    const problems: Array<{ path: string }> = [];
    const target = { 'genai-demo:multi-region': { 'health-check-regions': ['a', 'b', 'c'] } };
    expect(setPath(target, `genai-demo:multi-region.health-check-regions.${index}`, 5, problems as never)).toBe(false);
    expect(`${problems[0].path} 5: expected ${(problems[0] as never as { expected: string }).expected}`).toMatch(
      message,
    );
  });

  test('an index at the end appends', () => {
    const target = { 'genai-demo:multi-region': { 'alert-emails': ['a@b.io'] } };
    expect(setPath(target, 'genai-demo:multi-region.alert-emails.1', 'c@d.io', [])).toBe(true);
    expect(target['genai-demo:multi-region']['alert-emails']).toEqual(['a@b.io', 'c@d.io']);
  });

  test.each(['null', '[]', '"text"', '42'])('CDKTF_CONTEXT_JSON=%s is a config error naming the variable', (value) => {
    const { problems } = readRawContext({ cwd: '/nonexistent', env: { CDKTF_CONTEXT_JSON: value }, argv: [] });
    expect(problems[0]).toEqual(
      expect.objectContaining({ path: 'CDKTF_CONTEXT_JSON', expected: 'a JSON object of genai-demo: keys' }),
    );
  });

  test('--context with no value, or an unknown argument, is a problem (not ignored)', () => {
    expect(readRawContext({ cwd: '/nonexistent', env: {}, argv: ['--context'] }).problems[0].path).toBe('--context');
    expect(readRawContext({ cwd: '/nonexistent', env: {}, argv: ['--contxt', 'x'] }).problems[0]).toEqual(
      expect.objectContaining({ path: 'argument', received: '--contxt' }),
    );
  });
});

describe('GENAI_DEMO_CONTEXT parsing is linear', () => {
  test('splits on separator runs before a key, keeps spaces and commas inside values', () => {
    expect(splitPairs('genai-demo:a=1, genai-demo:b=New Taipei,\n genai-demo:c=x,y')).toEqual([
      'genai-demo:a=1',
      'genai-demo:b=New Taipei',
      'genai-demo:c=x,y',
    ]);
  });

  test('1 MB of separators parses in well under a second (the regex split took 61 s for 100 KB)', () => {
    const text = `genai-demo:domain=kimkao.io${' ,'.repeat(500_000)}x`;
    const t0 = process.hrtime.bigint();
    const items = splitPairs(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(items).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
  });
});

describe('free text reaching Terraform', () => {
  test.each([
    ['${file("/etc/passwd")}', '$${file("/etc/passwd")}'],
    ['%{if true}x%{endif}', '%%{if true}x%%{endif}'],
    ['a$b%c{d}', 'a$b%c{d}'],
    ['$${already}', '$$${already}'],
  ])('escapeTerraformTemplate(%j) = %j, with no live sequence left', (input, escaped) => {
    expect(escapeTerraformTemplate(input)).toBe(escaped);
    expect(hasLiveTemplateSequence(escapeTerraformTemplate(input))).toBe(false);
  });

  test('live sequences are recognised as Terraform reads them ($${ literal, $$${ literal $ + literal ${)', () => {
    expect(hasLiveTemplateSequence('${x}')).toBe(true);
    expect(hasLiveTemplateSequence('a%{x}')).toBe(true);
    expect(hasLiveTemplateSequence('$${x}')).toBe(false);
    expect(hasLiveTemplateSequence('$$${x}')).toBe(false);
    expect(hasLiveTemplateSequence('$%{x}')).toBe(true);
  });

  test.each(['Taiwan ${path.cwd}', 'Tai%{if true}x%{endif}', 'Taïwan', 'x'.repeat(65), 'Taipei!'])(
    'region display name %j is refused with its key',
    (name) => {
      expect(problemsOf({ 'genai-demo:regions': { regions: { 'ap-east-2': { name } } } })).toMatch(
        /genai-demo:regions\.regions\.ap-east-2\.name .*expected 1 to 64 ASCII letters/,
      );
    },
  );

  test.each(['Taiwan', 'New Taipei / TW-1', 'x'.repeat(64)])('region display name %j is accepted', (name) => {
    expect(problemsOf({ 'genai-demo:regions': { regions: { 'ap-east-2': { name } } } })).toBe('');
  });

  test('the e-mail subscription key folds like the construct id (a collision is refused, not a crash)', () => {
    for (const email of ['Ops@Kimkao.io', 'a.b+c@x.io', '${x}@y.io'])
      expect(subscriptionId(email)).toBe(`Email-${emailSubscriptionKey(email)}`);
    expect(problemsOf(multi({ 'alert-emails': ['a.b@x.io', 'a-b@x.io'] }))).toMatch(
      /genai-demo:multi-region\.alert-emails\.1 "a-b@x\.io": expected an address other than alert-emails\.0/,
    );
  });
});

// Each limit: the value just inside passes, the one just outside fails with the key path.
describe.each<[string, Json, Json, RegExp]>([
  [
    'CIDR with leading zeros',
    env('production', { 'vpc-cidr': '10.2.0.0/16' }),
    env('production', { 'vpc-cidr': '010.2.0.0/16' }),
    /production\.vpc-cidr "010\.2\.0\.0\/16": expected an IPv4 CIDR without leading zeros \(10\.2\.0\.0\/16\)/,
  ],
  [
    'CIDR prefix with a leading zero',
    env('production', { 'vpc-cidr': '10.2.0.0/16' }),
    env('production', { 'vpc-cidr': '10.2.0.0/016' }),
    /vpc-cidr "10\.2\.0\.0\/016": expected an IPv4 CIDR/,
  ],
  [
    'VPC too small for /27 ALB subnets',
    env('production', { 'vpc-cidr': '10.2.0.0/23' }),
    env('production', { 'vpc-cidr': '10.2.0.0/24' }),
    /production\.vpc-cidr "10\.2\.0\.0\/24": expected a prefix length \/16\.\.\/23 .*ALB needs \/27/,
  ],
  [
    'VPC larger than AWS allows',
    env('production', { 'vpc-cidr': '10.2.0.0/16' }),
    env('production', { 'vpc-cidr': '10.0.0.0/15' }),
    /production\.vpc-cidr "10\.0\.0\.0\/15": expected a prefix length/,
  ],
  [
    'VPC in the link-local range',
    env('production', { 'vpc-cidr': '169.253.0.0/16' }),
    env('production', { 'vpc-cidr': '169.254.0.0/16' }),
    /production\.vpc-cidr "169\.254\.0\.0\/16": expected a range outside 169\.254\.0\.0\/16/,
  ],
  [
    'VPC in loopback',
    env('production', { 'vpc-cidr': '126.0.0.0/16' }),
    env('production', { 'vpc-cidr': '127.0.0.0/16' }),
    /expected a range outside 127\.0\.0\.0\/8/,
  ],
  [
    'VPC in multicast',
    env('production', { 'vpc-cidr': '223.255.0.0/16' }),
    env('production', { 'vpc-cidr': '224.0.0.0/16' }),
    /expected a range outside 224\.0\.0\.0\/4/,
  ],
  [
    'storage above gp3 after autoscaling',
    env('production', { 'db-allocated-storage-gb': 32768 }),
    env('production', { 'db-allocated-storage-gb': 32769 }),
    /production\.db-allocated-storage-gb 32769: expected at most 32768 GiB: storage autoscaling goes to 2x/,
  ],
  [
    'health-checker region Route 53 does not offer',
    multi({ 'health-check-regions': ['us-east-1', 'us-west-2', 'sa-east-1'] }),
    multi({ 'health-check-regions': ['us-east-1', 'us-west-2', 'eu-central-1'] }),
    /genai-demo:multi-region\.health-check-regions\.2 "eu-central-1": expected a Route 53 health-checker region/,
  ],
  [
    'unknown region',
    { 'genai-demo:state': { region: 'eu-west-3' } },
    { 'genai-demo:state': { region: 'eu-west-9' } },
    /genai-demo:state\.region "eu-west-9": expected a region AWS offers/,
  ],
  [
    'region with too few AZs',
    {
      'genai-demo:regions': {
        primary: 'us-west-2',
        regions: {
          'ap-east-2': undefined,
          'us-west-2': {
            name: 'Oregon',
            type: 'primary',
            'cost-optimization': { 'spot-instances': false, 'reserved-instances': false },
            'backup-retention': { rds: 7, logs: 90 },
          },
        },
      },
    },
    {
      'genai-demo:regions': {
        primary: 'us-west-1',
        regions: {
          'ap-east-2': undefined,
          'us-west-1': {
            name: 'N California',
            type: 'primary',
            'cost-optimization': { 'spot-instances': false, 'reserved-instances': false },
            'backup-retention': { rds: 7, logs: 90 },
          },
        },
      },
    },
    /genai-demo:regions\.primary "us-west-1": expected a region with at least 3 availability zones .*us-west-1 offers 2/,
  ],
  [
    'production RDS backups shorter than the rule pack allows (was a policy finding naming a resource)',
    { 'genai-demo:regions': { regions: { 'ap-northeast-1': { 'backup-retention': { rds: 7 } } } } },
    { 'genai-demo:regions': { regions: { 'ap-northeast-1': { 'backup-retention': { rds: 6 } } } } },
    /genai-demo:regions\.regions\.ap-northeast-1\.backup-retention\.rds 6: expected at least 7 days in production \(policy rds-backup-retention/,
  ],
  [
    'production log retention shorter than the rule pack allows',
    { 'genai-demo:regions': { regions: { 'ap-east-2': { 'backup-retention': { logs: 90 } } } } },
    { 'genai-demo:regions': { regions: { 'ap-east-2': { 'backup-retention': { logs: 60 } } } } },
    /genai-demo:regions\.regions\.ap-east-2\.backup-retention\.logs 60: expected at least 90 days in production \(policy log-group-retention/,
  ],
  [
    'ACM first name above 64 characters',
    { 'genai-demo:domain': `${'a'.repeat(57)}.io` },
    { 'genai-demo:domain': `${'a'.repeat(58)}.io` },
    /genai-demo:domain "a{58}\.io": expected a domain of at most 60 characters: the certificate name "api\.a{58}\.io" is 65/,
  ],
])('limit: %s', (_name, inside, outside, message) => {
  test('inside passes', () => expect(problemsOf(inside)).toBe(''));
  test('outside fails with the key', () => expect(problemsOf(outside)).toMatch(message));
});

describe('names built from the environment name', () => {
  const withEnv = (name: string, drOn: boolean) => ({
    'genai-demo:environment': name,
    'genai-demo:multi-region': { 'enable-dr': drOn },
    'genai-demo:environments': { [name]: contextWith()['genai-demo:environments'].development },
  });

  test('the tightest limit is the ALB and target group names (32)', () => {
    expect(maxEnvironmentNameLength(false)).toBe(17);
    expect(maxEnvironmentNameLength(true)).toBe(14);
  });

  test('an environment name of the maximum length passes; one more character names the key', () => {
    expect(problemsOf(withEnv('d'.repeat(17), false))).toBe('');
    expect(problemsOf(withEnv('d'.repeat(18), false))).toMatch(
      /genai-demo:environment "d{18}": expected a name of at most 17 characters: the ALB name "genai-demo-d{18}-alb" would be 33 characters, AWS allows 32/,
    );
  });

  test('every name limit has a source', () => {
    for (const l of NAME_LIMITS) expect(l.source).toMatch(/\w+ \w+/);
  });
});

test('the shipped regions, checker regions and AZ counts agree', () => {
  for (const r of ROUTE53_HEALTH_CHECKER_REGIONS) expect(REGION_AZ_COUNTS[r]).toBeGreaterThanOrEqual(2);
  expect(REGION_AZ_COUNTS['ap-east-2']).toBe(3);
  expect(REGION_AZ_COUNTS['ap-northeast-1']).toBe(3);
});

test("the README's limits table states the figures config/limits.ts enforces", () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Limits checked at synth'), readme.indexOf('### Hostile input'));
  expect(table).toContain(`Health-checker regions: ${ROUTE53_HEALTH_CHECKER_REGIONS.join(', ')} |`);
  expect(table).toContain(
    `environment name ≤ ${maxEnvironmentNameLength(false)}, ≤ ${maxEnvironmentNameLength(true)} with DR`,
  );
  expect(table).toContain(`≤ ${RDS_GP3_MAX_STORAGE_GIB} GiB`);
  expect(table).toContain(`domain ≤ ${ACM_FIRST_NAME_MAX - 'api.'.length}`);
  for (const r of UNUSABLE_VPC_RANGES) expect(table).toContain(r.cidr);
  for (const l of NAME_LIMITS) expect(table).toContain(`≤ ${l.max}`);
});
