/**
 * FailoverAlarms on a bare stack: one HealthCheckStatus alarm per region on the metric Route 53 publishes
 * (AWS/Route53, dimension HealthCheckId, one point a minute, in us-east-1), missing data breaching, ALARM and
 * OK to the topic; a composite alarm when both regions fail, built from the two alarms' ARNs.
 */
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import 'cdktf/lib/testing/adapters/jest';
import {
  FailoverAlarms,
  HEALTH_CHECK_METRIC_PERIOD_SECONDS,
  HEALTH_CHECK_TREAT_MISSING_DATA,
  ROUTE53_NAMESPACE,
  type MonitoredRegion,
} from '../../components/failover-alarms';
import { resourcesOf } from '../helpers/app';
import { idOf, one, ref, synthJson } from '../helpers/terraform';
import { ROUTE53_METRICS_REGION } from '../../config/route53-limits';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:demo-failover-alerts';
const TAIWAN: MonitoredRegion = { regionName: 'Taiwan', region: 'ap-east-2', healthCheckId: 'hc-taiwan' };
const TOKYO: MonitoredRegion = { regionName: 'Tokyo', region: 'ap-northeast-1', healthCheckId: 'hc-tokyo' };

const json = synthJson((stack) => {
  const provider = new AwsProvider(stack, 'UsEast1', { region: ROUTE53_METRICS_REGION, alias: 'us-east-1' });
  new FailoverAlarms(stack, 'Alarms', {
    provider,
    namePrefix: 'demo',
    failoverName: 'api.example.com',
    primary: TAIWAN,
    dr: TOKYO,
    topicArn: TOPIC,
  });
});
const synthesized = JSON.stringify(json);

test('Route 53 health-check metrics are read where AWS publishes them', () => {
  expect(ROUTE53_METRICS_REGION).toBe('us-east-1');
  expect(ROUTE53_NAMESPACE).toBe('AWS/Route53');
  expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'us-east-1', alias: 'us-east-1' })]);
  const alarms = [
    ...resourcesOf(json, 'aws_cloudwatch_metric_alarm'),
    ...resourcesOf(json, 'aws_cloudwatch_composite_alarm'),
  ];
  expect(alarms).toHaveLength(3);
  for (const [, alarm] of alarms) expect(alarm.provider).toBe('aws.us-east-1');
});

test.each([
  ['primary', 'demo-failover-primary-unhealthy', TAIWAN],
  ['DR', 'demo-failover-secondary-unhealthy', TOKYO],
])('the %s region alarms on its HealthCheckStatus below 1 for one minute, or no data', (_, alarmName, region) => {
  expect(HEALTH_CHECK_METRIC_PERIOD_SECONDS).toBe(60);
  expect(HEALTH_CHECK_TREAT_MISSING_DATA).toBe('breaching');
  expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    alarm_name: alarmName,
    namespace: 'AWS/Route53',
    metric_name: 'HealthCheckStatus',
    dimensions: { HealthCheckId: region.healthCheckId },
    statistic: 'Minimum',
    period: 60,
    evaluation_periods: 1,
    datapoints_to_alarm: 1,
    comparison_operator: 'LessThanThreshold',
    threshold: 1,
    treat_missing_data: 'breaching',
    alarm_actions: [TOPIC],
    ok_actions: [TOPIC],
  });
});

test('descriptions name the regions and the failover name', () => {
  const primary = one(json, 'aws_cloudwatch_metric_alarm', 'Alarms_PrimaryUnhealthy');
  expect(primary.alarm_description).toMatch(
    /primary region \(Taiwan, ap-east-2\).*api\.example\.com is failing over to Tokyo \(ap-northeast-1\)/,
  );
  const drAlarm = one(json, 'aws_cloudwatch_metric_alarm', 'Alarms_SecondaryUnhealthy');
  expect(drAlarm.alarm_description).toMatch(
    /DR region \(Tokyo, ap-northeast-1\).*api\.example\.com has no healthy failover target/,
  );
});

test('"both regions down" is ALARM(primary) AND ALARM(dr) of those two alarms, to the same topic', () => {
  const primaryArn = ref(
    'aws_cloudwatch_metric_alarm',
    idOf(json, 'aws_cloudwatch_metric_alarm', 'Alarms_PrimaryUnhealthy'),
    'arn',
  );
  const drArn = ref(
    'aws_cloudwatch_metric_alarm',
    idOf(json, 'aws_cloudwatch_metric_alarm', 'Alarms_SecondaryUnhealthy'),
    'arn',
  );
  expect(synthesized).toHaveResourceWithProperties(CloudwatchCompositeAlarm, {
    alarm_name: 'demo-failover-both-regions-down',
    alarm_rule: `ALARM("${primaryArn}") AND ALARM("${drArn}")`,
    alarm_actions: [TOPIC],
    ok_actions: [TOPIC],
  });
  expect(one(json, 'aws_cloudwatch_composite_alarm').alarm_description).toMatch(
    /^CRITICAL: both Taiwan \(ap-east-2\) and Tokyo \(ap-northeast-1\)/,
  );
});
