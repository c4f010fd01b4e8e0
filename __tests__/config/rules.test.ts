import { ConfigError, resolveConfig } from '../../config';
import { contextWith, type Json } from '../helpers/app';
import { env, multi, problemsOf, region } from './problems';

const dev = { 'genai-demo:environment': 'development' };

describe('the shipped cdktf.json', () => {
  test('is valid', () => {
    expect(problemsOf({})).toBe('');
  });
});

// One bad configuration per rule: the message names the key path and the value received.
describe.each<[string, Json, RegExp]>([
  [
    'unknown top-level key (typo)',
    { 'genai-demo:multiregion': {} },
    /genai-demo:multiregion \{\}: expected no such key/,
  ],
  [
    'unknown nested key',
    multi({ 'enable-drr': true }),
    /genai-demo:multi-region\.enable-drr true: expected no such key/,
  ],
  [
    'string where a boolean belongs',
    multi({ 'enable-dr': 'false' }),
    /genai-demo:multi-region\.enable-dr "false": expected a boolean/,
  ],
  ['missing required key', { 'genai-demo:domain': undefined }, /genai-demo:domain \(missing\): expected a string/],
  [
    'environment not defined',
    { 'genai-demo:environment': 'staging' },
    /genai-demo:environment "staging": expected one of the environments defined/,
  ],
  [
    'invalid region name',
    { 'genai-demo:regions': { primary: 'taiwan-1' } },
    /genai-demo:regions\.primary "taiwan-1": expected an AWS region name/,
  ],
  [
    'primary equals secondary',
    { 'genai-demo:regions': { secondary: 'ap-east-2' } },
    /genai-demo:regions\.secondary "ap-east-2": expected a region other than the primary/,
  ],
  [
    'secondary not in the regions map',
    { 'genai-demo:regions': { secondary: 'eu-west-1' } },
    /genai-demo:regions\.secondary "eu-west-1": expected a region defined in genai-demo:regions\.regions/,
  ],
  [
    'region type contradicts its role',
    region('ap-northeast-1', { type: 'primary' }),
    /genai-demo:regions\.regions\.ap-northeast-1\.type "primary": expected "secondary"/,
  ],
  [
    'malformed VPC CIDR',
    env('production', { 'vpc-cidr': '10.2.0.0/33' }),
    /genai-demo:environments\.production\.vpc-cidr "10\.2\.0\.0\/33": expected an IPv4 CIDR/,
  ],
  [
    'VPC CIDR with host bits',
    env('production', { 'vpc-cidr': '10.2.1.0/16' }),
    /vpc-cidr "10\.2\.1\.0\/16": expected a network address without host bits \(did you mean 10\.2\.0\.0\/16\?\)/,
  ],
  [
    'VPC CIDR too small for the derived subnets',
    env('production', { 'vpc-cidr': '10.2.0.0/25' }),
    /vpc-cidr "10\.2\.0\.0\/25": expected a prefix length \/16\.\.\/23 \(AWS allows \/16 at most; subnets are derived as \/\+4 and the ALB needs \/27 subnets\)/,
  ],
  [
    'DR CIDR overlapping its primary',
    env('production-dr', { 'vpc-cidr': '10.2.128.0/17' }),
    /genai-demo:environments\.production-dr\.vpc-cidr "10\.2\.128\.0\/17": expected a range that does not overlap production "10\.2\.0\.0\/16"/,
  ],
  [
    'min nodes zero',
    env('production', { 'eks-min-nodes': 0 }),
    /genai-demo:environments\.production\.eks-min-nodes 0: expected at least 1/,
  ],
  [
    'max nodes below min nodes',
    env('production', { 'eks-min-nodes': 5, 'eks-max-nodes': 4 }),
    /genai-demo:environments\.production\.eks-max-nodes 4: expected at least eks-min-nodes \(5\)/,
  ],
  [
    'health-check interval Route 53 does not accept',
    multi({ 'health-check-interval': 15 }),
    /genai-demo:multi-region\.health-check-interval 15: expected 10 or 30/,
  ],
  [
    'failure threshold above 10',
    multi({ 'health-check-failure-threshold': 11 }),
    /health-check-failure-threshold 11: expected 1\.\.10/,
  ],
  [
    'failure threshold below 1',
    multi({ 'health-check-failure-threshold': 0 }),
    /health-check-failure-threshold 0: expected 1\.\.10/,
  ],
  [
    'log retention CloudWatch does not accept',
    region('ap-east-2', { 'backup-retention': { logs: 45 } }),
    /genai-demo:regions\.regions\.ap-east-2\.backup-retention\.logs 45: expected a retention CloudWatch Logs accepts/,
  ],
  [
    'RDS backup retention above 35',
    region('ap-east-2', { 'backup-retention': { rds: 36 } }),
    /backup-retention\.rds 36: expected 1\.\.35 days/,
  ],
  [
    'RDS backup retention 0',
    region('ap-northeast-1', { 'backup-retention': { rds: 0 } }),
    /ap-northeast-1\.backup-retention\.rds 0: expected 1\.\.35 days/,
  ],
  [
    'domain not a DNS name',
    { 'genai-demo:domain': 'kimkao_io' },
    /genai-demo:domain "kimkao_io": expected a valid lower-case DNS name/,
  ],
  [
    'domain with an empty label',
    { 'genai-demo:domain': 'api..kimkao.io' },
    /genai-demo:domain "api\.\.kimkao\.io": expected a valid lower-case DNS name/,
  ],
  [
    'DR enabled without a DR environment',
    { 'genai-demo:environments': { 'production-dr': undefined } },
    /genai-demo:environments\.production-dr \(missing\): expected the DR environment of production/,
  ],
  [
    'too few checker regions',
    multi({ 'health-check-regions': ['us-east-1', 'eu-west-1'] }),
    /health-check-regions \["us-east-1","eu-west-1"\]: expected at least 3 distinct AWS region names/,
  ],
  [
    'NAT gateways above the AZ count',
    env('production', { 'nat-gateways': 4 }),
    /production\.nat-gateways 4: expected 1\.\.3/,
  ],
  [
    'bad alert email',
    multi({ 'alert-emails': ['ops'] }),
    /genai-demo:multi-region\.alert-emails\.0 "ops": expected an email address/,
  ],
  [
    'bad state bucket name',
    { 'genai-demo:state': { bucket: 'Genai_State' } },
    /genai-demo:state\.bucket "Genai_State": expected a valid S3 bucket name/,
  ],
  [
    'non-DR environment without sizing',
    env('development', { 'eks-min-nodes': undefined }),
    /genai-demo:environments\.development\.eks-min-nodes \(missing\): expected a value/,
  ],
  [
    'bad Kubernetes version',
    env('production', { 'kubernetes-version': 'latest' }),
    /production\.kubernetes-version "latest": expected an EKS Kubernetes version/,
  ],
  [
    'RTO negative',
    multi({ 'failover-rto-minutes': -1 }),
    /genai-demo:multi-region\.failover-rto-minutes -1: expected at least 0/,
  ],
])('rejects %s', (_name, patch, message) => {
  test('with the key path, the value and what was expected', () => {
    expect(problemsOf(patch)).toMatch(message);
  });
});

