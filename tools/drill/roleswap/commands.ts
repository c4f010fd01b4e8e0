/**
 * The role-swap commands: `switchover --to`, `failover --unplanned --to`, `reprotect`, `failback`.
 *
 * Each is a list of phases. Every phase first reads the real state (DescribeDBInstances, the fenced security
 * group, the Route 53 record, Terraform's own plan) and skips what is already done, so a command interrupted
 * at any point is finished by running it again: an unfinished command leaves `roleswap-pending.json` in the
 * target's work dir with the roles it was moving to, and the re-run continues with those roles.
 *
 * Roles change only through Terraform (the target: synth with the new role keys, then plan, guard and apply
 * one stack at a time, in the order the roles need). Two steps act beside Terraform, both documented:
 * - the reboot of the old writer after its fence (RebootDBInstance): a security group change does not end
 *   connections already established (EC2 security groups are stateful: tracked connections stay), the
 *   reboot does. It cannot stop a client that reconnects through a path the fenced group does not govern
 *   (none in this design: the instance is private and the fenced group has no rule), a person re-opening the
 *   group, or writes committed before the fence (which the drain then waits for);
 * - during an unplanned failover, the state objects are read from the replica bucket (context override of
 *   genai-demo:state, as docs/state-and-outage.md describes); reprotect copies back those written meanwhile.
 */
import {
  DescribeDBInstancesCommand,
  RebootDBInstanceCommand,
  type DescribeDBInstancesCommandOutput,
} from '@aws-sdk/client-rds';
import { DescribeSecurityGroupsCommand, type DescribeSecurityGroupsCommandOutput } from '@aws-sdk/client-ec2';
import { GetMetricStatisticsCommand, type GetMetricStatisticsCommandOutput } from '@aws-sdk/client-cloudwatch';
import {
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ListHostedZonesByNameCommandOutput,
  type ListResourceRecordSetsCommandOutput,
} from '@aws-sdk/client-route-53';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../../config';
import { databaseIdentifier } from '../../../config/derive';
import { describeRoleSwapBudget, roleSwapBudget } from '../../../config/recovery-budget';
import { describeError, httpStatusOf, type AnyCommand, type Service } from '../aws';
import { ROUTE53_REGION } from '../../lib/aws';
import type { Clock } from '../clock';
import { UsageError } from '../../lib/cli';
import {
  currentRoles,
  deploymentOf,
  describeRoles,
  pairStacks,
  regionOf,
  regionStack,
  rolesAfterReprotect,
  rolesAfterWriterMove,
  standbyRegion,
  type RoleState,
  type StateBackend,
} from './roles';
import type { IntendedRemoval, RoleSwapTarget, StackConvergence } from './target';
import { describeStateReplicaCopy, replicateState, stateKey, stateStacks } from '../../local/state-replica';

/**
 * With replication off the multi-region stack has no replica to watch: the replication-notification topic
 * and its KMS key (stacks/multi-region-stack.ts) are destroyed with it; the guard protects every KMS key, so
 * this one removal is let through by the command, and recorded. Reprotect creates new ones.
 */
export const REPLICATION_OFF_REMOVAL: IntendedRemoval = {
  addressPrefix: 'aws_kms_key.ReplicationNotifications_',
  reason: 'replication turned off: the replication-notification topic and its key go; reprotect creates new ones',
};

/** The commands. `failback` is a switchover back to the primary region. */
export type RoleSwapCommand = 'switchover' | 'failover-unplanned' | 'reprotect' | 'failback';

/** The AWS gateway as far as the commands need it (tools/drill/aws.ts; a fake in the unit tests). */
export interface AwsCaller {
  readonly dryRun: boolean;
  send<O>(service: Service, region: string, command: AnyCommand): Promise<O | undefined>;
}

/** Settings of one run. */
export interface RoleSwapSettings {
  readonly command: RoleSwapCommand;
  /** The region that becomes the writer (switchover, unplanned failover). */
  readonly to?: string;
  readonly dryRun: boolean;
  /** Allow acting on AWS (not needed for a local deployment). */
  readonly confirmProduction: boolean;
  /** Seconds between two reads while waiting (drain, promotion, reboot). */
  readonly pollIntervalMs: number;
  /** How long the drain may wait for ReplicaLag 0 after the fence. */
  readonly drainTimeoutMs: number;
  /** How long an instance may take to become available (reboot, promotion). */
  readonly waitTimeoutMs: number;
  /** A planned switchover is refused when the replica's latest lag is above this (it would drain for long). */
  readonly maxLagSeconds: number;
}

export interface RoleSwapDeps {
  readonly target: RoleSwapTarget;
  readonly aws: AwsCaller;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly settings: RoleSwapSettings;
}

export type PhaseOutcome = 'done' | 'already-done' | 'dry-run' | 'failed' | 'refused';

export interface RoleSwapPhase {
  readonly name: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly seconds: number;
  readonly outcome: PhaseOutcome;
  readonly note: string;
}

/** The data-loss figure of a run. */
export interface RpoRecord {
  readonly kind: 'planned-drained' | 'unplanned-last-lag' | 'not-observable' | 'not-applicable';
  /** Seconds, or null when not established. */
  readonly seconds: number | null;
  readonly how: string;
}

