import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { movedFrom } from './moved';
import { SecureBucket } from './secure-bucket';
import { DEFAULT_APP_PORT } from './security-groups';

export { ELB_LEGACY_LOG_ACCOUNT_REGIONS } from './secure-bucket';

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
 * Ids the access-log bucket's resources had as direct children of the load balancer, before the bucket
 * became a SecureBucket (`AccessLogs`): child id in the SecureBucket → former id.
 */
const FORMER_ACCESS_LOG_IDS: Readonly<Record<string, string>> = {
  Bucket: 'AccessLogBucket',
  PublicAccessBlock: 'AccessLogPublicAccessBlock',
  Ownership: 'AccessLogOwnership',
  Versioning: 'AccessLogVersioning',
  Encryption: 'AccessLogEncryption',
  Lifecycle: 'AccessLogLifecycle',
  Policy: 'AccessLogPolicy',
};

/** The load balancer a region serves the API from. */
export interface LoadBalancerOutputs {
  readonly arn: string;
  /** `app/<name>/<id>`: the CloudWatch `LoadBalancer` dimension. */
  readonly arnSuffix: string;
  /** The ALB's DNS name: target of the alias records and of the Route 53 health check. */
  readonly dnsName: string;
  /** The ALB's canonical hosted zone id, for alias records. */
  readonly zoneId: string;
  /** `targetgroup/<name>/<id>`: the CloudWatch `TargetGroup` dimension. */
  readonly targetGroupArnSuffix: string;
}

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
        throw new Error(
          `load balancer name "${name}" is longer than ${MAX_ELB_NAME_LENGTH} characters: shorten the name prefix`,
        );
      }
    }
    const bucketStem = `${props.namePrefix}-alb-logs-`;
    if (bucketStem.length + ACCOUNT_ID_LENGTH > MAX_BUCKET_NAME_LENGTH) {
      throw new Error(
        `access-log bucket name "${bucketStem}<account>" is longer than ${MAX_BUCKET_NAME_LENGTH} characters`,
      );
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

  /** The access-log bucket: private, versioned, SSE-S3, TLS only, written by ELB, expiring after the retention. */
  private accessLogBucket(stem: string, props: LoadBalancerProps): SecureBucket {
    const account = new DataAwsCallerIdentity(this, 'Account');
    const logs = new SecureBucket(this, 'AccessLogs', {
      bucketName: `${stem}${account.accountId}`,
      encryption: 'sse-s3',
      elbAccessLogs: { prefix: ACCESS_LOG_PREFIX, accountId: account.accountId, region: props.region },
      lifecycleRuleId: 'expire-access-logs',
      lifecyclePrefix: `${ACCESS_LOG_PREFIX}/`,
      expirationDays: props.logRetentionDays,
      noncurrentVersionDays: 1,
      abortMultipartDays: 1,
      forceDestroy: props.forceDestroyLogs ?? false,
      tags: { Name: `${props.namePrefix}-alb-logs` },
    });
    for (const [child, former] of Object.entries(FORMER_ACCESS_LOG_IDS)) {
      movedFrom(logs.node.findChild(child) as TerraformResource, this, former);
    }
    return logs;
  }
}
