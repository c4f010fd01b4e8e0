/**
 * A simulated pair of regions for the role-swap commands' unit tests: RDS instances with their source and
 * security groups, the fenced groups, ReplicaLag datapoints, the api. PRIMARY record and the state objects,
 * answered by a fake AWS gateway; and a fake target whose Terraform applies change that world the way the
 * synthesized roles say (fence, promotion, new replica, DNS). Every AWS call and every apply lands in one
 * ordered event list, so the tests can assert what happened before what.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../../config';
import { databaseIdentifier } from '../../../config/derive';
import { operationName, type AnyCommand, type Service } from '../../../tools/drill/aws';
import type { AwsCaller, RoleSwapCommand, RoleSwapSettings } from '../../../tools/drill/roleswap/commands';
import {
  currentRoles,
  regionOf,
  rolePatch,
  type RoleState,
  type StateBackend,
} from '../../../tools/drill/roleswap/roles';
import type { IntendedRemoval, RoleSwapTarget, StackConvergence } from '../../../tools/drill/roleswap/target';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../../config';
import { mergeContext, type JsonObject } from '../../../tools/drill/roleswap/roles';
import type { Clock } from '../../../tools/drill/clock';

/** cdktf.json's context with `patch` merged in, resolved (no stack is imported: keeps the suite fast). */
export function configWith(patch: JsonObject = {}): AppConfig {
  const context = (
    JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'cdktf.json'), 'utf8')) as { context: JsonObject }
  ).context;
  return resolveConfig(mergeContext(context, patch));
}

/** A clock that advances only when the code sleeps (fakes.ts has one too, but imports the whole app). */
export class FakeClock implements Clock {
  t = Date.parse('2026-01-01T00:00:00Z');
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
    await Promise.resolve();
  }
}

export const TAIWAN = 'ap-east-2';
export const TOKYO = 'ap-northeast-1';

export interface FakeDb {
  status: string;
  source?: string;
  groups: string[];
}

/** An error shaped like the SDK's. */
function sdkError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

export class World {
  readonly clock = new FakeClock();
  /** Every AWS call and every Terraform apply, in order: `rds.RebootDBInstance ap-east-2 <id>`, `apply <stack> [targets]`. */
  readonly events: string[] = [];
  /** region -> identifier -> instance. */
  readonly dbs: Record<string, Record<string, FakeDb>> = { [TAIWAN]: {}, [TOKYO]: {} };
  /** region -> fenced group id, once Terraform created it. */
  readonly fencedGroups: Record<string, string> = {};
  /** ReplicaLag answer: region/identifier -> datapoints (seconds, time) returned for any window. */
  lag: (region: string, id: string, start: Date) => Array<{ Maximum: number; Timestamp: Date }> = () => [];
  /** The region api. PRIMARY points at. */
  primaryRecord = TAIWAN;
  /** bucket -> key -> body. */
  readonly objects: Record<string, Record<string, string>> = {};
  /** Regions that answer every request with an error (an outage). */
  readonly down = new Set<string>();
  /** Requests sent to a region that is down. */
  readonly callsToDown: string[] = [];

  constructor(readonly config: AppConfig) {
    const p = config.primary.namePrefix;
    const d = config.dr!.namePrefix;
    this.dbs[TAIWAN][databaseIdentifier(p, 1)] = { status: 'available', groups: ['sg-db-taiwan'] };
    this.dbs[TOKYO][databaseIdentifier(d, 1)] = {
      status: 'available',
      source: `arn:aws:rds:${TAIWAN}:000000000000:db:${databaseIdentifier(p, 1)}`,
      groups: ['sg-db-tokyo'],
    };
    for (const stack of Object.values(config.stackNames)) {
      if (stack === undefined) continue;
      this.put(
        config.state.bucket,
        `${config.state.keyPrefix}/${stack}.tfstate`,
        JSON.stringify({ serial: 3, lineage: `lineage-${stack}` }),
      );
    }
  }

  put(bucket: string, key: string, body: string): void {
    this.objects[bucket] ??= {};
    this.objects[bucket][key] = body;
  }

