/** LogGroup: retention and the customer-managed key, on the provider it is given. */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { LogGroup } from '../../components/log-group';
import { one, resourcesOf, synthJson } from '../helpers/terraform';

test('a log group with the retention and the KMS key given', () => {
  const synthesized = Testing.synthScope((scope) => {
    new LogGroup(scope, 'Logs', {
      name: '/aws/demo',
      retentionDays: 30,
      kmsKeyArn: 'arn:aws:kms:ap-east-2:111122223333:key/k',
    });
  });
  expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
    name: '/aws/demo',
    retention_in_days: 30,
    kms_key_id: 'arn:aws:kms:ap-east-2:111122223333:key/k',
  });
  expect(resourcesOf(JSON.parse(synthesized), 'aws_cloudwatch_log_group')).toHaveLength(1);
});

test('provider and tags pass through', () => {
  const json = synthJson((stack) => {
    const tokyo = new AwsProvider(stack, 'Tokyo', { region: 'ap-northeast-1', alias: 'tokyo' });
    new LogGroup(stack, 'Logs', {
      name: '/aws/demo',
      retentionDays: 7,
      kmsKeyArn: 'k',
      provider: tokyo,
      tags: { Name: '/aws/demo' },
    });
  });
  expect(one(json, 'aws_cloudwatch_log_group')).toMatchObject({
    provider: 'aws.tokyo',
    tags: { Name: '/aws/demo' },
    retention_in_days: 7,
  });
});
