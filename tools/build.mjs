#!/usr/bin/env node
// Transpile-only build: esbuild turns every TypeScript source of the app into CommonJS under dist/
// (~0.1 s, no type check: `npm run typecheck` does that), and bundles each Lambda function in
// functions/<name>/index.ts into dist/lambda/<name>/index.js, the folder the stacks package as an asset.
// Type errors are caught by `tsc --noEmit`, which the test command runs.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const SOURCE_DIRS = ['config', 'stacks', 'components', 'policies', 'tools', 'functions'];

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    // tools/ is an npm workspace: a node_modules of its own (when npm cannot hoist a dependency) is no source.
    if (name === 'node_modules') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export async function buildAll() {
  const entryPoints = [join(root, 'main.ts'), ...SOURCE_DIRS.flatMap((d) => tsFiles(join(root, d)))];
  await build({
    entryPoints,
    outdir: join(root, 'dist'),
    outbase: root,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  await buildLambdas();
}

/** Bundle each function for the Lambda nodejs20.x runtime, which provides the AWS SDK v3 itself. */
export async function buildLambdas() {
  const functionsDir = join(root, 'functions');
  if (!existsSync(functionsDir)) return;
  for (const name of readdirSync(functionsDir)) {
    const entry = join(functionsDir, name, 'index.ts');
    if (!existsSync(entry)) continue;
    await build({
      entryPoints: [entry],
      bundle: true,
      outfile: join(root, 'dist', 'lambda', name, 'index.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const lambdasOnly = process.argv.includes('--lambdas');
  (lambdasOnly ? buildLambdas() : buildAll()).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
