import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../../tools/drill/cli';
import type { FailoverReport } from '../../../tools/drill/failover';
import type { CheckReport } from '../../../tools/drill/report';
import { PRIMARY_HC, World, outputMap, type WorldOptions } from './fakes';

let world: World | undefined;
afterEach(() => world?.restoreMocks());

function setup(opts: WorldOptions = {}, env: NodeJS.ProcessEnv = {}) {
  world = new World(opts);
  const dir = mkdtempSync(join(tmpdir(), 'drill-cli-'));
  const outputsFile = join(dir, 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(outputMap(world.config)));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    clock: world.clock,
    net: world.net(),
    onSignals: () => () => undefined,
    // Never the developer's own `npm run up` deployment.
    localWorkDir: join(dir, 'no-local-deployment'),
  };
  return { w: world, dir, outputsFile, out, err, io, reportDir: join(dir, 'reports') };
}

function onlyReport<T>(dir: string, ext: '.json' | '.md'): T | string {
  const files = readdirSync(dir).filter((f) => f.endsWith(ext));
  expect(files).toHaveLength(1);
  const text = readFileSync(join(dir, files[0]), 'utf8');
  return ext === '.json' ? (JSON.parse(text) as T) : text;
}

test('failover --planned: exit 0, JSON and Markdown reports with the measured RTO beside the target and the budget', async () => {
  const { io, out, outputsFile, reportDir, w } = setup({ detectAfterMs: 90_000, switchAfterMs: 120_000 });
  const code = await main(
    ['failover', '--planned', '--confirm-production', '--outputs', outputsFile, '--report-dir', reportDir],
    io,
  );
  expect(code).toBe(0);
  const json = onlyReport<FailoverReport>(reportDir, '.json') as FailoverReport;
  expect(json.result).toBe('passed');
  expect(json.primaryHealthCheckId).toBe(PRIMARY_HC);
  expect(json.rto).toEqual(
    expect.objectContaining({
      measuredSeconds: 120,
      targetSeconds: 60,
      budgetWorstCaseSeconds: w.config.recoveryBudget.rto.worstCaseSeconds,
    }),
  );
  expect(json.startedAt).toBe('2026-01-01T00:00:00.000Z');
  expect(json.phases.every((p) => typeof p.seconds === 'number' && p.startedAt <= p.endedAt)).toBe(true);
  const md = onlyReport<string>(reportDir, '.md') as string;
  expect(md).toMatch(/^# Planned failover drill: PASSED/);
  expect(md).toMatch(/\| Measured RTO \(DNS failover\) \| 120 s \|/);
  expect(md).toMatch(/\| Configured target \| 60 \| genai-demo:multi-region.failover-rto-minutes = 1 \|/);
  expect(md).toContain(`| Computed budget, worst case | ${w.config.recoveryBudget.rto.worstCaseSeconds} |`);
  expect(md).toMatch(/Within target: NO/);
  expect(md).toMatch(/\| Detection \(invert -> primary reported unhealthy\) \| 90 s \|/);
  expect(md).toMatch(/\| failover \| .* \| 120 \| done \|/);
  expect(out.join('\n')).toMatch(/Result: PASSED: DNS failover after 120 s/);
  // Default waits come from the budget: max(300, 2 x worst case).
  expect(json.settings.failoverTimeoutSeconds).toBe(Math.max(300, 2 * w.config.recoveryBudget.rto.worstCaseSeconds));
});

test('failover against the emulator: report says NOT OBSERVABLE, never a figure; exit 0 once restored', async () => {
  const { io, outputsFile, reportDir, out } = setup({ emulator: true }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:5399' });
  const code = await main(
    [
      'failover',
      '--planned',
      '--confirm-production',
      '--outputs',
      outputsFile,
      '--report-dir',
      reportDir,
      '--timeout',
      '20',
      '--poll-interval',
      '5',
    ],
    io,
  );
  expect(code).toBe(0);
  const md = onlyReport<string>(reportDir, '.md') as string;
  expect(md).toMatch(/^# Planned failover drill: NOT-OBSERVABLE/);
  expect(md).toMatch(/## Not observable on this endpoint/);
  expect(md).toMatch(/\| Measured RTO \(DNS failover\) \| NOT OBSERVABLE \|/);
  expect(md).toMatch(
    /\| Detection .* \| NOT OBSERVABLE \| health-check status did not change within 20 s: the emulator answers GetHealthCheckStatus with a canned "Success"/,
  );
  expect(md).toMatch(
    /\| DNS failover .* \| NOT OBSERVABLE \| no DNS answer was observable within 20 s: the emulator does not implement TestDNSAnswer/,
  );
  expect(md).toMatch(/Within target: not known/);
  expect(out[0]).toMatch(/endpoint http:\/\/127\.0\.0\.1:5399 \(local emulator\)/);
});

test('failover without --confirm-production on a production config: exit 2, nothing changed, no report', async () => {
  const { io, outputsFile, reportDir, out, w } = setup();
  const code = await main(['failover', '--planned', '--outputs', outputsFile, '--report-dir', reportDir], io);
  expect(code).toBe(2);
  expect(w.updates()).toHaveLength(0);
  expect(out.join('\n')).toMatch(/REFUSED: refusing to touch a production zone/);
  expect(existsSync(reportDir)).toBe(false);
});

test('failover --dry-run prints the calls with the real identifiers from --outputs, writes no report', async () => {
  const { io, outputsFile, reportDir, out, w } = setup();
  const code = await main(
    ['failover', '--planned', '--dry-run', '--outputs', outputsFile, '--report-dir', reportDir],
    io,
  );
  expect(code).toBe(0);
  expect(w.totalCalls()).toBe(0);
  expect(out).toContain(
    `  would call route53.UpdateHealthCheck (us-east-1) {"HealthCheckId":"${PRIMARY_HC}","Inverted":true}`,
  );
  expect(existsSync(reportDir)).toBe(false);
});

test('check on the emulator: says upfront which columns it cannot observe, prints the table, writes the report', async () => {
  const { io, outputsFile, reportDir, out } = setup({ emulator: true }, { AWS_ENDPOINT_URL: 'http://localhost:5399' });
  const code = await main(['check', '--outputs', outputsFile, '--report-dir', reportDir], io);
  const text = out.join('\n');
  expect(text).toMatch(
    /Not observable on the local emulator \(those rows say N\/O, they are not passes\):\n {2}- health endpoints:/,
  );
  expect(text).toMatch(/^N\/O +health check, primary: status +emulator: canned answer/m);
  expect(text).toMatch(/^PASS +health check, primary: settings/m);
  // The multi-region and DR states are not in the (mocked, empty) bucket: N/A, with the reason.
  expect(text).toMatch(/^N\/A +VPC peering +the state object is empty/m);
  expect(text).toMatch(/^N\/A +DR replica lag +the state object is empty/m);
  const json = onlyReport<CheckReport>(reportDir, '.json') as CheckReport;
  expect(json.rows).toHaveLength(12);
  expect(json.emulator).toBe(true);
  expect(code).toBe(0);
});

test('usage errors and configs without DR exit 2 with the reason', async () => {
  const { io, err } = setup();
  expect(await main(['failover'], io)).toBe(2);
  expect(err.join('\n')).toMatch(/pass --planned/);
  expect(await main(['check', '--context', 'genai-demo:environment=development'], io)).toBe(2);
  expect(err.join('\n')).toMatch(/environment "development" deploys no DR region/);
  expect(await main(['--help'], io)).toBe(0);
});

describe('bad files and folders are usage errors (exit 2, no stack trace), before any AWS call', () => {
  test.each<[string, (dir: string) => string[], RegExp]>([
    [
      'missing --outputs file',
      (dir) => ['--outputs', join(dir, 'missing.json')],
      /drill: --outputs .*missing\.json: no such file/,
    ],
    [
      'malformed --outputs file',
      (dir) => {
        writeFileSync(join(dir, 'bad.json'), '{"primary_health_check_id": ');
        return ['--outputs', join(dir, 'bad.json')];
      },
      /drill: --outputs .*bad\.json: not valid JSON/,
    ],
    ['--outputs naming a folder', (dir) => ['--outputs', dir], /drill: --outputs .*: a folder, expected a JSON file/],
    [
      'unwritable report folder (below a file)',
      (dir) => {
        writeFileSync(join(dir, 'a-file'), '');
        return ['--report-dir', join(dir, 'a-file', 'reports')];
      },
      /drill: --report-dir .*a-file\/reports: cannot write reports there \(ENOTDIR\)/,
    ],
  ])('%s', async (_name, args, message) => {
    const { io, err, dir, outputsFile, w } = setup();
    const argv = ['check', '--outputs', outputsFile, '--report-dir', join(dir, 'reports'), ...args(dir)];
    const code = await main(argv, io);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(err.join('\n')).toMatch(/Usage:/);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
    for (const client of [w.route53, w.cloudwatch, w.ec2, w.s3]) expect(client.calls()).toHaveLength(0);
  });
});
