/**
 * Running terraform from the tools: the project's own CLI config (offline provider mirror when one is
 * present, the registry otherwise) and the synthesized stacks in dependency order (tools/lib/graph.ts).
 * Processes are started with tools/lib/process.ts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { orderGraph } from './graph';

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
  return orderGraph(
    Object.values(manifest.stacks).map((s) => ({
      name: s.name,
      dir: join(outdir, s.workingDirectory),
      dependencies: s.dependencies ?? [],
    })),
  );
}

/** Runs `worker` over `items` with at most `limit` at once, preserving result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<R>,
): Promise<R[]> {
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
