import { UpdateHealthCheckCommand } from '@aws-sdk/client-route-53';
import {
  PlannedFailover,
  failoverExitCode,
  productionRefusal,
  type FailoverSettings,
} from '../../../tools/drill/failover';
import { installSignalHandlers } from '../../../tools/drill/cli';
import { EMULATOR_UNOBSERVABLE } from '../../../tools/drill/endpoint';
import { FailoverNarration } from '../../../tools/drill/failover-narration';
import type { Net } from '../../../tools/drill/net';
import { pickOutputs } from '../../../tools/drill/outputs';
import { configWith } from '../../helpers/app';
import { PRIMARY_HC, SECONDARY_HC, World, outputMap, type WorldOptions } from './fakes';

const SETTINGS: FailoverSettings = {
  pollIntervalMs: 10_000,
  failoverTimeoutMs: 300_000,
  failbackTimeoutMs: 300_000,
  confirmProduction: true,
};

let world: World | undefined;
afterEach(() => world?.restoreMocks());

function drill(
  opts: WorldOptions = {},
  settings: Partial<FailoverSettings> = {},
  extra: { signal?: AbortSignal; dryRun?: boolean; net?: Partial<Net> } = {},
) {
  world = new World(opts);
  const w = world;
  const logs: string[] = [];
  const ctx = w.context({ dryRun: extra.dryRun });
  const run = new PlannedFailover({
    ctx: { ...ctx, net: { ...ctx.net, ...extra.net } },
    clock: w.clock,
    signal: extra.signal ?? new AbortController().signal,
    settings: { ...SETTINGS, ...settings },
    log: (l) => logs.push(l),
  });
  return { w, logs, run };
}

describe('planned failover, success', () => {
  test('measures detection, DNS failover and failback on the poll grid, restores and verifies', async () => {
    const { w, run } = drill({ detectAfterMs: 90_000, switchAfterMs: 120_000 });
    const report = await run.run();

    expect(report.result).toBe('passed');
    expect(w.updates()).toEqual([
      { HealthCheckId: PRIMARY_HC, Inverted: true },
      { HealthCheckId: PRIMARY_HC, Inverted: false },
    ]);
    expect(w.inverted).toBe(false);
    expect(report.measurements.detection).toEqual(expect.objectContaining({ seconds: 90, kind: 'measured' }));
    expect(report.measurements.dnsFailover).toEqual(expect.objectContaining({ seconds: 120, kind: 'measured' }));
    // After the restore the simulated status stays unhealthy for 90 s and the answer on DR for 120 s.
    expect(report.measurements.failbackDetection).toEqual(expect.objectContaining({ seconds: 90, kind: 'measured' }));
    expect(report.measurements.dnsFailback).toEqual(expect.objectContaining({ seconds: 120, kind: 'measured' }));
    expect(report.rto).toEqual(
      expect.objectContaining({
        measuredSeconds: 120,
        targetSeconds: 60,
        budgetWorstCaseSeconds: w.config.recoveryBudget.rto.worstCaseSeconds,
        withinTarget: false,
      }),
    );
    expect(report.restore).toEqual({
      needed: true,
      restored: true,
      attempts: 1,
      verifiedNotInverted: true,
      error: null,
    });
    expect(report.phases.map((p) => [p.name, p.outcome])).toEqual([
      ['baseline', 'done'],
      ['invert', 'done'],
      ['failover', 'done'],
      ['restore', 'done'],
      ['failback', 'done'],
    ]);
    // Never touches the secondary check.
    expect(w.updates().some((u) => u.HealthCheckId === SECONDARY_HC)).toBe(false);
    expect(failoverExitCode(report)).toBe(0);
  });

  test('within target when the DNS answer switches before the configured RTO', async () => {
    const { run } = drill({ detectAfterMs: 30_000, switchAfterMs: 50_000 });
    const report = await run.run();
    expect(report.rto.measuredSeconds).toBe(50);
    expect(report.rto.withinTarget).toBe(true);
  });

  test('detection through the HealthCheckStatus metric when the checkers do not show the inversion', async () => {
    const { run } = drill({ statusVia: 'metric', detectAfterMs: 60_000, switchAfterMs: 100_000 });
    const report = await run.run();
    expect(report.measurements.detection).toEqual(expect.objectContaining({ seconds: 60, kind: 'measured' }));
    expect(report.measurements.detection.note).toMatch(/metric/);
    expect(report.measurements.failbackDetection.note).toMatch(/metric/);
  });

  test('with no status source, detection is only an upper bound from the DNS switch, never a made-up figure', async () => {
    const { run } = drill({ statusVia: 'none', switchAfterMs: 100_000 });
    const report = await run.run();
    expect(report.measurements.detection).toEqual(expect.objectContaining({ seconds: 100, kind: 'upper-bound' }));
    expect(report.measurements.failbackDetection).toEqual(
      expect.objectContaining({ seconds: null, kind: 'not-observable' }),
    );
    expect(report.result).toBe('passed');
  });
});

