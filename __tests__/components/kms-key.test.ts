/** KmsKey: rotation, alias, the one deletion window, provider, extra statements after the root one. */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { ACCOUNT_ROOT_STATEMENT_SID, DEFAULT_KMS_DELETION_WINDOW_DAYS, KmsKey } from '../../components/kms-key';
import { one, ref, referencedDocument, resourcesOf, statementOf, synthJson } from '../helpers/terraform';

describe('KmsKey', () => {
  const synthesized = Testing.synthScope((scope) => {
    new KmsKey(scope, 'Key', { description: 'test key', aliasName: 'demo-test' });
  });

  test('a rotating key with the 30-day deletion window and its alias', () => {
    expect(DEFAULT_KMS_DELETION_WINDOW_DAYS).toBe(30);
    expect(synthesized).toHaveResourceWithProperties(AwsKmsKey, {
      description: 'test key',
      enable_key_rotation: true,
      deletion_window_in_days: DEFAULT_KMS_DELETION_WINDOW_DAYS,
    });
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: 'alias/demo-test' });
  });

  test('the alias targets this key and the key policy is its own document', () => {
    const json = JSON.parse(synthesized);
    const [[keyId, key]] = resourcesOf(json, 'aws_kms_key');
    expect(one(json, 'aws_kms_alias').target_key_id).toBe(ref('aws_kms_key', keyId, 'key_id'));
    const root = statementOf(referencedDocument(json, key.policy), ACCOUNT_ROOT_STATEMENT_SID);
    expect(root).toMatchObject({ actions: ['kms:*'], resources: ['*'], principals: [{ type: 'AWS' }] });
    expect(root.principals[0].identifiers[0]).toMatch(
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::\$\{data\.aws_caller_identity\.\w+\.account_id\}:root$/,
    );
    expect(referencedDocument(json, key.policy).statement).toHaveLength(1);
  });

  test('CloudWatch Logs of this account and region only when asked', () => {
    const json = synthJson(
      (stack) => new KmsKey(stack, 'Key', { description: 'logs', aliasName: 'logs', allowCloudWatchLogs: true }),
    );
    const logs = statementOf(referencedDocument(json, one(json, 'aws_kms_key').policy), 'CloudWatchLogsOfThisAccount');
    expect(logs.principals[0].identifiers[0]).toMatch(/^logs\.\$\{data\.aws_region\.\w+\.name\}\./);
    expect(logs.condition[0]).toMatchObject({ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn' });
  });

  test('extra statements follow the root statement; provider, tags and a shorter window pass through', () => {
    const json = synthJson((stack) => {
      const tokyo = new AwsProvider(stack, 'Tokyo', { region: 'ap-northeast-1', alias: 'tokyo' });
      new KmsKey(stack, 'Key', {
        description: 'topic',
        aliasName: 'topic',
        provider: tokyo,
        deletionWindowDays: 7,
        tags: { Name: 'topic' },
        policyStatements: [
          {
            sid: 'Publishers',
            actions: ['kms:Decrypt'],
            resources: ['*'],
            principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
          },
        ],
      });
    });
    const key = one(json, 'aws_kms_key');
    expect(key).toMatchObject({ provider: 'aws.tokyo', deletion_window_in_days: 7, tags: { Name: 'topic' } });
    expect(one(json, 'aws_kms_alias').provider).toBe('aws.tokyo');
    const document = referencedDocument(json, key.policy);
    expect(document.provider).toBe('aws.tokyo');
    expect((document.statement as Array<{ sid: string }>).map((s) => s.sid)).toEqual([
      ACCOUNT_ROOT_STATEMENT_SID,
      'Publishers',
    ]);
  });
});
