/**
 * The emulator's stand-in for S3 replication of the Terraform state. On AWS the bootstrap stack replicates
 * the state bucket to its replica bucket in the other region (S3 Replication Time Control: 99.99 % of
 * objects within 15 minutes), so during an outage of the state region every stack's state can be read from
 * the replica (docs/state-and-outage.md). moto stores a bucket's replication configuration but never copies
 * an object, so on the local emulator this copies each state object itself: after `npm run up` applies and
 * after each role-swap command. Never used against AWS.
 */
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config';
import { clientSettings } from './aws';

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

/** Copies every stack's state object from the state bucket to its replica bucket on the emulator at `awsEnv`. */
export async function copyStateToReplica(config: AppConfig, awsEnv: NodeJS.ProcessEnv): Promise<StateReplicaCopy> {
  const from = new S3Client(clientSettings(config.state.region, awsEnv));
  const to = new S3Client(clientSettings(config.state.replicaRegion, awsEnv));
  try {
    let createdBucket = false;
    try {
      await to.send(new HeadBucketCommand({ Bucket: config.state.replicaBucket }));
    } catch (err) {
      if (!missing(err)) throw err;
      await to.send(
        new CreateBucketCommand({ Bucket: config.state.replicaBucket, CreateBucketConfiguration: { LocationConstraint: config.state.replicaRegion as BucketLocationConstraint } }),
      );
      await to.send(new PutBucketVersioningCommand({ Bucket: config.state.replicaBucket, VersioningConfiguration: { Status: 'Enabled' } }));
      createdBucket = true;
    }
    let copied = 0;
    for (const stack of stateStacks(config)) {
      const Key = stateKey(config, stack);
      let body: string;
      try {
        const out = await from.send(new GetObjectCommand({ Bucket: config.state.bucket, Key }));
        body = (await out.Body?.transformToString()) ?? '';
      } catch (err) {
        if (missing(err)) continue;
        throw err;
      }
      await to.send(new PutObjectCommand({ Bucket: config.state.replicaBucket, Key, Body: body }));
      copied++;
    }
    return { copied, createdBucket, from: config.state.bucket, to: config.state.replicaBucket };
  } finally {
    from.destroy();
    to.destroy();
  }
}

/** One line saying what a copy did. */
export function describeStateReplicaCopy(c: StateReplicaCopy): string {
  return `${c.copied} state object(s) copied from ${c.from} to ${c.to}${c.createdBucket ? ' (replica bucket created, versioned)' : ''} (emulator stand-in for S3 replication)`;
}
