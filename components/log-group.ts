import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

/** Props of a retained, encrypted CloudWatch log group. */
export interface LogGroupProps {
  /** Log group name, e.g. `/aws/vpc/genai-demo-production/flow-logs`. */
  readonly name: string;
  /** Retention in days (a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...). */
  readonly retentionDays: number;
  /** ARN of a KMS key whose policy lets CloudWatch Logs use it (see KmsKey `allowCloudWatchLogs`). */
  readonly kmsKeyArn: string;
  /** Provider of the log group's region, when the stack holds several. @default - the stack's default provider */
  readonly provider?: AwsProvider;
  /** Tags of the log group (the provider's default tags are added). @default - none */
  readonly tags?: Record<string, string>;
}

/** A CloudWatch log group with a fixed retention, encrypted with a customer-managed KMS key. */
export class LogGroup extends Construct {
  /** The log group resource. */
  readonly logGroup: CloudwatchLogGroup;
  /** Log group ARN (without the trailing `:*`). */
  readonly arn: string;
  /** Log group name. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider: props.provider,
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: props.tags,
    });
    this.arn = this.logGroup.arn;
    this.name = this.logGroup.name;
  }
}
