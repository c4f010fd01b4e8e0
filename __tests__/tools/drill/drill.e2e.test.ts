/**
 * The drill against the local emulator (moto_server, started and stopped here on a free port of
 * 5300-5399, even when a test fails), on a fixture created with the SDK: the calls the emulator
 * implements are really made; what it cannot show must come out as not observable.
 */
import { GetHealthCheckCommand, Route53Client } from '@aws-sdk/client-route-53';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../../tools/drill/cli';
import { systemClock } from '../../../tools/drill/clock';
import type { FailoverReport } from '../../../tools/drill/failover';
import type { CheckReport } from '../../../tools/drill/report';
import { ROOT } from '../../../tools/lib/terraform';
import { emulatorEnv, startEmulator, stopEmulator, type EmulatorInfo } from '../../../tools/local/emulator';
import { configWith } from '../../helpers/app';
import { createDrillFixture, type DrillFixture } from './emulator-fixture';

jest.setTimeout(120_000);

const work = mkdtempSync(join(tmpdir(), 'drill-e2e-'));
const stateFile = join(work, 'emulator.json');
const config = configWith();
let emulator: EmulatorInfo;
let fixture: DrillFixture;
let env: NodeJS.ProcessEnv;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({ logFile: join(work, 'moto.log'), stateFile, portRange: [5300, 5399] });
  env = emulatorEnv(emulator.endpoint, savedEnv);
  delete env.AWS_REGION;
  // The SDK clients of the drill and the fixture read the endpoint from the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  fixture = await createDrillFixture(config);
});

afterAll(async () => {
  await stopEmulator(stateFile);
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  rmSync(work, { recursive: true, force: true });
});

async function primaryInverted(): Promise<boolean | undefined> {
  const route53 = new Route53Client({ region: 'us-east-1' });
  try {
    const out = await route53.send(new GetHealthCheckCommand({ HealthCheckId: fixture.primaryHealthCheckId }));
    return out.HealthCheck?.HealthCheckConfig?.Inverted;
  } finally {
    route53.destroy();
  }
}

function io(lines: string[]): CliIo {
  return {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    env: process.env,
    clock: systemClock,
    onSignals: () => () => undefined,
  };
}

/** True when dist/ lacks the compiled drill or is older than the sources it runs (`npm test` builds first). */
function cliIsStale(): boolean {
  const cli = join(ROOT, 'dist', 'tools', 'drill', 'cli.js');
  if (!existsSync(cli)) return true;
  const built = statSync(cli).mtimeMs;
  return [join('tools', 'drill'), join('tools', 'lib'), 'config'].some((dir) =>
    readdirSync(join(ROOT, dir)).some((f) => f.endsWith('.ts') && statSync(join(ROOT, dir, f)).mtimeMs > built),
  );
}

function reportOf<T>(dir: string, ext: '.json' | '.md'): T {
  const files = readdirSync(dir).filter((f) => f.endsWith(ext));
  expect(files).toHaveLength(1);
  const text = readFileSync(join(dir, files[0]), 'utf8');
  return (ext === '.json' ? JSON.parse(text) : text) as T;
}

test('check: reads the outputs from the state bucket, observes peering and health-check settings, says N/O for the rest', async () => {
  const lines: string[] = [];
  const reportDir = join(work, 'check');
  const code = await main(['check', '--report-dir', reportDir], io(lines));
  const text = lines.join('\n');
  expect(text).toContain(
    `Outputs from s3://${config.state.bucket}/${config.state.keyPrefix}/${config.stackNames.failover}.tfstate`,
  );
  expect(text).toMatch(/Not observable on the local emulator/);
  expect(text).toMatch(
    new RegExp(
      `^PASS +VPC peering +${fixture.peeringId}: ${config.primary.region} active, ${config.dr!.region} active`,
      'm',
    ),
  );
  expect(text).toMatch(
    new RegExp(`^PASS +health check, primary: settings +${fixture.primaryHealthCheckId}: not inverted`, 'm'),
  );
  expect(text).toMatch(/^N\/O +health check, primary: status +emulator: canned answer/m);
  expect(text).toMatch(
    /^N\/O +Route 53 answer, api\.kimkao\.io +TestDNSAnswer is not implemented by http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\)/m,
  );
  expect(text).toMatch(
    new RegExp(
      `^N/O +DR replica lag +emulator: publishes no RDS metrics \\(replica ${fixture.replicaIdentifier}\\)`,
      'm',
    ),
  );
  const report = reportOf<CheckReport>(reportDir, '.json');
  expect(report.rows.filter((r) => r.verdict === 'fail')).toEqual([]);
  expect(report.rows.filter((r) => r.verdict === 'pass').map((r) => r.check)).toEqual([
    'health check, primary: settings',
    'health check, DR: settings',
    'VPC peering',
  ]);
  expect(code).toBe(0);
});

