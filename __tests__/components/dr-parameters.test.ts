import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { DrParameters, type DrParameterValue } from '../../components/dr-parameters';
import { resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';

const DR = 'genai-demo-production-dr';
const PREFIX = '/genai-demo-production/dr';

function parametersByName(stack: Json): Record<string, Json> {
  return Object.fromEntries(resourcesOf(stack, 'aws_ssm_parameter').map(([, p]) => [p.name, p]));
}

describe('DR parameters in the production app', () => {
  let app: SynthesizedApp;
  let params: Record<string, Json>;
  beforeAll(() => {
    app = synthApp();
    // The DR configuration (the roles document beside it is checked in roles.test.ts).
    params = Object.fromEntries(Object.entries(parametersByName(app.stacks[DR])).filter(([name]) => name.startsWith(`${PREFIX}/`)));
  });

  test('one parameter per setting under /<prefix>/dr, and only in the DR stack', () => {
    expect(Object.keys(params).sort()).toEqual(
      [
        'alb-dns-name',
        'cross-region-replication',
        'db-backup-retention-days',
        'db-identifier',
        'db-role',
        'domain-names',
        'eks-cluster-name',
        'eks-max-nodes',
        'eks-min-nodes',
        'eks-node-type',
        'health-check-failure-threshold',
        'health-check-interval',
        'primary-region',
        'region',
        'rpo-minutes',
        'rto-minutes',
        'vpc-cidr',
        'writer-region',
      ].map((n) => `${PREFIX}/${n}`),
    );
    for (const [name, stack] of Object.entries(app.stacks)) {
      if (name !== DR) {
        expect(resourcesOf(stack, 'aws_ssm_parameter').filter(([, p]) => String(p.name).startsWith(`${PREFIX}/`))).toHaveLength(0);
      }
    }
  });

  test.each([
    ['region', 'ap-northeast-1'],
    ['primary-region', 'ap-east-2'],
    ['vpc-cidr', '10.3.0.0/16'],
    ['eks-node-type', 'm6g.large'],
    ['eks-min-nodes', '1'],
    ['eks-max-nodes', '8'],
    ['rto-minutes', '1'],
    ['rpo-minutes', '0'],
    ['health-check-interval', '30'],
    ['health-check-failure-threshold', '3'],
    ['cross-region-replication', 'true'],
    ['db-backup-retention-days', '30'],
  ])('%s = %s (plain String)', (name, value) => {
    const p = params[`${PREFIX}/${name}`];
    expect(p.type).toBe('String');
    expect(p.insecure_value).toBe(value);
    expect(p.tier).toBe('Standard');
    expect(p.description).not.toBe('');
  });

  test('deploy-time values reference the DR ALB, database and cluster', () => {
    expect(params[`${PREFIX}/alb-dns-name`].insecure_value).toMatch(/^\$\{aws_lb\.\w+\.dns_name\}$/);
    expect(params[`${PREFIX}/db-identifier`].insecure_value).toMatch(/^\$\{aws_db_instance\.\w+\.identifier\}$/);
    expect(params[`${PREFIX}/eks-cluster-name`].insecure_value).toMatch(/^\$\{aws_eks_cluster\.\w+\.name\}$/);
  });

  test('the certificate names are one StringList', () => {
    const p = params[`${PREFIX}/domain-names`];
    expect(p.type).toBe('StringList');
    expect(p.insecure_value).toBe('dr.kimkao.io,api-dr.kimkao.io,api.kimkao.io,api-latency.kimkao.io');
  });

  test('no parameter holds "[object Object]", undefined or an empty value', () => {
    for (const p of Object.values(params)) {
      expect(typeof p.insecure_value).toBe('string');
      expect(p.insecure_value).not.toMatch(/\[object |undefined|^$/);
      expect(p).not.toHaveProperty('value');
    }
  });
});

describe('DrParameters encoding', () => {
  function synth(parameters: Record<string, DrParameterValue>, pathPrefix = '/fixture/dr'): Record<string, Json> {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
    new DrParameters(stack, 'Params', {
      pathPrefix,
      parameters: Object.fromEntries(Object.entries(parameters).map(([k, value]) => [k, { description: k, value }])),
    });
    return parametersByName(JSON.parse(Testing.synth(stack)));
  }

  test('numbers become decimal text, lists StringList, construct ids derive from the name', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
    const c = new DrParameters(stack, 'Params', {
      pathPrefix: '/p/dr',
      parameters: { 'max-nodes': { description: 'd', value: 8 }, zones: { description: 'd', value: ['a', 'b'] } },
    });
    expect(c.parameters['max-nodes'].node.id).toBe('MaxNodes');
    const byName = parametersByName(JSON.parse(Testing.synth(stack)));
    expect(byName['/p/dr/max-nodes']).toMatchObject({ type: 'String', insecure_value: '8' });
    expect(byName['/p/dr/zones']).toMatchObject({ type: 'StringList', insecure_value: 'a,b' });
  });

  test.each<[string, unknown, RegExp]>([
    ['an object', { a: 1 }, /neither text, a number nor a list/],
    ['an empty string', '', /is empty/],
    ['NaN', Number.NaN, /not a finite number/],
    ['an empty list', [], /empty list/],
    ['a list item with a comma', ['a,b'], /comma/],
    ['a list of objects', [{ a: 1 }], /is not text/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => synth({ setting: value as DrParameterValue })).toThrow(message);
  });

  test('refuses names that are not kebab-case and a path ending in /', () => {
    expect(() => synth({ Setting_Name: 'x' })).toThrow(/kebab-case/);
    expect(() => synth({ setting: 'x' }, '/fixture/dr/')).toThrow(/must start with "\/" and not end with "\/"/);
    expect(synth({ 'a-b2': 'x' })['/fixture/dr/a-b2'].insecure_value).toBe('x');
  });
});
