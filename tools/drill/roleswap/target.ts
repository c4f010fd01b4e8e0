/**
 * Where a role swap acts: a local deployment (`npm run up`'s emulator, the work dir keeping the roles) or
 * AWS (cdktf.json keeping the roles, the deploy pipeline's source of truth). Both apply Terraform the same
 * way, one stack at a time: init, plan to a file, the plan guard of `npm run plan` (tools/plan: no writer
 * database, state bucket, KMS key or zone destroyed or replaced unless `--allow-replace` says so, logged),
 * then apply of that saved plan. A stack whose plan shows no change is left alone: that is how a re-run
 * skips what an interrupted run already did.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../../config';
import { OVERRIDE_ENV } from '../../../config/context';
import { ROOT, readManifest, terraformEnv, type ManifestStack } from '../../lib/terraform';
import {
  PhaseFailure,
  deploymentEnv,
  loadLocalConfig,
  localPaths,
  synthesize,
  terraformPhase,
  type Deployment,
} from '../../local/deploy';
import { classifyPlan, type PlanResourceChange } from '../../local/emulator-quirks';
import { readEmulator, type EmulatorInfo } from '../../local/emulator';
import { runCommand } from '../../lib/process';
import { Progress } from '../../local/progress';
import { readRoleOverrides, writeRoleOverrides } from '../../local/role-overrides';
import { protectionContext } from '../../plan/protected';
import {
  judge,
  summarizePlan,
  type GuardFinding,
  type Override,
  type PlanCounts,
  type PlanJson,
} from '../../plan/summary';
import { mergeContext, overridePairs, rolePatch, type JsonObject, type RoleState, type StateBackend } from './roles';

/** How one stack was brought to the synthesized roles. */
export interface StackConvergence extends PlanCounts {
  readonly stack: string;
  /** `no-changes`: the plan showed nothing to do (already done, e.g. by an interrupted run). */
  readonly outcome: 'applied' | 'no-changes' | 'dry-run';
  readonly seconds: number;
  /** `-target` addresses, when only part of the stack was applied. */
  readonly targets: readonly string[];
  /** Protected changes let through by `--allow-replace` (recorded in the report). */
  readonly allowed: readonly GuardFinding[];
  /** Emulator only: the plan's changes were all known read-back quirks, so nothing was applied. */
  readonly quirksOnly?: boolean;
}

/**
 * A removal of a protected resource that the role change itself implies (not an accident of the plan): let
 * through the guard by the command, and recorded in the report with its reason.
 */
export interface IntendedRemoval {
  /** Terraform address prefix, e.g. `aws_kms_key.ReplicationNotifications_`. */
  readonly addressPrefix: string;
  readonly reason: string;
}

/** What a role-swap command needs from where it acts. */
export interface RoleSwapTarget {
  readonly kind: 'local' | 'aws';
  /** The first line of every command's output: what it acts on. */
  readonly description: string;
  /** True on the local emulator (what it cannot show is said, not invented). */
  readonly emulator: boolean;
  /** Environment of the AWS SDK clients (the emulator's endpoint and keys for a local target). */
  readonly awsEnv: NodeJS.ProcessEnv;
  /** Folder of the pending-operation record and the default report folder. */
  readonly workDir: string;
  /** The configuration with the roles as they are persisted now. */
  config(): AppConfig;
  /** Keeps `roles` (and the state backend during an outage) where the next command and the pipeline read them; returns what it wrote. */
  persist(roles: RoleState, state: StateBackend | undefined): string;
  /** Synthesizes the app with `roles` (and `state`) into the target's own folder. */
  synth(roles: RoleState, state: StateBackend | undefined): Promise<void>;
  /** Brings one stack of the last synth to its Terraform (plan, guard, apply); `targets` limits it to those addresses. */
  converge(stack: string, targets?: readonly string[], intended?: IntendedRemoval): Promise<StackConvergence>;
  /** The Terraform address of the aws_db_instance named `identifier` in `stack`'s last synth, if any. */
  databaseAddress(stack: string, identifier: string): string | undefined;
}

/** Settings shared by both targets. */
export interface TargetSettings {
  readonly dryRun: boolean;
  /** `--allow-replace` values, already parsed. */
  readonly allowReplace: readonly Override[];
  readonly print: (line: string) => void;
}

/**
 * The plan guard's verdict for a role-swap apply: the operator's `--allow-replace` values as for `npm run
 * plan`, plus the destroys the role change itself declares (`intended`); everything else protected is refused.
 */