// Both sides of each numeric boundary.
describe.each<[string, (v: number) => Json, number[], number[]]>([
  ['health-check-interval', (v) => multi({ 'health-check-interval': v }), [10, 30], [9, 11, 29, 31]],
  ['health-check-failure-threshold', (v) => multi({ 'health-check-failure-threshold': v }), [1, 10], [0, 11]],
  // Outside production: there, the rule pack's minimums (7 and 90 days) apply too (hostile-input.test.ts).
  [
    'backup-retention.rds',
    (v) => ({ ...dev, ...region('ap-east-2', { 'backup-retention': { rds: v } }) }),
    [1, 35],
    [0, 36],
  ],
  [
    'backup-retention.logs',
    (v) => ({ ...dev, ...region('ap-east-2', { 'backup-retention': { logs: v } }) }),
    [1, 90, 3653],
    [2, 89, 3654],
  ],
  ['nat-gateways', (v) => env('production', { 'nat-gateways': v }), [1, 3], [0, 4]],
  ['eks-min-nodes', (v) => env('production', { 'eks-min-nodes': v, 'eks-max-nodes': 10 }), [1, 10], [0, 11]],
])('%s boundaries', (_key, patchFor, accepted, rejected) => {
  test.each(accepted)('accepts %p', (v) => expect(problemsOf(patchFor(v))).toBe(''));
  test.each(rejected)('rejects %p', (v) => expect(problemsOf(patchFor(v))).not.toBe(''));
});

describe('VPC CIDR boundaries', () => {
  test.each(['10.2.0.0/16', '10.2.0.0/23'])('accepts %s', (cidr) =>
    expect(problemsOf(env('production', { 'vpc-cidr': cidr }))).toBe(''),
  );
  test.each(['10.0.0.0/15', '10.2.0.0/24'])('rejects %s', (cidr) =>
    expect(problemsOf(env('production', { 'vpc-cidr': cidr }))).toMatch(/prefix length/),
  );
  test('adjacent primary and DR ranges do not overlap', () => {
    expect(problemsOf(env('production-dr', { 'vpc-cidr': '10.3.0.0/16' }))).toBe('');
    expect(problemsOf(env('production-dr', { 'vpc-cidr': '10.2.254.0/23' }))).toMatch(/does not overlap production/);
  });
});

