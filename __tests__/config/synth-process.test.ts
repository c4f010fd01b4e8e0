/**
 * The app as a process: a bad configuration exits non-zero with the key path and value on stderr, and
 * leaves no synthesized stacks behind (not even those of an earlier good synth).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function synth(override: string, outdir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_CONTEXT_JSON: '', CDKTF_OUTDIR: outdir, GENAI_DEMO_CONTEXT: override },
    encoding: 'utf8',
  });
}

function outdirWithStaleStacks(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'genai-demo-out-')), 'cdktf.out');
  mkdirSync(join(outdir, 'stacks', 'old-stack'), { recursive: true });
  writeFileSync(join(outdir, 'manifest.json'), '{}');
  return outdir;
}

test.each<[string, RegExp]>([
  ['genai-demo:environment=staging', /genai-demo:environment "staging"/],
  ['genai-demo:domain=kimkao_io', /genai-demo:domain "kimkao_io"/],
  ['genai-demo:regions.primary=ap-east-9x', /genai-demo:regions\.primary "ap-east-9x"/],
  ['genai-demo:regions.secondary=ap-east-2', /genai-demo:regions\.secondary "ap-east-2"/],
  ['genai-demo:environments.production.vpc-cidr=10.2.0.0/33', /production\.vpc-cidr "10\.2\.0\.0\/33"/],
  [
    'genai-demo:environments.production-dr.vpc-cidr=10.2.0.0/16',
    /production-dr\.vpc-cidr "10\.2\.0\.0\/16": expected a range that does not overlap/,
  ],
  ['genai-demo:environments.production.eks-min-nodes=0', /eks-min-nodes 0/],
  ['genai-demo:environments.production.eks-max-nodes=1', /eks-max-nodes 1: expected at least eks-min-nodes \(2\)/],
  ['genai-demo:multi-region.health-check-interval=20', /health-check-interval 20/],
  ['genai-demo:multi-region.health-check-failure-threshold=11', /health-check-failure-threshold 11/],
  ['genai-demo:regions.regions.ap-east-2.backup-retention.logs=100', /backup-retention\.logs 100/],
  ['genai-demo:regions.regions.ap-east-2.backup-retention.rds=40', /backup-retention\.rds 40/],
  ['genai-demo:multi-region.enable-dr=yes', /enable-dr "yes": expected a boolean/],
  ['genai-demo:multi-region.enable-dr-typo=true', /enable-dr-typo true: expected no such key/],
  ['genai-demo:environments.production.nat-gateways=5', /nat-gateways 5/],
  [
    'genai-demo:multi-region.strict-recovery-budget=true',
    /strict-recovery-budget true: expected recovery targets the design can meet/,
  ],
])('%s: exit 1, named in the message, no stacks left', (override, message) => {
  const outdir = outdirWithStaleStacks();
  const result = synth(override, outdir);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
});

test('a good configuration synthesizes and prints the recovery budget', () => {
  const outdir = outdirWithStaleStacks();
  const result = synth('', outdir);
  expect(result.stderr).toMatch(
    /Recovery budget \(DNS failover, worst case\): 156 s \(detection 96 s\) against an RTO target of 60 s/,
  );
  expect(result.stderr).toMatch(/WARNING: genai-demo:multi-region\.failover-rto-minutes 1: not achievable/);
  expect(result.stderr).toMatch(/WARNING: genai-demo:multi-region\.failover-rpo-minutes 0: cannot be guaranteed/);
  expect(result.status).toBe(0);
  expect(existsSync(join(outdir, 'stacks', 'old-stack'))).toBe(false);
  expect(existsSync(join(outdir, 'stacks', 'genai-demo-production-primary', 'cdk.tf.json'))).toBe(true);
});