/** The record of a run: what the JSON and Markdown reports hold. */
export interface RoleSwapReport {
  readonly kind: 'role-swap';
  readonly command: RoleSwapCommand;
  readonly startedAt: string;
  finishedAt: string;
  result: 'done' | 'refused' | 'failed' | 'dry-run';
  message: string;
  readonly target: string;
  readonly emulator: boolean;
  readonly environment: string;
  /** True when this run continued an interrupted one. */
  resumed: boolean;
  rolesBefore: string;
  rolesAfter: string;
  persisted: string;
  readonly budget: readonly string[];
  readonly phases: RoleSwapPhase[];
  readonly stacks: StackConvergence[];
  rpo: RpoRecord;
  /** Seconds from the promoting apply's start until the instance was seen standalone and available. */
  promotionSeconds: number | null;
  /** What the operator must know or do next. */
  readonly notes: string[];
}

/** The unfinished command of a target, kept until it completes. */
export interface PendingSwap {
  readonly command: RoleSwapCommand;
  readonly to?: string;
  readonly startedAt: string;
  readonly before: RoleState;
  readonly after: RoleState;
  readonly state: StateBackend | null;
  /** Old writers already rebooted after their fence (identifier -> time). */
  readonly rebooted: Readonly<Record<string, string>>;
  /** When the fence was in place (the drain counts ReplicaLag datapoints from then). */
  readonly fencedAt?: string;
}

/** Written by an unplanned failover that moved the state backend, read by reprotect to move it back. */
export interface OutageRecord {
  readonly lostRegion: string;
  readonly normal: StateBackend;
  readonly replica: StateBackend;
  /** Stacks applied against the replica bucket during the outage. */
  readonly stacksApplied: readonly string[];
  readonly dataLossBoundSeconds: number | null;
}

/** A refusal: nothing was changed; exit 1 with the reason. */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

const PENDING = 'roleswap-pending.json';
const OUTAGE = 'roleswap-outage.json';

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** One DB instance as DescribeDBInstances shows it. */
interface DbView {
  readonly found: boolean;
  readonly status?: string;
  /** The replica's source (identifier or ARN), absent on a standalone instance. */
  readonly source?: string;
  readonly securityGroups: readonly string[];
}

/** Runs one role-swap command; always returns its report (refusals and failures included). */
export async function runRoleSwap(deps: RoleSwapDeps): Promise<RoleSwapReport> {
  return new RoleSwapRun(deps).run();
}

class RoleSwapRun {
  private readonly s: RoleSwapSettings;
  private readonly target: RoleSwapTarget;
  private config: AppConfig;
  private readonly report: RoleSwapReport;
  private pending?: PendingSwap;

