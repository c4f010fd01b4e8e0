import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { escapeTerraformTemplate } from '../config/escape';

/** Service principal of CloudWatch alarms publishing to SNS. */
export const CLOUDWATCH_ALARMS_PUBLISHER = 'cloudwatch.amazonaws.com';
/** Service principal of RDS event subscriptions publishing to SNS. */
export const RDS_EVENTS_PUBLISHER = 'events.rds.amazonaws.com';

/** Days a scheduled deletion of the key waits (7..30); the maximum, so a mistaken destroy can be undone. */
const DEFAULT_KEY_DELETION_WINDOW_DAYS = 30;

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
  /** Waiting period of a scheduled key deletion, in days. @default 30 */
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

    const keyPolicy = new DataAwsIamPolicyDocument(this, 'KeyPolicy', {
      provider,
      statement: [
        {
          sid: 'AccountAdministersKeyThroughIam',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [accountRoot] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'PublisherServicesEncryptMessages',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [...props.publisherServices] }],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
        },
      ],
    });

    const key = new KmsKey(this, 'Key', {
      provider,
      description: `Encrypts messages of the SNS topic ${props.topicName}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? DEFAULT_KEY_DELETION_WINDOW_DAYS,
      policy: keyPolicy.json,
      tags: { Name: props.topicName },
    });
    new KmsAlias(this, 'KeyAlias', { provider, name: `alias/${props.topicName}`, targetKeyId: key.keyId });

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
