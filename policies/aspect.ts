/**
 * The rule pack as a cdktf Aspect. cdktf invokes aspects when it synthesizes each stack, after every
 * stack has been prepared (cross-stack references resolved into outputs and remote-state reads); the
 * first visit evaluates every stack of the app from `stack.toTerraform()`, so the report is complete
 * even when the first stack fails. Findings become construct annotations: errors when enforced (cdktf
 * then aborts the synth and nothing is written), warnings otherwise; suppressions become info entries.
 */
import { AnnotationMetadataEntryType, Aspects, TerraformResource, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { AppConfig } from '../config';
import {
  evaluateStack,
  isSuppressed,
  type Finding,
  type StackEvaluation,
  type SuppressedFinding,
  type Suppression,
} from './engine';
import { ALL_RULES } from './rules';
import { REQUIRED_TAG_KEYS } from './rules/required-tags';
import { suppressionsFor, suppressionsOn } from './suppressions';
import type { PolicyRule } from './types';

export interface PolicyOptions {
  /** Unsuppressed findings fail the synth (error annotations). @default - true in production, warnings elsewhere */
  readonly enforce?: boolean;
  /** The rules to run. @default ALL_RULES */
  readonly rules?: readonly PolicyRule[];
}

/** Runs the rules over every stack and records the outcome. */
export class PolicyAspect implements IAspect {
  readonly enforce: boolean;
  readonly rules: readonly PolicyRule[];
  private readonly config: AppConfig;
  private evaluations: StackEvaluation[] | undefined;
  private unused: Suppression[] = [];

  constructor(config: AppConfig, options: PolicyOptions = {}) {
    this.config = config;
    this.enforce = options.enforce ?? config.isProduction;
    this.rules = options.rules ?? ALL_RULES;
  }

  visit(node: IConstruct): void {
    if (this.evaluations !== undefined || !TerraformStack.isStack(node)) return;
    const stacks = node.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    this.evaluations = stacks.map((stack) => this.evaluate(stack));
    const used = new Set(this.evaluations.flatMap((e) => e.usedSuppressions.map(key)));
    for (const scope of node.node.root.node.findAll()) {
      for (const s of suppressionsOn(scope)) {
        if (used.has(key(s))) continue;
        this.unused.push(s);
        scope.node.addMetadata(
          AnnotationMetadataEntryType.WARN,
          `[policy] suppression of ${s.ruleId} exempts nothing here: remove it`,
          { stackTrace: false },
        );
      }
    }
  }

  private evaluate(stack: TerraformStack): StackEvaluation {
    const constructs = new Map<string, TerraformResource>();
    for (const c of stack.node.findAll()) {
      if (TerraformResource.isTerraformResource(c))
        constructs.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    }
    const evaluation = evaluateStack(
      {
        stackName: stack.node.id,
        terraform: stack.toTerraform(),
        isTaggable: (type, name) =>
          typeof (constructs.get(`${type}.${name}`) as { resetTags?: unknown } | undefined)?.resetTags === 'function',
        suppressionsFor: (path) => {
          const construct = [...constructs.values()].find((c) => c.node.path === path);
          return construct ? suppressionsFor(construct) : [];
        },
      },
      {
        environment: this.config.environment,
        isProduction: this.config.isProduction,
        requiredTags: REQUIRED_TAG_KEYS,
        rules: this.rules,
      },
    );
    for (const f of evaluation.findings) {
      const construct = constructs.get(`${f.resourceType}.${f.resourceName}`) ?? stack;
      const level = f.suppression
        ? AnnotationMetadataEntryType.INFO
        : this.enforce
          ? AnnotationMetadataEntryType.ERROR
          : AnnotationMetadataEntryType.WARN;
      const text = f.suppression ? `[${f.ruleId}] suppressed: ${f.suppression.reason}` : `[${f.ruleId}] ${f.message}`;
      construct.node.addMetadata(level, text, { stackTrace: false });
    }
    return evaluation;
  }

  /** Every stack's evaluation (empty before the synth). */
  get results(): readonly StackEvaluation[] {
    return this.evaluations ?? [];
  }

  /** Findings no suppression covers. */
  get violations(): Finding[] {
    return this.results.flatMap((e) => e.findings.filter((f) => f.suppression === undefined));
  }

  /** Findings a suppression covers, with its reason. */
  get suppressed(): SuppressedFinding[] {
    return this.results.flatMap((e) => e.findings.filter(isSuppressed));
  }

  /** Suppressions that exempted nothing. */
  get unusedSuppressions(): readonly Suppression[] {
    return this.unused;
  }

  /** The synth log lines: a summary, each violation, each suppression with its reason. */
  summary(): string[] {
    if (this.evaluations === undefined) return ['policy: not evaluated (synth stopped before the first stack)'];
    const checks = this.results.reduce((n, e) => n + e.compliant, 0);
    const mode = this.enforce ? 'enforced: findings are errors' : 'report only: findings are warnings';
    const lines = [
      `policy: ${this.rules.length} rules over ${this.results.length} stacks (${mode}): ${checks} compliant checks, ${this.violations.length} findings, ${this.suppressed.length} suppressed`,
    ];
    for (const f of this.violations)
      lines.push(`policy: ${this.enforce ? 'ERROR' : 'WARNING'} [${f.ruleId}] ${f.path}: ${f.message}`);
    for (const f of this.suppressed)
      lines.push(
        `policy: suppressed [${f.ruleId}] ${f.path}: ${f.suppression.reason} (suppression on ${f.suppression.scopePath})`,
      );
    for (const s of this.unused)
      lines.push(`policy: WARNING unused suppression of ${s.ruleId} on ${s.scopePath}: remove it`);
    return lines;
  }
}

function key(s: Suppression): string {
  return `${s.scopePath}\u0000${s.ruleId}`;
}

/**
 * Adds the rule pack to every stack of the app; call after the stacks are built, before `app.synth()`.
 * (cdktf invokes aspects from each stack down, so an aspect added to the App itself would never run.)
 */
export function applyPolicies(app: IConstruct, config: AppConfig, options: PolicyOptions = {}): PolicyAspect {
  const aspect = new PolicyAspect(config, options);
  for (const stack of app.node.findAll().filter((c) => TerraformStack.isStack(c))) Aspects.of(stack).add(aspect);
  return aspect;
}