describe('planned failover, timeout', () => {
  test('restores after the failover timeout and reports the failover as not reached', async () => {
    const { w, run } = drill(
      { detectAfterMs: Infinity, switchAfterMs: Infinity },
      { failoverTimeoutMs: 60_000, failbackTimeoutMs: 30_000 },
    );
    const report = await run.run();
    expect(report.result).toBe('failed');
    expect(report.measurements.dnsFailover).toEqual(expect.objectContaining({ seconds: null, kind: 'not-reached' }));
    expect(report.measurements.detection.kind).toBe('not-reached');
    expect(report.measurements.detection.note).toMatch(/did not change within 60 s/);
    expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
    expect(w.inverted).toBe(false);
    expect(report.phases.find((p) => p.name === 'failover')?.outcome).toBe('timeout');
    expect(failoverExitCode(report)).toBe(1);
  });

  test('when a load-balancer name does not resolve, the timeout says the answers could not be attributed', async () => {
    const resolve4 = async (name: string): Promise<string[]> => {
      throw new Error(`queryA ENOTFOUND ${name}`);
    };
    const { w, run } = drill(
      { switchAfterMs: 20_000 },
      { failoverTimeoutMs: 60_000, failbackTimeoutMs: 20_000 },
      { net: { resolve4 } },
    );
    const report = await run.run();
    expect(report.result).toBe('failed');
    expect(report.measurements.dnsFailover.note).toMatch(/could not be attributed to a region: .*does not resolve/);
    expect(w.inverted).toBe(false);
  });

  test('the wait stops at the timeout: 60 s at a 10 s interval is 6 rounds', async () => {
    const { w, run } = drill({ detectAfterMs: Infinity, switchAfterMs: Infinity }, { failoverTimeoutMs: 60_000 });
    const report = await run.run();
    expect(report.rounds.filter((r) => r.phase === 'failover')).toHaveLength(6);
    expect(w.clock.now() - (w.invertedAt ?? 0)).toBeGreaterThanOrEqual(60_000);
  });
});

