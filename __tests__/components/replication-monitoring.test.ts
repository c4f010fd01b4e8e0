/**
 * ReplicationMonitoring on a bare stack with two regional providers: the ReplicaLag alarm in the replica's
 * region on the metric RDS publishes there, missing data breaching; an event subscription per endpoint, each
 * with its own region's provider and topic; construct ids bound to regions, so a role swap moves nothing
 * across regions; the `moved` blocks of the first release's addresses.
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import 'cdktf/lib/testing/adapters/jest';
import {
  REPLICATION_EVENT_CATEGORIES,
  ReplicationMonitoring,
  type ReplicationEndpoint,
  type ReplicationMonitoringProps,
} from '../../components/replication-monitoring';
import { resourcesOf, type Json } from '../helpers/app';
import { movedBlocks, synthJson } from '../helpers/terraform';

const TAIWAN_TOPIC = 'arn:aws:sns:ap-east-2:111122223333:alerts';
const TOKYO_TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:replication';

type Side = Omit<ReplicationEndpoint, 'provider'>;
const TAIWAN: Side = {
  id: 'PrimaryRegion',
  instanceIdentifier: 'demo-db',
  topicArn: TAIWAN_TOPIC,
  subscriptionName: 'demo-source-db-events',
};
const TOKYO: Side = {
  id: 'DrRegion',
  instanceIdentifier: 'demo-dr-db',
  topicArn: TOKYO_TOPIC,
  subscriptionName: 'demo-dr-replica-events',
};

/** Synthesizes the monitoring with `source` and `replica` in the given regions' providers. */
function synth(
  source: Side,
  replica: Side,
  patch: Partial<Omit<ReplicationMonitoringProps, 'source' | 'replica'>> = {},
): Json {
  return synthJson((stack) => {
    const providers: Record<string, AwsProvider> = {
      PrimaryRegion: new AwsProvider(stack, 'Primary', { region: 'ap-east-2', alias: 'primary' }),
      DrRegion: new AwsProvider(stack, 'Dr', { region: 'ap-northeast-1', alias: 'dr' }),
    };
    new ReplicationMonitoring(stack, 'Replication', {
      source: { ...source, provider: providers[source.id] },
      replica: { ...replica, provider: providers[replica.id] },
      lagAlarmName: 'demo-replica-lag',
      lagThresholdSeconds: 60,
      rpoTargetSeconds: 0,
      ...patch,
    });
  });
}
const json = synth(TAIWAN, TOKYO);
const synthesized = JSON.stringify(json);

test('ReplicaLag of the replica, in its region, above the threshold for 2 of 3 minutes or missing', () => {
  expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    provider: 'aws.dr',
    alarm_name: 'demo-replica-lag',
    namespace: 'AWS/RDS',
    metric_name: 'ReplicaLag',
    dimensions: { DBInstanceIdentifier: 'demo-dr-db' },
    statistic: 'Maximum',
    period: 60,
    evaluation_periods: 3,
    datapoints_to_alarm: 2,
    comparison_operator: 'GreaterThanThreshold',
    threshold: 60,
    treat_missing_data: 'breaching',
    alarm_actions: [TOKYO_TOPIC],
    ok_actions: [TOKYO_TOPIC],
  });
  expect(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).toHaveLength(1);
  const [, alarm] = resourcesOf(json, 'aws_cloudwatch_metric_alarm')[0];
  expect(alarm.alarm_description).toMatch(/^Replica demo-dr-db is more than 60 s behind .* the RPO target is 0 s\.$/);
});

test.each([
  ['replica', 'aws.dr', 'demo-dr-replica-events', TOKYO_TOPIC, 'demo-dr-db'],
  ['source', 'aws.primary', 'demo-source-db-events', TAIWAN_TOPIC, 'demo-db'],
])("the %s's events go to the topic of its own region", (_, provider, name, topic, instance) => {
  expect(synthesized).toHaveResourceWithProperties(DbEventSubscription, {
    provider,
    name,
    sns_topic: topic,
    source_type: 'db-instance',
    source_ids: [instance],
    event_categories: ['availability', 'failover', 'failure', 'read replica', 'recovery'],
  });
});

