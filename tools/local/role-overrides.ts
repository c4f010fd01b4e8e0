/**
 * The roles of a local deployment (issue 14): the role-swap commands keep the role keys they applied as
 * GENAI_DEMO_CONTEXT pairs in `<work dir>/roles.json`, so every later synth of that deployment (the next
 * drill command, an `npm run up` re-run, `npm run down`) builds the same roles. On AWS the same keys live
 * in cdktf.json instead.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What is kept: the pairs (what synth reads) and, for people and the drill, the roles they say. */
export interface RoleOverrides {
  /** `key=value` pairs applied after the user's GENAI_DEMO_CONTEXT and before the local deploy's forced ones. */
  readonly pairs: readonly string[];
  /** The role state the pairs encode (tools/drill/roleswap/roles.ts RoleState). */
  readonly roles: unknown;
  /** The state backend during a regional outage, or null for the normal one. */
  readonly state: { readonly bucket: string; readonly region: string } | null;
}

/** The file of a work dir. */
export function roleOverridesFile(workDir: string): string {
  return join(workDir, 'roles.json');
}

/** The roles kept in `workDir`, or undefined when none were ever applied. */
export function readRoleOverrides(workDir: string): RoleOverrides | undefined {
  const file = roleOverridesFile(workDir);
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as RoleOverrides;
  if (!Array.isArray(value.pairs) || value.pairs.some((p) => typeof p !== 'string'))
    throw new Error(`${file}: "pairs" must be a list of key=value strings`);
  return value;
}

/** Writes the roles atomically (a temporary file renamed over the old one); returns the file. */
export function writeRoleOverrides(workDir: string, value: RoleOverrides): string {
  mkdirSync(workDir, { recursive: true });
  const file = roleOverridesFile(workDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/** `env` with the work dir's role pairs appended to its GENAI_DEMO_CONTEXT (unchanged when there are none). */
export function withRoleOverrides(env: NodeJS.ProcessEnv, workDir: string, overrideEnv: string): NodeJS.ProcessEnv {
  const pairs = readRoleOverrides(workDir)?.pairs ?? [];
  if (pairs.length === 0) return env;
  const own = env[overrideEnv]?.trim() ?? '';
  return { ...env, [overrideEnv]: [own, ...pairs].filter((p) => p !== '').join(' ') };
}
