/**
 * Where the drill learns what is deployed: the Terraform state objects in the S3 state bucket (bucket,
 * region and key prefix from the typed config; key `<key-prefix>/<stack>.tfstate`), read with the S3
 * API, so no terraform is needed at drill time. The failover stack's outputs may instead come from a
 * JSON file (`--outputs`). Anything missing is reported as missing; nothing is guessed.
 */
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { UsageError } from '../lib/cli';
import type { AppConfig } from '../../config';
import { stateKey } from '../local/state-replica';
import { describeError, type AwsGateway } from './aws';

/** The outputs the failover stack exposes (the contract with that stack). */
export const FAILOVER_OUTPUT_NAMES = [
  'primary_health_check_id',
  'secondary_health_check_id',
  'hosted_zone_id',
  'failover_record_name',
  'latency_record_name',
  'primary_alb_dns_name',
  'secondary_alb_dns_name',
  'failover_topic_arn',
] as const;

export type FailoverOutputName = (typeof FAILOVER_OUTPUT_NAMES)[number];

/** The failover stack's outputs as read, and what is missing. */
export interface FailoverOutputs {
  readonly values: Readonly<Partial<Record<FailoverOutputName, string>>>;
  /** Where they came from: `s3://bucket/key` or the file path. */
  readonly source: string;
  /** Outputs absent from the source (or every output when the source could not be read). */
  readonly missing: readonly FailoverOutputName[];
  /** Why the source could not be read at all. */
  readonly error?: string;
}

/** The parts of a Terraform state file (format version 4) the drill reads. */
export interface TerraformState {
  readonly outputs?: Record<string, { readonly value?: unknown }>;
  readonly resources?: ReadonlyArray<{
    readonly mode?: string;
    readonly type: string;
    readonly name: string;
    readonly instances?: ReadonlyArray<{ readonly attributes?: Record<string, unknown> }>;
  }>;
}

/** A state object read from the bucket, or why it could not be. */
export interface StateRead {
  readonly location: string;
  readonly state?: TerraformState;
  readonly error?: string;
}

/** `<key-prefix>/<stack>.tfstate`, as the stacks' S3 backends write it (one definition: tools/local/state-replica.ts). */
export { stateKey };

/** Reads one stack's state object. In dry-run mode the call is printed and `state` is undefined. */
export async function readStackState(aws: AwsGateway, config: AppConfig, stackName: string): Promise<StateRead> {
  const key = stateKey(config, stackName);
  const location = `s3://${config.state.bucket}/${key}`;
  try {
    const out = await aws.send<GetObjectCommandOutput>(
      's3',
      config.state.region,
      new GetObjectCommand({ Bucket: config.state.bucket, Key: key }),
    );
    if (out === undefined) return { location, error: 'dry run: not read' };
    const text = await out.Body?.transformToString();
    if (!text) return { location, error: 'the state object is empty' };
    return { location, state: JSON.parse(text) as TerraformState };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchKey')
      return { location, error: `no state object at ${location}: is stack ${stackName} deployed?` };
    if (name === 'NoSuchBucket') return { location, error: `state bucket ${config.state.bucket} does not exist` };
    return { location, error: `cannot read ${location}: ${describeError(err)}` };
  }
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Picks the failover outputs from a `{name: value}` or `{name: {value}}` map. */
export function pickOutputs(map: Record<string, unknown>, source: string): FailoverOutputs {
  const values: Partial<Record<FailoverOutputName, string>> = {};
  const missing: FailoverOutputName[] = [];
  for (const name of FAILOVER_OUTPUT_NAMES) {
    const raw = map[name];
    const value =
      raw !== null && typeof raw === 'object' && 'value' in raw
        ? asText((raw as { value: unknown }).value)
        : asText(raw);
    if (value === undefined) missing.push(name);
    else values[name] = value;
  }
  return { values, source, missing };
}

/** The failover outputs of a state read (all missing, with the reason, when it failed). */
export function outputsFromState(read: StateRead): FailoverOutputs {
  if (!read.state) return { values: {}, source: read.location, missing: [...FAILOVER_OUTPUT_NAMES], error: read.error };
  return pickOutputs(read.state.outputs ?? {}, read.location);
}

/** The failover outputs from a JSON file (`--outputs`). Throws a UsageError with the path when unreadable. */
export function outputsFromFile(path: string): FailoverOutputs {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(
      `--outputs ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, expected a JSON file' : describeError(err)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--outputs ${path}: not valid JSON (${describeError(err)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--outputs ${path}: expected a JSON object of output names`);
  }
  return pickOutputs(parsed as Record<string, unknown>, path);
}

/** Attributes of every managed resource of `type` in a state. */
export function resourceAttributes(state: TerraformState | undefined, type: string): Array<Record<string, unknown>> {
  return (state?.resources ?? [])
    .filter((r) => r.type === type && (r.mode ?? 'managed') === 'managed')
    .flatMap((r) => (r.instances ?? []).map((i) => i.attributes ?? {}));
}

/** The VPC peering connection id recorded in the multi-region stack's state. */
export function peeringIdFromState(state: TerraformState | undefined): string | undefined {
  return resourceAttributes(state, 'aws_vpc_peering_connection')
    .map((a) => asText(a.id))
    .find((id) => id !== undefined);
}

/** The stack whose state holds a region's resources (its databases): the primary or the DR stack. */
export function stackOfRegion(config: AppConfig, region: string): string | undefined {
  if (region === config.primary.region) return config.stackNames.primary;
  if (region === config.dr?.region) return config.stackNames.dr;
  return undefined;
}

/**
 * Which side of the failover stack's outputs (`primary_*` = the primary region, `secondary_*` = the DR
 * region) holds the writer, from `genai-demo:multi-region.writer-region`: `api.` PRIMARY points there.
 */
export function writerSide(config: AppConfig): 'primary' | 'secondary' {
  return config.roles.writerRegion === config.dr?.region ? 'secondary' : 'primary';
}

/** Where the roles put the cross-region read replica: its region, identifier and the stack whose state holds it. */
export interface ReplicaLocation {
  readonly region: string;
  readonly identifier: string;
  readonly stack: string;
}

/**
 * The replica the roles name (the standby region's current generation, when replication is on), and the
 * stack whose state records it: the DR stack while Taiwan writes, the primary stack while Tokyo writes.
 * A string says why there is none.
 */
export function replicaLocation(config: AppConfig): ReplicaLocation | string {
  const replica = config.roles.replica;
  if (replica === undefined) {
    if (config.dr === undefined) return 'no DR region in this configuration';
    if (!config.multiRegion.enableCrossRegionReplication) {
      return `no replica in the roles: genai-demo:multi-region.enable-cross-region-replication is false (writer ${config.roles.writer.identifier} in ${config.roles.writerRegion})`;
    }
    return `no replica in the roles: the standby region ${config.roles.standbyRegion} runs no current database`;
  }
  const stack = stackOfRegion(config, replica.region);
  if (stack === undefined) return `the replica's region ${replica.region} is neither the primary nor the DR region`;
  return { ...replica, stack };
}

/**
 * The read replica's identifier in a stack's state: a DB instance that has a source. With `identifier`
 * (the one the roles name), only that instance counts: a state holds retired generations beside it.
 */
export function replicaIdentifierFromState(state: TerraformState | undefined, identifier?: string): string | undefined {
  return resourceAttributes(state, 'aws_db_instance')
    .filter((a) => asText(a.replicate_source_db) !== undefined)
    .map((a) => asText(a.identifier))
    .find((id) => id !== undefined && (identifier === undefined || id === identifier));
}
