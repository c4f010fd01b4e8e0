/**
 * Synthesizes the state bootstrap stack (stacks/state-bootstrap-stack.ts) into cdktf.out.bootstrap/:
 * the state bucket, its replica in the other region, keys and replication, kept in LOCAL state.
 * Run once per account, before the first `npm run synth` deploy:
 *   npm run bootstrap:synth
 *   cd cdktf.out.bootstrap/stacks/<stack> && terraform init && terraform apply
 * The rule pack runs over it like over the app (enforced in production).
 */
import { App } from 'cdktf';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { applyPolicies } from '../../policies';
import { StateBootstrapStack } from '../../stacks/state-bootstrap-stack';

export const BOOTSTRAP_OUTDIR = 'cdktf.out.bootstrap';

function main(): void {
  let config;
  try {
    config = loadConfig().config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const app = new App({ outdir: resolve(process.env.CDKTF_BOOTSTRAP_OUTDIR ?? BOOTSTRAP_OUTDIR) });
  const name = `${config.project}-state-bootstrap`;
  new StateBootstrapStack(app, name, { config });
  const policies = applyPolicies(app, config);
  try {
    app.synth();
  } catch (err) {
    for (const line of policies.summary()) process.stderr.write(`${line}\n`);
    process.stderr.write(`bootstrap synth failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  for (const line of policies.summary()) process.stderr.write(`${line}\n`);
  if (policies.enforce && policies.violations.length > 0) process.exit(1);
  process.stderr.write(
    `state bootstrap: s3://${config.state.bucket} (${config.state.region}) replicated to s3://${config.state.replicaBucket} (${config.state.replicaRegion})\n` +
      `next: cd ${BOOTSTRAP_OUTDIR}/stacks/${name} && terraform init && terraform apply\n`,
  );
}

main();
