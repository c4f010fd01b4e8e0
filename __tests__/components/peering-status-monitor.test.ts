/**
 * PeeringStatusMonitor on a bare stack: the log group encrypted with a key CloudWatch Logs may use for that
 * log group only, a role limited to the three things the function does, a per-minute schedule, and an
 * alarm that treats missing data as breaching.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import 'cdktf/lib/testing/adapters/jest';
import {
  PEERING_METRIC_NAME,
  PEERING_METRIC_NAMESPACE,
  PeeringStatusMonitor,
} from '../../components/peering-status-monitor';
import { ACCOUNT_ROOT_STATEMENT_SID } from '../../components/kms-key';
import { idOf, one, ref, referencedDocument, statementOf, synthJson } from '../helpers/terraform';

const json = synthJson((stack) => {
  const provider = new AwsProvider(stack, 'Primary', { region: 'ap-east-2', alias: 'primary' });
  new PeeringStatusMonitor(stack, 'PeeringStatus', {
    provider,
    region: 'ap-east-2',
    vpcPeeringConnectionId: 'pcx-123',
    functionName: 'demo-peering-status',
    alarmName: 'demo-peering-down',
    alarmTopicArn: 'arn:aws:sns:ap-east-2:111122223333:alerts',
    logRetentionDays: 30,
  });
});
const synthesized = JSON.stringify(json);

test('the function log group is encrypted with its own key, which Logs may use for that group only', () => {
  const keyId = idOf(json, 'aws_kms_key');
  expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
    name: '/aws/lambda/demo-peering-status',
    retention_in_days: 30,
    kms_key_id: ref('aws_kms_key', keyId, 'arn'),
    provider: 'aws.primary',
  });
  expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: 'alias/demo-peering-status-logs' });
  const policy = referencedDocument(json, one(json, 'aws_kms_key').policy);
  expect(policy.statement.map((s: { sid: string }) => s.sid)).toEqual([
    ACCOUNT_ROOT_STATEMENT_SID,
    'CloudWatchLogsForTheFunctionLogGroup',
  ]);
  const logs = statementOf(policy, 'CloudWatchLogsForTheFunctionLogGroup');
  expect(logs.condition[0].test).toBe('ArnEquals');
  expect(logs.condition[0].values[0]).toMatch(/:log-group:\/aws\/lambda\/demo-peering-status$/);
});

test("the role reads peering state, puts only its namespace's metrics and writes only its own logs", () => {
  const permissions = referencedDocument(json, one(json, 'aws_iam_role_policy').policy);
  expect(statementOf(permissions, 'ReadPeeringState').actions).toEqual(['ec2:DescribeVpcPeeringConnections']);
  expect(statementOf(permissions, 'PutMetricsOfThisNamespaceOnly').condition).toEqual([
    { test: 'StringEquals', variable: 'cloudwatch:namespace', values: [PEERING_METRIC_NAMESPACE] },
  ]);
  expect(statementOf(permissions, 'WriteOwnLogs').resources).toEqual([
    `${ref('aws_cloudwatch_log_group', idOf(json, 'aws_cloudwatch_log_group'), 'arn')}:*`,
  ]);
});

test('the function waits for its log group and role policy; a schedule runs it every minute', () => {
  const fn = one(json, 'aws_lambda_function');
  expect(fn.depends_on).toEqual([
    `aws_cloudwatch_log_group.${idOf(json, 'aws_cloudwatch_log_group')}`,
    `aws_iam_role_policy.${idOf(json, 'aws_iam_role_policy')}`,
  ]);
  expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
    function_name: 'demo-peering-status',
    architectures: ['arm64'],
  });
  expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, { schedule_expression: 'rate(1 minute)' });
});

test('the alarm fires after 3 minutes below 1 or without data', () => {
  expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    alarm_name: 'demo-peering-down',
    namespace: PEERING_METRIC_NAMESPACE,
    metric_name: PEERING_METRIC_NAME,
    dimensions: { VpcPeeringConnectionId: 'pcx-123' },
    evaluation_periods: 3,
    datapoints_to_alarm: 3,
    comparison_operator: 'LessThanThreshold',
    threshold: 1,
    treat_missing_data: 'breaching',
  });
});
