/**
 * `drill failover --planned`: the spec's failover test, measured.
 *
 *   baseline  the primary health check is not inverted or disabled; what Route 53 reports and answers
 *   invert    UpdateHealthCheck Inverted=true: Route 53 now treats the healthy primary as unhealthy,
 *             the application is not touched
 *   failover  poll until the primary is reported unhealthy (detection) and the failover name answers
 *             with the DR load balancer (DNS failover), or the timeout
 *   restore   UpdateHealthCheck Inverted=false, ALWAYS once the invert was sent: after success, error,
 *             timeout and interruption (SIGINT/SIGTERM abort the signal), retried, then verified
 *   failback  poll until the primary is reported healthy and the name answers with it again
 *
 * Every duration is measured with the clock between observation rounds (resolution: the poll interval).
 * A figure the endpoint cannot show is recorded as not observable with the reason, never filled in.
 * What the run prints (a dry run's plan, a real run's progress) is failover-narration.ts.
 */
import { UpdateHealthCheckCommand, type UpdateHealthCheckCommandOutput } from '@aws-sdk/client-route-53';
import { budgetTerm, type AppConfig } from '../../config';
import { describeError } from './aws';
import { ROUTE53_REGION } from '../lib/aws';
import type { Clock } from './clock';
import { EMULATOR_UNOBSERVABLE } from './endpoint';
import { FailoverNarration } from './failover-narration';
import type { DrillResult, FailoverReport, Measurement, PhaseName, PhaseOutcome, RoundRecord } from './failover-record';
import {
  failoverRecordName,
  probeAuthoritativeAnswer,
  probeHealthCheckConfig,
  probeHealthCheckMetric,
  probeHealthCheckStatus,
  probeRoute53Answer,
  resolveAlbAddresses,
  withTarget,
  ZoneCache,
  type AnswerTarget,
  type Observation,
  type ProbeContext,
  type TargetedAnswer,
} from './probes';

/** Timing and safety settings of one run. */
export interface FailoverSettings {
  readonly pollIntervalMs: number;
  readonly failoverTimeoutMs: number;
  readonly failbackTimeoutMs: number;
  /** Allow a production zone. */
  readonly confirmProduction: boolean;
  /** Attempts of the restoring UpdateHealthCheck. @default 5 */
  readonly restoreAttempts?: number;
}

const DEFAULT_RESTORE_ATTEMPTS = 5;

// The record is what a run returns: its types are part of this module's interface.
export type {
  DrillResult,
  FailoverReport,
  Measurement,
  PhaseName,
  PhaseOutcome,
  PhaseRecord,
  RoundRecord,
} from './failover-record';

/** What the drill needs besides the probes. */
export interface FailoverDeps {
  readonly ctx: ProbeContext;
  readonly clock: Clock;
  /** Aborted on SIGINT/SIGTERM: the drill stops waiting and restores. */
  readonly signal: AbortSignal;
  readonly settings: FailoverSettings;
  /** Where the run's lines go (failover-narration.ts decides which: a dry run's plan, a real run's progress). */
  readonly log: (line: string) => void;
}

const NOT_YET: Measurement = { seconds: null, kind: 'not-reached', note: 'the drill did not get this far' };

/** The status sources that can show the primary unhealthy, as the report's notes name them. */
export type StatusSource = 'checkers' | 'metric';
const STATUS_SOURCE_LABEL: Readonly<Record<StatusSource, string>> = {
  checkers: 'GetHealthCheckStatus (checkers)',
  metric: 'HealthCheckStatus metric',
};

/** Why the drill must not touch this zone without --confirm-production, or undefined. */
export function productionRefusal(
  config: AppConfig,
  emulator: boolean,
  zoneName: string | undefined,
): string | undefined {
  if (config.isProduction) return `environment "${config.environment}" is production (config.isProduction)`;
  if (!emulator && zoneName !== undefined && zoneName === config.domain) {
    return `hosted zone ${zoneName} is the configured public domain on real AWS`;
  }
  return undefined;
}

