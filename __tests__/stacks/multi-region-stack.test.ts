/**
 * The multi-region stack. Most checks build it from fixture outputs of the two regions (plain strings, so
 * the assertions see exact values); the last block synthesizes the whole app to check the wiring through
 * remote state.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../config';
import {
  METRIC_NAME as FUNCTION_METRIC_NAME,
  DIMENSION_NAME as FUNCTION_DIMENSION_NAME,
} from '../../functions/peering-status';
import {
  PEERING_METRIC_DIMENSION,
  PEERING_METRIC_NAME,
  PEERING_METRIC_NAMESPACE,
} from '../../components/peering-status-monitor';
import { MultiRegionStack } from '../../stacks/multi-region-stack';
import { configWith, synthApp } from '../helpers/app';
import { DR_TAG, PRIMARY_TAG, regionPair } from '../helpers/region-outputs';
import { expectWidgetsOnGrid, type Widget } from '../helpers/dashboard';
import { bodiesOf, dataOf, idOf, one, oneData, ref, resourcesOf, type Json } from '../helpers/terraform';

/** Synthesizes the multi-region stack alone, from fixture outputs, for a context patch. */
function synthFixture(patch: Json = {}): { stack: Json; config: AppConfig } {
  const config = configWith(patch);
  const outdir = mkdtempSync(join(tmpdir(), 'mr-fixture-'));
  try {
    const app = new App({ outdir });
    new MultiRegionStack(app, 'multi-region', { config, ...regionPair(config) });
    app.synth();
    return { stack: JSON.parse(readFileSync(join(outdir, 'stacks', 'multi-region', 'cdk.tf.json'), 'utf8')), config };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('MultiRegionStack (fixture outputs)', () => {
  const { stack, config } = synthFixture();
  const synthesized = JSON.stringify(stack);

  test('providers: primary and dr aliases in the configured regions, with default tags', () => {
    const providers = stack.provider.aws as Json[];
    expect(providers.map((p) => [p.alias, p.region]).sort()).toEqual([
      ['dr', config.dr!.region],
      ['primary', config.primary.region],
    ]);
    expect(config.primary.region).toBe('ap-east-2');
    expect(config.dr!.region).toBe('ap-northeast-1');
    for (const p of providers) expect(p.default_tags[0].tags.Project).toBe('genai-demo');
  });

  test('requester on the primary provider with peer_region, accepter on the dr provider with auto_accept', () => {
    const requesters = bodiesOf(stack, 'aws_vpc_peering_connection');
    expect(requesters).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnection, {
      provider: 'aws.primary',
      vpc_id: 'vpc-taiwan',
      peer_vpc_id: 'vpc-tokyo',
      peer_region: 'ap-northeast-1',
      auto_accept: false,
    });
    expect(requesters[0].tags.Name).toBeDefined();
    const accepters = bodiesOf(stack, 'aws_vpc_peering_connection_accepter');
    expect(accepters).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(VpcPeeringConnectionAccepterA, {
      provider: 'aws.dr',
      auto_accept: true,
      vpc_peering_connection_id: ref('aws_vpc_peering_connection', idOf(stack, 'aws_vpc_peering_connection'), 'id'),
    });
    expect(accepters[0].tags.Name).toBeDefined();
  });

  // Which side sets which DNS option is VpcPeering's own test (components/vpc-peering.test.ts); here: the
  // stack's two regional providers are the ones the options use, and both wait for the acceptance.
  test('DNS resolution across the peering on both sides, each from its own region, after acceptance', () => {
    const options = bodiesOf(stack, 'aws_vpc_peering_connection_options');
    const accepted = ref(
      'aws_vpc_peering_connection_accepter',
      idOf(stack, 'aws_vpc_peering_connection_accepter'),
      'id',
    );
    expect(options.map((o) => [o.provider, o.vpc_peering_connection_id]).sort()).toEqual([
      ['aws.dr', accepted],
      ['aws.primary', accepted],
    ]);
  });

  test('a route to the peer CIDR in every private and isolated route table on both sides', () => {
    const routes = bodiesOf(stack, 'aws_route');
    expect(routes).toHaveLength(12);
    const primaryRoutes = routes.filter((r) => r.provider === 'aws.primary');
    const drRoutes = routes.filter((r) => r.provider === 'aws.dr');
    expect(primaryRoutes.map((r) => r.route_table_id).sort()).toEqual(
      [1, 2, 3].flatMap((i) => [`rtb-taiwan-isolated-${i}`, `rtb-taiwan-private-${i}`]).sort(),
    );
    expect(drRoutes.map((r) => r.route_table_id).sort()).toEqual(
      [1, 2, 3].flatMap((i) => [`rtb-tokyo-isolated-${i}`, `rtb-tokyo-private-${i}`]).sort(),
    );
    for (const r of primaryRoutes) expect(r.destination_cidr_block).toBe('10.3.0.0/16');
    for (const r of drRoutes) expect(r.destination_cidr_block).toBe('10.2.0.0/16');
    for (const r of routes) expect(r.vpc_peering_connection_id).toMatch(/aws_vpc_peering_connection_accepter\./);
  });

  test('route construct ids name the side, tier and AZ', () => {
    const ids = resourcesOf(stack, 'aws_route').map(([id]) => id);
    for (const side of ['Requester', 'Accepter'])
      for (const tier of ['Private', 'Isolated'])
        for (const az of [1, 2, 3]) expect(ids.some((id) => id.includes(`${side}${tier}RouteAz${az}`))).toBe(true);
  });

  // The peering's security-group rules: each database admits PostgreSQL from the peer app subnets only; each
  // app tier may reach the peer database subnets on the database port only. Never the whole peer VPC.
  test.each([
    ['ingress' as const, 'db', 'private' as const],
    ['egress' as const, 'app', 'isolated' as const],
  ])(
    "%s: the %s groups, from or to the peer %s subnets, PostgreSQL only, on each side's provider",
    (direction, group, tier) => {
      const rules = bodiesOf(stack, `aws_vpc_security_group_${direction}_rule`);
      expect(rules).toHaveLength(6);
      const sides = [
        [PRIMARY_TAG, 'aws.primary', config.dr!.subnetCidrs[tier]],
        [DR_TAG, 'aws.dr', config.primary.subnetCidrs[tier]],
      ] as const;
      for (const [tag, provider, peerCidrs] of sides) {
        const own = rules.filter((r) => r.security_group_id === `sg-${tag}-${group}`);
        expect(own.map((r) => r.cidr_ipv4).sort()).toEqual([...peerCidrs].sort());
        for (const r of own) expect(r.provider).toBe(provider);
      }
      for (const r of rules) expect(r).toMatchObject({ ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
      for (const r of rules) expect(r.cidr_ipv4).toMatch(/\/20$/);
    },
  );

  test('topic names exactly as in the spec, KMS-encrypted, in their regions', () => {
    const topics = bodiesOf(stack, 'aws_sns_topic');
    expect(topics.map((t) => [t.name, t.provider]).sort()).toEqual([
      ['genai-demo-production-dr-replication-notifications', 'aws.dr'],
      ['genai-demo-production-primary-multi-region-alerts', 'aws.primary'],
    ]);
    for (const t of topics) expect(t.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(bodiesOf(stack, 'aws_sns_topic_subscription')).toHaveLength(0);
  });

  test('alert emails from config subscribe to both topics', () => {
    const { stack: withEmails } = synthFixture({
      'genai-demo:multi-region': { 'alert-emails': ['oncall@example.com'] },
    });
    const subs = bodiesOf(withEmails, 'aws_sns_topic_subscription');
    expect(subs).toHaveLength(2);
    for (const s of subs) expect(s).toMatchObject({ protocol: 'email', endpoint: 'oncall@example.com' });
  });

  test('peering-status function: arm64, small, short timeout, code packaged from the bundle with a content hash', () => {
    const fns = bodiesOf(stack, 'aws_lambda_function');
    expect(fns).toHaveLength(1);
    const fn = fns[0];
    expect(fn).toMatchObject({
      provider: 'aws.primary',
      function_name: 'genai-demo-production-peering-status',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memory_size: 128,
      timeout: 10,
      handler: 'index.handler',
    });
    expect(fn.filename).toMatch(/^assets\/.+\/archive\.zip$/);
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fn.environment.variables).toEqual({
      VPC_PEERING_CONNECTION_ID: expect.stringMatching(/aws_vpc_peering_connection_accepter\./),
      METRIC_NAMESPACE: PEERING_METRIC_NAMESPACE,
    });
  });

  test('the package and its hash are the same on every synth', () => {
    const again = synthFixture().stack;
    const [a, b] = [bodiesOf(stack, 'aws_lambda_function')[0], bodiesOf(again, 'aws_lambda_function')[0]];
    expect(b.filename).toBe(a.filename);
    expect(b.source_code_hash).toBe(a.source_code_hash);
  });

  test('scheduled every minute by EventBridge, which alone may invoke it; no async retries', () => {
    const rules = bodiesOf(stack, 'aws_cloudwatch_event_rule');
    expect(rules).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, {
      provider: 'aws.primary',
      schedule_expression: 'rate(1 minute)',
    });
    const fn = ref('aws_lambda_function', idOf(stack, 'aws_lambda_function'), 'arn');
    expect(bodiesOf(stack, 'aws_cloudwatch_event_target')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventTarget, { arn: fn });
    expect(bodiesOf(stack, 'aws_lambda_permission')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: ref('aws_cloudwatch_event_rule', idOf(stack, 'aws_cloudwatch_event_rule'), 'arn'),
    });
    expect(bodiesOf(stack, 'aws_lambda_function_event_invoke_config')[0].maximum_retry_attempts).toBe(0);
  });

  test('function log group: retention from config, KMS-encrypted, created before the function', () => {
    const groups = bodiesOf(stack, 'aws_cloudwatch_log_group');
    expect(groups).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/genai-demo-production-peering-status',
      retention_in_days: config.primary.logRetentionDays,
    });
    expect(groups[0].kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(bodiesOf(stack, 'aws_lambda_function')[0].depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]),
    );
  });

  test('function role: read peering connections, put metrics of its namespace only, write its own logs; nothing else', () => {
    const policy = oneData(stack, 'aws_iam_policy_document', 'PeeringStatus_RolePolicyDocument_');
    const statements = (policy.statement as Json[]).map((s) => ({
      actions: s.actions,
      resources: s.resources,
      condition: s.condition,
    }));
    expect(statements).toEqual([
      { actions: ['ec2:DescribeVpcPeeringConnections'], resources: ['*'], condition: undefined },
      {
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: [PEERING_METRIC_NAMESPACE] }],
      },
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/)],
        condition: undefined,
      },
    ]);
    for (const s of policy.statement as Json[]) expect(s.effect ?? 'Allow').toBe('Allow');
    expect(bodiesOf(stack, 'aws_iam_role_policy')).toHaveLength(1);
    expect(bodiesOf(stack, 'aws_iam_role_policy_attachment')).toHaveLength(0);
    const assume = oneData(stack, 'aws_iam_policy_document', 'PeeringStatus_AssumeRolePolicy_');
    expect(assume.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
  });

  test('the function and the alarm agree on the metric', () => {
    expect(PEERING_METRIC_NAME).toBe(FUNCTION_METRIC_NAME);
    expect(PEERING_METRIC_DIMENSION).toBe(FUNCTION_DIMENSION_NAME);
  });

  test('peering alarm: custom namespace, missing data breaching, to the multi-region alerts topic', () => {
    const alertsTopic = idOf(stack, 'aws_sns_topic', 'MultiRegionAlerts_');
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'VpcPeeringActive',
      dimensions: {
        VpcPeeringConnectionId: ref(
          'aws_vpc_peering_connection_accepter',
          idOf(stack, 'aws_vpc_peering_connection_accepter'),
          'id',
        ),
      },
      alarm_actions: [ref('aws_sns_topic', alertsTopic, 'arn')],
      ok_actions: [ref('aws_sns_topic', alertsTopic, 'arn')],
      provider: 'aws.primary',
      alarm_name: 'genai-demo-production-vpc-peering-inactive',
      namespace: 'GenAIDemo/MultiRegion',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      statistic: 'Minimum',
      period: 60,
      treat_missing_data: 'breaching',
    });
    expect(one(stack, 'aws_sns_topic', 'MultiRegionAlerts_').name).toBe(
      'genai-demo-production-primary-multi-region-alerts',
    );
  });

  test('ReplicaLag alarm on the DR replica in Tokyo, threshold from config, tied to the RPO', () => {
    const alarm = bodiesOf(stack, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === 'ReplicaLag')!;
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'ReplicaLag',
      provider: 'aws.dr',
      namespace: 'AWS/RDS',
      dimensions: { DBInstanceIdentifier: `${DR_TAG}-db` },
      threshold: config.multiRegion.replicaLagAlarmSeconds,
      comparison_operator: 'GreaterThanThreshold',
      statistic: 'Maximum',
    });
    expect(alarm.alarm_description).toMatch(/RPO target is 0 s/);
    const drTopic = resourcesOf(stack, 'aws_sns_topic').find(
      ([, t]) => t.name === 'genai-demo-production-dr-replication-notifications',
    )![0];
    expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${drTopic}.arn}`]);
  });

  test('only two alarms, and only on AWS/RDS ReplicaLag and the custom peering metric', () => {
    const alarms = bodiesOf(stack, 'aws_cloudwatch_metric_alarm');
    expect(alarms.map((a) => `${a.namespace}/${a.metric_name}`).sort()).toEqual([
      'AWS/RDS/ReplicaLag',
      'GenAIDemo/MultiRegion/VpcPeeringActive',
    ]);
  });

  test('RDS event subscriptions: the replica to the Tokyo topic, the source to the Taiwan alerts topic', () => {
    const subs = resourcesOf(stack, 'aws_db_event_subscription').map(([, s]) => s);
    expect(subs).toHaveLength(2);
    const replica = subs.find((s) => s.provider === 'aws.dr')!;
    const source = subs.find((s) => s.provider === 'aws.primary')!;
    expect(synthesized).toHaveResourceWithProperties(DbEventSubscription, {
      provider: 'aws.dr',
      source_type: 'db-instance',
      source_ids: [`${DR_TAG}-db`],
    });
    expect(synthesized).toHaveResourceWithProperties(DbEventSubscription, {
      provider: 'aws.primary',
      source_type: 'db-instance',
      source_ids: [`${PRIMARY_TAG}-db`],
    });
    for (const s of subs)
      expect(s.event_categories).toEqual(
        expect.arrayContaining(['failover', 'failure', 'read replica', 'availability']),
      );
    const topicId = (suffix: string) =>
      resourcesOf(stack, 'aws_sns_topic').find(([, t]) => t.name.endsWith(suffix))![0];
    expect(replica.sns_topic).toBe(`\${aws_sns_topic.${topicId('-dr-replication-notifications')}.arn}`);
    expect(source.sns_topic).toBe(`\${aws_sns_topic.${topicId('-primary-multi-region-alerts')}.arn}`);
  });

  test('topic keys let CloudWatch alarms and RDS events publish', () => {
    const keyPolicies = dataOf(stack, 'aws_iam_policy_document').filter(([id]) =>
      /^(MultiRegionAlerts|ReplicationNotifications)_Key_Policy_/.test(id),
    );
    expect(keyPolicies).toHaveLength(2);
    for (const [, policy] of keyPolicies) {
      const publishers = policy.statement.find((s: Json) => s.sid === 'PublisherServicesEncryptMessages');
      expect(publishers.principals[0].identifiers).toEqual(['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com']);
      expect(publishers.actions).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    }
  });
});

describe('MultiRegionStack dashboard (fixture outputs)', () => {
  const { stack } = synthFixture();
  const dashboards = bodiesOf(stack, 'aws_cloudwatch_dashboard');
  const body = JSON.parse(dashboards[0].dashboard_body) as { widgets: Widget[] };
  const props = body.widgets.map((w) => w.properties as Json);

  /** Every metric AWS or this project publishes that the dashboard may reference, with the region it lives in. */
  const ALLOWED: Record<string, (region: string) => boolean> = {
    'AWS/Route53/HealthCheckStatus': (r) => r === 'us-east-1',
    'GenAIDemo/MultiRegion/VpcPeeringActive': (r) => r === 'ap-east-2',
    'AWS/RDS/ReplicaLag': (r) => r === 'ap-northeast-1',
    'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count': () => true,
    'AWS/ApplicationELB/HTTPCode_Target_5XX_Count': () => true,
    'AWS/ApplicationELB/TargetResponseTime': () => true,
  };

  function referencedMetrics(): Array<[string, string, Json | string]> {
    const found: Array<[string, string, Json | string]> = [];
    for (const p of props) {
      for (const m of p.metrics as unknown[][]) {
        const first = m[0];
        if (typeof first === 'object' && first !== null && 'expression' in first) {
          const expr = (first as Json).expression as string;
          const match = /^SEARCH\('\{(AWS\/[A-Za-z0-9]+),[A-Za-z]+\} MetricName="(\w+)"'/.exec(expr);
          expect(match).not.toBeNull();
          found.push([`${match![1]}/${match![2]}`, p.region as string, expr]);
        } else {
          found.push([`${m[0]}/${m[1]}`, p.region as string, m as unknown as Json]);
        }
      }
    }
    return found;
  }

  test('one dashboard, in the primary region, named from config', () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]).toMatchObject({
      provider: 'aws.primary',
      dashboard_name: 'genai-demo-production-multi-region',
    });
  });

  test('references only metrics that exist, each in the region it is published in', () => {
    const metrics = referencedMetrics();
    expect(metrics.length).toBeGreaterThan(0);
    for (const [metric, region] of metrics) {
      expect(Object.keys(ALLOWED)).toContain(metric);
      expect([metric, ALLOWED[metric](region)]).toEqual([metric, true]);
    }
  });

  test('charts every spec item: health checks, peering, replica lag, both ALBs 5xx and latency', () => {
    const metrics = referencedMetrics().map(([m, r]) => `${m}@${r}`);
    expect(metrics).toEqual(
      expect.arrayContaining([
        'AWS/Route53/HealthCheckStatus@us-east-1',
        'GenAIDemo/MultiRegion/VpcPeeringActive@ap-east-2',
        'AWS/RDS/ReplicaLag@ap-northeast-1',
        'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count@ap-east-2',
        'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count@ap-northeast-1',
        'AWS/ApplicationELB/HTTPCode_Target_5XX_Count@ap-east-2',
        'AWS/ApplicationELB/HTTPCode_Target_5XX_Count@ap-northeast-1',
        'AWS/ApplicationELB/TargetResponseTime@ap-east-2',
        'AWS/ApplicationELB/TargetResponseTime@ap-northeast-1',
      ]),
    );
  });

  test('each ALB widget uses its own region load balancer', () => {
    for (const p of props.filter((w) => (w.metrics as unknown[][])[0][0] === 'AWS/ApplicationELB')) {
      const lb = (p.metrics as unknown[][])[0][3];
      expect(lb).toBe(p.region === 'ap-east-2' ? 'app/taiwan-alb/abc' : 'app/tokyo-alb/abc');
    }
  });

  test('widgets fit the 24-column grid without overlapping', () => {
    expectWidgetsOnGrid(body.widgets);
  });
});

describe('MultiRegionStack feature switches (fixture outputs)', () => {
  test('peering disabled: no peering, routes, rules, function or peering widget', () => {
    const { stack } = synthFixture({ 'genai-demo:multi-region': { 'enable-cross-region-peering': false } });
    for (const type of [
      'aws_vpc_peering_connection',
      'aws_vpc_peering_connection_accepter',
      'aws_vpc_peering_connection_options',
      'aws_route',
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
      'aws_lambda_function',
      'aws_cloudwatch_event_rule',
    ]) {
      expect([type, bodiesOf(stack, type).length]).toEqual([type, 0]);
    }
    const body = bodiesOf(stack, 'aws_cloudwatch_dashboard')[0].dashboard_body as string;
    expect(body).not.toContain('VpcPeeringActive');
    expect(body).toContain('ReplicaLag');
  });

  test('replication disabled: no ReplicaLag alarm, event subscriptions or DR topic', () => {
    const { stack } = synthFixture({ 'genai-demo:multi-region': { 'enable-cross-region-replication': false } });
    expect(bodiesOf(stack, 'aws_db_event_subscription')).toHaveLength(0);
    expect(bodiesOf(stack, 'aws_cloudwatch_metric_alarm').map((a) => a.metric_name)).toEqual(['VpcPeeringActive']);
    expect(bodiesOf(stack, 'aws_sns_topic').map((t) => t.name)).toEqual([
      'genai-demo-production-primary-multi-region-alerts',
    ]);
    expect(bodiesOf(stack, 'aws_cloudwatch_dashboard')[0].dashboard_body).not.toContain('ReplicaLag');
  });
});

describe('MultiRegionStack in the whole app', () => {
  const { stacks, manifest } = synthApp();
  const stack = stacks['genai-demo-production-multi-region'];
  const remote = (name: string) => `data.terraform_remote_state.cross-stack-reference-input-${name}.outputs.`;

  test('deploys after both regions and reads them through remote state', () => {
    const deps = manifest.stacks['genai-demo-production-multi-region'].dependencies;
    expect(deps).toEqual(expect.arrayContaining(['genai-demo-production-primary', 'genai-demo-production-dr']));
    expect(deps).not.toContain('genai-demo-production-route53-failover');
    expect(Object.keys(stack.data.terraform_remote_state).sort()).toEqual([
      'cross-stack-reference-input-genai-demo-production-dr',
      'cross-stack-reference-input-genai-demo-production-primary',
    ]);
  });

  test('routes: 6 per side, into the route tables of that side', () => {
    const routes = bodiesOf(stack, 'aws_route');
    expect(routes).toHaveLength(12);
    for (const [provider, source] of [
      ['aws.primary', 'genai-demo-production-primary'],
      ['aws.dr', 'genai-demo-production-dr'],
    ]) {
      const side = routes.filter((r) => r.provider === provider);
      expect(side).toHaveLength(6);
      for (const r of side) expect(r.route_table_id).toContain(remote(source));
      expect(new Set(side.map((r) => r.route_table_id)).size).toBe(6);
    }
  });

  test('peering and security-group rules use the regions own VPC and groups', () => {
    const [requester] = bodiesOf(stack, 'aws_vpc_peering_connection');
    expect(requester.vpc_id).toContain(remote('genai-demo-production-primary'));
    expect(requester.peer_vpc_id).toContain(remote('genai-demo-production-dr'));
    for (const r of bodiesOf(stack, 'aws_vpc_security_group_ingress_rule')) {
      expect(r.security_group_id).toContain(
        remote(r.provider === 'aws.primary' ? 'genai-demo-production-primary' : 'genai-demo-production-dr'),
      );
      expect(r.security_group_id).toMatch(/DatabaseSecurityGroup/);
    }
    for (const r of bodiesOf(stack, 'aws_vpc_security_group_egress_rule')) {
      expect(r.security_group_id).toContain(
        remote(r.provider === 'aws.primary' ? 'genai-demo-production-primary' : 'genai-demo-production-dr'),
      );
      expect(r.security_group_id).toMatch(/AppSecurityGroup/);
    }
  });

  test('ReplicaLag watches the DR database instance and the dashboard the two load balancers', () => {
    const alarm = bodiesOf(stack, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === 'ReplicaLag')!;
    expect(alarm.dimensions.DBInstanceIdentifier).toContain(remote('genai-demo-production-dr'));
    const body = bodiesOf(stack, 'aws_cloudwatch_dashboard')[0].dashboard_body as string;
    expect(body).toContain(remote('genai-demo-production-primary'));
    expect(body).toContain(remote('genai-demo-production-dr'));
  });
});
