/**
 * The ordered plan's summary and guard, on saved plan JSON: fixtures/*.plan.json are trimmed from real
 * `terraform show -json` output (origin in each file's "//" key); the other cases derive from them by
 * changing the type or the actions of one resource change, as noted where it happens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { ROOT } from '../../tools/lib/terraform';
import { parsePlanArgs, targetEnv } from '../../tools/plan/cli';
import { protectionContext, writerDatabaseStack, type PlannedResourceChange } from '../../tools/plan/protected';
import {
  judge,
  parseOverrides,
  planMarkdown,
  runSummary,
  summarizePlan,
  type PlanJson,
  type StackPlanSummary,
} from '../../tools/plan/summary';

const config = loadConfig({ cwd: ROOT, env: {}, argv: [] }).config;
const ctx = protectionContext(config);
const PRIMARY = config.stackNames.primary;
const DR = config.stackNames.dr!;
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as PlanJson;
const dbReplaced = fixture('primary-db-name-changed.plan.json');
const lagChanged = fixture('multi-region-lag-threshold.plan.json');
const DB = 'aws_db_instance.Database_Instance_02E622FB';

/** A plan with one resource change: `base`'s first change of `fromType`, given another type, name or actions. */
function derived(
  fromType: string,
  patch: { type?: string; actions?: string[]; before?: unknown; mode?: 'managed' | 'data' },
): PlanJson {
  const source = dbReplaced.resource_changes!.find((c) => c.type === fromType)!;
  const type = patch.type ?? source.type;
  const change: PlannedResourceChange = {
    ...source,
    type,
    mode: patch.mode ?? source.mode,
    address: `${patch.mode === 'data' ? 'data.' : ''}${type}.${source.name}`,
    change: {
      ...source.change,
      actions: patch.actions ?? source.change.actions,
      before: patch.before ?? source.change.before,
    },
  };
  return { resource_changes: [change], prior_state: dbReplaced.prior_state };
}

test('the fixture that replaces the writer database: counted, addressed, and refused with the attribute that forces it', () => {
  const s = summarizePlan(PRIMARY, dbReplaced, ctx);
  expect([s.add, s.change, s.replace, s.destroy]).toEqual([0, 0, 1, 0]);
  expect(s.replaced).toEqual([DB]);
  expect(s.hasState).toBe(true);
  expect(s.findings).toEqual([
    {
      stack: PRIMARY,
      address: DB,
      action: 'replace',
      reason: expect.stringMatching(
        /^the writer database \(aws_db_instance in genai-demo-production-primary.*\) would be replaced \(db_name forces replacement\)$/,
      ),
    },
  ]);
  expect(judge(s.findings, []).refused).toHaveLength(1);
});

test('an override names the address (any stack, or stack:address); one for another stack does not match and is reported', () => {
  const { findings } = summarizePlan(PRIMARY, dbReplaced, ctx);
  expect(judge(findings, parseOverrides([DB]))).toEqual({ refused: [], allowed: findings, unusedOverrides: [] });
  expect(judge(findings, parseOverrides([`${PRIMARY}:${DB}`])).refused).toEqual([]);
  const wrong = judge(findings, parseOverrides([`${DR}:${DB}`, 'aws_kms_key.Other']));
  expect(wrong.refused).toEqual(findings);
  expect(wrong.unusedOverrides).toEqual([`${DR}:${DB}`, 'aws_kms_key.Other']);
  expect(() => parseOverrides([' '])).toThrow(/--allow-replace needs a resource address/);
});

test('the same replacement in the DR stack is a replica, not the writer: counted but not refused', () => {
  const s = summarizePlan(DR, dbReplaced, ctx);
  expect(s.replace).toBe(1);
  expect(s.findings).toEqual([]);
});

test('the writer stack follows the writer region (a later promotion makes the DR stack the writer)', () => {
  expect(writerDatabaseStack(config)).toBe(PRIMARY);
  expect(writerDatabaseStack(config, config.dr!.region)).toBe(DR);
  expect(summarizePlan(DR, dbReplaced, protectionContext(config, config.dr!.region)).findings).toHaveLength(1);
  expect(() => writerDatabaseStack(config, 'eu-west-1')).toThrow(
    /writer region eu-west-1 is neither the primary \(ap-east-2\) nor the DR region \(ap-northeast-1\)/,
  );
});

