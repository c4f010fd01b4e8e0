import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Testing } from 'cdktf';
import type { RegionStackOutputs } from '../../stacks/region-outputs';
import { Route53FailoverStack } from '../../stacks/route53-failover-stack';
import { configWith, synthApp } from '../helpers/app';
import { regionPair } from '../helpers/region-outputs';
import { dataOf, idOf, ref, resourcesOf, type Json } from '../helpers/terraform';

interface FailoverSynth {
  readonly json: Json;
  readonly primary: RegionStackOutputs;
  readonly dr: RegionStackOutputs;
}

function synthFailover(patch: Json = {}): FailoverSynth {
  const config = configWith(patch);
  const { primary, dr } = regionPair(config);
  const app = Testing.app();
  const stack = new Route53FailoverStack(app, 'failover', { config, primary, dr });
  return { json: JSON.parse(Testing.synth(stack)), primary, dr };
}

describe('Route53FailoverStack', () => {
  const { json, primary, dr } = synthFailover();
  const synthesized = JSON.stringify(json);
  const hcType = 'aws_route53_health_check';
  const primaryHc = idOf(json, hcType, 'PrimaryHealthCheck');
  const secondaryHc = idOf(json, hcType, 'SecondaryHealthCheck');

  describe('providers', () => {
    test('default provider is us-east-1 (not the primary region), plus an aliased us-east-1', () => {
      const providers: Json[] = json.provider.aws;
      expect(providers).toHaveLength(2);
      expect(providers.map((p) => [p.alias ?? null, p.region])).toEqual([
        [null, 'us-east-1'],
        ['us-east-1', 'us-east-1'],
      ]);
      expect(providers.map((p) => p.region)).not.toContain(primary.deployment.region);
    });

    test('both providers tag resources as global (RegionRole and Region), with the project tags', () => {
      for (const p of json.provider.aws) {
        expect(p.default_tags[0].tags).toEqual({
          Project: 'genai-demo',
          Environment: 'production',
          ManagedBy: 'cdktf',
          RegionRole: 'global',
          Region: 'global',
        });
      }
    });

    test('every resource and data source uses one of the two us-east-1 providers', () => {
      for (const block of [json.resource, json.data]) {
        for (const [type, byId] of Object.entries<Json>(block)) {
          for (const [id, body] of Object.entries<Json>(byId)) {
            expect([undefined, 'aws.us-east-1']).toContain(body.provider);
            if (type.startsWith('aws_route53'))
              expect({ id, provider: body.provider }).toEqual({ id, provider: undefined });
          }
        }
      }
    });
  });

  describe('health checks', () => {
    test('exactly two, one per region, each targeting its own ALB', () => {
      expect(resourcesOf(json, hcType)).toHaveLength(2);
      expect(json.resource[hcType][primaryHc].fqdn).toBe(primary.loadBalancer.dnsName);
      expect(json.resource[hcType][secondaryHc].fqdn).toBe(dr.loadBalancer.dnsName);
      for (const [, hc] of resourcesOf(json, hcType)) expect(hc.fqdn).not.toMatch(/^api\./);
    });

    test.each([
      ['primary', 'PrimaryHealthCheck', 'genai-demo-production-api'],
      ['secondary', 'SecondaryHealthCheck', 'genai-demo-production-dr-api'],
    ])('%s: HTTPS string match on /actuator/health, values from config', (_role, part, name) => {
      expect(json.resource[hcType][idOf(json, hcType, part)].tags).toEqual({ Name: name });
      expect(synthesized).toHaveResourceWithProperties(Route53HealthCheck, {
        type: 'HTTPS_STR_MATCH',
        port: 443,
        resource_path: '/actuator/health',
        search_string: '"status":"UP"',
        enable_sni: true,
        request_interval: 30,
        failure_threshold: 3,
        regions: ['us-east-1', 'ap-northeast-1', 'ap-southeast-1'],
        measure_latency: true,
        tags: { Name: name },
      });
    });

    test('interval, threshold and checker regions follow the config', () => {
      const { json: other } = synthFailover({
        'genai-demo:multi-region': {
          'health-check-interval': 10,
          'health-check-failure-threshold': 2,
          'health-check-regions': ['us-west-2', 'eu-west-1', 'ap-southeast-2'],
        },
      });
      for (const [, hc] of resourcesOf(other, hcType)) {
        expect(hc.request_interval).toBe(10);
        expect(hc.failure_threshold).toBe(2);
        expect(hc.regions).toEqual(['us-west-2', 'eu-west-1', 'ap-southeast-2']);
      }
    });
  });

  describe('records', () => {
    // The public zone's records (the private zone's database CNAME is checked on its own).
    const records = resourcesOf(json, 'aws_route53_record')
      .map(([, r]) => r)
      .filter((r) => !String(r.zone_id).includes('aws_route53_zone.DatabaseDns'));
    const named = (name: string) => records.filter((r) => r.name === name);

    test('six records in the primary stack hosted zone, all A aliases', () => {
      expect(records).toHaveLength(6);
      for (const r of records) {
        expect(r.zone_id).toBe(primary.hostedZoneId);
        expect(r.type).toBe('A');
        expect(r.alias).toBeDefined();
        expect(r.records).toBeUndefined();
        expect(r.ttl).toBeUndefined();
      }
    });

    test('api.<domain>: exactly PRIMARY and SECONDARY, each tied to its health check and ALB', () => {
      const failover = named('api.kimkao.io');
      expect(failover).toHaveLength(2);
      expect(failover.map((r) => r.failover_routing_policy.type).sort()).toEqual(['PRIMARY', 'SECONDARY']);
      const p = failover.find((r) => r.failover_routing_policy.type === 'PRIMARY')!;
      const s = failover.find((r) => r.failover_routing_policy.type === 'SECONDARY')!;
      expect(p.health_check_id).toBe(ref(hcType, primaryHc, 'id'));
      expect(p.alias).toEqual({
        name: primary.loadBalancer.dnsName,
        zone_id: primary.loadBalancer.zoneId,
        evaluate_target_health: true,
      });
      expect(s.health_check_id).toBe(ref(hcType, secondaryHc, 'id'));
      expect(s.alias).toEqual({
        name: dr.loadBalancer.dnsName,
        zone_id: dr.loadBalancer.zoneId,
        evaluate_target_health: true,
      });
      expect(new Set(failover.map((r) => r.set_identifier)).size).toBe(2);
    });

    test('api-latency.<domain>: one latency record per region, set identifier naming it, with its health check', () => {
      const latency = named('api-latency.kimkao.io');
      expect(latency).toHaveLength(2);
      const byRegion = Object.fromEntries(latency.map((r) => [r.latency_routing_policy.region, r]));
      expect(Object.keys(byRegion).sort()).toEqual(['ap-east-2', 'ap-northeast-1']);
      expect(byRegion['ap-east-2']).toEqual(
        expect.objectContaining({
          set_identifier: 'ap-east-2',
          health_check_id: ref(hcType, primaryHc, 'id'),
          alias: expect.objectContaining({ name: primary.loadBalancer.dnsName, evaluate_target_health: true }),
        }),
      );
      expect(byRegion['ap-northeast-1']).toEqual(
        expect.objectContaining({
          set_identifier: 'ap-northeast-1',
          health_check_id: ref(hcType, secondaryHc, 'id'),
          alias: expect.objectContaining({ name: dr.loadBalancer.dnsName, evaluate_target_health: true }),
        }),
      );
    });

    test.each(['dr.kimkao.io', 'api-dr.kimkao.io'])('%s: one simple alias to the DR ALB', (name) => {
      const direct = named(name);
      expect(direct).toHaveLength(1);
      expect(direct[0].alias).toEqual({
        name: dr.loadBalancer.dnsName,
        zone_id: dr.loadBalancer.zoneId,
        evaluate_target_health: false,
      });
      expect(direct[0].set_identifier).toBeUndefined();
      expect(direct[0].failover_routing_policy).toBeUndefined();
      expect(direct[0].latency_routing_policy).toBeUndefined();
    });
  });

  describe('alarms and topic (us-east-1)', () => {
    const alarmType = 'aws_cloudwatch_metric_alarm';
    const topicId = idOf(json, 'aws_sns_topic', 'FailoverAlerts_');
    const topicArn = ref('aws_sns_topic', topicId, 'arn');

    test('the topic is genai-demo-production-failover-alerts, KMS-encrypted, on the us-east-1 provider', () => {
      expect(resourcesOf(json, 'aws_sns_topic')).toHaveLength(1);
      expect(synthesized).toHaveResourceWithProperties(SnsTopic, {
        name: 'genai-demo-production-failover-alerts',
        provider: 'aws.us-east-1',
        kms_master_key_id: ref('aws_kms_key', idOf(json, 'aws_kms_key', 'FailoverAlerts_'), 'arn'),
      });
      for (const [, key] of resourcesOf(json, 'aws_kms_key')) expect(key.provider).toBe('aws.us-east-1');
    });

    test.each([
      ['PrimaryUnhealthy', 'genai-demo-production-failover-primary-unhealthy', 'PrimaryHealthCheck'],
      ['SecondaryUnhealthy', 'genai-demo-production-failover-secondary-unhealthy', 'SecondaryHealthCheck'],
    ])(
      '%s: HealthCheckStatus < 1 of its health check, missing data breaching, notifies the topic',
      (part, name, hcPart) => {
        expect(json.resource[alarmType][idOf(json, alarmType, `Alarms_${part}`)].alarm_name).toBe(name);
        expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
          provider: 'aws.us-east-1',
          alarm_name: name,
          namespace: 'AWS/Route53',
          metric_name: 'HealthCheckStatus',
          dimensions: { HealthCheckId: ref(hcType, idOf(json, hcType, hcPart), 'id') },
          statistic: 'Minimum',
          period: 60,
          evaluation_periods: 1,
          comparison_operator: 'LessThanThreshold',
          threshold: 1,
          treat_missing_data: 'breaching',
          alarm_actions: [topicArn],
          ok_actions: [topicArn],
        });
      },
    );

    test('exactly two metric alarms and one composite, all in us-east-1', () => {
      expect(resourcesOf(json, alarmType)).toHaveLength(2);
      expect(resourcesOf(json, 'aws_cloudwatch_composite_alarm')).toHaveLength(1);
      for (const type of [alarmType, 'aws_cloudwatch_composite_alarm', 'aws_sns_topic', 'aws_cloudwatch_dashboard']) {
        for (const [, r] of resourcesOf(json, type)) expect(r.provider).toBe('aws.us-east-1');
      }
    });

    test('the composite "both regions down" is ALARM(primary) AND ALARM(secondary)', () => {
      const [, composite] = resourcesOf(json, 'aws_cloudwatch_composite_alarm')[0];
      const p = ref(alarmType, idOf(json, alarmType, 'Alarms_PrimaryUnhealthy'), 'arn');
      const s = ref(alarmType, idOf(json, alarmType, 'Alarms_SecondaryUnhealthy'), 'arn');
      expect(composite.alarm_rule).toBe(`ALARM("${p}") AND ALARM("${s}")`);
      expect(composite.alarm_name).toBe('genai-demo-production-failover-both-regions-down');
      expect(composite.alarm_actions).toEqual([topicArn]);
    });

    test('email subscriptions come from config', () => {
      expect(resourcesOf(json, 'aws_sns_topic_subscription')).toHaveLength(0);
      const { json: withEmails } = synthFailover({
        'genai-demo:multi-region': { 'alert-emails': ['oncall@kimkao.io'] },
      });
      const subs = resourcesOf(withEmails, 'aws_sns_topic_subscription');
      expect(subs).toHaveLength(1);
      expect(JSON.stringify(withEmails)).toHaveResourceWithProperties(SnsTopicSubscription, {
        protocol: 'email',
        endpoint: 'oncall@kimkao.io',
        provider: 'aws.us-east-1',
        topic_arn: ref('aws_sns_topic', idOf(withEmails, 'aws_sns_topic', 'FailoverAlerts_'), 'arn'),
      });
    });
  });

  describe('dashboard', () => {
    const [, dashboard] = resourcesOf(json, 'aws_cloudwatch_dashboard')[0];
    const body = JSON.parse(dashboard.dashboard_body);
    const metricWidgets: Json[] = body.widgets.filter((w: Json) => w.type === 'metric');

    test('one dashboard, named from config', () => {
      expect(resourcesOf(json, 'aws_cloudwatch_dashboard')).toHaveLength(1);
      expect(dashboard.dashboard_name).toBe('genai-demo-production-failover');
    });

    test('every metric widget reads AWS/Route53 in us-east-1', () => {
      expect(metricWidgets.length).toBeGreaterThan(0);
      for (const w of metricWidgets) {
        expect(w.properties.region).toBe('us-east-1');
        for (const line of w.properties.metrics) expect(line[0]).toBe('AWS/Route53');
      }
    });

    test.each([
      'HealthCheckStatus',
      'HealthCheckPercentageHealthy',
      'ConnectionTime',
      'SSLHandshakeTime',
      'TimeToFirstByte',
    ])('%s is graphed for both health checks', (metric) => {
      const lines = metricWidgets.flatMap((w) => w.properties.metrics).filter((l: unknown[]) => l[1] === metric);
      expect(lines.map((l: unknown[]) => [l[2], l[3]])).toEqual([
        ['HealthCheckId', ref(hcType, primaryHc, 'id')],
        ['HealthCheckId', ref(hcType, secondaryHc, 'id')],
      ]);
    });

    test('DNSQueries of the hosted zone', () => {
      const lines = metricWidgets.flatMap((w) => w.properties.metrics).filter((l: unknown[]) => l[1] === 'DNSQueries');
      expect(lines).toEqual([['AWS/Route53', 'DNSQueries', 'HostedZoneId', primary.hostedZoneId]]);
    });

    test('an alarm-status widget shows the three failover alarms', () => {
      const alarmWidgets = body.widgets.filter((w: Json) => w.type === 'alarm');
      expect(alarmWidgets).toHaveLength(1);
      expect(alarmWidgets[0].properties.alarms).toHaveLength(3);
      expect(alarmWidgets[0].properties.alarms.join(' ')).toMatch(/aws_cloudwatch_composite_alarm\./);
    });
  });

  test('outputs the drill tool reads, under their exact names', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'database_host',
      'database_zone_id',
      'failover_record_name',
      'failover_topic_arn',
      'hosted_zone_id',
      'latency_record_name',
      'primary_alb_dns_name',
      'primary_health_check_id',
      'secondary_alb_dns_name',
      'secondary_health_check_id',
    ]);
    expect(json.output.failover_record_name.value).toBe('api.kimkao.io');
    expect(json.output.latency_record_name.value).toBe('api-latency.kimkao.io');
    expect(json.output.primary_health_check_id.value).toBe(ref(hcType, primaryHc, 'id'));
    expect(json.output.secondary_health_check_id.value).toBe(ref(hcType, secondaryHc, 'id'));
    expect(json.output.primary_alb_dns_name.value).toBe(primary.loadBalancer.dnsName);
    expect(json.output.secondary_alb_dns_name.value).toBe(dr.loadBalancer.dnsName);
  });
});

