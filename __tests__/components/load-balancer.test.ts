import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { ELB_LEGACY_LOG_ACCOUNT_REGIONS, LoadBalancer, type LoadBalancerProps } from '../../components/load-balancer';
import { dataOf, resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';

const PRIMARY = 'genai-demo-production-primary';
const DR = 'genai-demo-production-dr';

/** The one resource of `type` that the LoadBalancer construct created (the stack holds other buckets too). */
function one(stack: Json, type: string): Json {
  const found = resourcesOf(stack, type).filter(([id]) => id.startsWith('LoadBalancer_'));
  expect(found).toHaveLength(1);
  return found[0][1];
}

function listeners(stack: Json): Json[] {
  return resourcesOf(stack, 'aws_lb_listener').map(([, l]) => l);
}

function policyDocument(stack: Json): Json {
  const docs = dataOf(stack, 'aws_iam_policy_document').filter(([id]) => id.startsWith('LoadBalancer_AccessLogs_PolicyDocument'));
  expect(docs).toHaveLength(1);
  return docs[0][1];
}

describe.each([
  [PRIMARY, 'genai-demo-production'],
  [DR, 'genai-demo-production-dr'],
])('LoadBalancer in %s', (stackName, prefix) => {
  let app: SynthesizedApp;
  let stack: Json;
  beforeAll(() => {
    app = synthApp();
    stack = app.stacks[stackName];
  });

  test('an internet-facing ALB in the three public subnets with the ALB security group', () => {
    const alb = one(stack, 'aws_lb');
    expect(alb).toMatchObject({
      name: `${prefix}-alb`,
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
    expect(alb.subnets).toHaveLength(3);
    for (const ref of alb.subnets) expect(ref).toMatch(/aws_subnet\.\w*Public\w*\.id/);
    expect(alb.security_groups).toHaveLength(1);
    expect(alb.security_groups[0]).toMatch(/aws_security_group\.\w*Alb\w*\.id/);
  });

  test('exactly two listeners: HTTPS with the validated certificate and TLS 1.2+ policy, HTTP redirect 301', () => {
    const all = listeners(stack);
    expect(all).toHaveLength(2);
    const https = all.find((l) => l.port === 443)!;
    expect(https.protocol).toBe('HTTPS');
    expect(https.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\.\w+\.certificate_arn\}$/);
    expect(https.default_action).toEqual([
      { type: 'forward', target_group_arn: expect.stringMatching(/aws_lb_target_group\.\w+\.arn/) },
    ]);
    const http = all.find((l) => l.port === 80)!;
    expect(http.protocol).toBe('HTTP');
    expect(http.default_action).toEqual([
      { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
    ]);
  });

  test('target group: IP targets over HTTP on the app port, health check /actuator/health expecting 200', () => {
    const tg = one(stack, 'aws_lb_target_group');
    expect(tg).toMatchObject({ name: `${prefix}-app`, target_type: 'ip', protocol: 'HTTP', port: 8080 });
    expect(tg.health_check).toMatchObject({ path: '/actuator/health', matcher: '200', protocol: 'HTTP', port: 'traffic-port' });
  });

  test('access logs: enabled to a private, versioned, SSE-S3 bucket that expires them after the log retention', () => {
    const alb = one(stack, 'aws_lb');
    expect(alb.access_logs).toMatchObject({ enabled: true, prefix: 'alb' });
    expect(alb.access_logs.bucket).toMatch(/aws_s3_bucket\.\w+\.bucket/);
    const bucket = one(stack, 'aws_s3_bucket');
    expect(bucket.bucket).toMatch(new RegExp(`^${prefix}-alb-logs-\\$\\{data\\.aws_caller_identity\\.\\w+\\.account_id\\}$`));
    expect(one(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one(stack, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const sse = one(stack, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    const lifecycle = one(stack, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toHaveLength(1);
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 90 }]);
    expect(lifecycle.rule[0].filter).toEqual([{ prefix: 'alb/' }]);
    expect(alb.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  test('bucket policy denies plain HTTP and lets the ELB log-delivery service write under the log prefix', () => {
    const doc = policyDocument(stack);
    const tls = doc.statement.find((s: Json) => s.sid === 'DenyInsecureTransport');
    expect(tls).toMatchObject({ effect: 'Deny', actions: ['s3:*'] });
    expect(tls.condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
    const service = doc.statement.find((s: Json) => s.sid === 'ElbLogDeliveryService');
    expect(service.principals).toEqual([{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }]);
    expect(service.actions).toEqual(['s3:PutObject']);
    expect(service.resources[0]).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.\w+\.account_id\}\/\*$/);
  });
});

describe('ELB log delivery principal per region', () => {
  test('Taipei (ap-east-2, opened after August 2022): service principal only, no regional ELB account', () => {
    const { stacks } = synthApp();
    const stack = stacks[PRIMARY];
    expect(dataOf(stack, 'aws_elb_service_account')).toHaveLength(0);
    const sids = policyDocument(stack).statement.map((s: Json) => s.sid);
    expect(sids).toEqual(['DenyInsecureTransport', 'ElbLogDeliveryService']);
  });

  test('Tokyo (ap-northeast-1, older): the regional ELB account is allowed as well', () => {
    const { stacks } = synthApp();
    const stack = stacks[DR];
    expect(dataOf(stack, 'aws_elb_service_account')).toHaveLength(1);
    const legacy = policyDocument(stack).statement.find((s: Json) => s.sid === 'ElbLogDeliveryRegionalAccount');
    expect(legacy.principals).toEqual([
      { type: 'AWS', identifiers: [expect.stringMatching(/^\$\{data\.aws_elb_service_account\.\w+\.arn\}$/)] },
    ]);
    expect(ELB_LEGACY_LOG_ACCOUNT_REGIONS.has('ap-east-2')).toBe(false);
  });
});

describe('LoadBalancer props', () => {
  function synthLb(overrides: Partial<LoadBalancerProps> = {}): Json {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    new LoadBalancer(stack, 'LoadBalancer', {
      namePrefix: 'fixture',
      region: 'ap-east-2',
      vpcId: 'vpc-1',
      publicSubnetIds: ['subnet-a', 'subnet-b'],
      securityGroupId: 'sg-alb',
      certificateArn: 'arn:aws:acm:ap-east-2:111111111111:certificate/abc',
      logRetentionDays: 30,
      ...overrides,
    });
    return JSON.parse(Testing.synth(stack));
  }

  test('defaults: no deletion protection, log bucket kept on destroy, app port 8080', () => {
    const json = synthLb();
    expect(one(json, 'aws_lb').enable_deletion_protection).toBe(false);
    expect(one(json, 'aws_s3_bucket').force_destroy).toBe(false);
    expect(one(json, 'aws_lb_target_group').port).toBe(8080);
  });

  test('app port, health-check path and TLS policy are props', () => {
    const json = synthLb({ appPort: 9000, healthCheckPath: '/healthz', sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    expect(one(json, 'aws_lb_target_group').port).toBe(9000);
    expect(one(json, 'aws_lb_target_group').health_check.path).toBe('/healthz');
    expect(listeners(json).find((l) => l.port === 443)!.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
  });

  test('a name prefix too long for ELB names is refused at synth', () => {
    expect(() => synthLb({ namePrefix: 'a-very-long-name-prefix-for-elb-x' })).toThrow(/longer than 32 characters/);
  });
});
