/**
 * LoadBalancer on a bare stack: the ALB, its listeners and target group, and the access-log bucket with the
 * ELB log-delivery principal of its region. How the region stacks wire it (public subnets, the ALB security
 * group, the validated certificate, production settings) is checked in stacks/region-stacks.test.ts.
 */
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { regionalProvider } from '../../components/aws-provider';
import { ELB_LEGACY_LOG_ACCOUNT_REGIONS, LoadBalancer, type LoadBalancerProps } from '../../components/load-balancer';
import { bodiesOf, dataIdOf, dataOf, idOf, one, oneData, ref, synthJson, type Json } from '../helpers/terraform';

const CERTIFICATE = 'arn:aws:acm:ap-east-2:111111111111:certificate/abc';

/** The load balancer alone on a bare stack, with plain inputs so every reference is exact. */
function synthLb(overrides: Partial<LoadBalancerProps> = {}): Json {
  const region = overrides.region ?? 'ap-east-2';
  return synthJson((stack) => {
    regionalProvider(stack, 'Aws', { region, tags: {} });
    new LoadBalancer(stack, 'LoadBalancer', {
      namePrefix: 'fixture',
      region,
      vpcId: 'vpc-1',
      publicSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      securityGroupId: 'sg-alb',
      certificateArn: CERTIFICATE,
      logRetentionDays: 90,
      ...overrides,
    });
  });
}

/** The access-log bucket's policy document (the one the bucket policy points at). */
const policyDocument = (json: Json): Json =>
  oneData(json, 'aws_iam_policy_document', 'LoadBalancer_AccessLogs_PolicyDocument');

describe('LoadBalancer', () => {
  const json = synthLb();
  const synthesized = JSON.stringify(json);

  test('an internet-facing ALB in the given subnets with the given security group', () => {
    expect(synthesized).toHaveResourceWithProperties(Lb, {
      name: 'fixture-alb',
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      enable_http2: true,
      subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
      security_groups: ['sg-alb'],
      tags: { Name: 'fixture-alb' },
    });
    expect(bodiesOf(json, 'aws_lb')).toHaveLength(1);
  });

  test('exactly two listeners: HTTPS with the certificate and TLS 1.2+ policy, HTTP redirect 301', () => {
    const alb = ref('aws_lb', idOf(json, 'aws_lb'), 'arn');
    expect(bodiesOf(json, 'aws_lb_listener')).toHaveLength(2);
    expect(synthesized).toHaveResourceWithProperties(LbListener, {
      load_balancer_arn: alb,
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERTIFICATE,
      default_action: [
        { type: 'forward', target_group_arn: ref('aws_lb_target_group', idOf(json, 'aws_lb_target_group'), 'arn') },
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(LbListener, {
      load_balancer_arn: alb,
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
  });

  test('target group: IP targets over HTTP on the app port in the VPC, health check /actuator/health expecting 200', () => {
    expect(bodiesOf(json, 'aws_lb_target_group')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      name: 'fixture-app',
      target_type: 'ip',
      protocol: 'HTTP',
      port: 8080,
      vpc_id: 'vpc-1',
      health_check: expect.objectContaining({
        path: '/actuator/health',
        matcher: '200',
        protocol: 'HTTP',
        port: 'traffic-port',
      }),
    });
  });

  test('access logs: enabled to a private, versioned, SSE-S3 bucket that expires them after the log retention', () => {
    const bucketId = idOf(json, 'aws_s3_bucket');
    expect(one(json, 'aws_lb')).toMatchObject({
      access_logs: { enabled: true, prefix: 'alb', bucket: ref('aws_s3_bucket', bucketId, 'bucket') },
      depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\./)],
    });
    expect(one(json, 'aws_lb').depends_on).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: `fixture-alb-logs-${ref('data.aws_caller_identity', dataIdOf(json, 'aws_caller_identity'), 'account_id')}`,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: ref('aws_s3_bucket', bucketId, 'id'),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    const lifecycle = one(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ expiration: [{ days: 90 }], filter: [{ prefix: 'alb/' }] })],
    });
  });

  test('bucket policy denies plain HTTP and lets the ELB log-delivery service write under the log prefix', () => {
    const doc = policyDocument(json);
    const tls = doc.statement.find((s: Json) => s.sid === 'DenyInsecureTransport');
    expect(tls).toMatchObject({ effect: 'Deny', actions: ['s3:*'] });
    expect(tls.condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
    const service = doc.statement.find((s: Json) => s.sid === 'ElbLogDeliveryService');
    expect(service.principals).toEqual([
      { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
    ]);
    expect(service.actions).toEqual(['s3:PutObject']);
    expect(service.resources[0]).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.\w+\.account_id\}\/\*$/);
  });
});

describe('ELB log delivery principal per region', () => {
  test('Taipei (ap-east-2, opened after August 2022): service principal only, no regional ELB account', () => {
    const json = synthLb({ region: 'ap-east-2' });
    expect(dataOf(json, 'aws_elb_service_account')).toHaveLength(0);
    const sids = policyDocument(json).statement.map((s: Json) => s.sid);
    expect(sids).toEqual(['DenyInsecureTransport', 'ElbLogDeliveryService']);
    expect(ELB_LEGACY_LOG_ACCOUNT_REGIONS.has('ap-east-2')).toBe(false);
  });

  test('Tokyo (ap-northeast-1, older): the regional ELB account is allowed as well', () => {
    const json = synthLb({ region: 'ap-northeast-1' });
    expect(dataOf(json, 'aws_elb_service_account')).toHaveLength(1);
    const legacy = policyDocument(json).statement.find((s: Json) => s.sid === 'ElbLogDeliveryRegionalAccount');
    expect(legacy.principals).toEqual([
      {
        type: 'AWS',
        identifiers: [ref('data.aws_elb_service_account', dataIdOf(json, 'aws_elb_service_account'), 'arn')],
      },
    ]);
    expect(ELB_LEGACY_LOG_ACCOUNT_REGIONS.has('ap-northeast-1')).toBe(true);
  });
});

describe('LoadBalancer props', () => {
  test('defaults: no deletion protection, log bucket kept on destroy, app port 8080', () => {
    const json = synthLb();
    expect(one(json, 'aws_lb').enable_deletion_protection).toBe(false);
    expect(one(json, 'aws_s3_bucket').force_destroy).toBe(false);
    expect(one(json, 'aws_lb_target_group').port).toBe(8080);
  });

  test('deletion protection and forced destroy of the logs are props', () => {
    const json = JSON.stringify(synthLb({ deletionProtection: true, forceDestroyLogs: true }));
    expect(json).toHaveResourceWithProperties(Lb, { enable_deletion_protection: true });
    expect(json).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  test('app port, health-check path and TLS policy are props', () => {
    const json = synthLb({
      appPort: 9000,
      healthCheckPath: '/healthz',
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
    });
    expect(one(json, 'aws_lb_target_group').port).toBe(9000);
    expect(one(json, 'aws_lb_target_group').health_check.path).toBe('/healthz');
    expect(JSON.stringify(json)).toHaveResourceWithProperties(LbListener, {
      port: 443,
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
    });
  });

  test('a name prefix too long for ELB names is refused at synth', () => {
    expect(() => synthLb({ namePrefix: 'a-very-long-name-prefix-for-elb-x' })).toThrow(/longer than 32 characters/);
  });
});
