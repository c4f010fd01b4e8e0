/**
 * Hostile input against the app as a process (issue 15): each case failed before the fix (exit 0 with
 * the override applied, or a stack trace with the previous synth's stacks left in place).
 * Every failure: non-zero exit, one message naming the key or flag, no stack trace, no stale stacks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

function outdirWithStaleStacks(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'genai-demo-hostile-')), 'cdktf.out');
  mkdirSync(join(outdir, 'stacks', 'old-stack'), { recursive: true });
  writeFileSync(join(outdir, 'manifest.json'), '{}');
  return outdir;
}

function synth(args: string[], env: Record<string, string>, outdir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CDKTF_CONTEXT_JSON: '',
      GENAI_DEMO_CONTEXT: '',
      GENAI_DEMO_DEBUG: '',
      ...env,
      CDKTF_OUTDIR: outdir,
    },
    encoding: 'utf8',
  });
}

test.each<[string, string[], Record<string, string>, number, RegExp]>([
  [
    'prototype pollution (the issue: private subnets made public)',
    ['--context', 'genai-demo:state.__proto__.mapPublicIpOnLaunch=true'],
    {},
    1,
    /genai-demo:state\.__proto__\.mapPublicIpOnLaunch true: expected a key without a __proto__/,
  ],
  [
    'constructor segment',
    [],
    { GENAI_DEMO_CONTEXT: 'genai-demo:regions.constructor.prototype.x=1' },
    1,
    /genai-demo:regions\.constructor\.prototype\.x 1: expected a key without/,
  ],
  [
    '__proto__ inside a JSON value',
    [],
    { GENAI_DEMO_CONTEXT: '{"genai-demo:state":{"__proto__":{"mapPublicIpOnLaunch":true}}}' },
    1,
    /genai-demo:state\.__proto__ .*expected a key without/,
  ],
  [
    'a -dr environment selected',
    [],
    { GENAI_DEMO_CONTEXT: 'genai-demo:environment=production-dr' },
    1,
    /genai-demo:environment "production-dr": expected an environment that is not the DR copy of another: select "production"/,
  ],
  [
    'an array length set by an override',
    [],
    { GENAI_DEMO_CONTEXT: 'genai-demo:multi-region.health-check-regions.length=-1' },
    1,
    /genai-demo:multi-region\.health-check-regions\.length -1: expected an index 0\.\.3/,
  ],
  [
    'CDKTF_CONTEXT_JSON=null',
    [],
    { CDKTF_CONTEXT_JSON: 'null' },
    1,
    /CDKTF_CONTEXT_JSON null: expected a JSON object of genai-demo: keys/,
  ],
  [
    'environment "constructor" (an inherited key)',
    [],
    { GENAI_DEMO_CONTEXT: 'genai-demo:environment=constructor' },
    1,
    /genai-demo:environment "constructor": expected one of the environments defined/,
  ],
  [
    'unknown flag --contxt',
    ['--contxt', 'genai-demo:environment=development'],
    {},
    2,
    /synth: Unknown option '--contxt'[\s\S]*Usage: node dist\/main\.js/,
  ],
  [
    '--context without a value',
    ['--context'],
    {},
    2,
    /synth: Option '-c, --context <value>' argument missing[\s\S]*Usage:/,
  ],
  ['a stray positional argument', ['development'], {}, 2, /synth: Unexpected argument 'development'/],
])('%s: exit %#, named, no stack trace, no stale stacks', (_name, args, env, code, message) => {
  const outdir = outdirWithStaleStacks();
  const result = synth(args, env, outdir);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.status).toBe(code);
  expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
});

test('--debug (or GENAI_DEMO_DEBUG=1) shows the stack trace of the same failure', () => {
  const outdir = outdirWithStaleStacks();
  const result = synth(['--debug'], { CDKTF_CONTEXT_JSON: 'null' }, outdir);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/CDKTF_CONTEXT_JSON null/);
  expect(result.stderr).toMatch(STACK_LINE);
  const viaEnv = synth([], { CDKTF_CONTEXT_JSON: 'null', GENAI_DEMO_DEBUG: '1' }, outdir);
  expect(viaEnv.stderr).toMatch(STACK_LINE);
});

test('an e-mail address holding ${...} and %{...} reaches the JSON escaped, as literal text', () => {
  const outdir = outdirWithStaleStacks();
  const emails = ['${file("/etc/passwd")}@kimkao.io', 'ops%{if(true)}x%{endif}@kimkao.io'];
  const result = synth(['--context', `genai-demo:multi-region.alert-emails=${JSON.stringify(emails)}`], {}, outdir);
  expect(result.status).toBe(0);
  const endpoints: string[] = [];
  for (const stack of readdirSync(join(outdir, 'stacks'))) {
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    for (const sub of Object.values<Record<string, string>>(json.resource?.aws_sns_topic_subscription ?? {}))
      endpoints.push(sub.endpoint);
  }
  expect(new Set(endpoints)).toEqual(
    new Set(['$${file("/etc/passwd")}@kimkao.io', 'ops%%{if(true)}x%%{endif}@kimkao.io']),
  );
});

// Every tool refuses an unknown flag before doing anything (and the drill and bootstrap a flag without
// its value): exit 2, the usage, no stack trace. One process per case; the parsing itself is unit-tested.
test.each<[string, string, string[]]>([
  ['drill', 'dist/tools/drill/cli.js', ['check', '--contxt', 'x']],
  ['drill', 'dist/tools/drill/cli.js', ['check', '--outputs']],
  ['up', 'dist/tools/local/up.js', ['--contxt']],
  ['down', 'dist/tools/local/down.js', ['--work-dir']],
  ['bootstrap synth', 'dist/tools/bootstrap/main.js', ['--context']],
  ['validate', 'dist/tools/validate.js', ['--contxt']],
  ['bench', 'dist/tools/bench/synth-bench.js', ['--contxt']],
  ['bench:local', 'dist/tools/bench/local-deploy-bench.js', ['--contxt']],
  ['bench:e2e-load', 'dist/tools/bench/e2e-load.js', ['--runs', '0']],
  ['plan', 'dist/tools/plan/cli.js', ['--contxt']],
  ['diagram', 'dist/tools/diagram/cli.js', ['--work-dir']],
  ['bench:context', 'dist/tools/bench/context-parse-bench.js', ['extra']],
  ['rules:doc', 'dist/tools/policies/generate-rules-doc.js', ['--contxt']],
])('%s %j: exit 2 with the usage, no stack trace', (program, script, args) => {
  const result = spawnSync(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, GENAI_DEMO_DEBUG: '', CDKTF_CONTEXT_JSON: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.stderr).toMatch(new RegExp(`^${program}: `));
  expect(result.stderr).toMatch(/Usage:/);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.status).toBe(2);
});