  /** The fake AWS gateway. */
  aws(dryRun = false): AwsCaller & { calls: string[] } {
    const calls: string[] = [];
    return {
      dryRun,
      calls,
      send: async <O>(service: Service, region: string, command: AnyCommand): Promise<O | undefined> => {
        const op = operationName(command);
        const input = command.input as Record<string, unknown>;
        const line = `${service}.${op} ${region} ${String(input.DBInstanceIdentifier ?? input.Key ?? '')}`.trim();
        calls.push(line);
        if (dryRun) return undefined;
        this.events.push(line);
        if (this.down.has(region)) {
          this.callsToDown.push(line);
          throw sdkError('ServiceUnavailable', 503, `${region} is down`);
        }
        return this.answer(service, region, op, input) as O;
      },
    };
  }

  private answer(service: Service, region: string, op: string, input: Record<string, unknown>): unknown {
    switch (op) {
      case 'DescribeDBInstances': {
        const id = input.DBInstanceIdentifier as string;
        const db = this.dbs[region][id];
        if (db === undefined) throw sdkError('DBInstanceNotFoundFault', 404, `DBInstance ${id} not found`);
        return {
          DBInstances: [
            {
              DBInstanceIdentifier: id,
              DBInstanceStatus: db.status,
              ReadReplicaSourceDBInstanceIdentifier: db.source,
              VpcSecurityGroups: db.groups.map((g) => ({ VpcSecurityGroupId: g })),
            },
          ],
        };
      }
      case 'RebootDBInstance':
        return {};
      case 'DescribeSecurityGroups':
        return { SecurityGroups: this.fencedGroups[region] ? [{ GroupId: this.fencedGroups[region] }] : [] };
      case 'GetMetricStatistics': {
        const dims = input.Dimensions as Array<{ Value: string }>;
        return { Datapoints: this.lag(region, dims[0].Value, input.StartTime as Date) };
      }
      case 'ListHostedZonesByName':
        return {
          HostedZones: [{ Id: '/hostedzone/ZFAKE', Name: `${this.config.domain}.`, Config: { PrivateZone: false } }],
        };
      case 'ListResourceRecordSets':
        return {
          ResourceRecordSets: [
            {
              Name: `api.${this.config.domain}.`,
              Type: 'A',
              Failover: 'PRIMARY',
              SetIdentifier: `primary-${this.primaryRecord}`,
            },
            {
              Name: `api.${this.config.domain}.`,
              Type: 'A',
              Failover: 'SECONDARY',
              SetIdentifier: `secondary-${this.primaryRecord === TAIWAN ? TOKYO : TAIWAN}`,
            },
          ],
        };
      case 'HeadObject':
      case 'GetObject': {
        const body = this.objects[input.Bucket as string]?.[input.Key as string];
        if (body === undefined) throw sdkError('NoSuchKey', 404);
        return op === 'HeadObject' ? {} : { Body: { transformToString: async () => body } };
      }
      case 'HeadBucket':
        if (this.objects[input.Bucket as string] === undefined) throw sdkError('NotFound', 404);
        return {};
      case 'CreateBucket':
        this.objects[input.Bucket as string] ??= {};
        return {};
      case 'PutBucketVersioning':
        return {};
      case 'PutObject':
        this.put(input.Bucket as string, input.Key as string, input.Body as string);
        return {};
      default:
        throw new Error(`the fake does not answer ${service}.${op}`);
    }
  }
}

/** A fake target: roles persisted in memory, applies that act on the world as the roles say. */
export class FakeTarget implements RoleSwapTarget {
  readonly kind: 'local' | 'aws';
  readonly description: string;
  readonly awsEnv = {};
  readonly workDir = mkdtempSync(join(tmpdir(), 'roleswap-'));
  persisted: { roles: RoleState; state?: StateBackend } | undefined;
  private synthesized: { roles: RoleState; state?: StateBackend } | undefined;
  /** Throws before applying when it returns true (an interruption in that apply). */
  failOn?: (stack: string, targets: readonly string[]) => boolean;
  readonly applies: string[] = [];
  /** Removals the command declared intended, by stack. */
  readonly intended: Array<[string, IntendedRemoval]> = [];