export function roleSwapVerdict(
  findings: readonly GuardFinding[],
  allowReplace: readonly Override[],
  intended?: IntendedRemoval,
): { readonly refused: readonly GuardFinding[]; readonly allowed: readonly GuardFinding[] } {
  const judged = judge(findings, allowReplace);
  if (intended === undefined) return { refused: judged.refused, allowed: judged.allowed };
  const byRoles = judged.refused.filter((f) => f.action === 'destroy' && f.address.startsWith(intended.addressPrefix));
  return {
    refused: judged.refused.filter((f) => !byRoles.includes(f)),
    allowed: [
      ...judged.allowed,
      ...byRoles.map((f) => ({ ...f, reason: `${f.reason}: intended by the role change (${intended.reason})` })),
    ],
  };
}

/** One stack's terraform, shared by the two targets. */
class TerraformDriver {
  constructor(
    private readonly outdir: string,
    private readonly workDir: string,
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly settings: TargetSettings,
    private readonly config: () => AppConfig,
    private readonly emulator?: EmulatorInfo,
  ) {}

  private stack(name: string): ManifestStack {
    const stack = readManifest(this.outdir).find((s) => s.name === name);
    if (stack === undefined) throw new Error(`stack ${name} is not in ${join(this.outdir, 'manifest.json')}`);
    return stack;
  }

  databaseAddress(stackName: string, identifier: string): string | undefined {
    const file = join(this.outdir, 'stacks', stackName, 'cdk.tf.json');
    if (!existsSync(file)) return undefined;
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      resource?: { aws_db_instance?: Record<string, { identifier?: string }> };
    };
    const entry = Object.entries(json.resource?.aws_db_instance ?? {}).find(([, r]) => r.identifier === identifier);
    return entry === undefined ? undefined : `aws_db_instance.${entry[0]}`;
  }

  async converge(name: string, targets: readonly string[] = [], intended?: IntendedRemoval): Promise<StackConvergence> {
    const t0 = Date.now();
    const dir = join(this.outdir, 'stacks', name);
    const planFile = join(this.workDir, 'roleswap-plans', `${name}.tfplan`);
    const targetArgs = targets.map((t) => `-target=${t}`);
    const planArgs = [
      'plan',
      '-detailed-exitcode',
      '-input=false',
      '-no-color',
      '-lock-timeout=60s',
      ...targetArgs,
      `-out=${planFile}`,
    ];
    if (this.settings.dryRun) {
      for (const args of [
        ['init', '-input=false', '-no-color'],
        planArgs,
        ['show', '-json', planFile],
        ['apply', '-input=false', '-no-color', planFile],
      ]) {
        this.settings.print(`  would run terraform -chdir=${dir} ${args.join(' ')}`);
      }
      return { stack: name, outcome: 'dry-run', seconds: 0, add: 0, change: 0, destroy: 0, targets, allowed: [] };
    }
    mkdirSync(join(this.workDir, 'roleswap-plans'), { recursive: true });
    const progress = new Progress({ write: this.settings.print });
    const dep: Deployment = {
      paths: { ...localPaths(this.workDir), outdir: this.outdir },
      env: this.env(),
      progress,
      emulator: this.emulator,
    };
    const stack = this.stack(name);
    try {
      await terraformPhase(dep, stack, 'init', ['init', '-input=false', '-no-color']);
      const plan = await terraformPhase(dep, stack, 'plan', planArgs, [0, 2]);
      const base = { stack: name, targets, allowed: [] as GuardFinding[] };
      if (plan.code === 0)
        return { ...base, outcome: 'no-changes', seconds: (Date.now() - t0) / 1000, add: 0, change: 0, destroy: 0 };
      const show = await runCommand('terraform', ['show', '-json', '-no-color', planFile], {
        cwd: stack.dir,
        env: dep.env,
      });
      if (show.code !== 0)
        throw new Error(`${name}: terraform show -json failed: ${show.output.trim().split('\n')[0]}`);
      const planJson = JSON.parse(show.output) as PlanJson;
      const summary = summarizePlan(name, planJson, protectionContext(this.config()));
      const verdict = roleSwapVerdict(summary.findings, this.settings.allowReplace, intended);
      if (verdict.refused.length > 0) {
        throw new Error(
          `${name}: the plan guard refused: ${verdict.refused.map((f) => `${f.address}: ${f.reason}`).join('; ')}. ` +
            `Nothing of this stack was applied. If this is intended: --allow-replace ${verdict.refused.map((f) => `${f.stack}:${f.address}`).join(' --allow-replace ')}`,
        );
      }
      if (
        this.emulator !== undefined &&
        classifyPlan((planJson.resource_changes ?? []) as unknown as PlanResourceChange[]).unexplained.length === 0
      ) {
        // Only the emulator's known read-back differences (emulator-quirks.ts): nothing to apply.
        return {
          ...base,
          outcome: 'no-changes',
          quirksOnly: true,
          seconds: (Date.now() - t0) / 1000,
          add: 0,
          change: 0,
          destroy: 0,
        };
      }
      for (const f of verdict.allowed)
        this.settings.print(`  ALLOWED past the plan guard: ${f.stack} ${f.address}: ${f.reason}`);
      await terraformPhase(dep, stack, 'apply', ['apply', '-input=false', '-no-color', '-lock-timeout=60s', planFile]);
      return {
        ...base,
        allowed: verdict.allowed,
        outcome: 'applied',
        seconds: (Date.now() - t0) / 1000,
        add: summary.add + summary.replace,
        change: summary.change,
        destroy: summary.destroy + summary.replace,
      };
    } catch (err) {
      if (err instanceof PhaseFailure) {
        throw new Error(
          `${name}: terraform ${err.result.phase} failed: ${(err.result.errors[0] ?? 'see log').split('\n').slice(0, 3).join(' ')} (log ${err.result.logFile})`,
        );
      }
      throw err;
    }
  }
}

