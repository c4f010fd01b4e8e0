/**
 * What the local deploy needs on the machine, and exactly how to get what is missing.
 */
import { spawnSync } from 'node:child_process';

/** Node major version the tools and the app need. */
export const MIN_NODE_MAJOR = 20;
/** Terraform version the S3 backend's native locking (`use_lockfile`) needs. */
export const MIN_TERRAFORM: readonly [number, number] = [1, 10];

/** One missing or unsuitable prerequisite. */
export interface MissingPrerequisite {
  readonly name: string;
  /** What was found (or "not found"). */
  readonly found: string;
  /** How to install it. */
  readonly install: string;
}

/** Parses `1.11.4` out of `terraform version` output; undefined when there is no version. */
export function parseTerraformVersion(output: string): [number, number, number] | undefined {
  const m = /Terraform v(\d+)\.(\d+)\.(\d+)/.exec(output);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Checks Node, terraform and moto_server; an empty list means everything is there. */
export function checkPrerequisites(nodeVersion = process.versions.node): MissingPrerequisite[] {
  const missing: MissingPrerequisite[] = [];
  const nodeMajor = Number(nodeVersion.split('.')[0]);
  if (nodeMajor < MIN_NODE_MAJOR) {
    missing.push({
      name: `Node.js >= ${MIN_NODE_MAJOR}`,
      found: `v${nodeVersion}`,
      install: 'install Node.js 20 or newer from https://nodejs.org/ (or `nvm install 20`)',
    });
  }

  const tf = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const tfVersion = tf.error ? undefined : parseTerraformVersion(tf.stdout ?? '');
  const tfInstall =
    'download it from https://developer.hashicorp.com/terraform/install, or on Debian/Ubuntu add the HashiCorp apt ' +
    'repository (https://apt.releases.hashicorp.com) and `sudo apt-get install terraform`';
  if (tfVersion === undefined) {
    missing.push({
      name: `terraform >= ${MIN_TERRAFORM.join('.')}`,
      found: 'not found on the PATH',
      install: tfInstall,
    });
  } else if (
    tfVersion[0] < MIN_TERRAFORM[0] ||
    (tfVersion[0] === MIN_TERRAFORM[0] && tfVersion[1] < MIN_TERRAFORM[1])
  ) {
    missing.push({
      name: `terraform >= ${MIN_TERRAFORM.join('.')}`,
      found: `v${tfVersion.join('.')}`,
      install: tfInstall,
    });
  }

  const moto = spawnSync('moto_server', ['--help'], { encoding: 'utf8' });
  if (moto.error || moto.status !== 0) {
    missing.push({
      name: 'moto_server (the local AWS emulator)',
      found: 'not found on the PATH',
      install: "pip install 'moto[server]'   (Python 3.9+; then `moto_server --help` must work)",
    });
  }
  return missing;
}

/** The message printed when something is missing. */
export function describeMissing(missing: readonly MissingPrerequisite[]): string {
  return [
    'Missing prerequisites for the local deploy:',
    ...missing.map((m) => `  - ${m.name}: ${m.found}\n      ${m.install}`),
  ].join('\n');
}
