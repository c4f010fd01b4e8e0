/**
 * Synthesizes the state bootstrap stack (stacks/state-bootstrap-stack.ts) into cdktf.out.bootstrap/:
 * the state bucket, its replica in the other region, keys and replication, kept in LOCAL state.
 * Run once per account, before the first `npm run synth` deploy:
 *   npm run bootstrap:synth
 *   cd cdktf.out.bootstrap/stacks/<stack> && terraform init && terraform apply
 * The rule pack runs over it like over the app (enforced in production).
 */
import { App } from 'cdktf';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config';
import { applyPolicies } from '../../policies';
import { StateBootstrapStack } from '../../stacks/state-bootstrap-stack';
import { parseCommandLine, runMain } from '../lib/cli';

export const BOOTSTRAP_OUTDIR = 'cdktf.out.bootstrap';

const USAGE = `Usage: npm run bootstrap:synth -- [--context key=value]... [--debug]
  -c, --context key=value   config override, as for the app (repeatable)
      --debug               print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help                this text`;

function main(argv: readonly string[]): number {
  const { values } = parseCommandLine(argv, { context: { type: 'string', short: 'c', multiple: true } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig({ argv: (values.context ?? []).flatMap((pair) => ['--context', pair]) }).config;
  const app = new App({ outdir: resolve(process.env.CDKTF_BOOTSTRAP_OUTDIR ?? BOOTSTRAP_OUTDIR) });
  const name = `${config.project}-state-bootstrap`;
  new StateBootstrapStack(app, name, { config });
  const policies = applyPolicies(app, config);
  try {
    app.synth();
  } finally {
    for (const line of policies.summary()) process.stderr.write(`${line}\n`);
  }
  if (policies.enforce && policies.violations.length > 0) throw new Error(`${policies.violations.length} unsuppressed policy findings`);
  process.stderr.write(
    `state bootstrap: s3://${config.state.bucket} (${config.state.region}) replicated to s3://${config.state.replicaBucket} (${config.state.replicaRegion})\n` +
      `next: cd ${BOOTSTRAP_OUTDIR}/stacks/${name} && terraform init && terraform apply\n`,
  );
  return 0;
}

runMain(() => main(process.argv.slice(2)), {
  program: 'bootstrap synth',
  usage: USAGE,
  // Like the app: a failed synth leaves no earlier bootstrap stack that looks current.
  onFailure: () => {
    const outdir = resolve(process.env.CDKTF_BOOTSTRAP_OUTDIR ?? BOOTSTRAP_OUTDIR);
    rmSync(join(outdir, 'stacks'), { recursive: true, force: true });
    rmSync(join(outdir, 'manifest.json'), { force: true });
  },
});
