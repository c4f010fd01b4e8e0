import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { EncryptedTopic, subscriptionId } from '../../components/encrypted-topic';
import { resourcesOf, type Json } from '../helpers/app';

function synthTopic(emails?: readonly string[]): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  const provider = regionalProvider(stack, 'Tokyo', { region: 'ap-northeast-1', tags: { Project: 'p' }, alias: 'tokyo' });
  new EncryptedTopic(stack, 'Alerts', {
    provider,
    topicName: 'demo-alerts',
    publisherServices: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'],
    emails,
  });
  return JSON.parse(Testing.synth(stack));
}

describe('EncryptedTopic', () => {
  test('topic is encrypted with its own rotating key, all on the given provider', () => {
    const json = synthTopic();
    const topics = resourcesOf(json, 'aws_sns_topic');
    expect(topics).toHaveLength(1);
    const [, topic] = topics[0];
    expect(topic.name).toBe('demo-alerts');
    expect(topic.provider).toBe('aws.tokyo');
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
    const [, key] = resourcesOf(json, 'aws_kms_key')[0];
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(key.provider).toBe('aws.tokyo');
    expect(resourcesOf(json, 'aws_kms_alias')[0][1].name).toBe('alias/demo-alerts');
  });

  test('key policy lets the publisher services encrypt, nothing more', () => {
    const json = synthTopic();
    const doc = Object.entries<Json>(json.data.aws_iam_policy_document).find(([id]) => id.includes('_Key_Policy_'))![1];
    const publishers = doc.statement.find((s: Json) => s.sid === 'PublisherServicesEncryptMessages');
    expect(publishers.principals).toEqual([
      { type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] },
    ]);
    expect(publishers.actions).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
  });

  test('topic policy limits service publishers to this account', () => {
    const json = synthTopic();
    const doc = Object.entries<Json>(json.data.aws_iam_policy_document).find(([id]) => id.includes('TopicPolicy'))![1];
    const publishers = doc.statement.find((s: Json) => s.sid === 'PublisherServicesOfThisAccount');
    expect(publishers.actions).toEqual(['sns:Publish']);
    expect(publishers.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringMatching(/aws_caller_identity/)] },
    ]);
    expect(resourcesOf(json, 'aws_sns_topic_policy')).toHaveLength(1);
  });

  test('no subscription by default; one email subscription per address', () => {
    expect(resourcesOf(synthTopic(), 'aws_sns_topic_subscription')).toHaveLength(0);
    const subs = resourcesOf(synthTopic(['ops@example.com', 'dba@example.com']), 'aws_sns_topic_subscription');
    expect(subs.map(([, s]) => [s.protocol, s.endpoint]).sort()).toEqual([
      ['email', 'dba@example.com'],
      ['email', 'ops@example.com'],
    ]);
  });

  test('subscription ids come from the address, not the position', () => {
    expect(subscriptionId('Ops.Team@Example.com')).toBe('Email-ops-team-example-com');
  });
});
