/** EncryptedTopic on a bare stack: its key, its policies and its subscriptions, on the provider given. */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { regionalProvider } from '../../components/aws-provider';
import { EncryptedTopic, subscriptionId } from '../../components/encrypted-topic';
import { idOf, oneData, ref, resourcesOf, statementOf, synthJson, type Json } from '../helpers/terraform';

function synthTopic(emails?: readonly string[]): Json {
  return synthJson((stack) => {
    const provider = regionalProvider(stack, 'Tokyo', {
      region: 'ap-northeast-1',
      tags: { Project: 'p' },
      alias: 'tokyo',
    });
    new EncryptedTopic(stack, 'Alerts', {
      provider,
      topicName: 'demo-alerts',
      publisherServices: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'],
      emails,
    });
  });
}

describe('EncryptedTopic', () => {
  test('topic is encrypted with its own rotating key, all on the given provider', () => {
    const json = synthTopic();
    const synthesized = JSON.stringify(json);
    expect(resourcesOf(json, 'aws_sns_topic')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(SnsTopic, {
      name: 'demo-alerts',
      provider: 'aws.tokyo',
      kms_master_key_id: ref('aws_kms_key', idOf(json, 'aws_kms_key'), 'arn'),
    });
    expect(synthesized).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      provider: 'aws.tokyo',
    });
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: 'alias/demo-alerts', provider: 'aws.tokyo' });
  });

  test('key policy lets the publisher services encrypt, nothing more', () => {
    const json = synthTopic();
    const doc = oneData(json, 'aws_iam_policy_document', 'Alerts_Key_Policy_');
    const publishers = statementOf(doc, 'PublisherServicesEncryptMessages');
    expect(publishers.principals).toEqual([
      { type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] },
    ]);
    expect(publishers.actions).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
  });

  test('topic policy limits service publishers to this account', () => {
    const json = synthTopic();
    const doc = oneData(json, 'aws_iam_policy_document', 'Alerts_TopicPolicy');
    const publishers = statementOf(doc, 'PublisherServicesOfThisAccount');
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
