/** DrParameters on a bare stack: how values are encoded and which names are refused. The DR stack's own
 * parameters (one per setting, from config) are checked in disaster-recovery-stack.test.ts. */
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { DrParameters, type DrParameterValue } from '../../components/dr-parameters';
import { parametersByName, synthJson, type Json } from '../helpers/terraform';

describe('DrParameters encoding', () => {
  function synth(parameters: Record<string, DrParameterValue>, pathPrefix = '/fixture/dr'): Record<string, Json> {
    return parametersByName(
      synthJson((stack) => {
        regionalProvider(stack, 'Aws', { region: 'ap-northeast-1', tags: {} });
        new DrParameters(stack, 'Params', {
          pathPrefix,
          parameters: Object.fromEntries(
            Object.entries(parameters).map(([k, value]) => [k, { description: k, value }]),
          ),
        });
      }),
    );
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
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(SsmParameter, {
      name: '/p/dr/max-nodes',
      type: 'String',
      insecure_value: '8',
      description: 'd',
    });
    expect(synthesized).toHaveResourceWithProperties(SsmParameter, {
      name: '/p/dr/zones',
      type: 'StringList',
      insecure_value: 'a,b',
    });
    expect(Object.keys(parametersByName(JSON.parse(synthesized)))).toEqual(['/p/dr/max-nodes', '/p/dr/zones']);
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
