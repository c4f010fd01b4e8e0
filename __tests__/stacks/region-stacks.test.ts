/**
 * What the primary and the DR region stack share (both are a RegionStack): the provider, the platform, the
 * outputs other stacks read, and how the components are wired to each other. What only one of them holds
 * is in primary-region-stack.test.ts and disaster-recovery-stack.test.ts.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Testing } from 'cdktf';
import { drCertificateNames, primaryCertificateNames } from '../../components/certificate';
import { buildStacks } from '../../main';
import { RegionStack } from '../../stacks/region-stack';
import { configWith, synthApp, type SynthesizedApp } from '../helpers/app';
import { deploymentOf, PLATFORM_RESOURCE_COUNTS, platformCounts } from '../helpers/platform';
import { byPath, dataIdOf, idOf, ref, resolveIn, resourcesOf, type Json } from '../helpers/terraform';

const AZS = ['Az1', 'Az2', 'Az3'];

const app: SynthesizedApp = synthApp();

describe.each([
  ['primary' as const, 'genai-demo-production-primary', 'ap-east-2', primaryCertificateNames],
  ['dr' as const, 'genai-demo-production-dr', 'ap-northeast-1', drCertificateNames],
])('%s region stack (%s)', (role, name, region, certificateNames) => {
  const stack: Json = app.stacks[name];
  const synthesized = JSON.stringify(stack);
  const deployment = deploymentOf(app.config, role);

  test(`one AWS provider in ${region} with the region tags as default tags, nothing else`, () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      region,
      default_tags: [{ tags: deployment.tags }],
    });
    expect(stack.provider.aws).toHaveLength(1);
    expect(stack.provider.aws[0]).toEqual({ region, default_tags: [{ tags: deployment.tags }] });
  });

  test('the regional platform has exactly the expected resources', () => {
    expect(platformCounts(stack)).toEqual(PLATFORM_RESOURCE_COUNTS);
  });

  test('the RegionStackOutputs members point at the platform resources', () => {
    const tapp = Testing.app();
    buildStacks(tapp, configWith());
    const built = tapp.node.findChild(name);
    if (!(built instanceof RegionStack)) throw new Error(`${name} is not a RegionStack`);
    expect(built.deployment).toBe(deploymentOf(built.config, role));
    expect(resolveIn(built, built.vpcId)).toBe(ref('aws_vpc', byPath(stack, 'aws_vpc', '/Network/Vpc')[0], 'id'));
    expect(resolveIn(built, built.privateRouteTableIds)).toEqual(
      AZS.map((az) =>
        ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/PrivateRouteTable${az}`)[0], 'id'),
      ),
    );
    expect(resolveIn(built, built.isolatedRouteTableIds)).toEqual(
      AZS.map((az) =>
        ref('aws_route_table', byPath(stack, 'aws_route_table', `/Network/IsolatedRouteTable${az}`)[0], 'id'),
      ),
    );
    expect(resolveIn(built, built.appSecurityGroupId)).toBe(
      ref('aws_security_group', byPath(stack, 'aws_security_group', '/AppSecurityGroup')[0], 'id'),
    );
    expect(resolveIn(built, built.databaseSecurityGroupId)).toBe(
      ref('aws_security_group', byPath(stack, 'aws_security_group', '/DatabaseSecurityGroup')[0], 'id'),
    );
    expect(resolveIn(built, built.clusterName)).toBe(ref('aws_eks_cluster', idOf(stack, 'aws_eks_cluster'), 'name'));
  });

  test('the ALB sits in the public subnets behind the ALB security group, with production protection', () => {
    expect(synthesized).toHaveResourceWithProperties(Lb, {
      name: `${deployment.namePrefix}-alb`,
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      subnets: AZS.map((az) => ref('aws_subnet', byPath(stack, 'aws_subnet', `/Network/PublicSubnet${az}`)[0], 'id')),
      security_groups: [ref('aws_security_group', byPath(stack, 'aws_security_group', '/AlbSecurityGroup')[0], 'id')],
    });
    expect(idOf(stack, 'aws_lb')).toMatch(/^LoadBalancer_/);
  });

  test('HTTPS serves the validated certificate; the target group takes the app port of the security groups', () => {
    expect(synthesized).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: ref(
        'aws_acm_certificate_validation',
        idOf(stack, 'aws_acm_certificate_validation', 'Certificate_'),
        'certificate_arn',
      ),
    });
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      name: `${deployment.namePrefix}-app`,
      port: 8080,
      vpc_id: ref('aws_vpc', byPath(stack, 'aws_vpc', '/Network/Vpc')[0], 'id'),
    });
  });

  test('the database sits in the isolated subnets behind the database security group, with the production switches', () => {
    const subnetGroup = idOf(stack, 'aws_db_subnet_group', 'Database_');
    expect(synthesized).toHaveResourceWithProperties(DbSubnetGroup, {
      subnet_ids: AZS.map((az) =>
        ref('aws_subnet', byPath(stack, 'aws_subnet', `/Network/IsolatedSubnet${az}`)[0], 'id'),
      ),
    });
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      db_subnet_group_name: ref('aws_db_subnet_group', subnetGroup, 'name'),
      vpc_security_group_ids: [
        ref('aws_security_group', byPath(stack, 'aws_security_group', '/DatabaseSecurityGroup')[0], 'id'),
      ],
      deletion_protection: true,
      multi_az: true,
    });
    expect(resourcesOf(stack, 'aws_db_instance')).toHaveLength(1);
  });

  test("the certificate covers the region's names of genai-demo:domain, validated in the looked-up public zone", () => {
    const [domainName, ...sans] = certificateNames('kimkao.io');
    expect(synthesized).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: domainName,
      subject_alternative_names: sans,
    });
    expect(resourcesOf(stack, 'aws_acm_certificate')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(Route53Record, {
      zone_id: ref('data.aws_route53_zone', dataIdOf(stack, 'aws_route53_zone', 'HostedZone_'), 'zone_id'),
      allow_overwrite: true,
    });
    const other = synthApp({ 'genai-demo:domain': 'example.org' }).stacks[name];
    const [otherDomain, ...otherSans] = certificateNames('example.org');
    expect(JSON.stringify(other)).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: otherDomain,
      subject_alternative_names: otherSans,
    });
  });

  test("the access logs are kept the region's log retention, in a bucket named after the region", () => {
    expect(deployment.logRetentionDays).toBe(90);
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: `${deployment.namePrefix}-alb-logs-${ref('data.aws_caller_identity', dataIdOf(stack, 'aws_caller_identity', 'LoadBalancer_'), 'account_id')}`,
      force_destroy: false,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({ expiration: [{ days: deployment.logRetentionDays }], filter: [{ prefix: 'alb/' }] }),
      ],
    });
  });
});