describe('reporting', () => {
  test('every problem is reported at once', () => {
    const message = problemsOf({
      'genai-demo:domain': 'not a domain',
      'genai-demo:multi-region': { 'health-check-interval': 20, 'health-check-failure-threshold': 12 },
      'genai-demo:environments': { production: { 'nat-gateways': 9 } },
    });
    expect(message).toMatch(/Invalid configuration \(4 problems\)/);
    expect(message).toMatch(/genai-demo:domain/);
    expect(message).toMatch(/health-check-interval 20/);
    expect(message).toMatch(/health-check-failure-threshold 12/);
    expect(message).toMatch(/nat-gateways 9/);
  });

  test('a value problem and a cross-field problem are reported together (the README example)', () => {
    const message = problemsOf({
      ...multi({ 'health-check-interval': 20 }),
      ...env('production-dr', { 'vpc-cidr': '10.2.0.0/16' }),
    });
    expect(message).toMatch(/Invalid configuration \(2 problems\)/);
    expect(message).toMatch(
      /genai-demo:multi-region\.health-check-interval 20: expected 10 or 30 \(the only intervals Route 53 accepts\)/,
    );
    expect(message).toMatch(
      /genai-demo:environments\.production-dr\.vpc-cidr "10\.2\.0\.0\/16": expected a range that does not overlap production/,
    );
  });

  test('a key with a problem of its own gets no cross-field problem on top', () => {
    const message = problemsOf({ 'genai-demo:environment': 'Staging' });
    expect(message).toMatch(/Invalid configuration \(1 problem\)/);
    expect(message).toMatch(
      /genai-demo:environment "Staging": expected a lower-case name of letters, digits and hyphens/,
    );
  });

  test('a type error stops the cross-field rules (they need well-typed values)', () => {
    const message = problemsOf({
      ...multi({ 'enable-dr': 'yes' }),
      ...env('production-dr', { 'vpc-cidr': '10.2.0.0/16' }),
    });
    expect(message).toMatch(/Invalid configuration \(1 problem\)/);
    expect(message).toMatch(/enable-dr "yes": expected a boolean/);
  });

  test('a value of the wrong type for a key with listed values stops the cross-field rules (they compare numbers)', () => {
    const message = problemsOf({
      ...region('ap-east-2', { 'backup-retention': { logs: { days: 90 } } }),
      ...env('production-dr', { 'vpc-cidr': '10.2.0.0/16' }),
    });
    expect(message).toMatch(/Invalid configuration \(1 problem\)/);
    expect(message).toMatch(
      /ap-east-2\.backup-retention\.logs \{"days":90\}: expected a retention CloudWatch Logs accepts/,
    );
  });

  test('every key given an odd value beside a cross-field problem: a ConfigError naming genai-demo: keys, never a crash', () => {
    const leaves: string[][] = [];
    const walk = (value: unknown, path: string[]): void => {
      leaves.push(path);
      if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    for (const [key, value] of Object.entries(contextWith())) if (key.startsWith('genai-demo:')) walk(value, [key]);
    const odd: unknown[] = [
      {},
      [],
      '',
      'x',
      -1,
      0,
      1.5,
      20,
      70000,
      null,
      true,
      'secondary',
      'production-dr',
      'ap-east-2',
      '10.2.0.0/16',
    ];
    let rejected = 0;
    for (const path of leaves) {
      for (const value of odd) {
        // The value replaces the key's (a patch would merge objects); the DR VPC overlaps production.
        const ctx = contextWith(env('production-dr', { 'vpc-cidr': '10.2.0.0/16' }));
        let at = ctx;
        for (const segment of path.slice(0, -1)) at = at[segment];
        at[path[path.length - 1]] = value;
        const error = (() => {
          try {
            resolveConfig(ctx);
            return undefined;
          } catch (err) {
            return err;
          }
        })();
        expect(error).toBeInstanceOf(ConfigError);
        for (const problem of (error as ConfigError).problems) expect(problem.path).toMatch(/^genai-demo:/);
        rejected++;
      }
    }
    expect(rejected).toBe(leaves.length * odd.length);
    expect(leaves.length).toBeGreaterThan(50);
  });

  test('a refused map key is reported with the key as the value received', () => {
    const tokyo = contextWith()['genai-demo:regions'].regions['ap-northeast-1'];
    expect(problemsOf(region('tokyo', tokyo))).toMatch(
      /genai-demo:regions\.regions\.tokyo "tokyo": expected an AWS region name such as ap-east-2/,
    );
    expect(problemsOf(region('eu-west-9', tokyo))).toMatch(
      /genai-demo:regions\.regions\.eu-west-9 "eu-west-9": expected a region AWS offers \(known: /,
    );
  });

  test('keys outside genai-demo: (cdktf settings) are left alone', () => {
    expect(problemsOf({ excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' })).toBe('');
  });
});

describe('strict recovery budget', () => {
  test('unreachable targets are warnings by default', () => {
    const config = resolveConfig(contextWith({}));
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toMatch(/failover-rto-minutes 1: not achievable; DNS failover can take up to 156 s/);
    expect(config.warnings[1]).toMatch(/failover-rpo-minutes 0: cannot be guaranteed/);
  });

  test('and errors in strict mode', () => {
    expect(problemsOf(multi({ 'strict-recovery-budget': true }))).toMatch(
      /strict-recovery-budget true: expected recovery targets the design can meet/,
    );
  });

  test('strict mode passes when the targets are reachable', () => {
    expect(
      problemsOf(multi({ 'strict-recovery-budget': true, 'failover-rto-minutes': 3, 'failover-rpo-minutes': 5 })),
    ).toBe('');
  });
});
