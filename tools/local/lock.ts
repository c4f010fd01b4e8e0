/**
 * Test helper for state locking: a real Terraform process holding a stack's S3 state lock
 * (`use_lockfile`: a `<key>.tflock` object) until released. `terraform console` takes the lock for as
 * long as it runs and changes nothing, so it stands for "another operator's apply in progress".
 */
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestStack } from '../lib/terraform';
import { clientSettings } from '../lib/aws';
import { startCommand } from '../lib/process';

/** The S3 backend settings of a synthesized stack. */
export interface StateLocation {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

/** Reads the stack's backend block from its cdk.tf.json (the one source of the state's location). */
export function stateLocation(stack: ManifestStack): StateLocation {
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: { s3?: { bucket: string; key: string; region: string } } };
  };
  const s3 = json.terraform?.backend?.s3;
  if (s3 === undefined) throw new Error(`${stack.name} has no S3 backend`);
  return { bucket: s3.bucket, key: s3.key, region: s3.region };
}

/** A held lock. */
export interface HeldLock {
  /** The lock object's key (`<state key>.tflock`). */
  readonly lockKey: string;
  /** The terraform process holding it (its process group holds its provider). */
  readonly pid: number;
  /** Ends the holder and waits until it has exited (and so released the lock). */
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `terraform console` in the stack folder and resolves once its lock object exists. */
export async function holdStateLock(
  stack: ManifestStack,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<HeldLock> {
  const loc = stateLocation(stack);
  const lockKey = `${loc.key}.tflock`;
  const holder = startCommand('terraform', ['console', '-no-color'], { cwd: stack.dir, env, keepStdin: true });
  const s3 = new S3Client(clientSettings(loc.region, env));
  let exited = false;
  void holder.done.finally(() => {
    exited = true;
  });
  const release = async () => {
    holder.child.stdin?.end();
    const timer = setTimeout(() => holder.child.kill('SIGTERM'), 10_000);
    await holder.done;
    clearTimeout(timer);
  };
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const locked = await s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: lockKey })).then(
        () => true,
        () => false,
      );
      if (locked) {
        // A process that took the lock has started, so it has a pid; the check only narrows the type.
        const pid = holder.child.pid;
        if (pid === undefined)
          throw new Error(`lock object ${lockKey} exists, but the terraform console meant to hold it has no pid`);
        return { lockKey, release, pid };
      }
      if (exited) throw new Error(`terraform console exited before taking the lock:\n${(await holder.done).output}`);
      if (Date.now() > deadline) throw new Error(`no lock object ${lockKey} after ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  } catch (err) {
    await release();
    throw err;
  } finally {
    s3.destroy();
  }
}

/** What Terraform writes into a lock object (`<key>.tflock`). */
export interface LockInfo {
  readonly ID: string;
  readonly Operation?: string;
  readonly Who?: string;
  readonly Created?: string;
  readonly Path?: string;
}

/** The lock object of the stack's state, when one exists. */
export async function readStateLock(stack: ManifestStack, env: NodeJS.ProcessEnv): Promise<LockInfo | undefined> {
  const loc = stateLocation(stack);
  const s3 = new S3Client(clientSettings(loc.region, env));
  try {
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: `${loc.key}.tflock` }))
    ).Body?.transformToString();
    return JSON.parse(body ?? '{}') as LockInfo;
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  } finally {
    s3.destroy();
  }
}

/**
 * The message for a lock that is there before the runner starts terraform: named, dated, with the exact
 * command that releases it. The runner never releases a lock itself: only a person can know that the
 * run holding it is dead and not another operator's apply in progress.
 */
export function describeHeldLock(stack: ManifestStack, lock: LockInfo): string {
  return (
    `${stack.name}: the state is locked (lock ID ${lock.ID}, ${lock.Operation ?? 'unknown operation'} by ${lock.Who ?? 'unknown'} since ${lock.Created ?? 'unknown'}), ` +
    `and no terraform of this run holds it. If no other terraform is running on this stack (a killed run leaves its lock behind), release it with:\n` +
    `  (cd ${stack.dir} && terraform force-unlock -force ${lock.ID})`
  );
}
