import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import {
  EMULATOR_SETTINGS,
  PortTakenError,
  emulatorEnv,
  findFreePort,
  isPortFree,
  waitReady,
} from '../../../tools/local/emulator';
import { isLoopbackEndpoint } from '../../../tools/local/destroy';
import { clientSettings } from '../../../tools/lib/aws';
import { parseTerraformVersion } from '../../../tools/local/prerequisites';

describe('emulator helpers', () => {
  test('findFreePort skips a port that is taken', async () => {
    const first = await findFreePort([5200, 5299]);
    const server = createServer();
    await new Promise<void>((r) => server.listen(first, '127.0.0.1', r));
    try {
      expect(await isPortFree(first)).toBe(false);
      const next = await findFreePort([first, first + 20]);
      expect(next).toBeGreaterThan(first);
      await expect(findFreePort([first, first])).rejects.toThrow(/no free port on 127\.0\.0\.1 in/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('emulator settings are the ones TOOLCHAIN.md requires', () => {
    expect(EMULATOR_SETTINGS).toEqual({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', MOTO_ACM_VALIDATION_WAIT: '0' });
  });

  test('emulatorEnv sets endpoint and dummy keys only, and drops session token and profile', () => {
    const env = emulatorEnv('http://127.0.0.1:5201', {
      PATH: '/bin',
      AWS_SESSION_TOKEN: 'x',
      AWS_PROFILE: 'prod',
      AWS_ACCESS_KEY_ID: 'AKIAREAL',
    });
    expect(env).toEqual({
      PATH: '/bin',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5201',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  });

  test('only loopback endpoints count as the emulator', () => {
    expect(isLoopbackEndpoint('http://127.0.0.1:5200')).toBe(true);
    expect(isLoopbackEndpoint('http://localhost:4566')).toBe(true);
    expect(isLoopbackEndpoint(undefined)).toBe(false);
    expect(isLoopbackEndpoint('https://ec2.ap-east-2.amazonaws.com')).toBe(false);
    expect(isLoopbackEndpoint('http://10.0.0.5:5000')).toBe(false);
  });

  test('SDK settings: emulator endpoint with path-style S3, or the default chain for AWS', () => {
    expect(clientSettings('ap-east-2', { AWS_ENDPOINT_URL: 'http://127.0.0.1:5200' })).toMatchObject({
      region: 'ap-east-2',
      endpoint: 'http://127.0.0.1:5200',
      forcePathStyle: true,
    });
    expect(clientSettings('ap-east-2', {})).toEqual({ region: 'ap-east-2', maxAttempts: 5 });
  });

  test('terraform version parsing', () => {
    expect(parseTerraformVersion('Terraform v1.11.4\non linux_amd64')).toEqual([1, 11, 4]);
    expect(parseTerraformVersion('bash: terraform: not found')).toBeUndefined();
  });
});

describe('waitReady with identify: only the emulator started here counts', () => {
  async function serverAnswering(pid: number): Promise<{ endpoint: string; close: () => Promise<void> }> {
    const server = createHttpServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/__instance' ? JSON.stringify({ pid }) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  test('another emulator answering on the port is refused with PortTakenError (the old check took it)', async () => {
    const other = await serverAnswering(process.pid + 100_000);
    try {
      await expect(waitReady(other.endpoint, process.pid, 5_000, true)).rejects.toBeInstanceOf(PortTakenError);
      await expect(waitReady(other.endpoint, process.pid, 5_000, true)).rejects.toThrow(
        /answered by another process \(emulator pid \d+\), not by the emulator started here/,
      );
      // Without identification any answer counted: this is how a suite ended up on another suite's emulator.
      await expect(waitReady(other.endpoint, process.pid, 5_000, false)).resolves.toBeUndefined();
    } finally {
      await other.close();
    }
  });

  test('its own pid answering resolves', async () => {
    const own = await serverAnswering(process.pid);
    try {
      await expect(waitReady(own.endpoint, process.pid, 5_000, true)).resolves.toBeUndefined();
    } finally {
      await own.close();
    }
  });
});
