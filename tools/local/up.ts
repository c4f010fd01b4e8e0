/**
 * `npm run up`: the whole multi-region system on the local AWS emulator. Checks prerequisites, starts
 * moto_server on a free loopback port, creates the state bucket and hosted zone, synthesizes production
 * with DR, applies every stack in dependency order (independent ones side by side), verifies the result
 * through the AWS APIs, copies the state objects to the replica bucket (the emulator's stand-in for S3
 * replication), re-plans every stack expecting no changes, and prints a summary read back from
 * the emulator, then the commands to try next. The emulator keeps running afterwards; `npm run down`
 * destroys and stops it.
 */
import { relative } from 'node:path';
import { DEFAULT_WORK_DIR, describeFailures } from './deploy';
import { nextSteps } from './next-steps';
import { stopChildrenOnInterrupt } from '../lib/signals';
import { runCli, workDirFromArgs } from './cli';
import { Progress, formatSeconds } from './progress';
import { apply, openSession, replan, summary, verify } from './session';
import { copyStateToReplica, describeStateReplicaCopy } from './state-replica';

async function main(): Promise<boolean> {
  const workDir = workDirFromArgs();
  const progress = new Progress();
  stopChildrenOnInterrupt('Interrupted. `npm run down` destroys what was created and stops the emulator.');
  const t0 = Date.now();
  const session = await openSession({ workDir, progress });
  const logs = relative(process.cwd(), session.paths.logsDir) || '.';

  const deployStart = Date.now();
  const applied = await apply(session);
  if (!applied.ok) {
    progress.note(`\napply FAILED (${formatSeconds(applied.seconds * 1000)}):`);
    for (const line of describeFailures(applied)) progress.note(`  ${line}`);
    progress.note(`Full logs: ${logs}/<stack>.<phase>.log. The emulator is still running: \`npm run down\` cleans up.`);
    return false;
  }
  const verification = await verify(session);
  const deploySeconds = (Date.now() - deployStart) / 1000;
  // What S3 replication does on AWS, so that `drill failover --unplanned` works right after `up`.
  if (session.config.dr !== undefined) {
    progress.note(
      `state replica (emulator stand-in for S3 replication): ${describeStateReplicaCopy(await copyStateToReplica(session.config, session.awsEnv))}`,
    );
  }
  const replanned = await replan(session);

  progress.note('');
  for (const line of summary(session, verification.inventory)) progress.note(line);
  progress.note('');
  const perStack = applied.results
    .filter((r) => r.phase === 'apply')
    .map((r) => `${r.stack} ${formatSeconds(r.seconds * 1000)}`);
  progress.note(`apply ${formatSeconds(applied.seconds * 1000)} (${perStack.join(', ')})`);
  progress.note(
    `verify ${formatSeconds(verification.seconds * 1000)}; deploy (apply + verify) ${formatSeconds(deploySeconds * 1000)}`,
  );
  progress.note(
    `re-plan ${formatSeconds(replanned.seconds * 1000)}: ${replanned.ok ? 'no drift in any stack' : 'CHANGES FOUND'}`,
  );
  for (const line of describeFailures(replanned)) progress.note(`  ${line}`);
  const quirks = replanned.results.flatMap((r) => r.quirks?.excused ?? []);
  if (quirks.length > 0)
    progress.note(
      `  (${quirks.length} planned update(s) are known emulator read-back quirks, not drift: see ${logs}/<stack>.plan.log)`,
    );
  progress.note(
    `total ${formatSeconds(Date.now() - t0)}. Emulator: ${session.emulator.endpoint} (pid ${session.emulator.pid}); logs in ${logs}.`,
  );
  progress.note('');
  const roles = session.config.roles;
  // The next steps are drill commands, which move the writer within a pair: without a DR region there is none.
  if (roles.standbyRegion === undefined) {
    progress.note('Next steps: none to print (the configuration deploys no DR region; the drill needs a pair).');
    return verification.ok && replanned.ok;
  }
  const steps = nextSteps({
    endpoint: session.emulator.endpoint,
    workDir: session.paths.workDir,
    defaultWorkDir: DEFAULT_WORK_DIR,
    outdir: session.paths.outdir,
    writerRegion: roles.writerRegion,
    standbyRegion: roles.standbyRegion,
    primaryRegion: session.config.primary.region,
  });
  for (const line of steps) progress.note(line);
  return verification.ok && replanned.ok;
}

runCli(main, 'up');
