/**
 * The record of a planned-failover run: phases, observation rounds, measurements, the RTO beside its
 * target and budget, the restore. The algorithm (failover.ts) fills it in; the report files (report.ts,
 * timeline.ts) are written from it alone.
 */

export type PhaseName = 'baseline' | 'invert' | 'failover' | 'restore' | 'failback';
export type PhaseOutcome = 'done' | 'timeout' | 'interrupted' | 'error' | 'skipped' | 'refused' | 'dry-run';

export interface PhaseRecord {
  readonly name: PhaseName;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly seconds: number;
  readonly outcome: PhaseOutcome;
  readonly note: string;
}

/** One observation round. */
export interface RoundRecord {
  readonly phase: PhaseName;
  readonly at: string;
  /** Seconds since the invert (failover) or the restore (failback); 0 for the baseline. */
  readonly elapsedSeconds: number;
  /** The primary check's Inverted flag as GetHealthCheck read it (not read in the baseline round). */
  readonly inverted?: boolean;
  readonly checkers: string;
  readonly metric: string;
  readonly route53Answer: string;
  readonly authoritativeAnswer: string;
}

/** A measured duration, or why there is none. */
export interface Measurement {
  /** Seconds, or null when not measured. */
  readonly seconds: number | null;
  /** `measured`, `upper-bound` (inferred: at most this), `not-reached` (timed out), `not-observable`. */
  readonly kind: 'measured' | 'upper-bound' | 'not-reached' | 'not-observable';
  /** Which observation it comes from, or the reason it is missing. */
  readonly note: string;
}

export type DrillResult = 'passed' | 'failed' | 'not-observable' | 'interrupted' | 'error' | 'refused' | 'dry-run';

/** The whole record of a run: what the report files contain. */
export interface FailoverReport {
  readonly kind: 'planned-failover';
  readonly startedAt: string;
  finishedAt: string;
  readonly endpoint: string;
  readonly emulator: boolean;
  readonly environment: string;
  readonly domain: string;
  readonly failoverRecord: string;
  readonly primaryHealthCheckId: string | null;
  readonly outputsSource: string;
  readonly missingOutputs: readonly string[];
  /** The topic the primary-unhealthy alarm notifies during the drill (output failover_topic_arn). */
  readonly alertTopicArn: string | null;
  readonly settings: {
    readonly pollIntervalSeconds: number;
    readonly failoverTimeoutSeconds: number;
    readonly failbackTimeoutSeconds: number;
  };
  /** Declared upfront: what this endpoint cannot show. */
  readonly notObservable: ReadonlyArray<{ readonly what: string; readonly why: string }>;
  readonly phases: PhaseRecord[];
  readonly rounds: RoundRecord[];
  readonly measurements: {
    detection: Measurement;
    dnsFailover: Measurement;
    failoverComplete: Measurement;
    failbackDetection: Measurement;
    dnsFailback: Measurement;
  };
  /** Measured RTO (to the DNS failover) beside the configured target and the computed budget. */
  readonly rto: {
    measuredSeconds: number | null;
    readonly targetSeconds: number;
    readonly targetMinutes: number;
    readonly budgetWorstCaseSeconds: number;
    readonly budgetDetectionSeconds: number;
    withinTarget: boolean | null;
    readonly note: string;
  };
  readonly restore: {
    needed: boolean;
    restored: boolean;
    attempts: number;
    verifiedNotInverted: boolean | null;
    error: string | null;
  };
  result: DrillResult;
  message: string;
}
