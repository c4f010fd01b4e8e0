/**
 * Where the roles persist and which deployment the drill targets: cdktf.json written with only the role
 * keys (every other byte kept), the local work dir's roles read back by the next synth, and the local
 * deployment found by default (or through GENAI_DEMO_LOCAL_WORK_DIR) unless an AWS target is given.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLocalDeployment, LOCAL_WORK_DIR_ENV, main } from '../../../tools/drill/cli';
import { currentRoles, overridePairs, rolePatch, rolesAfterWriterMove } from '../../../tools/drill/roleswap/roles';
import { REPLICATION_OFF_REMOVAL } from '../../../tools/drill/roleswap/commands';
import { formatJson, roleSwapVerdict, writeCdktfRoles } from '../../../tools/drill/roleswap/target';
import { UsageError } from '../../../tools/lib/cli';
import { readRoleOverrides, withRoleOverrides, writeRoleOverrides } from '../../../tools/local/role-overrides';
import { TOKYO, configWith } from './roleswap-fakes';

const CDKTF_JSON = join(__dirname, '..', '..', '..', 'cdktf.json');

test('cdktf.json: only the role keys change, atomically; the layout of every other line is kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roleswap-cdktf-'));
  const file = join(dir, 'cdktf.json');
  const original = readFileSync(CDKTF_JSON, 'utf8');
  writeFileSync(file, original);
  expect(`${formatJson(JSON.parse(original))}\n`).toBe(original);
  const after = rolesAfterWriterMove(currentRoles(configWith()), TOKYO);
  writeCdktfRoles(file, after, undefined);
  const written = readFileSync(file, 'utf8');
  expect(readdirSync(dir)).toEqual(['cdktf.json']);
  const json = JSON.parse(written);
  expect(json.context['genai-demo:multi-region']).toEqual(
    expect.objectContaining({ 'writer-region': TOKYO, 'enable-cross-region-replication': false, 'enable-dr': true }),
  );
  expect(json.context['genai-demo:regions'].regions['ap-east-2']).toEqual(
    expect.objectContaining({ name: 'Taiwan', database: { generation: 2, retired: { 1: 'fenced' } } }),
  );
  // Every line that is not a role key is unchanged (a comma may follow the last key of an object now).
  const lines = (text: string) => text.split('\n').map((l) => l.replace(/,$/, ''));
  const removed = lines(original).filter((l) => !lines(written).includes(l));
  expect(removed).toEqual(['      "enable-cross-region-replication": true']);
  expect(configWith(rolePatch(after)).roles.writerRegion).toBe(TOKYO);
});

test('the local work dir keeps the roles; the next synth of that deployment reads them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roleswap-local-'));
  expect(readRoleOverrides(dir)).toBeUndefined();
  expect(withRoleOverrides({ GENAI_DEMO_CONTEXT: 'a=1' }, dir, 'GENAI_DEMO_CONTEXT')).toEqual({
    GENAI_DEMO_CONTEXT: 'a=1',
  });
  const roles = rolesAfterWriterMove(currentRoles(configWith()), TOKYO);
  const pairs = overridePairs(rolePatch(roles));
  writeRoleOverrides(dir, { pairs, roles, state: null });
  expect(readRoleOverrides(dir)?.pairs).toEqual(pairs);
  const env = withRoleOverrides({ GENAI_DEMO_CONTEXT: 'genai-demo:domain=example.org' }, dir, 'GENAI_DEMO_CONTEXT');
  expect(env.GENAI_DEMO_CONTEXT).toBe(['genai-demo:domain=example.org', ...pairs].join(' '));
  expect(pairs).toContain('genai-demo:multi-region.writer-region="ap-northeast-1"');
  expect(pairs).toContain('genai-demo:regions.regions.ap-east-2.database.retired.1="fenced"');
});

describe('which deployment the drill targets', () => {
  function workDirWith(pid: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'roleswap-up-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'emulator.json'),
      JSON.stringify({ port: 5299, pid, endpoint: 'http://127.0.0.1:5299', logFile: join(dir, 'e.log') }),
    );
    return dir;
  }

  test('a running local deployment is the default target', () => {
    const dir = workDirWith(process.pid);
    expect(findLocalDeployment({}, dir, false)).toEqual({
      workDir: dir,
      emulator: expect.objectContaining({ pid: process.pid, endpoint: 'http://127.0.0.1:5299' }),
    });
  });

  test('GENAI_DEMO_LOCAL_WORK_DIR selects another one', () => {
    const dir = workDirWith(process.pid);
    expect(findLocalDeployment({ [LOCAL_WORK_DIR_ENV]: dir }, '/nonexistent/.local/up', false)?.workDir).toBe(dir);
  });

  test('an AWS target given (AWS_ENDPOINT_URL or --confirm-production) wins', () => {
    const dir = workDirWith(process.pid);
    expect(findLocalDeployment({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5200' }, dir, false)).toBeUndefined();
    expect(findLocalDeployment({}, dir, true)).toBeUndefined();
  });

  test('a dead emulator is no deployment; named by GENAI_DEMO_LOCAL_WORK_DIR it is a usage error', () => {
    // A pid far above any pid_max: never alive.
    const dir = workDirWith(2 ** 30);
    expect(findLocalDeployment({}, dir, false)).toBeUndefined();
    expect(() => findLocalDeployment({ [LOCAL_WORK_DIR_ENV]: dir }, '/x', false)).toThrow(UsageError);
    expect(() => findLocalDeployment({ [LOCAL_WORK_DIR_ENV]: dir }, '/x', false)).toThrow(
      /GENAI_DEMO_LOCAL_WORK_DIR=.*: no running local deployment there/,
    );
  });
});

test('the guard: only the removal the role change declares passes; a replaced writer or another key is refused', () => {
  const key = {
    stack: 'mr',
    address: 'aws_kms_key.ReplicationNotifications_Key_C21EA188',
    action: 'destroy' as const,
    reason: 'a KMS key',
  };
  const other = { stack: 'mr', address: 'aws_kms_key.Other_Key', action: 'destroy' as const, reason: 'a KMS key' };
  const writer = {
    stack: 'dr',
    address: 'aws_db_instance.Database_Instance_1',
    action: 'replace' as const,
    reason: 'the writer database',
  };
  const v = roleSwapVerdict([key, other, writer], [], REPLICATION_OFF_REMOVAL);
  expect(v.refused).toEqual([other, writer]);
  expect(v.allowed).toEqual([
    expect.objectContaining({
      address: key.address,
      reason: expect.stringMatching(/intended by the role change \(replication turned off/),
    }),
  ]);
  expect(roleSwapVerdict([key], []).refused).toEqual([key]);
  expect(roleSwapVerdict([writer], [{ stack: 'dr', address: writer.address }]).allowed).toEqual([writer]);
});

describe('npm run drill -- switchover against AWS (no local deployment)', () => {
  function io(dir: string) {
    const out: string[] = [];
    const err: string[] = [];
    const clock = { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: async () => undefined };
    return {
      out,
      err,
      io: {
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
        env: {},
        clock,
        localWorkDir: join(dir, 'none'),
      },
    };
  }

  test('without --confirm-production: refused before any AWS call, exit 1, report written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roleswap-cli-'));
    const { out, io: cliIo } = io(dir);
    const code = await main(['switchover', '--to', 'ap-northeast-1', '--report-dir', join(dir, 'reports')], cliIo);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^Target: AWS \(credentials from the environment\); roles persist in .*cdktf\.json$/);
    expect(out.join('\n')).toMatch(/Result: REFUSED: switchover acts on AWS \(production\): pass --confirm-production/);
    expect(out.join('\n')).not.toMatch(/would call|DescribeDBInstances/);
    expect(readdirSync(join(dir, 'reports')).filter((f) => f.startsWith('switchover-'))).toHaveLength(2);
  });

  test('--dry-run: every AWS call and terraform command printed, nothing written, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roleswap-cli-'));
    const { out, io: cliIo } = io(dir);
    const before = readFileSync(CDKTF_JSON, 'utf8');
    const code = await main(
      ['switchover', '--to', 'ap-northeast-1', '--dry-run', '--report-dir', join(dir, 'reports')],
      cliIo,
    );
    const text = out.join('\n');
    expect(code).toBe(0);
    expect(text).toMatch(/would call rds\.DescribeDBInstances \(ap-northeast-1\)/);
    expect(text).toMatch(/would run terraform -chdir=.*genai-demo-production-primary .*plan .*-target=/);
    expect(text).toMatch(/would call rds\.RebootDBInstance \(ap-east-2\)/);
    expect(text).toMatch(/would write into .*cdktf\.json/);
    expect(text).toMatch(/Result: DRY-RUN/);
    expect(readFileSync(CDKTF_JSON, 'utf8')).toBe(before);
  });
});