/** The user's GENAI_DEMO_CONTEXT pairs followed by `pairs` (later pairs win). */
function withPairs(env: NodeJS.ProcessEnv, pairs: readonly string[]): NodeJS.ProcessEnv {
  const own = env[OVERRIDE_ENV]?.trim() ?? '';
  return { ...env, [OVERRIDE_ENV]: [own, ...pairs].filter((p) => p !== '').join(' ') };
}

/**
 * A local deployment of `npm run up` (its emulator alive). The roles are kept in the work dir
 * (tools/local/role-overrides.ts), so `npm run up` re-runs and `npm run down` synthesize the same roles.
 */
export class LocalTarget implements RoleSwapTarget {
  readonly kind = 'local';
  readonly emulator = true;
  readonly description: string;
  readonly awsEnv: NodeJS.ProcessEnv;
  private readonly driver: TerraformDriver;
  private readonly outdir: string;

  constructor(
    readonly workDir: string,
    private readonly emulatorInfo: EmulatorInfo,
    /** The caller's environment (its GENAI_DEMO_CONTEXT is applied before the roles). */
    private readonly baseEnv: NodeJS.ProcessEnv,
    awsEnv: NodeJS.ProcessEnv,
    private readonly settings: TargetSettings,
  ) {
    this.awsEnv = awsEnv;
    this.outdir = localPaths(workDir).outdir;
    this.description = `Target: the local deployment in ${workDir} (emulator pid ${emulatorInfo.pid} on ${emulatorInfo.endpoint}); no AWS target given`;
    this.driver = new TerraformDriver(
      this.outdir,
      workDir,
      () => deploymentEnv(this.awsEnv),
      settings,
      () => this.config(),
      emulatorInfo,
    );
  }

  config(): AppConfig {
    return loadLocalConfig(withPairs(this.baseEnv, readRoleOverrides(this.workDir)?.pairs ?? []));
  }

  persist(roles: RoleState, state: StateBackend | undefined): string {
    const pairs = overridePairs(rolePatch(roles, state));
    if (this.settings.dryRun) {
      this.settings.print(`  would keep in ${this.workDir}/roles.json: ${pairs.join(' ')}`);
      return `roles not written (dry run)`;
    }
    const file = writeRoleOverrides(this.workDir, { pairs, roles, state: state ?? null });
    return `roles kept in ${file} (npm run up / npm run down and the next drill command read them)`;
  }

  async synth(roles: RoleState, state: StateBackend | undefined): Promise<void> {
    const pairs = overridePairs(rolePatch(roles, state));
    if (this.settings.dryRun) {
      this.settings.print(`  would synthesize into ${this.outdir} with ${pairs.join(' ')}`);
      return;
    }
    await synthesize(this.outdir, localPaths(this.workDir).logsDir, withPairs(this.baseEnv, pairs));
  }