test('failover --planned without --confirm-production on the production config: refused, check untouched', async () => {
  const lines: string[] = [];
  const code = await main(['failover', '--planned', '--report-dir', join(work, 'refused')], io(lines));
  expect(code).toBe(2);
  expect(lines.join('\n')).toMatch(/refusing to touch a production zone/);
  expect(await primaryInverted()).toBe(false);
});

test('failover --planned: inverts, restores (Inverted=false at the end), report marks detection and RTO not observable', async () => {
  const lines: string[] = [];
  const reportDir = join(work, 'failover');
  const started = Date.now();
  const code = await main(
    [
      'failover',
      '--planned',
      '--confirm-production',
      '--poll-interval',
      '0.5',
      '--timeout',
      '3',
      '--report-dir',
      reportDir,
    ],
    io(lines),
  );
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(await primaryInverted()).toBe(false);
  const report = reportOf<FailoverReport>(reportDir, '.json');
  expect(report.result).toBe('not-observable');
  expect(report.emulator).toBe(true);
  // Really inverted on the emulator while waiting (GetHealthCheck each round), then restored and verified.
  const rounds = report.rounds.filter((r) => r.phase === 'failover');
  expect(rounds.length).toBeGreaterThanOrEqual(3);
  expect(rounds.every((r) => r.inverted === true)).toBe(true);
  expect(report.restore).toEqual({ needed: true, restored: true, attempts: 1, verifiedNotInverted: true, error: null });
  expect(report.measurements.detection).toEqual(expect.objectContaining({ seconds: null, kind: 'not-observable' }));
  expect(report.measurements.dnsFailover).toEqual(expect.objectContaining({ seconds: null, kind: 'not-observable' }));
  expect(report.rto.measuredSeconds).toBeNull();
  const md = reportOf<string>(reportDir, '.md');
  expect(md).toMatch(/\| Measured RTO \(DNS failover\) \| NOT OBSERVABLE \|/);
});

test('failover --planned --dry-run: prints the calls, changes nothing, writes no report', async () => {
  const lines: string[] = [];
  const reportDir = join(work, 'dry');
  const code = await main(['failover', '--planned', '--dry-run', '--report-dir', reportDir], io(lines));
  expect(code).toBe(0);
  expect(lines).toContain(
    '  would call route53.UpdateHealthCheck (us-east-1) {"HealthCheckId":"<primary_health_check_id>","Inverted":true}',
  );
  expect(lines.join('\n')).toMatch(/would call s3\.GetObject \(ap-east-2\)/);
  expect(() => readdirSync(reportDir)).toThrow(/ENOENT/);
  expect(await primaryInverted()).toBe(false);
});

test('SIGINT to the real CLI process while it waits: it restores the health check, exits 130, reports interrupted', async () => {
  if (cliIsStale()) {
    const build = spawn(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    expect(await new Promise((r) => build.on('close', r))).toBe(0);
  }
  const reportDir = join(work, 'sigint');
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'dist', 'tools', 'drill', 'cli.js'),
      'failover',
      '--planned',
      '--confirm-production',
      '--poll-interval',
      '0.5',
      '--timeout',
      '120',
      '--report-dir',
      reportDir,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the drill never inverted the check:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Inverted the primary health check')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    });
    expect(await primaryInverted()).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  expect(output).toMatch(/SIGINT: stopping the drill; restoring the primary health check/);
  expect(await primaryInverted()).toBe(false);
  const report = reportOf<FailoverReport>(reportDir, '.json');
  expect(report.result).toBe('interrupted');
  expect(report.restore.verifiedNotInverted).toBe(true);
});
