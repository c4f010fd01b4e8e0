/**
 * Synthesizes the state bootstrap stack (stacks/state-bootstrap-stack.ts) into cdktf.out.bootstrap/:
 * the state bucket, its replica in the other region, keys and replication, kept in LOCAL state.
 * Run once per account, before the first `npm run synth` deploy:
 *   npm run bootstrap:synth
 *   cd cdktf.out.bootstrap/stacks/<stack> && terraform init && terraform apply
 * The synth is the app's own (stacks/app-runner.ts synthApp): the same config loading, rule pack
 * (enforced in production), staging folder swapped into place; only the stack and the folder differ.
 */
import { resolve } from 'node:path';
import type { AppConfig } from '../../config';
import { parseAppArgs, removeFailedSynth, synthApp } from '../../stacks/app-runner';
import { StateBootstrapStack } from '../../stacks/state-bootstrap-stack';
import { runMain } from '../lib/cli';

export const BOOTSTRAP_OUTDIR = 'cdktf.out.bootstrap';

const USAGE = `Usage: npm run bootstrap:synth -- [--context key=value]... [--debug]
  -c, --context key=value   config override, as for the app (repeatable)
      --debug               print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help                this text`;

/** The output folder: CDKTF_BOOTSTRAP_OUTDIR (a test's own) or cdktf.out.bootstrap. */
function outdir(): string {
  return resolve(process.env.CDKTF_BOOTSTRAP_OUTDIR ?? BOOTSTRAP_OUTDIR);
}

function main(argv: readonly string[]): number {
  // Parsed here first for -h, whose text is this program's, not the app's.
  if (parseAppArgs(argv).help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let built: { readonly config: AppConfig; readonly name: string } | undefined;
  const code = synthApp(
    (app, config) => {
      const name = `${config.project}-state-bootstrap`;
      new StateBootstrapStack(app, name, { config });
      built = { config, name };
    },
    outdir(),
    argv,
    { describeApp: false },
  );
  if (built !== undefined) {
    const { state } = built.config;
    process.stderr.write(
      `state bootstrap: s3://${state.bucket} (${state.region}) replicated to s3://${state.replicaBucket} (${state.replicaRegion})\n` +
        `next: cd ${BOOTSTRAP_OUTDIR}/stacks/${built.name} && terraform init && terraform apply\n`,
    );
  }
  return code;
}

if (require.main === module) {
  runMain(() => main(process.argv.slice(2)), {
    program: 'bootstrap synth',
    usage: USAGE,
    onFailure: () => removeFailedSynth(outdir()),
  });
}
