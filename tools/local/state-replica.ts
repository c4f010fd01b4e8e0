/**
 * The emulator's stand-in for S3 replication of the Terraform state. On AWS the bootstrap stack replicates
 * the state bucket to its replica bucket in the other region (S3 Replication Time Control: 99.99 % of
 * objects within 15 minutes), so during an outage of the state region every stack's state can be read from
 * the replica (docs/state-and-outage.md). moto stores a bucket's replication configuration but never copies
 * an object, so on the local emulator this copies each state object itself: after `npm run up` applies and
 * after each role-swap command (tools/drill/roleswap/commands.ts, through the drill's gateway, so a dry
 * run prints the calls instead). Never used against AWS.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config';
import { clientSettings } from '../lib/aws';

/** An S3 command object, as far as the copy needs to know it. */
export interface S3Command {
  readonly input: object;
}

/**
 * Sends one S3 command in `region`. Resolves undefined when the call was only printed (the drill's dry
 * run): the copy then finds no bucket to create and no state to copy.
 */
export type S3Sender = <O>(region: string, command: S3Command) => Promise<O | undefined>;

/** What one copy did. */
export interface StateReplicaCopy {
  /** State objects copied (stacks with no state yet are left out). */
  readonly copied: number;
  /** True when the replica bucket did not exist and was created (versioned, as the bootstrap stack makes it). */
  readonly createdBucket: boolean;
  readonly from: string;
  readonly to: string;
}

/** The stacks of a configuration, in the order of config.stackNames. */
export function stateStacks(config: AppConfig): string[] {
  const n = config.stackNames;
  return [n.primary, n.dr, n.multiRegion, n.failover].filter((x): x is string => x !== undefined);
}

/** The key of a stack's state object (stacks/genai-demo-stack.ts: `<key prefix>/<stack>.tfstate`). */
export function stateKey(config: AppConfig, stack: string): string {
  return `${config.state.keyPrefix}/${stack}.tfstate`;
}

const missing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/** Copies every stack's state object from the state bucket to its replica bucket, sending through `send`. */
export async function replicateState(config: AppConfig, send: S3Sender): Promise<StateReplicaCopy> {
  const { bucket, region, replicaBucket, replicaRegion } = config.state;
  let createdBucket = false;
  // `npm run up` creates the state bucket only (on AWS the bootstrap stack creates both).
  try {
    await send(replicaRegion, new HeadBucketCommand({ Bucket: replicaBucket }));
  } catch (err) {
    if (!missing(err)) throw err;
    await send(
      replicaRegion,
      new CreateBucketCommand({
        Bucket: replicaBucket,
        CreateBucketConfiguration: { LocationConstraint: replicaRegion as BucketLocationConstraint },
      }),
    );
    await send(
      replicaRegion,
      new PutBucketVersioningCommand({ Bucket: replicaBucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    createdBucket = true;
  }
  let copied = 0;
  for (const stack of stateStacks(config)) {
    const Key = stateKey(config, stack);
    let body: string | undefined;
    try {
      const out = await send<GetObjectCommandOutput>(region, new GetObjectCommand({ Bucket: bucket, Key }));
      body = await out?.Body?.transformToString();
    } catch (err) {
      if (missing(err)) continue;
      throw err;
    }
    if (body === undefined) continue;
    await send(replicaRegion, new PutObjectCommand({ Bucket: replicaBucket, Key, Body: body }));
    copied++;
  }
  return { copied, createdBucket, from: bucket, to: replicaBucket };
}

/** replicateState with SDK clients of the emulator at `awsEnv` (what `npm run up` does after its applies). */
export async function copyStateToReplica(config: AppConfig, awsEnv: NodeJS.ProcessEnv): Promise<StateReplicaCopy> {
  const clients = new Map<string, S3Client>();
  const send: S3Sender = async <O>(region: string, command: S3Command) => {
    let client = clients.get(region);
    if (client === undefined) {
      client = new S3Client(clientSettings(region, awsEnv));
      clients.set(region, client);
    }
    return (await client.send(command as never)) as O;
  };
  try {
    return await replicateState(config, send);
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

/** What a copy did, in one line (the callers say it is the emulator's stand-in for S3 replication). */
export function describeStateReplicaCopy(c: StateReplicaCopy): string {
  return `${c.copied} state object(s) copied from ${c.from} to ${c.to}${c.createdBucket ? ' (replica bucket created, versioned)' : ''}`;
}