  converge(stack: string, targets?: readonly string[], intended?: IntendedRemoval): Promise<StackConvergence> {
    if (readEmulator(localPaths(this.workDir).emulatorFile) === undefined) {
      throw new Error(
        `the local emulator (pid ${this.emulatorInfo.pid} on ${this.emulatorInfo.endpoint}) is no longer running: run \`npm run down\`, then \`npm run up\``,
      );
    }
    return this.driver.converge(stack, targets, intended);
  }

  databaseAddress(stack: string, identifier: string): string | undefined {
    return this.driver.databaseAddress(stack, identifier);
  }
}

/**
 * AWS (or any endpoint named by AWS_ENDPOINT_URL): the roles are written into cdktf.json, only their keys,
 * atomically (a temporary file renamed over it); the operator commits it so the pipeline applies the same.
 */
export class AwsTarget implements RoleSwapTarget {
  readonly kind = 'aws';
  readonly emulator: boolean;
  readonly description: string;
  readonly workDir: string;
  private readonly driver: TerraformDriver;
  private readonly outdir: string;

  constructor(
    readonly awsEnv: NodeJS.ProcessEnv,
    private readonly root: string,
    private readonly contextArgs: readonly string[],
    private readonly settings: TargetSettings,
    endpoint: { label: string; emulator: boolean },
  ) {
    this.emulator = endpoint.emulator;
    this.workDir = join(root, '.local', 'roleswap');
    this.outdir = join(this.workDir, 'cdktf.out');
    this.description = `Target: ${endpoint.label === 'AWS' ? 'AWS (credentials from the environment)' : `the endpoint ${endpoint.label}`}; roles persist in ${join(root, 'cdktf.json')}`;
    this.driver = new TerraformDriver(
      this.outdir,
      this.workDir,
      () => terraformEnv(this.awsEnv),
      settings,
      () => this.config(),
    );
  }

  config(): AppConfig {
    return loadConfig({ cwd: this.root, env: this.awsEnv, argv: this.contextArgs }).config;
  }

  persist(roles: RoleState, state: StateBackend | undefined): string {
    const file = join(this.root, 'cdktf.json');
    if (this.settings.dryRun) {
      this.settings.print(`  would write into ${file}: ${JSON.stringify(rolePatch(roles, state))}`);
      return `${file} not written (dry run)`;
    }
    writeCdktfRoles(file, roles, state);
    return `${file}: role keys written; commit it so the deploy pipeline applies the same roles`;
  }

  async synth(roles: RoleState, state: StateBackend | undefined): Promise<void> {
    const pairs = overridePairs(rolePatch(roles, state));
    if (this.settings.dryRun) {
      this.settings.print(`  would synthesize into ${this.outdir} with ${pairs.join(' ')}`);
      return;
    }
    const logFile = join(this.workDir, 'logs', 'synth.log');
    mkdirSync(join(this.workDir, 'logs'), { recursive: true });
    const env = { ...withPairs(this.awsEnv, pairs), CDKTF_OUTDIR: this.outdir };
    const res = await runCommand(process.execPath, [join(ROOT, 'dist', 'main.js'), ...this.contextArgs], {
      cwd: this.root,
      env,
      logFile,
    });
    if (res.code !== 0) throw new Error(`synth failed (log ${logFile}):\n${res.output.trim()}`);
  }

  converge(stack: string, targets?: readonly string[], intended?: IntendedRemoval): Promise<StackConvergence> {
    return this.driver.converge(stack, targets, intended);
  }

  databaseAddress(stack: string, identifier: string): string | undefined {
    return this.driver.databaseAddress(stack, identifier);
  }
}

/** JSON with two-space indentation and arrays of plain values on one line (the layout of the project's cdktf.json). */
export function formatJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return value.length === 0
      ? '[]'
      : `[\n${value.map((v) => `${inner}${formatJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * Writes the role keys (and the state backend when given) into cdktf.json's context, every other key and
 * the file's layout kept; atomically: a temporary file beside it, renamed over it.
 */
export function writeCdktfRoles(file: string, roles: RoleState, state: StateBackend | undefined): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as JsonObject & { context?: JsonObject };
  const next = { ...json, context: mergeContext(json.context ?? {}, rolePatch(roles, state)) };
  const tmp = `${file}.roleswap-${process.pid}.tmp`;
  writeFileSync(tmp, `${formatJson(next)}\n`);
  renameSync(tmp, file);
}
