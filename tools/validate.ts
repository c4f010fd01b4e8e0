/**
 * Offline Terraform checks: `terraform init -backend=false` and `terraform validate` on every stack of
 * cdktf.out (synthesize first: `npm run synth`). Two stacks at a time (each validate takes ~600 MB).
 * Exit 1 when any stack fails; the full output of each is in .local/logs/validate-<stack>.log.
 */
import { join } from 'node:path';
import { LOCAL_DIR, mapLimit, readManifest, run, terraformEnv } from './lib/terraform';

async function main(): Promise<void> {
  const env = { ...terraformEnv(), TF_CLI_ARGS_init: '' };
  const stacks = readManifest(process.argv[2]);
  const started = Date.now();
  const results = await mapLimit(stacks, 2, async (stack) => {
    const logFile = join(LOCAL_DIR, 'logs', `validate-${stack.name}.log`);
    const t0 = Date.now();
    const init = await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: stack.dir, env, logFile });
    const validate = init.code === 0 ? await run('terraform', ['validate', '-no-color'], { cwd: stack.dir, env, logFile }) : init;
    const ok = validate.code === 0;
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`${ok ? 'valid  ' : 'INVALID'} ${stack.name} (${seconds} s)${ok ? '' : `\n${validate.output.trim()}`}`);
    return ok;
  });
  const failed = results.filter((ok) => !ok).length;
  console.log(`terraform validate: ${results.length - failed} valid, ${failed} invalid, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failed > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
