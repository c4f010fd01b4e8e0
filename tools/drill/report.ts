/**
 * The drill's reports: the run's record as JSON (for tooling) and Markdown (for people), written side
 * by side into the report folder, named after the start time.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckRow } from './check';
import type { Unobservable } from './endpoint';
import { UsageError } from '../lib/cli';
import type { FailoverReport, Measurement } from './failover-record';
import { phaseTimelineSvg } from './timeline';

/** The record of a `check` run. */
export interface CheckReport {
  readonly kind: 'check';
  readonly startedAt: string;
  readonly endpoint: string;
  readonly emulator: boolean;
  readonly environment: string;
  readonly outputsSource: string;
  /** Why the failover stack's outputs could not be read, or null. */
  readonly outputsError: string | null;
  readonly missingOutputs: readonly string[];
  readonly notObservable: readonly Unobservable[];
  readonly rows: readonly CheckRow[];
}

/** Paths of the files written. */
export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  /** The SVG timeline of the phases (failover runs only). */
  readonly timeline?: string;
}

function fileStem(kind: string, startedAt: string): string {
  return `${kind}-${startedAt.replace(/[:.]/g, '-')}`;
}

function cell(text: string | number | boolean | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function seconds(m: Measurement): string {
  switch (m.kind) {
    case 'measured':
      return `${m.seconds} s`;
    case 'upper-bound':
      return `<= ${m.seconds} s`;
    case 'not-reached':
      return 'NOT REACHED';
    case 'not-observable':
      return 'NOT OBSERVABLE';
  }
}

/** The Markdown of a failover run; `timelineFile` is the SVG timeline beside it, when written. */
export function failoverMarkdown(r: FailoverReport, timelineFile?: string): string {
  const m = r.measurements;
  const lines = [
    `# Planned failover drill: ${r.result.toUpperCase()}`,
    '',
    r.message,
    '',
    `- Started ${r.startedAt}, finished ${r.finishedAt}`,
    `- Endpoint: ${r.endpoint}${r.emulator ? ' (local emulator)' : ''}; environment ${r.environment}, domain ${r.domain}`,
    `- Failover record: ${r.failoverRecord}; primary health check: ${r.primaryHealthCheckId ?? 'unknown'}`,
    `- Outputs from ${r.outputsSource}${r.missingOutputs.length ? `; missing: ${r.missingOutputs.join(', ')}` : ''}`,
    `- Poll interval ${r.settings.pollIntervalSeconds} s (the resolution of every figure), failover timeout ${r.settings.failoverTimeoutSeconds} s, failback timeout ${r.settings.failbackTimeoutSeconds} s`,
    '',
  ];
  lines.push(...notObservableSection(r.notObservable));
  const rto = r.rto;
  lines.push(
    '## Recovery time',
    '',
    '| | seconds | source |',
    '|---|---|---|',
    `| Measured RTO (DNS failover) | ${seconds(m.dnsFailover)} | ${cell(rto.note)} |`,
    `| Configured target | ${rto.targetSeconds} | genai-demo:multi-region.failover-rto-minutes = ${rto.targetMinutes} |`,
    `| Computed budget, worst case | ${rto.budgetWorstCaseSeconds} | config recovery budget (detection ${rto.budgetDetectionSeconds} s + alias TTL) |`,
    '',
    `Within target: ${rto.withinTarget === null ? 'not known (no measured RTO)' : rto.withinTarget ? 'yes' : 'NO'}`,
    '',
    '## Measurements',
    '',
    '| measurement | value | how |',
    '|---|---|---|',
    `| Detection (invert -> primary reported unhealthy) | ${seconds(m.detection)} | ${cell(m.detection.note)} |`,
    `| DNS failover (invert -> answers with DR) | ${seconds(m.dnsFailover)} | ${cell(m.dnsFailover.note)} |`,
    `| Failover complete | ${seconds(m.failoverComplete)} | ${cell(m.failoverComplete.note)} |`,
    `| Recovery detection (restore -> reported healthy) | ${seconds(m.failbackDetection)} | ${cell(m.failbackDetection.note)} |`,
    `| DNS failback (restore -> answers with the primary) | ${seconds(m.dnsFailback)} | ${cell(m.dnsFailback.note)} |`,
    '',
    '## Phases',
    '',
    ...(timelineFile !== undefined ? [`![Timeline of the phases](${timelineFile})`, ''] : []),
    '| phase | started | ended | seconds | outcome | note |',
    '|---|---|---|---|---|---|',
    ...r.phases.map(
      (p) => `| ${p.name} | ${p.startedAt} | ${p.endedAt} | ${p.seconds} | ${p.outcome} | ${cell(p.note)} |`,
    ),
    '',
    '## Restore',
    '',
    `- Needed: ${r.restore.needed}; restored: ${r.restore.restored} after ${r.restore.attempts} attempt(s); ` +
      `verified not inverted afterwards: ${r.restore.verifiedNotInverted === null ? 'not verified' : r.restore.verifiedNotInverted}` +
      (r.restore.error ? `; last error: ${r.restore.error}` : ''),
    '',
    '## Observations',
    '',
    '| phase | at | t (s) | inverted | checkers | HealthCheckStatus metric | Route 53 answer | name servers |',
    '|---|---|---|---|---|---|---|---|',
    ...r.rounds.map(
      (o) =>
        `| ${o.phase} | ${o.at} | ${o.elapsedSeconds} | ${cell(o.inverted ?? '')} | ${cell(o.checkers)} | ${cell(o.metric)} | ${cell(o.route53Answer)} | ${cell(o.authoritativeAnswer)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

/** The Markdown of a check run. */
export function checkMarkdown(r: CheckReport): string {
  const lines = [
    '# Failover readiness check',
    '',
    `- At ${r.startedAt}; endpoint ${r.endpoint}${r.emulator ? ' (local emulator)' : ''}; environment ${r.environment}`,
    r.outputsError !== null
      ? `- Outputs NOT READ: ${r.outputsError}`
      : `- Outputs from ${r.outputsSource}${r.missingOutputs.length ? `; missing: ${r.missingOutputs.join(', ')}` : ''}`,
    '',
  ];
  lines.push(...notObservableSection(r.notObservable));
  lines.push(
    '| result | check | detail |',
    '|---|---|---|',
    ...r.rows.map((row) => `| ${row.verdict} | ${cell(row.check)} | ${cell(row.detail)} |`),
    '',
  );
  return lines.join('\n');
}

/**
 * Proves a file can be written in `dir` (a probe written and removed, and `dir` too if it was missing), so an
 * unwritable report folder is a usage error before the drill touches anything. Throws UsageError.
 */
export function ensureWritableDir(dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`);
  let created: string | undefined;
  try {
    // mkdirSync returns the first folder it created: removed again, reports create it when they are written.
    created = mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
  } catch (err) {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(`--report-dir ${dir}: cannot write reports there (${code})`);
  }
}

/** Writes `<kind>-<start time>.json` and `.md` (and for a failover run `.svg`, its phase timeline) into `dir`. */
export function writeReport(dir: string, report: FailoverReport | CheckReport): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const stem = fileStem(report.kind === 'check' ? 'check' : 'failover', report.startedAt);
  const json = join(dir, `${stem}.json`);
  const markdown = join(dir, `${stem}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  if (report.kind === 'check') {
    writeFileSync(markdown, checkMarkdown(report));
    return { json, markdown };
  }
  const timeline = join(dir, `${stem}.svg`);
  writeFileSync(timeline, phaseTimelineSvg(report.startedAt, report.phases));
  writeFileSync(markdown, failoverMarkdown(report, `${stem}.svg`));
  return { json, markdown, timeline };
}

/** The "Not observable on this endpoint" section of a report, or nothing when everything was observable. */
function notObservableSection(items: readonly { readonly what: string; readonly why: string }[]): string[] {
  if (items.length === 0) return [];
  return ['## Not observable on this endpoint', '', ...items.map((u) => `- **${u.what}**: ${u.why}`), ''];
}
