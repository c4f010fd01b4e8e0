import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import type { LoadBalancerOutputs } from '../stacks/region-outputs';
import { DEFAULT_APP_PORT } from './security-groups';

/** Spring Boot Actuator's health endpoint. */
export const DEFAULT_HEALTH_CHECK_PATH = '/actuator/health';
/** TLS 1.3 with TLS 1.2 as the minimum, forward-secret ciphers only. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** Key prefix of the access logs inside the bucket. */
const ACCESS_LOG_PREFIX = 'alb';
/** Longest name ELB accepts for a load balancer or a target group. */
const MAX_ELB_NAME_LENGTH = 32;
/** Longest S3 bucket name. */
const MAX_BUCKET_NAME_LENGTH = 63;
/** Length of an AWS account id, part of the bucket name. */
const ACCOUNT_ID_LENGTH = 12;

/**
 * Regions opened before August 2022, where ELB writes access logs as a regional AWS account
 * (`data aws_elb_service_account`). In regions opened since, such as ap-east-2 (Taipei), only the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal exists and the provider has no account to
 * return. Source: Elastic Load Balancing User Guide, "Enable access logs", step 2 (bucket policy).
 */
export const ELB_LEGACY_LOG_ACCOUNT_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-north-1', 'me-south-1', 'sa-east-1',
]);

/** Props of the regional entry point: an internet-facing ALB with HTTPS, its target group and access logs. */
export interface LoadBalancerProps {
  /** Prefix of every name, e.g. `genai-demo-production-dr`. */
  readonly namePrefix: string;
  /** The AWS region of the stack (decides how ELB is allowed to write the access logs). */
  readonly region: string;
  /** VPC of the target group. */
  readonly vpcId: string;
  /** Public subnets, one per AZ. */
  readonly publicSubnetIds: readonly string[];
  /** Security group of the ALB (443 and 80 from the internet, egress to the app port). */
  readonly securityGroupId: string;
  /** ARN of a validated ACM certificate in this region. */
  readonly certificateArn: string;
  /** Days the access logs are kept. */
  readonly logRetentionDays: number;
  /** Refuse deletion of the ALB (production). @default false */
  readonly deletionProtection?: boolean;
  /** Let `terraform destroy` delete the log bucket with its objects. @default false */
  readonly forceDestroyLogs?: boolean;
  /** Port the pods serve HTTP on. @default 8080 */
  readonly appPort?: number;
  /** Path of the target health check. @default /actuator/health */
  readonly healthCheckPath?: string;
  /** TLS policy of the HTTPS listener. @default ELBSecurityPolicy-TLS13-1-2-2021-06 */
  readonly sslPolicy?: string;
}

/**
 * The ALB in the public subnets. HTTPS on 443 forwards to an IP target group (pods registered by the AWS Load
 * Balancer Controller through a TargetGroupBinding); HTTP on 80 only redirects to HTTPS (301). Access logs go to
 * a dedicated bucket encrypted with SSE-S3: ALB log delivery supports no other server-side encryption (SSE-KMS
 * is rejected), so a KMS key would break delivery.
 */
export class LoadBalancer extends Construct implements LoadBalancerOutputs {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  readonly logBucket: S3Bucket;
  readonly arn: string;
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly targetGroupArnSuffix: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const albName = `${props.namePrefix}-alb`;
    const targetGroupName = `${props.namePrefix}-app`;
    for (const name of [albName, targetGroupName]) {
      if (name.length > MAX_ELB_NAME_LENGTH) {
        throw new Error(`load balancer name "${name}" is longer than ${MAX_ELB_NAME_LENGTH} characters: shorten the name prefix`);
      }
    }
    const bucketStem = `${props.namePrefix}-alb-logs-`;
    if (bucketStem.length + ACCOUNT_ID_LENGTH > MAX_BUCKET_NAME_LENGTH) {
      throw new Error(`access-log bucket name "${bucketStem}<account>" is longer than ${MAX_BUCKET_NAME_LENGTH} characters`);
    }
    const appPort = props.appPort ?? DEFAULT_APP_PORT;

    const logs = this.accessLogBucket(`${bucketStem}`, props);
    this.logBucket = logs.bucket;

    this.alb = new Lb(this, 'Alb', {
      name: albName,
      loadBalancerType: 'application',
      internal: false,
      securityGroups: [props.securityGroupId],
      subnets: [...props.publicSubnetIds],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      enableHttp2: true,
      accessLogs: { bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true },
      // ELB checks its write permission when access logs are enabled.
      dependsOn: [logs.policy],
      tags: { Name: albName },
    });

    this.targetGroup = new LbTargetGroup(this, 'AppTargetGroup', {
      name: targetGroupName,
      targetType: 'ip',
      protocol: 'HTTP',
      port: appPort,
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: targetGroupName },
    });

    this.httpsListener = new LbListener(this, 'HttpsListener', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });

    this.httpListener = new LbListener(this, 'HttpRedirectListener', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });

    this.arn = this.alb.arn;
    this.arnSuffix = this.alb.arnSuffix;
    this.dnsName = this.alb.dnsName;
    this.zoneId = this.alb.zoneId;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
  }

  /** The access-log bucket: private, versioned, SSE-S3, TLS only, expiring after the retention. */
  private accessLogBucket(stem: string, props: LoadBalancerProps): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const account = new DataAwsCallerIdentity(this, 'Account');
    const bucket = new S3Bucket(this, 'AccessLogBucket', {
      bucket: `${stem}${account.accountId}`,
      forceDestroy: props.forceDestroyLogs ?? false,
      tags: { Name: `${props.namePrefix}-alb-logs` },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'AccessLogPublicAccessBlock', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'AccessLogOwnership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketVersioningA(this, 'AccessLogVersioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'AccessLogEncryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(this, 'AccessLogLifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: `${ACCESS_LOG_PREFIX}/` }],
          expiration: [{ days: props.logRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });

    const logObjects = `${bucket.arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [bucket.arn, `${bucket.arn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      {
        sid: 'ElbLogDeliveryService',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [logObjects],
        principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
      },
    ];
    if (ELB_LEGACY_LOG_ACCOUNT_REGIONS.has(props.region)) {
      const elbAccount = new DataAwsElbServiceAccount(this, 'ElbAccount');
      statements.push({
        sid: 'ElbLogDeliveryRegionalAccount',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [logObjects],
        principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
      });
    }
    const document = new DataAwsIamPolicyDocument(this, 'AccessLogPolicyDocument', { statement: statements });
    // After the public access block: S3 rejects concurrent changes to one bucket's access settings.
    const policy = new S3BucketPolicy(this, 'AccessLogPolicy', {
      bucket: bucket.id,
      policy: document.json,
      dependsOn: [publicAccessBlock],
    });
    return { bucket, policy };
  }
}
