import { configWith } from '../../helpers/app';
import {
  describeStateReplicaCopy,
  replicateState,
  stateKey,
  stateStacks,
  type S3Command,
  type S3Sender,
} from '../../../tools/local/state-replica';

const config = configWith();
const { bucket, region, replicaBucket, replicaRegion } = config.state;

const notFound = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });

/** An S3 of buckets → key → body that records `Operation region bucket[/key]` per call. */
function fakeS3(buckets: Record<string, Record<string, string>>, headBucketError?: Error) {
  const calls: string[] = [];
  const send = (async (callRegion: string, command: S3Command) => {
    const op = command.constructor.name.replace(/Command$/, '');
    const input = command.input as { Bucket: string; Key?: string; Body?: string };
    calls.push(`${op} ${callRegion} ${input.Bucket}${input.Key ? `/${input.Key}` : ''}`);
    switch (op) {
      case 'HeadBucket':
        if (headBucketError) throw headBucketError;
        if (buckets[input.Bucket] === undefined) throw notFound('NotFound');
        return {};
      case 'CreateBucket':
        buckets[input.Bucket] = {};
        return {};
      case 'GetObject': {
        const body = buckets[input.Bucket]?.[input.Key!];
        if (body === undefined) throw notFound('NoSuchKey');
        return { Body: { transformToString: async () => body } };
      }
      case 'PutObject':
        buckets[input.Bucket][input.Key!] = input.Body!;
        return {};
      default:
        return {};
    }
  }) as S3Sender;
  return { calls, send };
}

describe('replicateState (the emulator stand-in for S3 replication, for npm run up and role swap)', () => {
  const [primary, dr] = stateStacks(config);

  test('creates the versioned replica bucket in the replica region and copies every state there is', async () => {
    const buckets = {
      [bucket]: { [stateKey(config, primary)]: '{"serial":3}', [stateKey(config, dr)]: '{"serial":5}' },
    };
    const s3 = fakeS3(buckets);
    const copy = await replicateState(config, s3.send);
    expect(copy).toEqual({ copied: 2, createdBucket: true, from: bucket, to: replicaBucket });
    expect(buckets[replicaBucket]).toEqual({
      [stateKey(config, primary)]: '{"serial":3}',
      [stateKey(config, dr)]: '{"serial":5}',
    });
    expect(s3.calls.slice(0, 3)).toEqual([
      `HeadBucket ${replicaRegion} ${replicaBucket}`,
      `CreateBucket ${replicaRegion} ${replicaBucket}`,
      `PutBucketVersioning ${replicaRegion} ${replicaBucket}`,
    ]);
    expect(s3.calls.filter((c) => c.startsWith('GetObject')).every((c) => c.includes(` ${region} `))).toBe(true);
    expect(describeStateReplicaCopy(copy)).toMatch(
      /^2 state object\(s\) copied from \S+ to \S+ \(replica bucket created, versioned\)/,
    );
  });

  test('an existing replica bucket is kept; stacks with no state yet are left out', async () => {
    const s3 = fakeS3({ [bucket]: { [stateKey(config, primary)]: '{}' }, [replicaBucket]: {} });
    expect(await replicateState(config, s3.send)).toMatchObject({ copied: 1, createdBucket: false });
    expect(s3.calls.some((c) => c.startsWith('CreateBucket'))).toBe(false);
  });

  test('dry run (every call only printed, answered undefined): nothing created, nothing copied', async () => {
    const calls: string[] = [];
    const dryRun = (async (r: string, c: S3Command) => {
      calls.push(`${c.constructor.name} ${r}`);
      return undefined;
    }) as S3Sender;
    expect(await replicateState(config, dryRun)).toMatchObject({ copied: 0, createdBucket: false });
    expect(calls.some((c) => c.startsWith('PutObject'))).toBe(false);
  });

  test('an error other than a missing bucket is not taken for one', async () => {
    const denied = Object.assign(new Error('Access Denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(replicateState(config, fakeS3({}, denied).send)).rejects.toThrow('Access Denied');
  });
});
