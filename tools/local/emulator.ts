/**
 * The local AWS emulator (moto_server): a free loopback port, start with the settings TOOLCHAIN.md
 * requires, wait until it answers, stop it and everything it started. Everything that points a tool at
 * the emulator goes through `emulatorEnv()`: the endpoint and dummy credentials are environment only,
 * so the synthesized Terraform stays byte-identical to what goes to AWS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ROOT } from '../lib/terraform';

/** Loopback address the emulator binds to (never a public interface). */
export const EMULATOR_HOST = '127.0.0.1';

/** Ports tried by default: the 5200-5299 block, apart from other local tools. */
export const DEFAULT_PORT_RANGE: readonly [number, number] = [5200, 5299];

/**
 * Settings of the emulator process itself (not of what it emulates):
 * - MOTO_IAM_LOAD_MANAGED_POLICIES: load AWS-managed IAM policies, or attaching AmazonEKSClusterPolicy & co.
 *   fails with NoSuchEntity;
 * - MOTO_ACM_VALIDATION_WAIT=0: certificates are ISSUED at once instead of after ~60 s.
 */
export const EMULATOR_SETTINGS: Readonly<Record<string, string>> = {
  MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
  MOTO_ACM_VALIDATION_WAIT: '0',
};

/** A running emulator, as recorded in its state file. */
export interface EmulatorInfo {
  /** TCP port on 127.0.0.1. */
  readonly port: number;
  /** Process id (also the process group id: it is started as a group leader). */
  readonly pid: number;
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** File receiving the emulator's own output. */
  readonly logFile: string;
}

/** The environment that points terraform and the AWS SDK at the emulator: endpoint and dummy credentials only. */
export function emulatorEnv(endpoint: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // A session token or profile from the user's shell would be sent to the emulator with the dummy keys.
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  return env;
}

/** True when nothing listens on `port` of the loopback interface (we can bind it). */
export function isPortFree(port: number, host = EMULATOR_HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port of `range` (inclusive) at or after `from`; throws when the range is exhausted. */
export async function findFreePort(
  range: readonly [number, number] = DEFAULT_PORT_RANGE,
  from = range[0],
): Promise<number> {
  for (let port = Math.max(from, range[0]); port <= range[1]; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port on ${EMULATOR_HOST} in ${range[0]}-${range[1]}`);
}

/** True when process `pid` exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The port answers, but from another emulator than the one this tool started (a lost race for the port). */
export class PortTakenError extends Error {}

/**
 * Resolves once the emulator answers HTTP on `endpoint`; throws after `timeoutMs` or when `pid` dies. With
 * `identify` (the patched server, which answers `GET /__instance` with its pid), only an answer from
 * process `pid` counts: another emulator answering on the same port throws {@link PortTakenError}.
 */
export async function waitReady(endpoint: string, pid: number, timeoutMs = 30_000, identify = false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`the emulator (pid ${pid}) exited before answering on ${endpoint}`);
    try {
      if (identify) {
        const res = await fetch(`${endpoint}/__instance`, { signal: AbortSignal.timeout(2_000) });
        const text = await res.text();
        const answered = res.status === 200 ? (JSON.parse(text) as { pid?: number }).pid : undefined;
        if (answered === pid) return;
        throw new PortTakenError(
          `${endpoint} is answered by another process (${answered === undefined ? `HTTP ${res.status}` : `emulator pid ${answered}`}), not by the emulator started here (pid ${pid})`,
        );
      }
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch (err) {
      if (err instanceof PortTakenError) throw err;
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the emulator did not answer on ${endpoint} within ${timeoutMs / 1000} s`);
}

/** moto_server with this project's fixes for emulator defects (see the file's docstrings). */
export const PATCHED_SERVER = join(ROOT, 'tools', 'local', 'moto', 'patched_server.py');

/** How to run the emulator: the patched server when `python3` has moto, plain `moto_server` otherwise. */
export function emulatorCommand(): {
  readonly command: string;
  readonly args: readonly string[];
  readonly patched: boolean;
} {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' });
  if (!probe.error && probe.status === 0 && existsSync(PATCHED_SERVER))
    return { command: 'python3', args: [PATCHED_SERVER], patched: true };
  return { command: 'moto_server', args: [], patched: false };
}

export interface StartEmulatorOptions {
  /** File the emulator's output goes to. */
  readonly logFile: string;
  /** Where to record the running emulator (JSON); removed by stopEmulator. */
  readonly stateFile: string;
  /** Ports to try. @default 5200-5299 */
  readonly portRange?: readonly [number, number];
  /** The emulator command and its leading arguments. @default emulatorCommand() */
  readonly command?: { readonly command: string; readonly args: readonly string[] };
}

/**
 * Starts moto_server on the first free loopback port of the range, detached in its own process group
 * (it outlives the command that started it until `stopEmulator`), and waits until it answers. When
 * another process takes the port between the probe and the bind, the next port is tried; the patched
 * server is recognised by its pid (`GET /__instance`), so another emulator that won the port is never used.
 */
export async function startEmulator(opts: StartEmulatorOptions): Promise<EmulatorInfo> {
  const range = opts.portRange ?? DEFAULT_PORT_RANGE;
  mkdirSync(dirname(opts.logFile), { recursive: true });
  mkdirSync(dirname(opts.stateFile), { recursive: true });
  const { command, args } = opts.command ?? emulatorCommand();
  const identify = args.some((a) => a === PATCHED_SERVER);
  let from = range[0];
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await findFreePort(range, from);
    const endpoint = `http://${EMULATOR_HOST}:${port}`;
    const out = openSync(opts.logFile, 'a');
    const child = spawn(command, [...args, '-H', EMULATOR_HOST, '-p', String(port)], {
      env: { ...process.env, ...EMULATOR_SETTINGS },
      stdio: ['ignore', out, out],
      detached: true,
    });
    closeSync(out);
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw await spawnError;
    const info: EmulatorInfo = { port, pid, endpoint, logFile: opts.logFile };
    writeFileSync(opts.stateFile, `${JSON.stringify(info, null, 2)}\n`);
    try {
      await waitReady(endpoint, pid, undefined, identify);
      return info;
    } catch (err) {
      await stopEmulator(opts.stateFile);
      const log = existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8') : '';
      if (!(err instanceof PortTakenError) && !/address already in use/i.test(log.slice(-2000))) throw err;
      from = port + 1;
    }
  }
  throw new Error(`could not start the emulator in ${range[0]}-${range[1]}: see ${opts.logFile}`);
}

/** The emulator recorded in `stateFile`, when that file exists and its process is alive. */
export function readEmulator(stateFile: string): EmulatorInfo | undefined {
  if (!existsSync(stateFile)) return undefined;
  const info = JSON.parse(readFileSync(stateFile, 'utf8')) as EmulatorInfo;
  return isAlive(info.pid) ? info : undefined;
}

/**
 * Stops the emulator recorded in `stateFile` (SIGTERM to its process group, SIGKILL after `graceMs`),
 * waits until it is gone and removes the state file. A no-op when there is none.
 */
export async function stopEmulator(stateFile: string, graceMs = 5_000): Promise<void> {
  if (!existsSync(stateFile)) return;
  const info = JSON.parse(readFileSync(stateFile, 'utf8')) as EmulatorInfo;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-info.pid, signal);
    } catch {
      // group already gone
    }
  };
  if (isAlive(info.pid)) {
    signalGroup('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(info.pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(info.pid)) {
      signalGroup('SIGKILL');
      while (isAlive(info.pid)) await sleep(50);
    }
  }
  rmSync(stateFile, { force: true });
}
