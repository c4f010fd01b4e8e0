import { nextSteps } from '../../../tools/local/next-steps';

const base = {
  endpoint: 'http://127.0.0.1:5203',
  workDir: '/repo/.local/up',
  defaultWorkDir: '/repo/.local/up',
  outdir: '/repo/.local/up/cdktf.out',
  writerRegion: 'ap-east-2',
  standbyRegion: 'ap-northeast-1',
  primaryRegion: 'ap-east-2',
  cwd: '/repo',
};

/** The command lines (each step is a `# what` line, then the command). */
const commands = (lines: string[]) =>
  lines
    .slice(1)
    .filter((l) => !l.trimStart().startsWith('#'))
    .map((l) => l.trim());

test('after npm run up with the default work dir: drill check, a switchover to the standby region, plan against this emulator, down', () => {
  const lines = nextSteps(base);
  expect(lines[0]).toBe('Next, try:');
  expect(commands(lines)).toEqual([
    'npm run drill -- check',
    'npm run drill -- switchover --to ap-northeast-1 --dry-run',
    'npm run drill -- switchover --to ap-northeast-1',
    'npm run drill -- reprotect',
    'npm run drill -- failback',
    'AWS_ENDPOINT_URL=http://127.0.0.1:5203 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test npm run plan -- --from .local/up/cdktf.out',
    'npm run down',
  ]);
  // Each command follows the line that says what it does.
  expect(
    lines
      .slice(1)
      .filter((_, i) => i % 2 === 0)
      .every((l) => l.startsWith('  # ')),
  ).toBe(true);
  expect(lines).toHaveLength(1 + 2 * 7);
});

test('another work dir is named in every command that needs it; the regions follow the roles', () => {
  const lines = nextSteps({
    ...base,
    workDir: '/tmp/e2e/up',
    outdir: '/tmp/e2e/up/cdktf.out',
    writerRegion: 'ap-northeast-1',
    standbyRegion: 'ap-east-2',
  });
  const c = commands(lines);
  expect(c[0]).toBe('GENAI_DEMO_LOCAL_WORK_DIR=../tmp/e2e/up npm run drill -- check');
  expect(c[2]).toBe('GENAI_DEMO_LOCAL_WORK_DIR=../tmp/e2e/up npm run drill -- switchover --to ap-east-2');
  expect(c[5]).toMatch(/npm run plan -- --from \.\.\/tmp\/e2e\/up\/cdktf\.out$/);
  expect(c[6]).toBe('npm run down -- --work-dir ../tmp/e2e/up');
  expect(lines.join('\n')).toContain('fence ap-northeast-1, drain, promote ap-east-2');
  expect(lines.join('\n')).toContain('the writer back to the primary region ap-east-2');
});