function round1(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** What one round saw, reduced to the two questions the waits ask. */
interface Seen {
  readonly record: RoundRecord;
  readonly inverted?: boolean;
  /** From the checkers (GetHealthCheckStatus), when observable. */
  readonly checkers?: 'healthy' | 'unhealthy';
  /** From the HealthCheckStatus metric, when a datapoint exists. */
  readonly metric?: 'healthy' | 'unhealthy';
  readonly route53?: AnswerTarget;
  readonly authoritative?: AnswerTarget;
  /** True when at least one DNS source gave an answer. */
  readonly dnsObservable: boolean;
  /** True when at least one status source gave a value. */
  readonly statusObservable: boolean;
  /** Why answers could not be attributed to a region (a load-balancer name did not resolve), if so. */
  readonly unattributed?: string;
}

function detailOf(o: Observation<unknown>): string {
  return o.verdict === 'pass' || o.verdict === 'fail' ? o.detail : `${o.verdict.toUpperCase()}: ${o.detail}`;
}

export class PlannedFailover {
  private readonly deps: FailoverDeps;
  private readonly zones = new ZoneCache();
  private readonly report: FailoverReport;
  private readonly say: FailoverNarration;
  /** The source that first showed the primary unhealthy during the failover wait; the failback is timed on it. */
  private detectedBy: StatusSource | undefined;

  constructor(deps: FailoverDeps) {
    this.deps = deps;
    const { config, outputs, endpoint } = deps.ctx;
    const budget = config.recoveryBudget.rto;
    const s = deps.settings;
    this.report = {
      kind: 'planned-failover',
      startedAt: new Date(deps.clock.now()).toISOString(),
      finishedAt: '',
      endpoint: endpoint.label,
      emulator: endpoint.emulator,
      environment: config.environment,
      domain: config.domain,
      failoverRecord: failoverRecordName(deps.ctx),
      primaryHealthCheckId: outputs.values.primary_health_check_id ?? null,
      outputsSource: outputs.source,
      missingOutputs: outputs.missing,
      alertTopicArn: outputs.values.failover_topic_arn ?? null,
      settings: {
        pollIntervalSeconds: s.pollIntervalMs / 1000,
        failoverTimeoutSeconds: s.failoverTimeoutMs / 1000,
        failbackTimeoutSeconds: s.failbackTimeoutMs / 1000,
      },
      notObservable: endpoint.emulator ? EMULATOR_UNOBSERVABLE : [],
      phases: [],
      rounds: [],
      measurements: {
        detection: NOT_YET,
        dnsFailover: NOT_YET,
        failoverComplete: NOT_YET,
        failbackDetection: NOT_YET,
        dnsFailback: NOT_YET,
      },
      rto: {
        measuredSeconds: null,
        targetSeconds: config.multiRegion.failoverRtoMinutes * 60,
        targetMinutes: config.multiRegion.failoverRtoMinutes,
        budgetWorstCaseSeconds: budget.worstCaseSeconds,
        budgetDetectionSeconds: budget.detectionSeconds,
        withinTarget: null,
        note:
          'measured from the invert until Route 53 answered the failover name with the DR load balancer; ' +
          `resolvers that cached the previous answer keep it up to the alias TTL (the budget's ${budgetTerm(budget, 'alias-ttl').seconds} s term), not measured here`,
      },
      restore: { needed: false, restored: false, attempts: 0, verifiedNotInverted: null, error: null },
      result: 'error',
      message: '',
    };
    this.say = new FailoverNarration({
      log: deps.log,
      dryRun: deps.ctx.aws.dryRun,
      failoverRecord: this.report.failoverRecord,
      pollIntervalMs: s.pollIntervalMs,
      failoverTimeoutMs: s.failoverTimeoutMs,
      failbackTimeoutMs: s.failbackTimeoutMs,
    });
  }

  /** Runs the drill; never throws. The health check is restored whenever the invert was sent. */
  async run(): Promise<FailoverReport> {
    const { ctx } = this.deps;
    const report = this.report;
    const dryRun = ctx.aws.dryRun;
    const id = ctx.outputs.values.primary_health_check_id;
    this.say.endpointLimits(ctx.endpoint.label, report.notObservable);
    if (id === undefined && !dryRun) {
      return this.finish(
        'error',
        `cannot run: output primary_health_check_id is missing (${ctx.outputs.error ?? ctx.outputs.source}); nothing was changed`,
      );
    }

    // Safety first: nothing is changed before these pass.
    this.say.baseline();
    const baselineStart = this.deps.clock.now();
    const zone = await this.zones.get(ctx);
    const refusal = productionRefusal(ctx.config, ctx.endpoint.emulator, zone.value?.name);
    if (refusal !== undefined && !this.deps.settings.confirmProduction) {
      if (!dryRun) {
        this.phase('baseline', baselineStart, 'refused', refusal);
        return this.finish(
          'refused',
          `refusing to touch a production zone: ${refusal}. Re-run with --confirm-production to proceed; nothing was changed`,
        );
      }
      this.say.refusalNotEnforced(refusal);
    }
    const hc = await probeHealthCheckConfig(ctx, 'primary_health_check_id');
    if (hc.value?.inverted || hc.value?.disabled) {
      this.phase('baseline', baselineStart, 'refused', hc.detail);
      const why = hc.value.inverted
        ? 'the primary health check is already inverted: another drill is running, or one was not restored ' +
          `(restore it: aws route53 update-health-check --health-check-id ${id} --no-inverted)`
        : 'the primary health check is disabled: Route 53 treats a disabled check as healthy, so inverting it would test nothing';
      return this.finish('refused', `${why}; nothing was changed`);
    }
    if (hc.verdict === 'fail' || hc.verdict === 'not-available') {
      this.phase('baseline', baselineStart, 'error', hc.detail);
      return this.finish('error', `cannot read the primary health check: ${hc.detail}; nothing was changed`);
    }
    const baseline = await this.observe('baseline', baselineStart, new Date(baselineStart - 5 * 60_000));
    const notOnPrimary = [
      baseline.checkers === 'unhealthy' && 'the checkers report the primary unhealthy',
      baseline.metric === 'unhealthy' && 'HealthCheckStatus is 0',
      (baseline.route53 === 'secondary' || baseline.authoritative === 'secondary') &&
        `${report.failoverRecord} already answers with DR`,
    ].filter(Boolean);
    if (notOnPrimary.length > 0 && !dryRun) {
      this.phase('baseline', baselineStart, 'refused', notOnPrimary.join('; '));
      return this.finish(
        'refused',
        `traffic is not on a healthy primary before the drill (${notOnPrimary.join('; ')}): a planned failover would measure nothing; nothing was changed`,
      );
    }
    this.phase(
      'baseline',
      baselineStart,
      dryRun ? 'dry-run' : 'done',
      `before: ${baseline.record.checkers}; ${baseline.record.route53Answer}`,
    );

    let failure: { result: DrillResult; message: string } | undefined;
    let invertedAt: number | undefined;
    try {
      this.deps.signal.throwIfAborted();
      const invertStart = this.deps.clock.now();
      this.say.beforeInvert(ctx.endpoint.emulator, report.alertTopicArn);
      report.restore.needed = true; // before sending: restoring an untouched check is harmless, missing a restore is not
      await this.setInverted(true);
      invertedAt = this.deps.clock.now();
      this.phase('invert', invertStart, dryRun ? 'dry-run' : 'done', `UpdateHealthCheck ${id} Inverted=true`);
      this.say.inverted(id, invertedAt);
      const outcome = await this.waitFailover(invertedAt);
      if (outcome !== 'done' && outcome !== 'dry-run')
        failure = { result: outcome === 'timeout' ? 'failed' : 'error', message: '' };
    } catch (err) {
      if (this.deps.signal.aborted)
        failure = { result: 'interrupted', message: `interrupted (${String(this.deps.signal.reason ?? 'signal')})` };
      else failure = { result: 'error', message: describeError(err) };
      this.phase(
        invertedAt === undefined ? 'invert' : 'failover',
        invertedAt ?? this.deps.clock.now(),
        failure.result === 'interrupted' ? 'interrupted' : 'error',
        failure.message,
      );
    } finally {
      if (report.restore.needed) await this.restore();
    }

    const m = report.measurements;
    if (!report.restore.needed) {
      this.phase('failback', this.deps.clock.now(), 'skipped', 'nothing was changed');
    } else if (!report.restore.restored) {
      this.phase('failback', this.deps.clock.now(), 'skipped', 'the health check was not restored');
    } else if (failure?.result === 'interrupted' || failure?.result === 'error') {
      this.phase(
        'failback',
        this.deps.clock.now(),
        'skipped',
        `not waited for after the ${failure.result === 'error' ? 'error' : 'interruption'}`,
      );
    } else if (m.dnsFailover.kind === 'not-observable' && !dryRun) {
      // Nothing showed the failover, so nothing can show the failback: do not wait for the timeout again.
      const note = 'not observable: no DNS source was observable during the failover wait';
      m.failbackDetection = { seconds: null, kind: 'not-observable', note };
      m.dnsFailback = { seconds: null, kind: 'not-observable', note };
      this.phase('failback', this.deps.clock.now(), 'skipped', note);
    } else {
      await this.waitFailback();
    }
    await this.verifyRestored();
    return this.conclude(failure);
  }

  private async observe(phase: PhaseName, since: number, metricSince: Date): Promise<Seen> {
    const { ctx, clock } = this.deps;
    const albs = await resolveAlbAddresses(ctx);
    const cfg = phase === 'baseline' ? undefined : await probeHealthCheckConfig(ctx, 'primary_health_check_id');
    const checkers = await probeHealthCheckStatus(ctx, 'primary_health_check_id');
    const metric = await probeHealthCheckMetric(ctx, 'primary_health_check_id', metricSince, new Date(clock.now()));
    const r53: TargetedAnswer = withTarget(await probeRoute53Answer(ctx, this.report.failoverRecord), albs);
    const auth: TargetedAnswer = withTarget(
      await probeAuthoritativeAnswer(ctx, this.zones, this.report.failoverRecord),
      albs,
    );
    const now = clock.now();
    const record: RoundRecord = {
      phase,
      at: new Date(now).toISOString(),
      elapsedSeconds: phase === 'baseline' ? 0 : round1(now - since),
      inverted: cfg?.value?.inverted,
      checkers: detailOf(checkers),
      metric: detailOf(metric),
      route53Answer: detailOf(r53),
      authoritativeAnswer: detailOf(auth),
    };
    if (!ctx.aws.dryRun) this.report.rounds.push(record);
    const known = (t?: AnswerTarget) => (t === 'primary' || t === 'secondary' ? t : undefined);
    return {
      record,
      inverted: cfg?.value?.inverted,
      checkers: checkers.value,
      metric: metric.value,
      route53: known(r53.target),
      authoritative: known(auth.target),
      dnsObservable: r53.value !== undefined || auth.value !== undefined,
      unattributed:
        albs.primary.length === 0 || albs.secondary.length === 0
          ? albs.notes.join(', ') || 'load-balancer addresses unknown'
          : undefined,
      statusObservable: checkers.value !== undefined || metric.value !== undefined,
    };
  }

  /** Polls until the failover name answers with DR (the primary is then unhealthy for Route 53) or the timeout. */
  private async waitFailover(invertedAt: number): Promise<PhaseOutcome> {
    const { clock, settings, signal, ctx } = this.deps;
    const m = this.report.measurements;
    const metricSince = new Date(invertedAt);
    let detectedAt: number | undefined;
    let dnsSeen = false;
    let statusSeen = false;
    let unattributed: string | undefined;
    this.say.waitingForFailover();
    if (ctx.aws.dryRun) {
      await this.observe('failover', invertedAt, metricSince);
      this.phase('failover', invertedAt, 'dry-run', 'polling printed once');
      return 'dry-run';
    }
    for (;;) {
      await clock.sleep(settings.pollIntervalMs, signal);
      const seen = await this.observe('failover', invertedAt, metricSince);
      const now = clock.now();
      dnsSeen ||= seen.dnsObservable;
      statusSeen ||= seen.statusObservable;
      if (seen.dnsObservable) unattributed = seen.unattributed;
      if (detectedAt === undefined && (seen.checkers === 'unhealthy' || seen.metric === 'unhealthy')) {
        detectedAt = now;
        this.detectedBy = seen.checkers === 'unhealthy' ? 'checkers' : 'metric';
        const via = STATUS_SOURCE_LABEL[this.detectedBy];
        m.detection = { seconds: round1(now - invertedAt), kind: 'measured', note: `first seen unhealthy via ${via}` };
        this.say.detected(round1(now - invertedAt), via);
      }
      const switchedVia =
        seen.route53 === 'secondary'
          ? 'TestDNSAnswer'
          : seen.authoritative === 'secondary'
            ? 'authoritative name servers'
            : undefined;
      this.say.failoverRound(round1(now - invertedAt), seen.inverted, seen.record);
      if (switchedVia !== undefined) {
        const s = round1(now - invertedAt);
        m.dnsFailover = {
          seconds: s,
          kind: 'measured',
          note: `${this.report.failoverRecord} answered with DR via ${switchedVia}`,
        };
        if (detectedAt === undefined) {
          // Route 53 only answers with the secondary once the primary is unhealthy: detection happened by now.
          m.detection = {
            seconds: s,
            kind: 'upper-bound',
            note: 'no status source showed it before the DNS answer changed; at most this',
          };
        }
        m.failoverComplete = {
          seconds: s,
          kind: 'measured',
          note: 'primary unhealthy and the failover name answering with DR',
        };
        this.phase('failover', invertedAt, 'done', `DNS failover after ${s} s`);
        return 'done';
      }
      if (now - invertedAt >= settings.failoverTimeoutMs) {
        const t = settings.failoverTimeoutMs / 1000;
        const emulator = ctx.endpoint.emulator;
        if (detectedAt === undefined) {
          if (emulator) {
            m.detection = {
              seconds: null,
              kind: 'not-observable',
              note: `health-check status did not change within ${t} s: the emulator answers GetHealthCheckStatus with a canned "Success" and publishes no HealthCheckStatus metric`,
            };
          } else if (statusSeen) {
            m.detection = {
              seconds: null,
              kind: 'not-reached',
              note: `health-check status did not change within ${t} s`,
            };
          } else {
            m.detection = {
              seconds: null,
              kind: 'not-observable',
              note: `no status source was observable within ${t} s`,
            };
          }
        }
        if (dnsSeen) {
          const why =
            unattributed !== undefined ? ` (answers could not be attributed to a region: ${unattributed})` : '';
          m.dnsFailover = {
            seconds: null,
            kind: 'not-reached',
            note: `${this.report.failoverRecord} still did not answer with DR after ${t} s${why}`,
          };
        } else {
          const why = emulator
            ? ': the emulator does not implement TestDNSAnswer and its name servers are fabricated'
            : '';
          m.dnsFailover = {
            seconds: null,
            kind: 'not-observable',
            note: `no DNS answer was observable within ${t} s${why}`,
          };
        }
        m.failoverComplete = { seconds: null, kind: m.dnsFailover.kind, note: m.dnsFailover.note };
        this.phase('failover', invertedAt, 'timeout', m.dnsFailover.note);
        return 'timeout';
      }
    }
  }

  private async setInverted(inverted: boolean): Promise<void> {
    const { ctx } = this.deps;
    await ctx.aws.send<UpdateHealthCheckCommandOutput>(
      'route53',
      ROUTE53_REGION,
      new UpdateHealthCheckCommand({
        HealthCheckId: ctx.outputs.values.primary_health_check_id ?? '<primary_health_check_id>',
        Inverted: inverted,
      }),
    );
  }

  /** Inverted=false, retried with a growing pause; not interruptible. */
  private async restore(): Promise<void> {
    const { clock, ctx } = this.deps;
    const restore = this.report.restore;
    const attempts = this.deps.settings.restoreAttempts ?? DEFAULT_RESTORE_ATTEMPTS;
    const started = clock.now();
    this.say.restoring(attempts);
    for (let i = 1; i <= attempts; i++) {
      restore.attempts = i;
      try {
        await this.setInverted(false);
        restore.restored = true;
        restore.error = null;
        this.say.restored(clock.now());
        break;
      } catch (err) {
        restore.error = describeError(err);
        this.say.restoreAttemptFailed(i, attempts, restore.error);
        if (i < attempts) await clock.sleep(1000 * 2 ** (i - 1));
      }
    }
    if (!restore.restored) {
      this.say.restoreFailed(ctx.outputs.values.primary_health_check_id);
    }
    this.phase(
      'restore',
      started,
      ctx.aws.dryRun ? 'dry-run' : restore.restored ? 'done' : 'error',
      restore.restored ? 'UpdateHealthCheck Inverted=false' : (restore.error ?? ''),
    );
  }

  /** Polls until the primary is healthy again and the failover name answers with it, or the timeout. */
  private async waitFailback(): Promise<void> {
    const { clock, settings, signal, ctx } = this.deps;
    const m = this.report.measurements;
    const restoredAt = clock.now();
    const metricSince = new Date(restoredAt);
    this.say.waitingForFailback();
    if (ctx.aws.dryRun) {
      await this.observe('failback', restoredAt, metricSince);
      this.phase('failback', restoredAt, 'dry-run', 'polling printed once');
      return;
    }
    // Recovery is timed on the source that showed the failure; if none did, it cannot be timed.
    const via = this.detectedBy;
    let healthyAt: number | undefined;
    let dnsSeen = false;
    try {
      for (;;) {
        await clock.sleep(settings.pollIntervalMs, signal);
        const seen = await this.observe('failback', restoredAt, metricSince);
        const now = clock.now();
        const s = round1(now - restoredAt);
        dnsSeen ||= seen.dnsObservable;
        if (via !== undefined && healthyAt === undefined && seen[via] === 'healthy') {
          healthyAt = now;
          m.failbackDetection = {
            seconds: s,
            kind: 'measured',
            note: `reported healthy again via ${STATUS_SOURCE_LABEL[via]}`,
          };
        }
        this.say.failbackRound(s, seen.record);
        if (seen.route53 === 'primary' || seen.authoritative === 'primary') {
          m.dnsFailback = {
            seconds: s,
            kind: 'measured',
            note: `${this.report.failoverRecord} answered with the primary again`,
          };
          if (healthyAt === undefined) {
            m.failbackDetection = via
              ? { seconds: s, kind: 'upper-bound', note: 'at most this: the DNS answer changed back first' }
              : {
                  seconds: null,
                  kind: 'not-observable',
                  note: 'the status never showed the failure, so its recovery cannot be timed',
                };
          }
          this.phase('failback', restoredAt, 'done', `traffic back on the primary after ${s} s`);
          return;
        }
        if (now - restoredAt >= settings.failbackTimeoutMs) {
          const t = settings.failbackTimeoutMs / 1000;
          m.dnsFailback = dnsSeen
            ? { seconds: null, kind: 'not-reached', note: `still not answering with the primary after ${t} s` }
            : { seconds: null, kind: 'not-observable', note: `no DNS answer was observable within ${t} s` };
          if (healthyAt === undefined) {
            m.failbackDetection = {
              seconds: null,
              kind: via ? 'not-reached' : 'not-observable',
              note: via
                ? `not healthy again within ${t} s`
                : 'the status never showed the failure, so its recovery cannot be timed',
            };
          }
          this.phase('failback', restoredAt, 'timeout', m.dnsFailback.note);
          return;
        }
      }
    } catch (err) {
      // Interrupted while waiting for traffic to come back: the check is already restored.
      this.phase('failback', restoredAt, signal.aborted ? 'interrupted' : 'error', describeError(err));
    }
  }

  private async verifyRestored(): Promise<void> {
    const { ctx } = this.deps;
    if (!this.report.restore.needed) return;
    this.say.verifying();
    const cfg = await probeHealthCheckConfig(ctx, 'primary_health_check_id');
    this.report.restore.verifiedNotInverted = cfg.value === undefined ? null : !cfg.value.inverted;
  }

  private conclude(failure: { result: DrillResult; message: string } | undefined): FailoverReport {
    const { ctx, signal } = this.deps;
    const r = this.report;
    const m = r.measurements;
    if (m.dnsFailover.kind === 'measured' && m.dnsFailover.seconds !== null) {
      r.rto.measuredSeconds = m.dnsFailover.seconds;
      r.rto.withinTarget = m.dnsFailover.seconds <= r.rto.targetSeconds;
    }
    const restoreNote = r.restore.restored
      ? `restored (Inverted=false${r.restore.verifiedNotInverted === true ? ', verified' : ''})`
      : `NOT RESTORED: ${r.restore.error ?? 'unknown error'}`;
    if (ctx.aws.dryRun) return this.finish('dry-run', 'dry run: the calls above were printed, none was made');
    if (r.restore.needed && (!r.restore.restored || r.restore.verifiedNotInverted === false)) {
      return this.finish(
        'error',
        `${failure?.message ? `${failure.message}; ` : ''}the primary health check is ${r.restore.verifiedNotInverted === false ? 'still inverted' : restoreNote}`,
      );
    }
    const after = r.restore.needed ? `health check ${restoreNote}` : 'nothing was changed';
    if (failure?.result === 'interrupted' || signal.aborted)
      return this.finish('interrupted', `${failure?.message || 'interrupted'}; ${after}`);
    if (failure?.result === 'error') return this.finish('error', `${failure.message}; ${after}`);
    if (m.dnsFailover.kind === 'not-observable') {
      return this.finish(
        'not-observable',
        `detection and RTO NOT OBSERVABLE here (${m.dnsFailover.note}); health check inverted then ${restoreNote}`,
      );
    }
    if (m.dnsFailover.kind !== 'measured')
      return this.finish('failed', `failover NOT reached: ${m.dnsFailover.note}; health check ${restoreNote}`);
    const back =
      m.dnsFailback.kind === 'measured'
        ? `traffic back after ${m.dnsFailback.seconds} s`
        : `failback: ${m.dnsFailback.note}`;
    return this.finish(
      m.dnsFailback.kind === 'measured' ? 'passed' : 'failed',
      `DNS failover after ${m.dnsFailover.seconds} s (target ${r.rto.targetSeconds} s, budget ${r.rto.budgetWorstCaseSeconds} s); ${back}; health check ${restoreNote}`,
    );
  }

  private phase(name: PhaseName, startMs: number, outcome: PhaseOutcome, note: string): void {
    const end = this.deps.clock.now();
    this.report.phases.push({
      name,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(end).toISOString(),
      seconds: round1(end - startMs),
      outcome,
      note,
    });
  }

  private finish(result: DrillResult, message: string): FailoverReport {
    this.report.result = result;
    this.report.message = message;
    this.report.finishedAt = new Date(this.deps.clock.now()).toISOString();
    return this.report;
  }
}

/** Exit status of a failover run. */
export function failoverExitCode(report: FailoverReport, signalName?: string): number {
  switch (report.result) {
    case 'passed':
    case 'not-observable':
    case 'dry-run':
      return 0;
    case 'refused':
      return 2;
    case 'interrupted':
      return signalName === 'SIGTERM' ? 143 : 130;
    default:
      return 1;
  }
}
