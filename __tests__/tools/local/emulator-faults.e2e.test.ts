/**
 * The emulator wrapper's load fixes and the runner's behaviour when the emulator dies, on a real
 * patched moto_server (tools/local/moto/patched_server.py):
 * - a retried attempt of a create whose first response never reached the client is answered with the
 *   first attempt's result, not executed again (the root cause of the orphaned route table that kept a
 *   VPC from being deleted: docs/local-emulator.md, "Requests under load");
 * - deleting a NAT gateway deletes its network interface, as AWS does;
 * - `npm run up` with the emulator killed half-way through an apply stops at once naming the emulator,
 *   and `npm run down` then leaves no process and no work folder.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  CreateVpcCommand,
  CreateSubnetCommand,
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
} from '@aws-sdk/client-ec2';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientSettings } from '../../../tools/lib/aws';
import { emulatorEnv, isAlive, startEmulator, stopEmulator, type EmulatorInfo } from '../../../tools/local/emulator';
import { processesIn } from '../../../tools/lib/process';
import { ROOT } from '../../../tools/lib/terraform';

const MINUTE = 60_000;
const REGION = 'ap-east-2';
const dir = mkdtempSync(join(tmpdir(), 'genai-demo-emulator-faults-'));
const stateFile = join(dir, 'emulator.json');
let emulator: EmulatorInfo;

beforeAll(async () => {
  emulator = await startEmulator({ logFile: join(dir, 'emulator.log'), stateFile });
}, 2 * MINUTE);

afterAll(async () => {
  await stopEmulator(stateFile);
  rmSync(dir, { recursive: true, force: true });
}, MINUTE);

/** A raw EC2 Query API call, as an SDK attempt sends it (invocation id, attempt number, SigV4 scope). */
async function ec2Attempt(
  params: Record<string, string>,
  invocation: string,
  attempt: number,
  signal?: AbortSignal,
): Promise<string> {
  const res = await fetch(emulator.endpoint, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=test/20261202/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      'amz-sdk-invocation-id': invocation,
      'amz-sdk-request': `attempt=${attempt}; max=25`,
    },
    body: new URLSearchParams({ ...params, Version: '2016-11-15' }).toString(),
  });
  return res.text();
}

function ec2(): EC2Client {
  return new EC2Client(clientSettings(REGION, emulatorEnv(emulator.endpoint)));
}

test(
  'a retried attempt of a create whose response was lost is answered, not executed twice',
  async () => {
    const client = ec2();
    try {
      const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }))).Vpc!.VpcId!;
      const tables = async () =>
        (
          (await client.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
            .RouteTables ?? []
        ).length;
      expect(await tables()).toBe(1); // the main route table

      const params = { Action: 'CreateRouteTable', VpcId: vpcId };
      // Attempt 1: the client gives up before the answer arrives (a reset, a timeout on a loaded machine).
      const aborted = new AbortController();
      const first = ec2Attempt(params, 'b7d1e3a0-0000-4000-8000-000000000001', 1, aborted.signal);
      aborted.abort();
      await expect(first).rejects.toThrow();
      // Attempt 2 of the same invocation, as the SDK retries it.
      const second = await ec2Attempt(params, 'b7d1e3a0-0000-4000-8000-000000000001', 2);
      const third = await ec2Attempt(params, 'b7d1e3a0-0000-4000-8000-000000000001', 3);
      expect(second).toMatch(/<routeTableId>rtb-[0-9a-f]+<\/routeTableId>/);
      expect(third).toBe(second);
      expect(await tables()).toBe(2);

      // A new invocation is a new request: it creates.
      await ec2Attempt(params, 'b7d1e3a0-0000-4000-8000-000000000002', 1);
      expect(await tables()).toBe(3);
    } finally {
      client.destroy();
    }
  },
  MINUTE,
);

test(
  'deleting a NAT gateway deletes its network interface, as on AWS',
  async () => {
    const client = ec2();
    try {
      const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: '10.78.0.0/16' }))).Vpc!.VpcId!;
      const subnetId = (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.78.0.0/24' }))).Subnet!
        .SubnetId!;
      const allocationId = (await client.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
      const nat = (await client.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: allocationId })))
        .NatGateway!;
      const interfaces = async () =>
        (
          (await client.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
            .NetworkInterfaces ?? []
        ).map((e) => e.NetworkInterfaceId);
      const natInterface = nat.NatGatewayAddresses?.[0]?.NetworkInterfaceId;
      expect(natInterface).toMatch(/^eni-/);
      expect(await interfaces()).toEqual([natInterface]);
      await client.send(new DeleteNatGatewayCommand({ NatGatewayId: nat.NatGatewayId }));
      expect(await interfaces()).toEqual([]);
    } finally {
      client.destroy();
    }
  },
  MINUTE,
);

test(
  'up stops at once naming the emulator when it dies during an apply; down then leaves no process and no work folder',
  async () => {
    const workDir = join(dir, 'up');
    const out: string[] = [];
    const up = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'local', 'up.js'), '--work-dir', workDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => up.once('close', (code) => resolve(code)));
    let killedAt = 0;
    const onData = (chunk: Buffer) => {
      out.push(chunk.toString());
      const text = out.join('');
      // Kill the emulator once the primary apply is under way with resources done.
      if (killedAt === 0 && /\[genai-demo-production-primary\] apply .*resources done/.test(text)) {
        killedAt = Date.now();
        const info = JSON.parse(readFileSync(join(workDir, 'emulator.json'), 'utf8')) as { pid: number };
        process.kill(-info.pid, 'SIGKILL');
      }
    };
    up.stdout!.on('data', onData);
    up.stderr!.on('data', onData);
    const code = await exited;
    const text = out.join('');
    expect(killedAt).toBeGreaterThan(0);
    expect(code).toBe(1);
    // The runner notices within seconds, not after the provider's minutes of retries.
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(text).toMatch(
      /the local emulator \(moto_server pid \d+ on http:\/\/127\.0\.0\.1:\d+\) is no longer running/,
    );
    expect(text).toMatch(/npm run down/);

    const down = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'local', 'down.js'), '--work-dir', workDir], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => down.once('close', resolve))).toBe(0);
    expect(existsSync(workDir)).toBe(false);
    expect(processesIn(workDir)).toEqual([]);
    expect(isAlive(up.pid!)).toBe(false);
  },
  5 * MINUTE,
);

test(
  'emulators started at the same moment on the same ports each get a port of their own and answer as themselves',
  async () => {
    // Four suites starting together used to probe the same free port: the losers' emulators failed to bind
    // and their tools went on talking to the winner's (BucketAlreadyOwnedByYou on the state bucket).
    const files = [0, 1, 2, 3].map((i) => join(dir, `race-${i}.json`));
    const started = await Promise.all(
      files.map((stateFile, i) =>
        startEmulator({ logFile: join(dir, `race-${i}.log`), stateFile, portRange: [5410, 5419] }),
      ),
    );
    try {
      expect(new Set(started.map((e) => e.port)).size).toBe(4);
      for (const e of started) {
        const answer = (await (await fetch(`${e.endpoint}/__instance`)).json()) as { pid: number };
        expect({ port: e.port, pid: answer.pid }).toEqual({ port: e.port, pid: e.pid });
      }
    } finally {
      await Promise.all(files.map((f) => stopEmulator(f)));
    }
    for (const e of started) expect(isAlive(e.pid)).toBe(false);
  },
  2 * MINUTE,
);
