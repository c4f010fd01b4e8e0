/**
 * Running terraform from the tools: the project's own CLI config (offline provider mirror when one is
 * present, the registry otherwise), the synthesized stacks in dependency order, and a child-process
 * wrapper that keeps the full log.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root: the nearest folder above this file holding cdktf.json (works from dist/ too). */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'cdktf.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
/** Scratch space of the tools (ignored by git): CLI config, logs, emulator state. */
export const LOCAL_DIR = join(ROOT, '.local');

/** Where a filesystem mirror of the AWS provider may be: TF_PROVIDER_MIRROR, then the machine image's. */
const MIRROR_CANDIDATES = [process.env.TF_PROVIDER_MIRROR, '/opt/tf-plugins', '/usr/share/terraform/plugins'];

/** The mirror root (the folder holding `registry.terraform.io/`), or undefined when there is none. */
export function findProviderMirror(): string | undefined {
  return MIRROR_CANDIDATES.find(
    (dir): dir is string => dir !== undefined && existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')),
  );
}

/**
 * Writes `.local/terraform.tfrc` and returns an environment pointing TF_CLI_CONFIG_FILE at it. With a
 * mirror, hashicorp providers come from it (terraform init works offline); without one, the file is empty
 * and terraform installs from the registry as usual.
 */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  mkdirSync(LOCAL_DIR, { recursive: true });
  const file = join(LOCAL_DIR, 'terraform.tfrc');
  const mirror = findProviderMirror();
  const body = mirror
    ? [
        'provider_installation {',
        `  filesystem_mirror {`,
        `    path    = ${JSON.stringify(mirror)}`,
        '    include = ["registry.terraform.io/hashicorp/*"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/*"]',
        '  }',
        '}',
        '',
      ].join('\n')
    : '# No local provider mirror: providers are installed from the registry.\n';
  if (!existsSync(file) || readFileSync(file, 'utf8') !== body) writeFileSync(file, body);
  return { ...base, TF_CLI_CONFIG_FILE: file, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

export interface ManifestStack {
  readonly name: string;
  /** Absolute folder of the stack's cdk.tf.json. */
  readonly dir: string;
  readonly dependencies: readonly string[];
}

/** The synthesized stacks of `outdir`, in an order where each comes after its dependencies. */
export function readManifest(outdir = join(ROOT, 'cdktf.out')): ManifestStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; workingDirectory: string; dependencies: string[] }>;
  };
  const stacks = Object.values(manifest.stacks).map((s) => ({
    name: s.name,
    dir: join(outdir, s.workingDirectory),
    dependencies: s.dependencies ?? [],
  }));
  const ordered: ManifestStack[] = [];
  const pending = [...stacks];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependencies.every((d) => ordered.some((o) => o.name === d)));
    if (i < 0) throw new Error(`dependency cycle among ${pending.map((s) => s.name).join(', ')}`);
    ordered.push(pending.splice(i, 1)[0]);
  }
  return ordered;
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a command, appending everything it prints to `logFile`; resolves with its exit code and output. */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const log = opts.logFile ? (mkdirSync(dirname(opts.logFile), { recursive: true }), createWriteStream(opts.logFile, { flags: 'a' })) : undefined;
    log?.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      log?.end();
      resolvePromise({ code: code ?? 1, output });
    });
  });
}

/** Runs `worker` over `items` with at most `limit` at once, preserving result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Names of the stack folders in cdktf.out/stacks (for checks that need no order). */
export function stackDirs(outdir = join(ROOT, 'cdktf.out')): string[] {
  const dir = join(outdir, 'stacks');
  return existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d)) : [];
}