describe('Route53FailoverStack in the whole app', () => {
  const { stacks, manifest } = synthApp();
  const name = 'genai-demo-production-route53-failover';
  const failover = stacks[name];
  const remote = (stack: string, output: string) =>
    `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.${output}}`;
  const primaryOutputs = stacks['genai-demo-production-primary'].output;
  const drOutputs = stacks['genai-demo-production-dr'].output;
  /** The name of the producer's output whose value is `expr` (the cross-stack output cdktf generated). */
  const outputFor = (outputs: Json, expr: RegExp) => {
    const names = Object.entries<Json>(outputs)
      .filter(([, o]) => expr.test(o.value))
      .map(([n]) => n);
    expect(names).toHaveLength(1);
    return names[0];
  };

  test('deploys after both regional stacks', () => {
    expect(manifest.stacks[name].dependencies).toEqual(
      expect.arrayContaining(['genai-demo-production-primary', 'genai-demo-production-dr']),
    );
  });

  test("reads the ALBs and the hosted zone through the regional stacks' remote state", () => {
    expect(
      dataOf(failover, 'terraform_remote_state')
        .map(([id]) => id)
        .sort(),
    ).toEqual([
      'cross-stack-reference-input-genai-demo-production-dr',
      'cross-stack-reference-input-genai-demo-production-primary',
    ]);
    const pDns = remote('genai-demo-production-primary', outputFor(primaryOutputs, /^\$\{aws_lb\.\w+\.dns_name\}$/));
    const dDns = remote('genai-demo-production-dr', outputFor(drOutputs, /^\$\{aws_lb\.\w+\.dns_name\}$/));
    const zone = remote(
      'genai-demo-production-primary',
      outputFor(primaryOutputs, /^\$\{(aws_route53_zone|data\.aws_route53_zone)\.\w+\.(zone_id|id)\}$/),
    );
    const checks = Object.fromEntries(
      resourcesOf(failover, 'aws_route53_health_check').map(([, hc]) => [hc.tags.Name, hc.fqdn]),
    );
    expect(checks).toEqual({ 'genai-demo-production-api': pDns, 'genai-demo-production-dr-api': dDns });
    const records = resourcesOf(failover, 'aws_route53_record')
      .map(([, r]) => r)
      .filter((r) => r.type === 'A');
    expect(records).toHaveLength(6);
    for (const r of records) expect(r.zone_id).toBe(zone);
    const primaryRecord = records.find((r) => r.failover_routing_policy?.type === 'PRIMARY')!;
    expect(primaryRecord.alias.name).toBe(pDns);
    const secondaryRecord = records.find((r) => r.failover_routing_policy?.type === 'SECONDARY')!;
    expect(secondaryRecord.alias.name).toBe(dDns);
  });

  test('no provider of the failover stack is in the primary region', () => {
    for (const p of failover.provider.aws) expect(p.region).toBe('us-east-1');
  });

  test('the API names are defined by the failover stack alone', () => {
    const apiNames = ['api.kimkao.io', 'api-latency.kimkao.io', 'dr.kimkao.io', 'api-dr.kimkao.io'];
    for (const [stackName, stack] of Object.entries(stacks)) {
      if (stackName === name) continue;
      for (const [, r] of resourcesOf(stack, 'aws_route53_record')) expect(apiNames).not.toContain(r.name);
    }
  });
});
