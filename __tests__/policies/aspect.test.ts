/**
 * The aspect on a real construct tree: findings become annotations (warnings in report-only mode,
 * errors that abort the synth when enforced), references count as set, provider default tags reach
 * resources, suppressions need a reason and are listed, stale ones are reported.
 */
import { App, TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPolicies, suppressRule, ALL_RULES } from '../../policies';
import { configWith } from '../helpers/app';
import type { Construct } from 'constructs';

const config = configWith();
const rules = ALL_RULES.filter((r) =>
  ['sns-encryption', 'log-group-encryption', 'kms-key-rotation', 'required-tags'].includes(r.id),
);

function build(outdir: string, withFindings: (stack: Construct, key: KmsKey) => void) {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'Demo');
  new AwsProvider(stack, 'Aws', { region: config.primary.region, defaultTags: [{ tags: { ...config.primary.tags } }] });
  const key = new KmsKey(stack, 'Key', { enableKeyRotation: true });
  new CloudwatchLogGroup(stack, 'Logs', { name: 'app', kmsKeyId: key.arn, retentionInDays: 90 });
  withFindings(stack, key);
  return app;
}

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'policy-aspect-'));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

const annotations = () =>
  JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks.Demo.annotations as Array<{
    constructPath: string;
    level: string;
    message: string;
  }>;

test('compliant stack: references to a KMS key count as set, provider default tags count, no annotation', () => {
  const app = build(outdir, (stack, key) => new SnsTopic(stack, 'Topic', { name: 't', kmsMasterKeyId: key.id }));
  const policies = applyPolicies(app, config, { enforce: true, rules });
  app.synth();
  expect(policies.violations).toEqual([]);
  expect(annotations()).toEqual([]);
  // kms rotation + log group KMS + sns KMS + tags on key, log group and topic
  expect(policies.results[0].compliant).toBe(6);
});

test('report-only: a finding is a warning on the resource and the synth completes', () => {
  const app = build(outdir, (stack) => new SnsTopic(stack, 'Topic', { name: 't' }));
  const policies = applyPolicies(app, config, { enforce: false, rules });
  app.synth();
  expect(policies.violations.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['sns-encryption Demo/Topic']);
  expect(annotations()).toEqual([
    { constructPath: 'Demo/Topic', level: '@cdktf/warn', message: '[sns-encryption] kms_master_key_id is not set.' },
  ]);
  expect(policies.summary()[1]).toBe('policy: WARNING [sns-encryption] Demo/Topic: kms_master_key_id is not set.');
});

test('enforced: a finding aborts the synth and no stack is written', () => {
  const app = build(outdir, (stack) => new SnsTopic(stack, 'Topic', { name: 't' }));
  const policies = applyPolicies(app, config, { enforce: true, rules });
  expect(() => app.synth()).toThrow(/\[Demo\/Topic\] \[sns-encryption\] kms_master_key_id is not set/);
  expect(existsSync(join(outdir, 'stacks', 'Demo', 'cdk.tf.json'))).toBe(false);
  expect(policies.violations).toHaveLength(1);
});

test('enforcement defaults to production only', () => {
  expect(applyPolicies(new App({ outdir }), config).enforce).toBe(true);
  const dev = configWith({ 'genai-demo:environment': 'development' });
  expect(applyPolicies(new App({ outdir }), dev).enforce).toBe(false);
});

test('a suppression with a reason exempts the subtree and is listed as info', () => {
  const app = build(outdir, (stack) => {
    const topic = new SnsTopic(stack, 'Topic', { name: 't' });
    suppressRule(topic, 'sns-encryption', 'fixture: this topic carries no data at all');
  });
  const policies = applyPolicies(app, config, { enforce: true, rules });
  app.synth();
  expect(policies.violations).toEqual([]);
  expect(policies.suppressed.map((f) => f.suppression!.reason)).toEqual(['fixture: this topic carries no data at all']);
  expect(annotations()).toEqual([
    {
      constructPath: 'Demo/Topic',
      level: '@cdktf/info',
      message: '[sns-encryption] suppressed: fixture: this topic carries no data at all',
    },
  ]);
  expect(policies.summary()).toContain(
    'policy: suppressed [sns-encryption] Demo/Topic: fixture: this topic carries no data at all (suppression on Demo/Topic)',
  );
});

test('a suppression that exempts nothing is reported as stale', () => {
  const app = build(outdir, (stack, key) => {
    const topic = new SnsTopic(stack, 'Topic', { name: 't', kmsMasterKeyId: key.id });
    suppressRule(topic, 'sns-encryption', 'fixture: left over from an older design');
  });
  const policies = applyPolicies(app, config, { enforce: true, rules });
  app.synth();
  expect(policies.unusedSuppressions.map((s) => s.scopePath)).toEqual(['Demo/Topic']);
  expect(annotations()[0].level).toBe('@cdktf/warn');
});

test('a suppression needs a known rule id and a real reason', () => {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'S');
  expect(() => suppressRule(stack, 'sns-encryption', 'because')).toThrow(/at least 20 characters/);
  expect(() => suppressRule(stack, 'sns-encrypt', 'a long enough reason for the test')).toThrow(
    /no rule has the id "sns-encrypt"/,
  );
});
