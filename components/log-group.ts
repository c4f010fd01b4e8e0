import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';

/** Props of a retained, encrypted CloudWatch log group. */
export interface LogGroupProps {
  /** Log group name, e.g. `/aws/vpc/genai-demo-production/flow-logs`. */
  readonly name: string;
  /** Retention in days (a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...). */
  readonly retentionDays: number;
  /** ARN of a KMS key whose policy lets CloudWatch Logs use it (see KmsKey `allowCloudWatchLogs`). */
  readonly kmsKeyArn: string;
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
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.arn = this.logGroup.arn;
    this.name = this.logGroup.name;
  }
}
