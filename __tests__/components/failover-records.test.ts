/**
 * FailoverRecords on a bare stack: the api. PRIMARY/SECONDARY pair follows the writer, each record gated by
 * the health check of the region it points at; latency records per region; the direct DR names answer
 * whatever the health; the label defaults.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { FailoverRecords, type FailoverRecordsProps, type RegionalEndpoint } from '../../components/failover-records';
import { resourcesOf, type Json } from '../helpers/app';

const TAIPEI: RegionalEndpoint = {
  region: 'ap-east-2',
  albDnsName: 'taipei-alb.ap-east-2.elb.amazonaws.com',
  albZoneId: 'ZTAIPEIALB',
  healthCheckId: 'hc-taipei',
};
const TOKYO: RegionalEndpoint = {
  region: 'ap-northeast-1',
  albDnsName: 'tokyo-alb.ap-northeast-1.elb.amazonaws.com',
  albZoneId: 'Z14GRHDCWA56QT',
  healthCheckId: 'hc-tokyo',
};
const PROPS: FailoverRecordsProps = { zoneId: 'ZPUBLIC', domain: 'example.com', primary: TAIPEI, dr: TOKYO };
const synth = (patch: Partial<FailoverRecordsProps> = {}) =>
  Testing.synthScope((scope) => new FailoverRecords(scope, 'Records', { ...PROPS, ...patch }));
const aliasTo = (e: RegionalEndpoint, evaluateTargetHealth: boolean) => ({
  name: e.albDnsName,
  zone_id: e.albZoneId,
  evaluate_target_health: evaluateTargetHealth,
});
/** The records of one name, by set identifier (or by name for simple records). */
function recordsNamed(synthesized: string, name: string): Json[] {
  return resourcesOf(JSON.parse(synthesized), 'aws_route53_record')
    .map(([, r]) => r)
    .filter((r) => r.name === name);
}

test('six A alias records in the given zone, none with a TTL of its own', () => {
  const records = resourcesOf(JSON.parse(synth()), 'aws_route53_record').map(([, r]) => r);
  expect(records).toHaveLength(6);
  for (const r of records)
    expect({ zone: r.zone_id, type: r.type, ttl: r.ttl, alias: typeof r.alias.name }).toEqual({
      zone: 'ZPUBLIC',
      type: 'A',
      ttl: undefined,
      alias: 'string',
    });
});

test("api.: the primary region is PRIMARY by default, each record gated by its own region's health check", () => {
  const synthesized = synth();
  expect(synthesized).toHaveResourceWithProperties(Route53Record, {
    name: 'api.example.com',
    set_identifier: 'primary-ap-east-2',
    failover_routing_policy: { type: 'PRIMARY' },
    health_check_id: 'hc-taipei',
    alias: aliasTo(TAIPEI, true),
  });
  expect(synthesized).toHaveResourceWithProperties(Route53Record, {
    name: 'api.example.com',
    set_identifier: 'secondary-ap-northeast-1',
    failover_routing_policy: { type: 'SECONDARY' },
    health_check_id: 'hc-tokyo',
    alias: aliasTo(TOKYO, true),
  });
  expect(recordsNamed(synthesized, 'api.example.com')).toHaveLength(2);
});

test('api.: with the writer in the DR region, the DR ALB is PRIMARY under the same addresses', () => {
  const before = JSON.parse(synth());
  const swapped = synth({ writer: 'dr' });
  expect(swapped).toHaveResourceWithProperties(Route53Record, {
    name: 'api.example.com',
    set_identifier: 'primary-ap-northeast-1',
    failover_routing_policy: { type: 'PRIMARY' },
    health_check_id: 'hc-tokyo',
    alias: aliasTo(TOKYO, true),
  });
  expect(swapped).toHaveResourceWithProperties(Route53Record, {
    name: 'api.example.com',
    set_identifier: 'secondary-ap-east-2',
    failover_routing_policy: { type: 'SECONDARY' },
    health_check_id: 'hc-taipei',
    alias: aliasTo(TAIPEI, true),
  });
  // A swap is an in-place update of the two records: same logical ids, new targets.
  const ids = (json: Json) =>
    resourcesOf(json, 'aws_route53_record')
      .map(([id]) => id)
      .sort();
  expect(ids(JSON.parse(swapped))).toEqual(ids(before));
});

test('api-latency.: one latency record per region, each in its own region and gated by its health check', () => {
  const synthesized = synth({ writer: 'dr' });
  for (const e of [TAIPEI, TOKYO]) {
    expect(synthesized).toHaveResourceWithProperties(Route53Record, {
      name: 'api-latency.example.com',
      set_identifier: e.region,
      latency_routing_policy: { region: e.region },
      health_check_id: e.healthCheckId,
      alias: aliasTo(e, true),
    });
  }
  expect(recordsNamed(synthesized, 'api-latency.example.com')).toHaveLength(2);
});

test('dr. and api-dr.: simple aliases to the DR ALB, whatever the health and whoever is the writer', () => {
  for (const writer of ['primary', 'dr'] as const) {
    const synthesized = synth({ writer });
    for (const name of ['dr.example.com', 'api-dr.example.com']) {
      const records = recordsNamed(synthesized, name);
      expect(records).toHaveLength(1);
      expect(records[0]).toEqual(expect.objectContaining({ type: 'A', alias: aliasTo(TOKYO, false) }));
      expect(records[0]).not.toHaveProperty('health_check_id');
      expect(records[0]).not.toHaveProperty('set_identifier');
    }
  }
});

test('labels default to api / api-latency and can be changed; the names are exposed', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const defaults = new FailoverRecords(stack, 'Defaults', PROPS);
  expect([defaults.failoverName, defaults.latencyName, defaults.drName, defaults.apiDrName]).toEqual([
    'api.example.com',
    'api-latency.example.com',
    'dr.example.com',
    'api-dr.example.com',
  ]);
  const custom = synth({ failoverLabel: 'www', latencyLabel: 'www-latency' });
  expect(recordsNamed(custom, 'www.example.com')).toHaveLength(2);
  expect(recordsNamed(custom, 'www-latency.example.com')).toHaveLength(2);
  expect(recordsNamed(custom, 'api.example.com')).toHaveLength(0);
});

test('records use the given provider', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'Global', { region: 'us-east-1', alias: 'global' });
  new FailoverRecords(stack, 'Records', { ...PROPS, provider });
  const records = resourcesOf(JSON.parse(Testing.synth(stack)), 'aws_route53_record');
  expect(records.map(([, r]) => r.provider)).toEqual(Array(6).fill('aws.global'));
});