describe('planned failover, always restores', () => {
  test('when the invert call itself fails (it may have been applied), the restore is still sent', async () => {
    const { w, run } = drill();
    w.route53.on(UpdateHealthCheckCommand, { Inverted: true }).callsFake(() => {
      w.inverted = true;
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    });
    const report = await run.run();
    expect(report.result).toBe('error');
    expect(report.message).toMatch(/Rate exceeded/);
    expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
    expect(w.inverted).toBe(false);
    expect(report.restore.restored).toBe(true);
  });

  test('an unexpected error while waiting: restores, skips the failback wait, exit 1', async () => {
    const { w, run } = drill();
    w.clock.onSleep = (n) => {
      if (n === 3) throw new Error('boom');
    };
    const report = await run.run();
    expect(report.result).toBe('error');
    expect(report.message).toMatch(/boom/);
    expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
    expect(report.phases.find((p) => p.name === 'failback')?.outcome).toBe('skipped');
    expect(failoverExitCode(report)).toBe(1);
  });

  test('interrupted (abort signal, as SIGINT does) mid-wait: restores and reports interrupted', async () => {
    const controller = new AbortController();
    const { w, run } = drill({}, {}, { signal: controller.signal });
    w.clock.onSleep = (n) => {
      if (n === 4) controller.abort('SIGINT');
    };
    const report = await run.run();
    expect(report.result).toBe('interrupted');
    expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
    expect(w.inverted).toBe(false);
    expect(report.restore.verifiedNotInverted).toBe(true);
    expect(report.phases.find((p) => p.name === 'failover')?.outcome).toBe('interrupted');
    expect(failoverExitCode(report, 'SIGINT')).toBe(130);
    expect(failoverExitCode(report, 'SIGTERM')).toBe(143);
  });

  test('interrupted before the invert: nothing is sent, nothing to restore', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    const { w, run } = drill({}, {}, { signal: controller.signal });
    const report = await run.run();
    expect(report.result).toBe('interrupted');
    expect(report.message).toMatch(/nothing was changed/);
    expect(w.updates()).toHaveLength(0);
    expect(report.restore).toEqual(expect.objectContaining({ needed: false, restored: false }));
  });

  test('SIGINT and SIGTERM delivered to the process abort the drill, which restores', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const controller = new AbortController();
      const messages: string[] = [];
      const uninstall = installSignalHandlers(controller, (l) => messages.push(l));
      try {
        const { w, run } = drill({}, {}, { signal: controller.signal });
        w.clock.onSleep = (n) => {
          if (n === 2) {
            process.emit(signal, signal);
            process.emit(signal, signal); // a second one must not kill the restore
          }
        };
        const report = await run.run();
        expect(report.result).toBe('interrupted');
        expect(controller.signal.reason).toBe(signal);
        expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
        expect(messages[0]).toMatch(new RegExp(`${signal}: stopping the drill; restoring`));
        expect(messages[1]).toMatch(/still restoring/);
      } finally {
        uninstall();
        world?.restoreMocks();
      }
    }
  });

  test('a failing restore is retried until it succeeds', async () => {
    const { w, run } = drill();
    let failures = 2;
    w.route53.on(UpdateHealthCheckCommand, { Inverted: false }).callsFake(() => {
      if (failures-- > 0) throw Object.assign(new Error('Service unavailable'), { $metadata: { httpStatusCode: 503 } });
      w.inverted = false;
      w.restoredAt = w.clock.now();
      return {};
    });
    const report = await run.run();
    expect(report.restore).toEqual(expect.objectContaining({ restored: true, attempts: 3, error: null }));
    expect(w.inverted).toBe(false);
  });

  test('a restore that keeps failing is reported loudly with the manual command, exit 1', async () => {
    const { w, run, logs } = drill({}, { restoreAttempts: 3 });
    w.route53
      .on(UpdateHealthCheckCommand, { Inverted: false })
      .rejects(Object.assign(new Error('AccessDenied'), { $metadata: { httpStatusCode: 403 } }));
    const report = await run.run();
    expect(report.result).toBe('error');
    expect(report.restore).toEqual(expect.objectContaining({ restored: false, attempts: 3 }));
    expect(logs.join('\n')).toMatch(
      new RegExp(`RESTORE FAILED.*update-health-check --health-check-id ${PRIMARY_HC} --no-inverted`),
    );
    expect(failoverExitCode(report)).toBe(1);
  });
});

describe('planned failover, safety', () => {
  test('refuses a production environment without --confirm-production and changes nothing', async () => {
    const { w, run } = drill({}, { confirmProduction: false });
    const report = await run.run();
    expect(report.result).toBe('refused');
    expect(report.message).toMatch(/--confirm-production/);
    expect(w.updates()).toHaveLength(0);
    expect(failoverExitCode(report)).toBe(2);
  });

  test('productionRefusal: production config, or the configured domain on real AWS; not a non-production zone', () => {
    const prod = configWith();
    const dev = configWith({ 'genai-demo:environment': 'development' });
    expect(productionRefusal(prod, true, 'anything.test')).toMatch(/production/);
    expect(productionRefusal(dev, false, dev.domain)).toMatch(/configured public domain/);
    expect(productionRefusal(dev, true, dev.domain)).toBeUndefined();
    expect(productionRefusal(dev, false, `staging.${dev.domain}`)).toBeUndefined();
  });

  test('refuses when the primary check is already inverted (a drill not restored) and does not touch it', async () => {
    const { w, run } = drill();
    w.inverted = true;
    const report = await run.run();
    expect(report.result).toBe('refused');
    expect(report.message).toMatch(/already inverted.*--no-inverted/);
    expect(w.updates()).toHaveLength(0);
  });

  test('refuses when traffic is already on DR before the drill', async () => {
    const { w, run } = drill({ switchAfterMs: 0 });
    w.invertedAt = w.clock.now(); // the simulated primary is already down
    const report = await run.run();
    expect(report.result).toBe('refused');
    expect(report.message).toMatch(/not on a healthy primary/);
    expect(w.updates()).toHaveLength(0);
  });

  test('without the health-check output it stops before changing anything', async () => {
    const config = configWith();
    const map: Record<string, unknown> = outputMap(config);
    delete map.primary_health_check_id;
    const { w, run } = drill({ config, outputs: pickOutputs(map, 's3://b/k') });
    const report = await run.run();
    expect(report.result).toBe('error');
    expect(report.message).toMatch(/primary_health_check_id is missing/);
    expect(w.totalCalls()).toBe(0);
  });
});

