import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KmsKey } from './kms-key';
import { LogGroup } from './log-group';
import { movedFrom } from './moved';

/** Namespace of the custom metrics this project publishes about the multi-region link. */
export const PEERING_METRIC_NAMESPACE = 'GenAIDemo/MultiRegion';
/** Metric the function publishes (functions/peering-status): 1 while the peering is active, else 0. */
export const PEERING_METRIC_NAME = 'VpcPeeringActive';
/** Its only dimension. */
export const PEERING_METRIC_DIMENSION = 'VpcPeeringConnectionId';
/** The bundle of functions/peering-status, written by `node tools/build.mjs`. */
export const PEERING_STATUS_BUNDLE = join('dist', 'lambda', 'peering-status');

/** Managed runtime (nodejs20.x was deprecated by Lambda on 2026-04-30; 22 is supported until 2027-04-30). */
const RUNTIME = 'nodejs22.x';
const MEMORY_MB = 128;
const TIMEOUT_SECONDS = 10;
/** Consecutive one-minute periods without an `active` datapoint before the alarm fires. */
const DEFAULT_EVALUATION_PERIODS = 3;

/** Props of {@link PeeringStatusMonitor}. */
export interface PeeringStatusMonitorProps {
  /** Provider of the requester's region: where the function, the metric and the alarm live. */
  readonly provider: AwsProvider;
  /** That provider's region name (for the log group ARN and the CloudWatch Logs service principal). */
  readonly region: string;
  /** The peering connection to watch. */
  readonly vpcPeeringConnectionId: string;
  /** Function name; also names its role, log group, key alias and schedule. */
  readonly functionName: string;
  /** Alarm name. */
  readonly alarmName: string;
  /** SNS topic notified when the alarm fires and clears. */
  readonly alarmTopicArn: string;
  /** Retention of the function's log group, in days. */
  readonly logRetentionDays: number;
  /** Namespace of the published metric. @default GenAIDemo/MultiRegion */
  readonly metricNamespace?: string;
  /** Minutes without an `active` datapoint before the alarm fires. @default 3 */
  readonly evaluationPeriods?: number;
  /** Folder holding the bundled function (index.js), relative to the project root. @default dist/lambda/peering-status */
  readonly bundlePath?: string;
}

/** The function's role and its inline policy (the function waits for both). */
interface FunctionRole {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
}

/** The project root: the nearest folder holding cdktf.json above this file (works from dist/ too), else above the working directory. */
function projectRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    while (!existsSync(join(dir, 'cdktf.json')) && dirname(dir) !== dir) dir = dirname(dir);
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
  }
  throw new Error(`no cdktf.json above ${__dirname} or ${process.cwd()}`);
}

/**
 * Base64 SHA-256 over the bundle's files (names and contents, sorted). Lambda's `source_code_hash` is only
 * a change trigger in provider 5.x: a content hash keeps plans quiet across re-synths, where a hash of
 * the zip would not (the archive records file modification times, which every build changes).
 */
export function bundleHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(rel, name);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(join(dir, path), 'latin1'), 'latin1');
    }
  };
  walk('');
  return hash.digest('base64');
}

/**
 * Publishes the VPC peering state as a metric, which AWS does not, and alarms on it. An EventBridge schedule
 * invokes a small function every minute; it reads the connection's status (ec2:DescribeVpcPeeringConnections)
 * and puts `VpcPeeringActive` (1 active, 0 otherwise). The alarm treats missing data as breaching, so a
 * function that stops running or fails alarms exactly like a broken link.
 *
 * The role allows exactly: ec2:DescribeVpcPeeringConnections on `*` (EC2 Describe actions support no
 * resource-level permissions), cloudwatch:PutMetricData on `*` only for this metric namespace (the
 * `cloudwatch:namespace` condition; PutMetricData has no resource type either), and writing to the
 * function's own log group. The log group is KMS-encrypted with a key CloudWatch Logs may use only for it.
 */