  constructor(private readonly deps: RoleSwapDeps) {
    this.s = deps.settings;
    this.target = deps.target;
    this.config = deps.target.config();
    const budget = roleSwapBudget(this.config);
    this.report = {
      kind: 'role-swap',
      command: this.s.command,
      startedAt: this.iso(),
      finishedAt: '',
      result: 'done',
      message: '',
      target: deps.target.description,
      emulator: deps.target.emulator,
      environment: this.config.environment,
      resumed: false,
      rolesBefore: describeRoles(currentRoles(this.config), this.config),
      rolesAfter: '',
      persisted: 'nothing written',
      budget: budget === undefined ? [] : describeRoleSwapBudget(budget),
      phases: [],
      stacks: [],
      rpo: { kind: 'not-applicable', seconds: null, how: 'no writer moved' },
      promotionSeconds: null,
      notes: [],
    };
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private log(line: string): void {
    this.deps.log(line);
  }

  async run(): Promise<RoleSwapReport> {
    try {
      if (this.config.dr === undefined)
        throw new Refusal(`environment ${this.config.environment} deploys no DR region: no role to swap`);
      if (this.target.kind === 'aws' && !this.target.emulator && !this.s.confirmProduction && !this.s.dryRun) {
        throw new Refusal(
          `${this.s.command} acts on AWS (${this.config.environment}): pass --confirm-production (or --dry-run to see every call first)`,
        );
      }
      switch (this.s.command) {
        case 'switchover':
          await this.moveWriter(this.requireTo(), false);
          break;
        case 'failback':
          await this.moveWriter(this.config.primary.region, false);
          break;
        case 'failover-unplanned':
          await this.moveWriter(this.requireTo(), true);
          break;
        case 'reprotect':
          await this.reprotect();
          break;
      }
      if (this.s.dryRun) {
        this.report.result = 'dry-run';
        this.report.message = 'dry run: every AWS call and terraform command above was printed, none was made';
      } else {
        this.clearPending();
        this.report.result = 'done';
        this.report.message ||= `${this.s.command} complete: ${this.report.rolesAfter}`;
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const refused = err instanceof Refusal;
      this.report.result = refused ? 'refused' : 'failed';
      this.report.message = err instanceof Error ? err.message : String(err);
      if (!refused && this.pending !== undefined) {
        this.report.notes.push(
          `Interrupted: run the same command again; it continues from the phase that failed (the roles it moves to are kept in ${join(this.target.workDir, PENDING)}).`,
        );
      }
    }
    this.report.finishedAt = this.iso();
    return this.report;
  }

  private requireTo(): string {
    const to = this.s.to;
    if (to === undefined) throw new UsageError(`${this.s.command} needs --to <region>`);
    if (regionOf(this.config, to) === undefined) {
      throw new UsageError(
        `--to ${to}: not a region of this deployment (expected ${this.config.primary.region} or ${this.config.dr?.region})`,
      );
    }
    return to;
  }

  // ---- phases --------------------------------------------------------------------------------------------

  /** Runs `body` as a phase: start, end, duration, outcome; a throw ends the phase as failed (or refused) and the run. */
  private async phase(name: string, body: () => Promise<{ outcome?: PhaseOutcome; note: string }>): Promise<void> {
    const t0 = this.deps.clock.now();
    const startedAt = this.iso();
    this.log(`== ${name}`);
    const record = (outcome: PhaseOutcome, note: string) => {
      const seconds = Math.round((this.deps.clock.now() - t0) / 100) / 10;
      this.report.phases.push({ name, startedAt, endedAt: this.iso(), seconds, outcome, note });
      this.log(`   ${name}: ${outcome.toUpperCase()} in ${seconds} s${note ? `: ${note}` : ''}`);
    };
    try {
      const r = await body();
      record(r.outcome ?? (this.s.dryRun ? 'dry-run' : 'done'), r.note);
    } catch (err) {
      record(err instanceof Refusal ? 'refused' : 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /** Synth with `roles`, then converge each stack in order; returns what each did. */
  private async converge(
    stack: string,
    targets?: readonly string[],
    intended?: IntendedRemoval,
  ): Promise<StackConvergence> {
    const r = await this.target.converge(stack, targets, intended);
    this.report.stacks.push(r);
    return r;
  }

  private describeStacks(rs: readonly StackConvergence[]): string {
    return rs
      .map((r) =>
        r.outcome === 'applied'
          ? `${r.stack}${r.targets.length ? ` (${r.targets.join(', ')})` : ''} applied: ${r.add} added, ${r.change} changed, ${r.destroy} destroyed in ${r.seconds.toFixed(1)} s`
          : r.outcome === 'no-changes'
            ? `${r.stack}${r.targets.length ? ` (${r.targets.join(', ')})` : ''} already as configured${r.quirksOnly ? ' (emulator read-back quirks only)' : ''}`
            : `${r.stack}: dry run`,
      )
      .join('; ');
  }

  // ---- the pending record --------------------------------------------------------------------------------

  private loadPending(): PendingSwap | undefined {
    return readJson<PendingSwap>(join(this.target.workDir, PENDING));
  }

  private savePending(p: PendingSwap): void {
    this.pending = p;
    if (this.s.dryRun) return;
    mkdirSync(this.target.workDir, { recursive: true });
    writeFileSync(join(this.target.workDir, PENDING), `${JSON.stringify(p, null, 2)}\n`);
  }

  private clearPending(): void {
    rmSync(join(this.target.workDir, PENDING), { force: true });
  }

  /** The pending record of this command, or a refusal when another command is unfinished. */
  private resumable(to?: string): PendingSwap | undefined {
    const p = this.loadPending();
    if (p === undefined) return undefined;
    if (p.command !== this.s.command || p.to !== to) {
      throw new Refusal(
        `an interrupted ${p.command}${p.to ? ` --to ${p.to}` : ''} (started ${p.startedAt}) is unfinished: run it again to finish it first ` +
          `(its roles are in ${join(this.target.workDir, PENDING)})`,
      );
    }
    this.report.resumed = true;
    this.log(`Resuming the ${p.command} started ${p.startedAt}: each phase checks what is already done`);
    return p;
  }

  // ---- AWS reads -----------------------------------------------------------------------------------------

  private async describeDb(region: string, identifier: string): Promise<DbView | undefined> {
    try {
      const out = await this.deps.aws.send<DescribeDBInstancesCommandOutput>(
        'rds',
        region,
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }),
      );
      if (out === undefined) return undefined;
      const db = out.DBInstances?.[0];
      if (db === undefined) return { found: false, securityGroups: [] };
      return {
        found: true,
        status: db.DBInstanceStatus,
        source: db.ReadReplicaSourceDBInstanceIdentifier || undefined,
        securityGroups: (db.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? ''),
      };
    } catch (err) {
      if ((err as { name?: string }).name === 'DBInstanceNotFoundFault' || httpStatusOf(err) === 404)
        return { found: false, securityGroups: [] };
      throw err;
    }
  }

  /** Waits until `identifier` is available (and standalone when `standalone`); returns the seconds waited. */
  private async waitAvailable(region: string, identifier: string, standalone: boolean): Promise<number> {
    const t0 = this.deps.clock.now();
    for (;;) {
      const db = await this.describeDb(region, identifier);
      if (db === undefined) return 0;
      if (!db.found) throw new Error(`${identifier} (${region}) no longer exists`);
      if (db.status === 'available' && (!standalone || db.source === undefined))
        return (this.deps.clock.now() - t0) / 1000;
      if (this.deps.clock.now() - t0 > this.s.waitTimeoutMs) {
        throw new Error(
          `${identifier} (${region}) not ${standalone ? 'standalone and ' : ''}available after ${this.s.waitTimeoutMs / 1000} s (status ${db.status}${db.source ? `, replicating ${db.source}` : ''})`,
        );
      }
      await this.deps.clock.sleep(this.s.pollIntervalMs);
    }
  }

  private async fencedGroupId(region: string): Promise<string | undefined> {
    const name = `${deploymentOf(this.config, region).namePrefix}-db-fenced`;
    const out = await this.deps.aws.send<DescribeSecurityGroupsCommandOutput>(
      'ec2',
      region,
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [name] }] }),
    );
    return out?.SecurityGroups?.[0]?.GroupId;
  }

  /**
   * The latest ReplicaLag datapoint of `identifier` whose period starts at `since` or later, or undefined.
   * The window asked for starts a period earlier (CloudWatch wants StartTime before EndTime, and a fence a
   * moment ago has no datapoint of its own yet).
   */
  private async latestLag(
    region: string,
    identifier: string,
    since: Date,
  ): Promise<{ seconds: number; at: string } | undefined> {
    const out = await this.deps.aws.send<GetMetricStatisticsCommandOutput>(
      'cloudwatch',
      region,
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS',
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: identifier }],
        StartTime: new Date(since.getTime() - 60_000),
        EndTime: new Date(this.deps.clock.now()),
        Period: 60,
        Statistics: ['Maximum'],
      }),
    );
    const latest = [...(out?.Datapoints ?? [])]
      .filter((d) => (d.Timestamp?.getTime() ?? 0) >= since.getTime())
      .sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
    if (latest?.Maximum === undefined) return undefined;
    return { seconds: latest.Maximum, at: latest.Timestamp?.toISOString() ?? '' };
  }

  /** The region `api.` PRIMARY points at (its set identifier is `primary-<region>`), or undefined when unread. */
  private async primaryRecordRegion(): Promise<string | undefined> {
    const zones = await this.deps.aws.send<ListHostedZonesByNameCommandOutput>(
      'route53',
      ROUTE53_REGION,
      new ListHostedZonesByNameCommand({ DNSName: this.config.domain, MaxItems: 1 }),
    );
    const zone =
      zones?.HostedZones?.find((z) => z.Name === `${this.config.domain}.` && z.Config?.PrivateZone !== true) ??
      zones?.HostedZones?.[0];
    if (zone?.Id === undefined) return undefined;
    const name = `api.${this.config.domain}.`;
    const out = await this.deps.aws.send<ListResourceRecordSetsCommandOutput>(
      'route53',
      ROUTE53_REGION,
      new ListResourceRecordSetsCommand({
        HostedZoneId: zone.Id,
        StartRecordName: name,
        StartRecordType: 'A',
        MaxItems: 10,
      }),
    );
    const primary = out?.ResourceRecordSets?.find((r) => r.Name === name && r.Failover === 'PRIMARY');
    return primary?.SetIdentifier?.replace(/^primary-/, '');
  }

  private identifierOf(region: string, generation: number): string {
    return databaseIdentifier(deploymentOf(this.config, region).namePrefix, generation);
  }

  // ---- fencing -------------------------------------------------------------------------------------------

  /**
   * Fences `identifier` (region `region`, stack `stack`): a targeted apply of the instance in its stack
   * moves it to the fenced security group (no rule: Terraform's `retired: fenced`), then a reboot ends the
   * connections the group change leaves open. Skips each step already done. Returns whether the instance
   * was reachable before (it may have taken writes).
   */
  private async fence(region: string, stack: string, identifier: string): Promise<{ wasOpen: boolean; note: string }> {
    const db = await this.describeDb(region, identifier);
    if (db !== undefined && !db.found)
      return { wasOpen: false, note: `${identifier} does not exist in ${region}: nothing to fence` };
    const fencedGroup = db === undefined ? undefined : await this.fencedGroupId(region);
    const fenced =
      db !== undefined &&
      fencedGroup !== undefined &&
      db.securityGroups.length === 1 &&
      db.securityGroups[0] === fencedGroup;
    const notes: string[] = [];
    if (fenced) notes.push(`${identifier} already in the fenced security group ${fencedGroup}`);
    else {
      const address = this.target.databaseAddress(stack, identifier);
      if (address === undefined && !this.s.dryRun)
        throw new Error(`${identifier} is not in the synthesized ${stack}: cannot fence it through Terraform`);
      const r = await this.converge(stack, [address ?? `aws_db_instance.<${identifier}>`]);
      notes.push(this.describeStacks([r]));
      if (!this.s.dryRun) {
        const after = await this.describeDb(region, identifier);
        const group = await this.fencedGroupId(region);
        if (after === undefined || group === undefined || after.securityGroups.join(',') !== group) {
          throw new Error(
            `${identifier} is not in the fenced security group after the apply (groups ${after?.securityGroups.join(', ') ?? 'unread'}, fenced ${group ?? 'missing'})`,
          );
        }
      }
    }
    const rebooted = this.pending?.rebooted[identifier];
    if (rebooted !== undefined) notes.push(`rebooted at ${rebooted} (ends connections opened before the fence)`);
    else if (fenced && !this.report.resumed) notes.push('fenced and rebooted by an earlier command');
    else {
      await this.deps.aws.send('rds', region, new RebootDBInstanceCommand({ DBInstanceIdentifier: identifier }));
      if (this.pending !== undefined)
        this.savePending({ ...this.pending, rebooted: { ...this.pending.rebooted, [identifier]: this.iso() } });
      const waited = await this.waitAvailable(region, identifier, false);
      notes.push(
        this.s.dryRun
          ? 'would reboot it (RebootDBInstance) to end established connections'
          : `rebooted (RebootDBInstance) to end established connections; available again after ${waited.toFixed(1)} s`,
      );
    }
    return { wasOpen: !fenced, note: notes.join('; ') };
  }

  // ---- state backend -------------------------------------------------------------------------------------

  private async readState(
    backend: StateBackend,
    stack: string,
  ): Promise<{ serial: number; lineage: string; body: string } | undefined> {
    try {
      const out = await this.deps.aws.send<GetObjectCommandOutput>(
        's3',
        backend.region,
        new GetObjectCommand({ Bucket: backend.bucket, Key: stateKey(this.config, stack) }),
      );
      if (out?.Body === undefined) return undefined;
      const body = await out.Body.transformToString();
      const json = JSON.parse(body) as { serial?: number; lineage?: string };
      return { serial: json.serial ?? 0, lineage: json.lineage ?? '', body };
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey' || httpStatusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /**
   * Emulator only: moto stores a bucket's replication configuration but never copies an object
   * (docs/state-and-outage.md), so the local target copies every state object to the replica bucket
   * after each role-swap command, standing in for S3 replication (tools/local/state-replica.ts, the copy
   * `npm run up` makes too). On AWS, S3 Replication Time Control does it.
   */
  private async mirrorStateOnEmulator(): Promise<void> {
    if (!this.target.emulator || this.target.kind !== 'local') return;
    await this.phase('state-replica (emulator stand-in for S3 replication)', async () => {
      const copy = await replicateState(this.config, (region, command) => this.deps.aws.send('s3', region, command));
      return { note: describeStateReplicaCopy(copy) };
    });
  }

  // ---- the commands --------------------------------------------------------------------------------------

  /** switchover / failback (planned) and failover --unplanned: the writer moves to `to`. */
  private async moveWriter(to: string, unplanned: boolean): Promise<void> {
    const resumed = this.resumable(to);
    const config = this.config;
    let before: RoleState;
    let after: RoleState;
    if (resumed !== undefined) {
      before = resumed.before;
      after = resumed.after;
      this.pending = resumed;
    } else {
      before = currentRoles(config);
      if (before.writerRegion === to)
        throw new Refusal(
          `${deploymentOf(config, to).regionName} ${to} is already the writer region (genai-demo:multi-region.writer-region): nothing to ${this.s.command}`,
        );
      if (!before.replication) {
        throw new Refusal(
          `${to} holds no replica (genai-demo:multi-region.enable-cross-region-replication is false, as after a switchover): run \`npm run drill -- reprotect\` first`,
        );
      }
      after = rolesAfterWriterMove(before, to);
    }
    const from = before.writerRegion;
    const fromName = `${deploymentOf(config, from).regionName} ${from}`;
    const toName = `${deploymentOf(config, to).regionName} ${to}`;
    const oldWriter = this.identifierOf(from, before.regions[from].generation);
    const replica = this.identifierOf(to, before.regions[to].generation);
    const fromStack = regionStack(config, from);
    const toStack = regionStack(config, to);
    this.report.rolesBefore = describeRoles(before, config);
    this.report.rolesAfter = describeRoles(after, config);
    this.log(
      `${this.s.command}: writer ${fromName} -> ${toName}; ${oldWriter} is fenced${unplanned ? ' when its region returns (reprotect)' : ''}, ${replica} promoted`,
    );
    this.log(`Roles now:   ${this.report.rolesBefore}`);
    this.log(`Roles after: ${this.report.rolesAfter}`);
    for (const line of this.report.budget) this.log(line);

    // What to switch the backend to when the lost region holds the state (kept in the pending record on a re-run).
    const outageBefore = readJson<OutageRecord>(join(this.target.workDir, OUTAGE));
    const stateLost = unplanned && (resumed !== undefined ? resumed.state !== null : config.state.region === from);
    const replicaBackend: StateBackend | undefined = !stateLost
      ? undefined
      : (resumed?.state ?? { bucket: config.state.replicaBucket, region: config.state.replicaRegion });
    const normalBackend: StateBackend = outageBefore?.normal ?? {
      bucket: config.state.bucket,
      region: config.state.region,
    };

    let lastLag: { seconds: number; at: string } | undefined;
    await this.phase('preflight', async () => {
      const notes: string[] = [];
      const r = await this.describeDb(to, replica);
      if (r !== undefined) {
        if (!r.found)
          throw new Refusal(
            `the replica ${replica} does not exist in ${toName}: nothing to promote (check genai-demo:regions.regions.${to}.database)`,
          );
        if (r.source === undefined && resumed === undefined) {
          throw new Refusal(
            `${replica} in ${toName} is already standalone while the config says it replicates ${oldWriter}: the config and the real state disagree; settle it by hand`,
          );
        }
        if (r.source !== undefined && !r.source.endsWith(`:db:${oldWriter}`) && r.source !== oldWriter) {
          throw new Refusal(`${replica} replicates ${r.source}, not the writer ${oldWriter}`);
        }
        notes.push(
          `${replica}: ${r.source === undefined ? 'standalone (promoted by the interrupted run)' : `replica of ${oldWriter}`}, ${r.status}`,
        );
      }
      if (!unplanned) {
        // The old writer must be there to fence; its region answers (planned).
        const w = await this.describeDb(from, oldWriter);
        if (w !== undefined && !w.found)
          throw new Refusal(`the writer ${oldWriter} does not exist in ${fromName}: use failover --unplanned`);
        if (w !== undefined)
          notes.push(`${oldWriter}: ${w.source === undefined ? 'standalone' : `REPLICA of ${w.source}`}, ${w.status}`);
      }
      // Replica lag: the unplanned data-loss bound; for a planned switchover a refusal when the drain would be long.
      const since = new Date(this.deps.clock.now() - (unplanned ? 60 : 10) * 60_000);
      lastLag = await this.latestLag(to, replica, since);
      if (this.deps.aws.dryRun) notes.push('replica lag: not read (dry run)');
      else if (lastLag === undefined) {
        notes.push(
          this.target.emulator
            ? 'replica lag: not observable on the emulator (it publishes no RDS metrics)'
            : `replica lag: no ReplicaLag datapoint in the last ${unplanned ? 60 : 10} minutes`,
        );
      } else {
        notes.push(`replica lag ${lastLag.seconds} s at ${lastLag.at}`);
        if (!unplanned && resumed === undefined && lastLag.seconds > this.s.maxLagSeconds) {
          throw new Refusal(
            `replica lag ${lastLag.seconds} s at ${lastLag.at} is above --max-lag ${this.s.maxLagSeconds} s: the drain would keep writes stopped for long; try again when it is lower`,
          );
        }
      }
      if (replicaBackend !== undefined && resumed === undefined) {
        // The replica bucket must hold every stack's state before anything is planned from it.
        for (const stack of stateStacks(this.config)) {
          try {
            await this.deps.aws.send(
              's3',
              replicaBackend.region,
              new HeadObjectCommand({ Bucket: replicaBackend.bucket, Key: stateKey(this.config, stack) }),
            );
          } catch (err) {
            throw new Refusal(
              `the state replica ${replicaBackend.bucket} (${replicaBackend.region}) has no ${stateKey(this.config, stack)} (${describeError(err)}): S3 replication has not copied it; see docs/state-and-outage.md`,
            );
          }
        }
        notes.push(`state: every stack's state found in the replica bucket ${replicaBackend.bucket}`);
      }
      return { note: notes.join('; ') };
    });

    await this.phase('roles', async () => {
      if (resumed === undefined) {
        this.savePending({
          command: this.s.command,
          to,
          startedAt: this.report.startedAt,
          before,
          after,
          state: replicaBackend ?? null,
          rebooted: {},
        });
      }
      if (replicaBackend !== undefined && !this.s.dryRun) {
        const record: OutageRecord = {
          lostRegion: from,
          normal: normalBackend,
          replica: replicaBackend,
          stacksApplied: [toStack, pairStacks(config).failover],
          dataLossBoundSeconds: lastLag?.seconds ?? outageBefore?.dataLossBoundSeconds ?? null,
        };
        mkdirSync(this.target.workDir, { recursive: true });
        writeFileSync(join(this.target.workDir, OUTAGE), `${JSON.stringify(record, null, 2)}\n`);
      }
      this.report.persisted = this.target.persist(after, replicaBackend);
      await this.target.synth(after, replicaBackend);
      this.config = this.target.config();
      return {
        note: `${this.report.persisted}${replicaBackend ? `; state backend: ${replicaBackend.bucket} (${replicaBackend.region})` : ''}`,
      };
    });

    if (!unplanned) {
      await this.phase('fence', async () => {
        const f = await this.fence(from, fromStack, oldWriter);
        if (this.pending !== undefined && this.pending.fencedAt === undefined)
          this.savePending({ ...this.pending, fencedAt: this.iso() });
        return {
          note: f.note,
          outcome:
            !f.wasOpen && this.pending?.rebooted[oldWriter] !== undefined && !this.s.dryRun
              ? 'already-done'
              : undefined,
        };
      });
      await this.phase('drain', async () => {
        if (this.s.dryRun) {
          await this.latestLag(to, replica, new Date(this.deps.clock.now()));
          return { note: 'would wait for ReplicaLag 0 after the fence' };
        }
        const fencedAt = new Date(this.pending?.fencedAt ?? this.iso());
        const t0 = this.deps.clock.now();
        for (;;) {
          const lag = await this.latestLag(to, replica, fencedAt);
          if (lag === undefined && this.target.emulator) {
            this.report.rpo = {
              kind: 'not-observable',
              seconds: null,
              how: 'not observable on the emulator: it publishes no ReplicaLag and replicates no data, so there is nothing to drain; the command goes on',
            };
            return { note: this.report.rpo.how };
          }
          if (lag !== undefined && lag.seconds === 0) {
            this.report.rpo = {
              kind: 'planned-drained',
              seconds: 0,
              how: `ReplicaLag of ${replica} was 0 at ${lag.at}, after the fence (${fencedAt.toISOString()}): no write after that point can be missing`,
            };
            return { note: this.report.rpo.how };
          }
          if (this.deps.clock.now() - t0 > this.s.drainTimeoutMs) {
            throw new Error(
              `ReplicaLag of ${replica} not 0 within ${this.s.drainTimeoutMs / 1000} s after the fence (latest ${lag === undefined ? 'none' : `${lag.seconds} s at ${lag.at}`}); ` +
                'writes stay fenced and nothing was promoted: re-run to keep waiting, or decide on `failover --unplanned` (data loss up to the lag)',
            );
          }
          await this.deps.clock.sleep(this.s.pollIntervalMs);
        }
      });
    } else {
      this.report.rpo =
        lastLag !== undefined
          ? {
              kind: 'unplanned-last-lag',
              seconds: lastLag.seconds,
              how: `data-loss bound: the last ReplicaLag observed before the loss, ${lastLag.seconds} s at ${lastLag.at}`,
            }
          : {
              kind: 'not-observable',
              seconds: null,
              how: this.target.emulator
                ? 'not observable on the emulator (it publishes no ReplicaLag): the data-loss bound is unknown'
                : 'no ReplicaLag datapoint in the hour before: the data-loss bound is unknown',
            };
    }

    await this.phase('promote', async () => {
      if (!this.target.emulator) {
        // README "Derived values": the node group's desired size is ignored by Terraform after creation.
        this.log(
          `   note: EKS refuses a node-group minimum above the running desired size; if the apply fails on ${toName}'s node group, raise its desired size ` +
            `(aws eks update-nodegroup-config --scaling-config desiredSize=${deploymentOf(this.config, to).eks.minNodes}) and run the command again: it continues here`,
        );
      }
      const t0 = this.deps.clock.now();
      const r = await this.converge(toStack);
      const waited = await this.waitAvailable(to, replica, true);
      if (!this.s.dryRun) this.report.promotionSeconds = Math.round((this.deps.clock.now() - t0) / 100) / 10;
      return {
        outcome: r.outcome === 'no-changes' ? 'already-done' : undefined,
        note: `${this.describeStacks([r])} (promotion of ${replica} and the ${toName} node group to full size); standalone and available${waited > 0 ? ` after ${waited.toFixed(1)} s more` : ''}`,
      };
    });
    await this.phase('dns', async () => {
      const r = await this.converge(pairStacks(this.config).failover);
      return {
        outcome: r.outcome === 'no-changes' ? 'already-done' : undefined,
        note: `${this.describeStacks([r])} (api. PRIMARY and the database name follow the writer)`,
      };
    });
    if (!unplanned) {
      await this.phase('capacity', async () => {
        const rs = [
          await this.converge(fromStack),
          await this.converge(pairStacks(this.config).multiRegion, undefined, REPLICATION_OFF_REMOVAL),
        ];
        return {
          outcome: rs.every((r) => r.outcome === 'no-changes') ? 'already-done' : undefined,
          note: `${this.describeStacks(rs)} (${fromName} to the standby size; alarms and dashboards follow the roles)`,
        };
      });
    }
    await this.phase('verify', async () => {
      const db = await this.describeDb(to, replica);
      const primary = await this.primaryRecordRegion();
      if (db === undefined) return { note: 'would check the new writer is standalone and api. PRIMARY points at it' };
      if (!db.found || db.source !== undefined)
        throw new Error(`${replica} is not standalone (${db.found ? `replicates ${db.source}` : 'missing'})`);
      if (primary !== to) throw new Error(`api.${config.domain} PRIMARY points at ${primary ?? 'nothing'}, not ${to}`);
      return { note: `${replica} standalone (${db.status}); api.${config.domain} PRIMARY -> ${to}` };
    });

    if (unplanned) {
      this.report.notes.push(
        `Data-loss bound: ${this.report.rpo.how}.`,
        `Not applied (they need ${fromName}'s APIs): ${fromStack} and ${config.stackNames.multiRegion}. ${oldWriter} is NOT fenced yet: if ${from} comes back, it may accept writes from anything still reaching it.`,
        `When ${fromName} returns: run \`npm run drill -- reprotect\`. It ${stateLost ? `copies the state written during the outage back to ${normalBackend.bucket} (newer serial, same lineage, as terraform state push checks) and moves the backend back, then ` : ''}fences ${oldWriter} first, applies ${fromStack} (standby size) and ${config.stackNames.multiRegion}, and creates ${fromName}'s next generation as a replica of ${replica}. Writes ${oldWriter} took before the cut and that were not replicated are only in it: compare before deleting it.`,
      );
    } else {
      await this.mirrorStateOnEmulator();
      this.report.notes.push(
        `${oldWriter} is fenced (security group with no rule, rebooted), not a replica: \`npm run drill -- reprotect\` creates ${fromName}'s generation ${after.regions[from].generation} as a replica of ${replica}.`,
      );
    }
    if (this.target.kind === 'aws')
      this.report.notes.push(`Commit cdktf.json: it now holds the role keys (${this.report.persisted}).`);
  }

  /** reprotect: fence the old writer, then the standby region's next generation as a replica of the writer. */
  private async reprotect(): Promise<void> {
    const resumed = this.resumable(undefined);
    const config = this.config;
    const before = resumed?.before ?? currentRoles(config);
    if (resumed === undefined && before.replication) {
      throw new Refusal(
        `replication is already on (genai-demo:multi-region.enable-cross-region-replication): nothing to reprotect; \`npm run drill -- check\` shows the replica`,
      );
    }
    const after = resumed?.after ?? rolesAfterReprotect(before);
    const writer = after.writerRegion;
    const standby = standbyRegion(config, after);
    const standbyName = `${deploymentOf(config, standby).regionName} ${standby}`;
    const standbyStack = regionStack(config, standby);
    const writerId = this.identifierOf(writer, after.regions[writer].generation);
    const newReplica = this.identifierOf(standby, after.regions[standby].generation);
    const toFence = Object.entries(after.regions[standby].retired).map(([g]) => this.identifierOf(standby, Number(g)));
    const outage = readJson<OutageRecord>(join(this.target.workDir, OUTAGE));
    this.report.rolesBefore = describeRoles(before, config);
    this.report.rolesAfter = describeRoles(after, config);
    this.log(
      `reprotect: ${standbyName} gets generation ${after.regions[standby].generation} (${newReplica}) as a replica of ${writerId}`,
    );
    for (const line of this.report.budget) this.log(line);

    await this.phase('preflight', async () => {
      const w = await this.describeDb(writer, writerId);
      if (w === undefined) return { note: 'would check the writer and the standby region answer' };
      if (!w.found || w.source !== undefined)
        throw new Refusal(
          `the writer ${writerId} is not a standalone instance in ${writer} (${w.found ? `replicates ${w.source}` : 'missing'})`,
        );
      // The standby region must answer again (this reads it).
      for (const id of toFence) {
        const f = await this.describeDb(standby, id);
        if (f?.found && f.source !== undefined)
          throw new Refusal(
            `${id} in ${standbyName} is still a replica of ${f.source}: expected a retired standalone instance`,
          );
      }
      return { note: `${writerId} standalone in ${writer}; ${standbyName} answers` };
    });

    if (outage !== undefined) {
      await this.phase('state-return', async () => {
        const notes: string[] = [];
        for (const stack of outage.stacksApplied) {
          const fromReplica = await this.readState(outage.replica, stack);
          const fromNormal = await this.readState(outage.normal, stack);
          if (fromReplica === undefined) continue;
          if (fromNormal !== undefined && fromNormal.lineage !== fromReplica.lineage) {
            throw new Error(
              `${stack}: the state in ${outage.normal.bucket} has lineage ${fromNormal.lineage}, the replica's ${fromReplica.lineage}: not copied; settle it by hand (terraform state pull/push)`,
            );
          }
          if (fromNormal !== undefined && fromNormal.serial >= fromReplica.serial) {
            notes.push(`${stack}: ${outage.normal.bucket} already has serial ${fromNormal.serial}`);
            continue;
          }
          await this.deps.aws.send(
            's3',
            outage.normal.region,
            new PutObjectCommand({
              Bucket: outage.normal.bucket,
              Key: stateKey(this.config, stack),
              Body: fromReplica.body,
            }),
          );
          notes.push(
            `${stack}: serial ${fromReplica.serial} copied back from ${outage.replica.bucket} (was ${fromNormal?.serial ?? 'absent'})`,
          );
        }
        return { note: notes.join('; ') || 'nothing to copy' };
      });
    }

    await this.phase('roles', async () => {
      if (resumed === undefined)
        this.savePending({
          command: 'reprotect',
          startedAt: this.report.startedAt,
          before,
          after,
          state: null,
          rebooted: {},
        });
      this.report.persisted = this.target.persist(after, undefined);
      await this.target.synth(after, undefined);
      if (!this.s.dryRun) rmSync(join(this.target.workDir, OUTAGE), { force: true });
      this.config = this.target.config();
      return {
        note: `${this.report.persisted}${outage ? `; state backend back to ${outage.normal.bucket} (${outage.normal.region})` : ''}`,
      };
    });

    await this.phase('fence', async () => {
      const notes: string[] = [];
      let opened = false;
      for (const id of toFence) {
        const f = await this.fence(standby, standbyStack, id);
        opened ||= f.wasOpen;
        notes.push(f.note);
        if (f.wasOpen && !this.s.dryRun) {
          this.report.notes.push(
            `${id} was still reachable before this fence: it may have accepted writes after the last replication to ${writerId} (an unplanned failover does not stop it). Those writes are only in ${id}: compare it with ${writerId} before deleting it (set retired.<generation> to "deletable", apply, then remove the entry).`,
          );
        }
      }
      return {
        outcome: opened || this.s.dryRun ? undefined : 'already-done',
        note: notes.join('; ') || `no retired generation in ${standbyName}`,
      };
    });
    await this.phase('replica', async () => {
      const r = await this.converge(standbyStack);
      const waited = await this.waitAvailable(standby, newReplica, false);
      return {
        outcome: r.outcome === 'no-changes' ? 'already-done' : undefined,
        note: `${this.describeStacks([r])}; ${newReplica} available${waited > 0 ? ` after ${waited.toFixed(1)} s more` : ''}`,
      };
    });
    await this.phase('converge', async () => {
      const rs = [];
      const pair = pairStacks(config);
      for (const stack of [regionStack(config, writer), pair.multiRegion, pair.failover])
        rs.push(await this.converge(stack));
      return {
        outcome: rs.every((r) => r.outcome === 'no-changes') ? 'already-done' : undefined,
        note: this.describeStacks(rs),
      };
    });
    await this.phase('verify', async () => {
      const r = await this.describeDb(standby, newReplica);
      if (r === undefined) return { note: `would check ${newReplica} replicates ${writerId}` };
      if (!r.found || r.source === undefined || !(r.source === writerId || r.source.endsWith(`:db:${writerId}`))) {
        throw new Error(
          `${newReplica} is not a replica of ${writerId} (${r.found ? (r.source ?? 'standalone') : 'missing'})`,
        );
      }
      return { note: `${newReplica} replicates ${writerId} (${r.status})` };
    });
    await this.mirrorStateOnEmulator();
    if (this.target.kind === 'aws')
      this.report.notes.push(`Commit cdktf.json: it now holds the role keys (${this.report.persisted}).`);
  }
}