describe('planned failover, dry run', () => {
  test('prints every call with its parameters, in order, and sends none', async () => {
    const { w, run, logs } = drill({}, { confirmProduction: false }, { dryRun: true });
    const report = await run.run();
    expect(report.result).toBe('dry-run');
    expect(w.totalCalls()).toBe(0);
    const calls = w.printed.filter((l) => l.includes('would call')).map((l) => l.trim().split(' ')[2]);
    expect(calls).toEqual([
      'route53.GetHostedZone',
      'route53.GetHealthCheck',
      'route53.GetHealthCheckStatus',
      'cloudwatch.GetMetricStatistics',
      'route53.TestDNSAnswer',
      'route53.UpdateHealthCheck',
      'route53.GetHealthCheck',
      'route53.GetHealthCheckStatus',
      'cloudwatch.GetMetricStatistics',
      'route53.TestDNSAnswer',
      'route53.UpdateHealthCheck',
      'route53.GetHealthCheck',
      'route53.GetHealthCheckStatus',
      'cloudwatch.GetMetricStatistics',
      'route53.TestDNSAnswer',
      'route53.GetHealthCheck',
    ]);
    expect(w.printed).toContain(
      `  would call route53.UpdateHealthCheck (us-east-1) {"HealthCheckId":"${PRIMARY_HC}","Inverted":true}`,
    );
    expect(w.printed).toContain(
      `  would call route53.UpdateHealthCheck (us-east-1) {"HealthCheckId":"${PRIMARY_HC}","Inverted":false}`,
    );
    expect(w.printed.filter((l) => l.includes("at the zone's name servers"))).toHaveLength(3);
    // The refusal a real run would hit is said, not enforced.
    expect(logs.join('\n')).toMatch(/a real run would refuse without --confirm-production/);
    expect(w.clock.sleeps).toBe(0);
  });
});

describe('planned failover on an emulator-like endpoint', () => {
  test('inverts and restores, and marks detection and RTO as not observable (no figure)', async () => {
    const { w, run, logs } = drill({ emulator: true }, { failoverTimeoutMs: 30_000, failbackTimeoutMs: 30_000 });
    const report = await run.run();
    expect(report.result).toBe('not-observable');
    expect(report.measurements.detection).toEqual(expect.objectContaining({ seconds: null, kind: 'not-observable' }));
    expect(report.measurements.detection.note).toMatch(/canned "Success"/);
    expect(report.measurements.dnsFailover).toEqual(expect.objectContaining({ seconds: null, kind: 'not-observable' }));
    expect(report.rto.measuredSeconds).toBeNull();
    expect(report.rto.withinTarget).toBeNull();
    expect(report.rounds.filter((r) => r.phase === 'failover').every((r) => r.inverted === true)).toBe(true);
    expect(w.updates().map((u) => u.Inverted)).toEqual([true, false]);
    expect(report.restore.verifiedNotInverted).toBe(true);
    expect(report.notObservable.map((u) => u.what)).toContain('detection time and RTO');
    expect(logs[0]).toMatch(/local emulator/);
    // No second wait for a failback nothing can show.
    expect(report.phases.find((p) => p.name === 'failback')?.outcome).toBe('skipped');
    expect(failoverExitCode(report)).toBe(0);
  });
});

