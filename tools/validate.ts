/**
 * Offline Terraform checks: `terraform init -backend=false` and `terraform validate` on every stack of
 * a synth output (default cdktf.out; synthesize first: `npm run synth`). Two stacks at a time (each
 * validate takes ~600 MB). Exit 1 when any stack fails; each stack's full output is kept in
 * .local/logs/validate-<stack>.log.
 */
import { join } from 'node:path';
import { UsageError, parseCommandLine, runMain } from './lib/cli';
import { runCommand } from './lib/process';
import { stopChildrenOnInterrupt } from './lib/signals';
import { LOCAL_DIR, mapLimit, readManifest, terraformEnv } from './lib/terraform';

export interface ValidateResult {
  readonly stack: string;
  readonly valid: boolean;
  readonly seconds: number;
  readonly output: string;
}

export async function validateStacks(outdir?: string): Promise<ValidateResult[]> {
  const env = { ...terraformEnv(), TF_CLI_ARGS_init: '' };
  return mapLimit(readManifest(outdir), 2, async (stack) => {
    const logFile = join(LOCAL_DIR, 'logs', `validate-${stack.name}.log`);
    const t0 = Date.now();
    const init = await runCommand('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
      cwd: stack.dir,
      env,
      logFile,
    });
    const validate =
      init.code === 0
        ? await runCommand('terraform', ['validate', '-no-color'], { cwd: stack.dir, env, logFile })
        : init;
    return {
      stack: stack.name,
      valid: validate.code === 0,
      seconds: (Date.now() - t0) / 1000,
      output: validate.output,
    };
  });
}

const USAGE = `Usage: node dist/tools/validate.js [OUTDIR] [--debug]
  OUTDIR      a synth output folder (default cdktf.out)
  --debug     print stack traces of failures (or GENAI_DEMO_DEBUG=1)
  -h, --help  this text`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {}, true);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`expected at most one synth output folder, got ${positionals.join(' ')}`);
  stopChildrenOnInterrupt('Interrupted: nothing was changed (validate only reads the synth output).');
  const started = Date.now();
  const results = await validateStacks(positionals[0]);
  for (const r of results) {
    console.log(
      `${r.valid ? 'valid  ' : 'INVALID'} ${r.stack} (${r.seconds.toFixed(1)} s)${r.valid ? '' : `\n${r.output.trim()}`}`,
    );
  }
  const failed = results.filter((r) => !r.valid).length;
  console.log(
    `terraform validate: ${results.length - failed} valid, ${failed} invalid, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed > 0 ? 1 : 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)), { program: 'validate', usage: USAGE });
