/** regionalProvider: region, alias and default tags only (endpoints come from the environment). */
import { TerraformStack, Testing } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';

test('one provider with the region, the alias and the default tags; no endpoints block', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  regionalProvider(stack, 'Tokyo', { region: 'ap-northeast-1', alias: 'tokyo', tags: { Project: 'demo' } });
  const providers = JSON.parse(Testing.synth(stack)).provider.aws;
  expect(providers).toEqual([
    { region: 'ap-northeast-1', alias: 'tokyo', default_tags: [{ tags: { Project: 'demo' } }] },
  ]);
});

test("the tags are copied, so a later change to the caller's object does not leak in", () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const tags: Record<string, string> = { Project: 'demo' };
  regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags });
  tags.Project = 'changed';
  expect(JSON.parse(Testing.synth(stack)).provider.aws[0].default_tags[0].tags).toEqual({ Project: 'demo' });
});
