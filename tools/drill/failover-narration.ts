/**
 * What a planned failover tells the operator while it runs. The algorithm (failover.ts) only says which
 * moment it has reached; this module decides what, if anything, that reads as:
 *
 *   dry run   the plan, step by step: a numbered heading before the calls the AWS gateway prints for it
 *   real run  progress: the invert and restore times, each observation round, detection, a failed restore
 *
 * Lines go to the run's `log`; the gateway's "would call" lines go to the probe context's `print`.
 */
import type { Unobservable } from './endpoint';
import type { RoundRecord } from './failover-record';

/** What the narration needs to know about the run, fixed when it starts. */
export interface NarrationProps {
  /** Where the lines go. */
  readonly log: (line: string) => void;
  /** A dry run prints the plan; a real run prints progress. */
  readonly dryRun: boolean;
  /** The failover record's name, as the report names it. */
  readonly failoverRecord: string;
  readonly pollIntervalMs: number;
  readonly failoverTimeoutMs: number;
  readonly failbackTimeoutMs: number;
}

/** The run's lines, one method per moment of the algorithm, in the order the algorithm reaches them. */
export class FailoverNarration {
  private readonly props: NarrationProps;

  constructor(props: NarrationProps) {
    this.props = props;
  }

  /** Before anything: what this endpoint cannot show (both modes), when anything. */
  endpointLimits(endpointLabel: string, notObservable: readonly Unobservable[]): void {
    if (notObservable.length === 0) return;
    this.say(`Endpoint ${endpointLabel} is the local emulator. Not observable there, so not measured:`);
    for (const u of notObservable) this.say(`  - ${u.what}: ${u.why}`);
  }

  /** The baseline round is about to run. */
  baseline(): void {
    this.plan(
      '1. baseline (read-only; the drill stops here if the check is inverted or disabled, or traffic is not on the primary)',
    );
  }

  /** A dry run goes on where a real run would stop for the production guard. */
  refusalNotEnforced(refusal: string): void {
    this.say(`  note: a real run would refuse without --confirm-production: ${refusal}`);
  }

  /** The invert is about to be sent; `alertTopicArn` is notified when the alarm fires on real AWS. */
  beforeInvert(emulator: boolean, alertTopicArn: string | null): void {
    if (this.props.dryRun) this.say('2. invert the primary health check');
    else if (!emulator && alertTopicArn !== null)
      this.say(`The primary health-check alarm will fire as in a real outage and notify ${alertTopicArn}.`);
  }

  /** The invert was sent at `atMs`. */
  inverted(healthCheckId: string | undefined, atMs: number): void {
    this.progress(
      `Inverted the primary health check ${healthCheckId} at ${new Date(atMs).toISOString()}; waiting for failover (at most ${this.props.failoverTimeoutMs / 1000} s)`,
    );
  }

  /** The failover wait starts. */
  waitingForFailover(): void {
    const p = this.props;
    this.plan(
      `3. wait for failover: every ${p.pollIntervalMs / 1000} s, at most ${p.failoverTimeoutMs / 1000} s, until the primary is unhealthy and ${p.failoverRecord} answers with DR:`,
    );
  }

  /** A status source first showed the primary unhealthy, `seconds` after the invert. */
  detected(seconds: number, via: string): void {
    this.say(`  ${seconds} s: primary reported unhealthy (${via})`);
  }

  /** One round of the failover wait, `seconds` after the invert. */
  failoverRound(seconds: number, inverted: boolean | undefined, record: RoundRecord): void {
    this.say(`  ${seconds} s: inverted=${inverted ?? '?'}; ${record.checkers}; ${record.route53Answer}`);
  }

  /** The restore starts; it makes up to `attempts` attempts. */
  restoring(attempts: number): void {
    this.plan(`4. restore, always (after success, error, timeout, SIGINT/SIGTERM; up to ${attempts} attempts)`);
  }

  /** The restore was accepted at `atMs`. */
  restored(atMs: number): void {
    this.progress(`Restored the primary health check (Inverted=false) at ${new Date(atMs).toISOString()}`);
  }

  restoreAttemptFailed(attempt: number, attempts: number, error: string): void {
    this.say(`  restore attempt ${attempt}/${attempts} failed: ${error}`);
  }

  /** Every attempt failed: the operator must restore by hand, and is told how. */
  restoreFailed(healthCheckId: string | undefined): void {
    this.say(
      `RESTORE FAILED: the primary health check ${healthCheckId} is still inverted, so Route 53 ` +
        `keeps traffic on DR. Restore it now: aws route53 update-health-check --health-check-id ${healthCheckId} --no-inverted`,
    );
  }

  /** The failback wait starts. */
  waitingForFailback(): void {
    const p = this.props;
    this.plan(
      `5. wait for failback: every ${p.pollIntervalMs / 1000} s, at most ${p.failbackTimeoutMs / 1000} s, until the primary is healthy and ${p.failoverRecord} answers with it:`,
    );
  }

  /** One round of the failback wait, `seconds` after the restore. */
  failbackRound(seconds: number, record: RoundRecord): void {
    this.say(`  ${seconds} s after restore: ${record.checkers}; ${record.route53Answer}`);
  }

  /** The check's Inverted flag is about to be read back. */
  verifying(): void {
    this.plan('6. verify: the primary health check is not inverted');
  }

  /** A line in both modes. */
  private say(line: string): void {
    this.props.log(line);
  }

  /** A step of the plan: dry run only. */
  private plan(line: string): void {
    if (this.props.dryRun) this.props.log(line);
  }

  /** A progress line: real runs only. */
  private progress(line: string): void {
    if (!this.props.dryRun) this.props.log(line);
  }
}