test('the event categories are those of replication and failover', () => {
  expect(REPLICATION_EVENT_CATEGORIES).toEqual(['availability', 'failover', 'failure', 'read replica', 'recovery']);
  expect(resourcesOf(json, 'aws_db_event_subscription')).toHaveLength(2);
});

test("after a role swap every resource keeps its region: the alarm moves to the new replica's region under a new id", () => {
  const swapped = synth(TOKYO, TAIWAN);
  const regionOf = (stack: Json) =>
    Object.fromEntries(
      [...resourcesOf(stack, 'aws_cloudwatch_metric_alarm'), ...resourcesOf(stack, 'aws_db_event_subscription')].map(
        ([id, r]) => [id, r.provider],
      ),
    );
  const before = regionOf(json);
  const after = regionOf(swapped);
  // A logical id present before and after has the same provider: nothing is moved between regions in place.
  for (const id of Object.keys(after).filter((k) => k in before))
    expect({ id, provider: after[id] }).toEqual({ id, provider: before[id] });
  expect(Object.keys(after).filter((id) => id.includes('ReplicaLagAlarm'))).toEqual([
    expect.stringMatching(/^Replication_PrimaryRegionReplicaLagAlarm_/),
  ]);
  expect(Object.keys(before).filter((id) => id.includes('ReplicaLagAlarm'))).toEqual([
    expect.stringMatching(/^Replication_DrRegionReplicaLagAlarm_/),
  ]);
  expect(JSON.stringify(swapped)).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    provider: 'aws.primary',
    dimensions: { DBInstanceIdentifier: 'demo-db' },
    alarm_actions: [TAIWAN_TOPIC],
  });
});

test('no moved blocks by default; the given former addresses become moved blocks', () => {
  expect(movedBlocks(json).size).toBe(0);
  const moved = movedBlocks(
    synth(TAIWAN, TOKYO, {
      movedFrom: {
        lagAlarm: 'aws_cloudwatch_metric_alarm.Old_Lag',
        events: {
          DrRegion: 'aws_db_event_subscription.Old_Replica',
          PrimaryRegion: 'aws_db_event_subscription.Old_Source',
        },
      },
    }),
  );
  const to = (type: string, prefix: string) => {
    const found = resourcesOf(json, type).filter(([id]) => id.startsWith(prefix));
    expect(found).toHaveLength(1);
    return `${type}.${found[0][0]}`;
  };
  expect(moved).toEqual(
    new Map([
      ['aws_cloudwatch_metric_alarm.Old_Lag', to('aws_cloudwatch_metric_alarm', 'Replication_DrRegionReplicaLagAlarm')],
      ['aws_db_event_subscription.Old_Replica', to('aws_db_event_subscription', 'Replication_DrRegionEvents')],
      ['aws_db_event_subscription.Old_Source', to('aws_db_event_subscription', 'Replication_PrimaryRegionEvents')],
    ]),
  );
});

test.each<[string, () => Json, RegExp]>([
  [
    'source and replica in the same region',
    () => synth(TAIWAN, { ...TAIWAN, instanceIdentifier: 'demo-db-2' }),
    /^ReplicationMonitoring Replication: source and replica are both PrimaryRegion; they must be two regions$/,
  ],
  [
    'a lag threshold of 0',
    () => synth(TAIWAN, TOKYO, { lagThresholdSeconds: 0 }),
    /^ReplicationMonitoring Replication: lagThresholdSeconds 0: expected more than 0 seconds$/,
  ],
  [
    'a negative lag threshold',
    () => synth(TAIWAN, TOKYO, { lagThresholdSeconds: -5 }),
    /lagThresholdSeconds -5: expected more than 0/,
  ],
])('refused: %s', (_, build, error) => {
  expect(build).toThrow(error);
});