  constructor(
    readonly world: World,
    readonly emulator = false,
  ) {
    this.kind = emulator ? 'local' : 'aws';
    this.description = `Target: fake ${this.kind}`;
  }

  config(): AppConfig {
    const p = this.persisted;
    return p === undefined ? this.world.config : configWith(rolePatch(p.roles, p.state));
  }

  persist(roles: RoleState, state: StateBackend | undefined): string {
    this.persisted = { roles, state };
    return 'kept by the fake target';
  }

  async synth(roles: RoleState, state: StateBackend | undefined): Promise<void> {
    this.synthesized = { roles, state };
  }

  databaseAddress(_stack: string, identifier: string): string | undefined {
    return `aws_db_instance.${identifier.replace(/-/g, '_')}`;
  }

  async converge(
    stack: string,
    targets: readonly string[] = [],
    intended?: IntendedRemoval,
  ): Promise<StackConvergence> {
    if (intended !== undefined) this.intended.push([stack, intended]);
    if (this.failOn?.(stack, targets)) {
      this.world.events.push(`INTERRUPTED apply ${stack}${targets.length ? ` ${targets.join(',')}` : ''}`);
      throw new Error(`${stack}: terraform apply failed: interrupted (test)`);
    }
    const roles = this.synthesized!.roles;
    const config = configWith(rolePatch(roles, this.synthesized!.state));
    const stateRegion = this.synthesized!.state?.region ?? config.state.region;
    if (this.world.down.has(stateRegion)) throw new Error(`${stack}: backend in ${stateRegion} unreachable`);
    let changed = 0;
    const region = [config.primary, config.dr!].find(
      (r) => (r.role === 'primary' ? config.stackNames.primary : config.stackNames.dr) === stack,
    );
    if (region !== undefined) {
      if (this.world.down.has(region.region)) throw new Error(`${stack}: ${region.region} unreachable`);
      for (const plan of region.database.instances) {
        if (targets.length > 0 && !targets.includes(this.databaseAddress(stack, plan.identifier)!)) continue;
        const dbs = this.world.dbs[region.region];
        const db = dbs[plan.identifier];
        if (plan.role === 'fenced') {
          this.world.fencedGroups[region.region] ??= `sg-fenced-${region.region}`;
          if (db !== undefined && db.groups.join() !== this.world.fencedGroups[region.region]) {
            db.groups = [this.world.fencedGroups[region.region]];
            changed++;
          }
        } else if (plan.role === 'writer' && db !== undefined && db.source !== undefined) {
          db.source = undefined;
          changed++;
        } else if (plan.role === 'replica' && db === undefined) {
          dbs[plan.identifier] = {
            status: 'available',
            source: `arn:aws:rds:${plan.source!.region}:000000000000:db:${plan.source!.identifier}`,
            groups: ['sg-db'],
          };
          changed++;
        }
      }
    }
    if (stack === config.stackNames.failover && this.world.primaryRecord !== roles.writerRegion) {
      this.world.primaryRecord = roles.writerRegion;
      changed++;
    }
    const line = `apply ${stack}${targets.length ? ` ${targets.join(',')}` : ''}`;
    this.applies.push(line);
    this.world.events.push(line);
    return {
      stack,
      outcome: changed > 0 ? 'applied' : 'no-changes',
      seconds: 1,
      add: 0,
      change: changed,
      destroy: 0,
      targets,
      allowed: [],
    };
  }
}

/** Settings with small waits. */
export function settings(command: RoleSwapCommand, extra: Partial<RoleSwapSettings> = {}): RoleSwapSettings {
  return {
    command,
    dryRun: false,
    confirmProduction: true,
    pollIntervalMs: 10_000,
    drainTimeoutMs: 120_000,
    waitTimeoutMs: 600_000,
    maxLagSeconds: 60,
    ...extra,
  };
}

/** The identifiers of the cycle. */
export function ids(config: AppConfig) {
  const p = config.primary.namePrefix;
  const d = config.dr!.namePrefix;
  return {
    taiwan1: databaseIdentifier(p, 1),
    taiwan2: databaseIdentifier(p, 2),
    tokyo1: databaseIdentifier(d, 1),
    tokyo2: databaseIdentifier(d, 2),
  };
}

export { currentRoles, regionOf };
