import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { escapeTerraformTemplate } from '../config/escape';
import { KmsKey } from './kms-key';
import { movedFrom } from './moved';

/** Service principal of CloudWatch alarms publishing to SNS. */
export const CLOUDWATCH_ALARMS_PUBLISHER = 'cloudwatch.amazonaws.com';
/** Service principal of RDS event subscriptions publishing to SNS. */
export const RDS_EVENTS_PUBLISHER = 'events.rds.amazonaws.com';

/** Props of {@link EncryptedTopic}. */
export interface EncryptedTopicProps {
  /** The provider (region) the topic and its key live in. */
  readonly provider: AwsProvider;
  /** Topic name, also the key alias (`alias/<name>`) and Name tag. */
  readonly topicName: string;
  /** AWS service principals that publish to the topic, e.g. `cloudwatch.amazonaws.com`. */
  readonly publisherServices: readonly string[];
  /** Email addresses subscribed to the topic (each must confirm the subscription). @default - none */
  readonly emails?: readonly string[];
  /** Waiting period of a scheduled key deletion, in days. @default 30 (DEFAULT_KMS_DELETION_WINDOW_DAYS) */
  readonly keyDeletionWindowDays?: number;
}

/** A construct id derived from an email address, so reordering the list never replaces a subscription. */
export function subscriptionId(email: string): string {
  return `Email-${email.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * An SNS topic encrypted with its own customer-managed KMS key. AWS services publishing to an encrypted
 * topic need kms:GenerateDataKey* and kms:Decrypt on the key (SNS "Key management": compatibility with AWS
 * services), so the key policy grants exactly that to each publisher service, besides the account root
 * (which delegates key administration to IAM). The topic policy lets the publishers call sns:Publish only
 * on behalf of this account (`aws:SourceAccount`), guarding against the confused deputy.
 */
export class EncryptedTopic extends Construct {
  /** The topic ARN: target of alarm actions and event subscriptions. */
  readonly topicArn: string;
  /** The topic name. */
  readonly topicName: string;
  /** ARN of the KMS key encrypting the topic. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    const provider = props.provider;
    const account = new DataAwsCallerIdentity(this, 'Account', { provider });
    const partition = new DataAwsPartition(this, 'Partition', { provider });
    const accountRoot = `arn:${partition.partition}:iam::${account.accountId}:root`;

    const key = new KmsKey(this, 'Key', {
      provider,
      description: `Encrypts messages of the SNS topic ${props.topicName}`,
      aliasName: props.topicName,
      deletionWindowDays: props.keyDeletionWindowDays,
      policyStatements: [
        {
          sid: 'PublisherServicesEncryptMessages',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [...props.publisherServices] }],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
        },
      ],
      tags: { Name: props.topicName },
    });
    // Created here as `Key` and `KeyAlias` before the KmsKey building block existed.
    movedFrom(key.key, this, 'Key');
    movedFrom(key.alias, this, 'KeyAlias');

    const topic = new SnsTopic(this, 'Topic', {
      provider,
      name: props.topicName,
      kmsMasterKeyId: key.arn,
      tags: { Name: props.topicName },
    });

    const topicPolicy = new DataAwsIamPolicyDocument(this, 'TopicPolicy', {
      provider,
      statement: [
        {
          sid: 'AccountManagesTopic',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [accountRoot] }],
          actions: [
            'sns:GetTopicAttributes',
            'sns:SetTopicAttributes',
            'sns:AddPermission',
            'sns:RemovePermission',
            'sns:DeleteTopic',
            'sns:Subscribe',
            'sns:ListSubscriptionsByTopic',
            'sns:Publish',
          ],
          resources: [topic.arn],
        },
        {
          sid: 'PublisherServicesOfThisAccount',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [...props.publisherServices] }],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, 'Policy', { provider, arn: topic.arn, policy: topicPolicy.json });

    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, subscriptionId(email), {
        provider,
        topicArn: topic.arn,
        protocol: 'email',
        // An address may hold `${` or `%{` (RFC 5322): escaped, so Terraform reads it as literal text.
        endpoint: escapeTerraformTemplate(email),
      });
    }

    this.topicArn = topic.arn;
    this.topicName = props.topicName;
    this.keyArn = key.arn;
  }
}
