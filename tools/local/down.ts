/**
 * `npm run down`: destroys every stack of the local deployment in reverse dependency order, stops the
 * emulator, and removes the deployment's files (.local/up). Leaves no process behind.
 */
import { existsSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { describeFailures, localPaths } from './deploy';
import { stopChildrenOnInterrupt } from '../lib/signals';
import { runCli, workDirFromArgs } from './cli';
import { stopEmulator } from './emulator';
import { processesIn } from '../lib/process';
import { Progress, formatSeconds } from './progress';
import { attachSession, teardown } from './session';

async function main(): Promise<boolean> {
  const workDir = workDirFromArgs();
  const progress = new Progress();
  stopChildrenOnInterrupt('Interrupted: run `npm run down` again to finish.');
  // A killed `npm run up` can leave terraform running in the work dir: end it before anything else.
  for (const proc of processesIn(workDir)) {
    try {
      process.kill(proc.pid, 'SIGKILL');
      progress.note(
        `stopped a leftover process in ${relative(process.cwd(), workDir) || workDir}: ${proc.pid} ${proc.command}`,
      );
    } catch {
      // gone meanwhile
    }
  }
  const session = attachSession(workDir, progress);
  if (session === undefined) {
    // No live emulator: its state is gone with it; remove what the last run left.
    await stopEmulator(localPaths(workDir).emulatorFile);
    if (existsSync(workDir)) rmSync(workDir, { recursive: true, force: true });
    progress.note(
      `Nothing running: no emulator recorded in ${relative(process.cwd(), workDir) || workDir}; files removed.`,
    );
    return true;
  }
  const result = await teardown(session);
  const seconds = result.destroy?.seconds ?? 0;
  if (!result.ok) {
    progress.note(
      `destroy FAILED (${formatSeconds(seconds * 1000)}); the emulator is stopped anyway (its state is in memory).`,
    );
    for (const line of result.destroy ? describeFailures(result.destroy) : []) progress.note(`  ${line}`);
    progress.note(`Logs kept in ${relative(process.cwd(), session.paths.logsDir)}.`);
    return false;
  }
  progress.note(
    `destroy ${formatSeconds(seconds * 1000)}; emulator stopped; ${relative(process.cwd(), workDir)} removed.`,
  );
  return true;
}

runCli(main, 'down');