export class PeeringStatusMonitor extends Construct {
  /** Name of the function. */
  readonly functionName: string;
  /** Name of the alarm. */
  readonly alarmName: string;
  /** Namespace of the published metric. */
  readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: PeeringStatusMonitorProps) {
    super(scope, id);
    this.functionName = props.functionName;
    this.alarmName = props.alarmName;
    this.metricNamespace = props.metricNamespace ?? PEERING_METRIC_NAMESPACE;

    // Construct ids, and so Terraform addresses, are the ones the single constructor of the first release
    // created; the parts are built in that order.
    const logGroup = this.functionLogGroup(props);
    const role = this.functionRole(props, logGroup);
    const fn = this.statusFunction(props, role, logGroup);
    this.everyMinute(props, fn);
    this.inactiveAlarm(props);
  }

  /** The function's log group, encrypted with a key CloudWatch Logs may use for this log group only. */
  private functionLogGroup(props: PeeringStatusMonitorProps): LogGroup {
    const provider = props.provider;
    const account = new DataAwsCallerIdentity(this, 'Account', { provider });
    const partition = new DataAwsPartition(this, 'Partition', { provider });
    const region = props.region;
    const logGroupName = `/aws/lambda/${props.functionName}`;
    const logGroupArn = `arn:${partition.partition}:logs:${region}:${account.accountId}:log-group:${logGroupName}`;

    const logsKey = new KmsKey(this, 'LogsKey', {
      provider,
      description: `Encrypts the log group ${logGroupName}`,
      aliasName: `${props.functionName}-logs`,
      policyStatements: [
        {
          sid: 'CloudWatchLogsForTheFunctionLogGroup',
          principals: [{ type: 'Service', identifiers: [`logs.${region}.${partition.dnsSuffix}`] }],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          condition: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArn] }],
        },
      ],
      tags: { Name: `${props.functionName}-logs` },
    });
    const logGroup = new LogGroup(this, 'LogGroup', {
      provider,
      name: logGroupName,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: logsKey.arn,
      tags: { Name: logGroupName },
    });
    // Created here as `LogsKey`, `LogsKeyAlias` and `LogGroup` before the building blocks existed.
    movedFrom(logsKey.key, this, 'LogsKey');
    movedFrom(logsKey.alias, this, 'LogsKeyAlias');
    movedFrom(logGroup.logGroup, this, 'LogGroup');
    return logGroup;
  }

  /** The function's role: read the peering state, put this namespace's metrics, write its own logs. */
  private functionRole(props: PeeringStatusMonitorProps, logGroup: LogGroup): FunctionRole {
    const provider = props.provider;
    const assumeRole = new DataAwsIamPolicyDocument(this, 'AssumeRolePolicy', {
      provider,
      statement: [
        {
          sid: 'LambdaAssumesRole',
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    const role = new IamRole(this, 'Role', {
      provider,
      name: props.functionName,
      description: `Runs ${props.functionName}: publishes the VPC peering state as a metric`,
      assumeRolePolicy: assumeRole.json,
      tags: { Name: props.functionName },
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'RolePolicyDocument', {
      provider,
      statement: [
        {
          sid: 'ReadPeeringState',
          actions: ['ec2:DescribeVpcPeeringConnections'],
          // EC2 Describe* actions do not support resource-level permissions: "*" is the only valid resource.
          resources: ['*'],
        },
        {
          sid: 'PutMetricsOfThisNamespaceOnly',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: [this.metricNamespace] }],
        },
        {
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroup.arn}:*`],
        },
      ],
    });
    const policy = new IamRolePolicy(this, 'RolePolicy', {
      provider,
      name: 'peering-status',
      role: role.id,
      policy: permissions.json,
    });
    return { role, policy };
  }

  /** The bundled function, and its asynchronous-invocation settings. */
  private statusFunction(props: PeeringStatusMonitorProps, role: FunctionRole, logGroup: LogGroup): LambdaFunction {
    const provider = props.provider;
    const namespace = this.metricNamespace;
    const bundleDir = join(projectRoot(), props.bundlePath ?? PEERING_STATUS_BUNDLE);
    if (!existsSync(join(bundleDir, 'index.js'))) {
      throw new Error(`${bundleDir}/index.js not found: bundle the functions first (node tools/build.mjs)`);
    }
    const code = new TerraformAsset(this, 'Code', { path: bundleDir, type: AssetType.ARCHIVE });
    const fn = new LambdaFunction(this, 'Function', {
      provider,
      functionName: props.functionName,
      description: `Publishes ${namespace}/${PEERING_METRIC_NAME} for ${props.vpcPeeringConnectionId} every minute`,
      role: role.role.arn,
      runtime: RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      memorySize: MEMORY_MB,
      timeout: TIMEOUT_SECONDS,
      filename: code.path,
      sourceCodeHash: bundleHash(bundleDir),
      environment: {
        variables: { VPC_PEERING_CONNECTION_ID: props.vpcPeeringConnectionId, METRIC_NAMESPACE: namespace },
      },
      tags: { Name: props.functionName },
      // Lambda logs to /aws/lambda/<name>: that group must exist before the first invocation (the role
      // cannot create it), and the role must have its permissions.
      dependsOn: [logGroup.logGroup, role.policy],
    });
    // The next scheduled run comes a minute later: retrying a failed one only delays the alarm's data.
    new LambdaFunctionEventInvokeConfig(this, 'InvokeConfig', {
      provider,
      functionName: fn.functionName,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 60,
    });
    return fn;
  }

  /** The EventBridge schedule that invokes the function every minute, and its permission to. */
  private everyMinute(props: PeeringStatusMonitorProps, fn: LambdaFunction): void {
    const provider = props.provider;
    const schedule = new CloudwatchEventRule(this, 'Schedule', {
      provider,
      name: `${props.functionName}-every-minute`,
      description: `Invokes ${props.functionName} every minute`,
      scheduleExpression: 'rate(1 minute)',
      tags: { Name: `${props.functionName}-every-minute` },
    });
    new CloudwatchEventTarget(this, 'ScheduleTarget', {
      provider,
      rule: schedule.name,
      targetId: 'peering-status',
      arn: fn.arn,
    });
    new LambdaPermission(this, 'AllowSchedule', {
      provider,
      statementId: 'AllowEventBridgeSchedule',
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });
  }

  /** The alarm: the metric below 1, or missing, for the evaluation periods. */
  private inactiveAlarm(props: PeeringStatusMonitorProps): void {
    const namespace = this.metricNamespace;
    const evaluationPeriods = props.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    new CloudwatchMetricAlarm(this, 'Alarm', {
      provider: props.provider,
      alarmName: props.alarmName,
      alarmDescription:
        `VPC peering ${props.vpcPeeringConnectionId} not active for ${evaluationPeriods} consecutive minutes ` +
        `(${namespace}/${PEERING_METRIC_NAME} below 1, or no datapoint: the ${props.functionName} function is not ` +
        'reporting). Cross-region database traffic between the regions is down.',
      namespace,
      metricName: PEERING_METRIC_NAME,
      dimensions: { [PEERING_METRIC_DIMENSION]: props.vpcPeeringConnectionId },
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      treatMissingData: 'breaching',
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
      tags: { Name: props.alarmName },
    });
  }
}
