/**
 * `npm run bench:local`: one full local deploy on a fresh emulator, timed per stack and phase (init,
 * apply, verify, re-plan, destroy) and in total, written to bench-results/local-deploy.json. Runs in
 * its own work dir and port, so it does not touch a deployment made with `npm run up`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchResult } from '../lib/bench';
import { describeFailures, type RunSummary } from '../local/deploy';
import { stopEmulator } from '../local/emulator';
import { killChildren } from '../lib/process';
import { describeExcused } from '../local/emulator-quirks';
import { Progress } from '../local/progress';
import { parseCommandLine, runMain } from '../lib/cli';
import { apply, openSession, replan, teardown, verify, type LocalSession } from '../local/session';

/** Seconds of each phase of each stack, from a run's results. */
function perStack(...runs: Array<RunSummary | undefined>): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (const r of runs.flatMap((run) => run?.results ?? [])) {
    table[r.stack] ??= {};
    table[r.stack][r.phase] = Number(r.seconds.toFixed(1));
  }
  return table;
}

const round = (s: number) => Number(s.toFixed(1));

async function main(): Promise<boolean> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const workDir = mkdtempSync(join(tmpdir(), 'genai-demo-bench-'));
  const progress = new Progress();
  let session: LocalSession | undefined;
  try {
    const t0 = Date.now();
    session = await openSession({ workDir, progress });
    const prepareSeconds = (Date.now() - t0) / 1000;
    const applied = await apply(session);
    if (!applied.ok) throw new Error(`apply failed:\n${describeFailures(applied).join('\n')}`);
    const verification = await verify(session);
    const replanned = await replan(session);
    const down = await teardown(session, { keepLogs: false });
    session = undefined;
    const total = (Date.now() - t0) / 1000;
    const result = {
      benchmark: 'local-deploy',
      command: 'npm run bench:local',
      stacks: perStack(applied, replanned, down.destroy),
      seconds: {
        prepare: round(prepareSeconds),
        apply: round(applied.seconds),
        verify: round(verification.seconds),
        deploy: round(applied.seconds + verification.seconds),
        replan: round(replanned.seconds),
        destroy: round(down.destroy?.seconds ?? 0),
        total: round(total),
      },
      ok: { apply: applied.ok, verify: verification.ok, replan: replanned.ok, destroy: down.ok },
      checks: verification.checks.map((c) => `${c.status} ${c.name}`),
      replanQuirks: replanned.results.flatMap((r) => (r.quirks?.excused ?? []).map(describeExcused)),
    };
    const file = writeBenchResult('local-deploy', result);
    progress.note(`\n${JSON.stringify(result.seconds)}\nwritten to ${file}`);
    return result.ok.apply && result.ok.verify && result.ok.replan && result.ok.destroy;
  } finally {
    if (session !== undefined) {
      killChildren('SIGKILL');
      await stopEmulator(session.paths.emulatorFile);
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}

runMain(
  async () => {
    if (parseCommandLine(process.argv.slice(2), {}).values.help) {
      console.log('Usage: npm run bench:local [-- --debug]');
      return 0;
    }
    return (await main()) ? 0 : 1;
  },
  { program: 'bench:local', usage: 'Usage: npm run bench:local [-- --debug]' },
);
