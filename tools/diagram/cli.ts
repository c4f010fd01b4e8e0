/**
 * `npm run diagram`: synthesizes the app as cdktf.json configures it (no GENAI_DEMO_CONTEXT overrides,
 * so the committed picture is the default design) and writes docs/architecture.dot and
 * docs/architecture.svg. `--check` writes nothing and exits 1 when the committed files differ from what
 * the current synth produces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { OVERRIDE_ENV } from '../../config';
import { ROOT } from '../lib/terraform';
import { parseCommandLine, runMain } from '../lib/cli';
import { runCommand } from '../lib/process';
import { renderSvg, toDot } from './dot';
import { readDiagramModel, type DiagramModel } from './model';

/** Where the picture is committed. */
export const DIAGRAM_FILES = {
  dot: join(ROOT, 'docs', 'architecture.dot'),
  svg: join(ROOT, 'docs', 'architecture.svg'),
} as const;

/** The title drawn on the picture. */
export const DIAGRAM_TITLE = 'genai-demo multi-region DR, as synthesized (npm run diagram)';

/** A generated diagram: the model read from the synth, its DOT and its SVG. */
export interface GeneratedDiagram {
  readonly model: DiagramModel;
  readonly dot: string;
  readonly svg: string;
}

/**
 * Synthesizes the app (dist/main.js) into a scratch folder with cdktf.json as is, or with `context`
 * (a GENAI_DEMO_CONTEXT value) when given, and returns the model, DOT and SVG.
 */
export async function generateDiagram(context?: string): Promise<GeneratedDiagram> {
  const outdir = mkdtempSync(join(tmpdir(), 'genai-demo-diagram-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    delete env[OVERRIDE_ENV];
    delete env.CDKTF_CONTEXT_JSON;
    if (context !== undefined) env[OVERRIDE_ENV] = context;
    const res = await runCommand(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env });
    if (res.code !== 0) throw new Error(`synth failed:\n${res.output.trim()}`);
    const model = readDiagramModel(outdir);
    const dot = toDot(model, DIAGRAM_TITLE);
    return { model, dot, svg: await renderSvg(dot) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<boolean> {
  const { values } = parseCommandLine(process.argv.slice(2), { check: { type: 'boolean' } });
  if (values.help === true) {
    console.log(DIAGRAM_USAGE);
    return true;
  }
  const { dot, svg } = await generateDiagram();
  const files: Array<[string, string]> = [
    [DIAGRAM_FILES.dot, dot],
    [DIAGRAM_FILES.svg, svg],
  ];
  if (values.check) {
    const stale = files
      .filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text)
      .map(([file]) => relative(process.cwd(), file));
    if (stale.length > 0)
      process.stderr.write(`out of date: ${stale.join(', ')}; run \`npm run diagram\` and commit the result\n`);
    else process.stdout.write('docs/architecture.dot and .svg match the synthesized app\n');
    return stale.length === 0;
  }
  for (const [file, text] of files) writeFileSync(file, text);
  process.stdout.write(`wrote ${files.map(([f]) => relative(process.cwd(), f)).join(', ')}\n`);
  return true;
}

/** Usage of `npm run diagram`. */
export const DIAGRAM_USAGE = 'Usage: npm run diagram -- [--check] [--debug]';

if (require.main === module)
  runMain(async () => ((await main()) ? 0 : 1), { program: 'diagram', usage: DIAGRAM_USAGE });
