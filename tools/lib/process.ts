/**
 * The one process runner of the tools (terraform, the synth): output streamed line by line to a callback
 * and appended in full to a log file, each child in its own process group, and a registry of what is
 * still running so Ctrl-C (tools/lib/signals.ts) or a failing test can end it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';

/** How a command ended. */
export interface CommandResult {
  /** Exit code (1 when killed by a signal). */
  readonly code: number;
  /** Everything printed, stdout and stderr interleaved. */
  readonly output: string;
  /** The signal that ended it, when one did (SIGKILL from outside, SIGTERM from a watch). */
  readonly signal?: NodeJS.Signals;
}

export interface RunCommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Appends the command line and everything it prints to this file. */
  readonly logFile?: string;
  /** Called with each complete line of output. */
  readonly onLine?: (line: string) => void;
  /** Keep stdin open as a pipe (for `terraform console`); closed otherwise. @default false */
  readonly keepStdin?: boolean;
}

const running = new Set<ChildProcess>();

/** Children started by runCommand/startCommand that have not exited yet. */
export function runningChildren(): readonly ChildProcess[] {
  return [...running];
}

/** Sends `signal` to every child still running (their process groups: terraform runs providers as children). */
export function killChildren(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }
}

/** A started command: the child and a promise of how it ended. */
export interface StartedCommand {
  readonly child: ChildProcess;
  readonly done: Promise<CommandResult>;
}

/** Starts a command in its own process group; see runCommand. */
export function startCommand(cmd: string, args: readonly string[], opts: RunCommandOptions): StartedCommand {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: [opts.keepStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let log: ReturnType<typeof createWriteStream> | undefined;
  if (opts.logFile !== undefined) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    log = createWriteStream(opts.logFile, { flags: 'a' });
    log.write(`\n$ (cd ${opts.cwd} && ${cmd} ${args.join(' ')})\n`);
  }
  let output = '';
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    log?.write(chunk);
    if (opts.onLine === undefined) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) opts.onLine(line);
  };
  // biome-ignore lint/style/noNonNullAssertion: stdio above pipes stdout, so Node creates the stream; ChildProcess types it nullable
  child.stdout!.on('data', collect);
  // biome-ignore lint/style/noNonNullAssertion: stdio above pipes stderr, so Node creates the stream; ChildProcess types it nullable
  child.stderr!.on('data', collect);
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.once('error', (err) => {
      running.delete(child);
      log?.end();
      reject(err);
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      if (partial !== '' && opts.onLine !== undefined) opts.onLine(partial);
      const result: CommandResult = { code: code ?? 1, output, ...(signal ? { signal } : {}) };
      if (log === undefined) resolve(result);
      else log.end(() => resolve(result));
    });
  });
  return { child, done };
}

/** Runs a command to completion (stdin closed), streaming its lines and keeping the full log. */
export function runCommand(cmd: string, args: readonly string[], opts: RunCommandOptions): Promise<CommandResult> {
  return startCommand(cmd, args, opts).done;
}

/** Processes whose working directory is `dir` or inside it (Linux /proc; none found elsewhere), as `pid command`. */
export function processesIn(dir: string): Array<{ readonly pid: number; readonly command: string }> {
  if (!existsSync('/proc/self/cwd')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .flatMap((p) => {
      try {
        const cwd = readlinkSync(`/proc/${p}/cwd`);
        if (cwd !== dir && !cwd.startsWith(`${dir}/`)) return [];
        return [{ pid: Number(p), command: readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() }];
      } catch {
        return [];
      }
    });
}
