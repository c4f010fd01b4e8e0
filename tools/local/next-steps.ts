/**
 * What `npm run up` prints last: the commands to try next on the deployment it left running, each as a
 * complete command line for this deployment (its work dir when not the default, its emulator endpoint
 * where a tool needs it), so they can be copied as printed.
 */
import { LOCAL_WORK_DIR_ENV } from './deploy';
import { relative } from 'node:path';

/** The deployment `npm run up` left running. */
export interface NextStepsProps {
  /** The emulator endpoint, `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The work dir of the deployment (absolute). */
  readonly workDir: string;
  /** The default work dir of `npm run up` (absolute): no `--work-dir` / GENAI_DEMO_LOCAL_WORK_DIR needed for it. */
  readonly defaultWorkDir: string;
  /** The folder the deployment was synthesized into (absolute). */
  readonly outdir: string;
  /** The region that holds the writer now. */
  readonly writerRegion: string;
  /** The other region of the pair, where a switchover moves the writer. */
  readonly standbyRegion: string;
  /** The primary region, where `failback` always moves the writer. */
  readonly primaryRegion: string;
  /** Paths are printed relative to this folder. @default process.cwd() */
  readonly cwd?: string;
}

/** Lines to print: a heading, then per step a `# what it does` line and the command on its own line (copyable as is). */
export function nextSteps(props: NextStepsProps): string[] {
  const cwd = props.cwd ?? process.cwd();
  const rel = (p: string) => relative(cwd, p) || '.';
  const isDefault = props.workDir === props.defaultWorkDir;
  const drill = isDefault ? 'npm run drill --' : `${LOCAL_WORK_DIR_ENV}=${rel(props.workDir)} npm run drill --`;
  const emulatorEnv = `AWS_ENDPOINT_URL=${props.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`;
  const steps: Array<[string, string]> = [
    [`${drill} check`, 'health endpoints, health checks, DNS answers, peering, replica lag of this deployment'],
    [
      `${drill} switchover --to ${props.standbyRegion} --dry-run`,
      `every call and Terraform command of a planned move of the writer to ${props.standbyRegion}, none made`,
    ],
    [
      `${drill} switchover --to ${props.standbyRegion}`,
      `fence ${props.writerRegion}, drain, promote ${props.standbyRegion}, move api. and capacity (docs/role-swap.md)`,
    ],
    [
      `${drill} reprotect`,
      `then: the old writer fenced, the next database generation in ${props.writerRegion} as a replica`,
    ],
    [`${drill} failback`, `then: the writer back to the primary region ${props.primaryRegion}`],
    [
      `${emulatorEnv} npm run plan -- --from ${rel(props.outdir)}`,
      'plan every stack of this deployment: no changes expected',
    ],
    [
      isDefault ? 'npm run down' : `npm run down -- --work-dir ${rel(props.workDir)}`,
      'destroy everything and stop the emulator',
    ],
  ];
  return ['Next, try:', ...steps.flatMap(([command, what]) => [`  # ${what}`, `  ${command}`])];
}
