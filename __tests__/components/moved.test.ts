/**
 * movedFrom: the `moved` block's `from` is exactly the address cdktf gave the resource at its former
 * place, so a deployment made before a resource moved into a building block keeps the object.
 */
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { formerAddress, movedFrom } from '../../components/moved';
import { movedBlocks, resourcesOf, synthJson } from '../helpers/terraform';

/** The address of a topic created as `Parent/Topic` (the layout before a move). */
function addressBefore(): string {
  const json = synthJson((stack) => new SnsTopic(new Construct(stack, 'Parent'), 'Topic', { name: 't' }));
  const [[id]] = resourcesOf(json, 'aws_sns_topic');
  return `aws_sns_topic.${id}`;
}

test('the moved block leads from the former address to the new one', () => {
  const json = synthJson((stack) => {
    const parent = new Construct(stack, 'Parent');
    const topic = new SnsTopic(new Construct(parent, 'Block'), 'Topic', { name: 't' });
    movedFrom(topic, parent, 'Topic');
  });
  const [[newId]] = resourcesOf(json, 'aws_sns_topic');
  expect(movedBlocks(json)).toEqual(new Map([[addressBefore(), `aws_sns_topic.${newId}`]]));
  expect(`aws_sns_topic.${newId}`).not.toBe(addressBefore());
});

test('formerAddress hashes the path below the stack, as cdktf does', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'any-stack-name');
  const parent = new Construct(stack, 'Parent');
  expect(formerAddress('aws_sns_topic', parent, 'Topic')).toBe(addressBefore());
  expect(formerAddress('aws_sns_topic', stack, 'Topic')).toBe('aws_sns_topic.Topic');
});