describe('what a run prints (failover-narration)', () => {
  const STEP = /^\d\. /;

  test('a dry run prints the plan: six numbered steps in order, with the settings, and no progress lines', async () => {
    const { run, logs } = drill({}, { confirmProduction: false }, { dryRun: true });
    expect((await run.run()).result).toBe('dry-run');
    expect(logs.filter((l) => STEP.test(l))).toEqual([
      '1. baseline (read-only; the drill stops here if the check is inverted or disabled, or traffic is not on the primary)',
      '2. invert the primary health check',
      '3. wait for failover: every 10 s, at most 300 s, until the primary is unhealthy and api.kimkao.io answers with DR:',
      '4. restore, always (after success, error, timeout, SIGINT/SIGTERM; up to 5 attempts)',
      '5. wait for failback: every 10 s, at most 300 s, until the primary is healthy and api.kimkao.io answers with it:',
      '6. verify: the primary health check is not inverted',
    ]);
    expect(logs.filter((l) => /^(Inverted|Restored|The primary health-check alarm)/.test(l))).toEqual([]);
  });

  test('a real run prints progress and no plan: the alarm it sets off, the invert, detection, each round, the restore', async () => {
    const { run, logs } = drill({ detectAfterMs: 20_000, switchAfterMs: 30_000 });
    expect((await run.run()).result).toBe('passed');
    expect(logs.filter((l) => STEP.test(l))).toEqual([]);
    expect(logs[0]).toBe(
      'The primary health-check alarm will fire as in a real outage and notify arn:aws:sns:us-east-1:000000000000:genai-demo-production-failover-alerts.',
    );
    expect(logs[1]).toBe(
      `Inverted the primary health check ${PRIMARY_HC} at 2026-01-01T00:00:00.000Z; waiting for failover (at most 300 s)`,
    );
    expect(logs).toContain('  20 s: primary reported unhealthy (GetHealthCheckStatus (checkers))');
    expect(logs.filter((l) => /^ {2}\d+ s: inverted=true; /.test(l)).map((l) => l.split(':')[0].trim())).toEqual([
      '10 s',
      '20 s',
      '30 s',
    ]);
    expect(logs).toContain('Restored the primary health check (Inverted=false) at 2026-01-01T00:00:30.000Z');
    expect(logs.filter((l) => / s after restore: /.test(l))).toHaveLength(3);
  });

  test('detection via the metric is said as such, and the failback is timed on the metric too', async () => {
    const { run, logs } = drill({ statusVia: 'metric', detectAfterMs: 20_000, switchAfterMs: 40_000 });
    const report = await run.run();
    expect(logs).toContain('  20 s: primary reported unhealthy (HealthCheckStatus metric)');
    expect(report.measurements.failbackDetection).toEqual({
      seconds: 20,
      kind: 'measured',
      note: 'reported healthy again via HealthCheckStatus metric',
    });
  });

  test('on the emulator only the endpoint limits and progress are printed, no alarm notice', async () => {
    const { run, logs } = drill({ emulator: true }, { failoverTimeoutMs: 10_000 });
    await run.run();
    expect(logs[0]).toBe(
      'Endpoint http://127.0.0.1:5399 is the local emulator. Not observable there, so not measured:',
    );
    expect(logs.filter((l) => l.startsWith('  - '))).toHaveLength(EMULATOR_UNOBSERVABLE.length);
    expect(logs.some((l) => l.startsWith('The primary health-check alarm'))).toBe(false);
  });

  test('FailoverNarration: plan lines only in a dry run, progress lines only in a real run, the rest in both', () => {
    const printed = (dryRun: boolean) => {
      const lines: string[] = [];
      const say = new FailoverNarration({
        log: (l) => lines.push(l),
        dryRun,
        failoverRecord: 'api.example.test',
        pollIntervalMs: 5000,
        failoverTimeoutMs: 60_000,
        failbackTimeoutMs: 90_000,
      });
      say.endpointLimits('AWS', []);
      say.verifying();
      say.restored(0);
      say.restoreAttemptFailed(1, 2, 'Throttling');
      return lines;
    };
    expect(printed(true)).toEqual([
      '6. verify: the primary health check is not inverted',
      '  restore attempt 1/2 failed: Throttling',
    ]);
    expect(printed(false)).toEqual([
      'Restored the primary health check (Inverted=false) at 1970-01-01T00:00:00.000Z',
      '  restore attempt 1/2 failed: Throttling',
    ]);
  });
});