test.each([
  ['a KMS key destroyed', 'aws_kms_key', {}, ['delete'], PRIMARY, 'destroy', /^a KMS key .* would be destroyed$/],
  ['a KMS key replaced', 'aws_kms_key', {}, ['create', 'delete'], DR, 'replace', /^a KMS key .* would be replaced$/],
  [
    'the hosted zone replaced',
    'aws_vpc',
    { type: 'aws_route53_zone' },
    ['delete', 'create'],
    PRIMARY,
    'replace',
    /^the hosted zone .* would be replaced$/,
  ],
  [
    'the state bucket (by name) destroyed',
    'aws_s3_bucket',
    { before: { bucket: 'genai-demo-terraform-state' } },
    ['delete'],
    PRIMARY,
    'destroy',
    /^a Terraform state bucket \(genai-demo-terraform-state\) would be destroyed$/,
  ],
  [
    'the state replica bucket (by name) destroyed',
    'aws_s3_bucket',
    { before: { bucket: config.state.replicaBucket } },
    ['delete'],
    DR,
    'destroy',
    /^a Terraform state bucket \(/,
  ],
  [
    'any bucket of the state bootstrap stack',
    'aws_s3_bucket',
    {},
    ['delete', 'create'],
    `${config.project}-state-bootstrap`,
    'replace',
    /state bootstrap stack/,
  ],
] as const)('protected: %s', (_name, fromType, patch, actions, stack, action, reason) => {
  // Derived from the db_name fixture: one of its resource changes with another type or actions.
  const plan = derived(fromType, { ...patch, actions: [...actions] });
  const [finding] = summarizePlan(stack, plan, ctx).findings;
  expect(finding.action).toBe(action);
  expect(finding.reason).toMatch(reason);
});

test.each([
  ['an access-log bucket destroyed', 'aws_s3_bucket', {}, ['delete'], PRIMARY],
  ['an ALB replaced', 'aws_lb', {}, ['delete', 'create'], PRIMARY],
  ['a KMS key updated in place', 'aws_kms_key', {}, ['update'], PRIMARY],
  ['a KMS key removed from state only (removed block, destroy = false)', 'aws_kms_key', {}, ['forget'], PRIMARY],
  ['a hosted zone data source read', 'aws_vpc', { type: 'aws_route53_zone', mode: 'data' as const }, ['read'], PRIMARY],
] as const)('not refused: %s', (_name, fromType, patch, actions, stack) => {
  expect(summarizePlan(stack, derived(fromType, { ...patch, actions: [...actions] }), ctx).findings).toEqual([]);
});

test('the context-change fixture: two in-place updates, nothing protected', () => {
  const s = summarizePlan(config.stackNames.multiRegion!, lagChanged, ctx);
  expect([s.add, s.change, s.replace, s.destroy, s.findings.length]).toEqual([0, 2, 0, 0, 0]);
});

test('a plan without prior state has no state: its dependents wait', () => {
  const fresh: PlanJson = {
    resource_changes: [{ ...dbReplaced.resource_changes![0], change: { actions: ['create'], after: {} } }],
  };
  const s = summarizePlan(PRIMARY, fresh, ctx);
  expect([s.hasState, s.add]).toEqual([false, 1]);
});

function stackSummary(stack: string, plan: PlanJson): StackPlanSummary {
  return { ...summarizePlan(stack, plan, ctx), status: 'planned' };
}

test('run summary and Markdown: refused plans fail, waiting stacks count as pending, overrides are listed', () => {
  const waiting: StackPlanSummary = {
    ...stackSummary(DR, { resource_changes: [] }),
    status: 'waiting-for-dependency',
    detail: `${PRIMARY} has no state yet`,
  };
  const refused = runSummary('AWS', [stackSummary(PRIMARY, dbReplaced), waiting], []);
  expect([refused.ok, refused.changesPending]).toEqual([false, true]);
  const md = planMarkdown(refused);
  expect(md).toMatch(/^# Ordered plan: REFUSED or FAILED/);
  expect(md).toContain(`| ${PRIMARY} | changes | 0 | 0 | 1 | 0 |`);
  expect(md).toContain(`| ${DR} | waiting-for-dependency: ${PRIMARY} has no state yet | | | | |`);
  expect(md).toContain(`| ${PRIMARY} | replace | \`${DB}\` |`);
  expect(md).toMatch(
    /- \*\*REFUSED\*\* genai-demo-production-primary `aws_db_instance\.Database_Instance_02E622FB`: the writer database/,
  );

  const allowed = runSummary('AWS', [{ ...stackSummary(PRIMARY, dbReplaced), applied: true }], parseOverrides([DB]));
  expect(allowed.ok).toBe(true);
  expect(planMarkdown(allowed)).toMatch(/allowed by `--allow-replace` \(logged override\)/);
  expect(planMarkdown(allowed)).toContain(`| ${PRIMARY} | changes, applied | 0 | 0 | 1 | 0 |`);

  const clean = runSummary(
    'http://127.0.0.1:5200',
    [stackSummary(PRIMARY, { resource_changes: [], prior_state: dbReplaced.prior_state })],
    [],
  );
  expect([clean.ok, clean.changesPending]).toEqual([true, false]);
  expect(planMarkdown(clean)).toMatch(
    /^# Ordered plan: no changes[\s\S]*No protected resource would be destroyed or replaced/,
  );
});

test('command line: options, repeatable overrides, unknown options rejected; the target comes from AWS_ENDPOINT_URL', () => {
  const args = parsePlanArgs([
    '--allow-replace',
    'a.b',
    '--allow-replace=s:c.d',
    '--detailed-exitcode',
    '--work-dir',
    '/tmp/x',
  ]);
  expect(args).toEqual({
    allowReplace: ['a.b', 's:c.d'],
    detailedExitcode: true,
    apply: false,
    workDir: '/tmp/x',
    from: undefined,
  });
  expect(() => parsePlanArgs(['--allow-destroy', 'x'])).toThrow(/Unknown option '--allow-destroy'/);
  expect(targetEnv({ AWS_PROFILE: 'ops' })).toEqual({ target: 'AWS', env: { AWS_PROFILE: 'ops' } });
  const local = targetEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5200', AWS_PROFILE: 'ops' });
  expect(local.target).toBe('http://127.0.0.1:5200');
  expect(local.env).toMatchObject({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  expect(local.env.AWS_PROFILE).toBeUndefined();
});
