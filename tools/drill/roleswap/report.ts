/**
 * The report of a role-swap command: JSON (for tooling) and Markdown (for people), side by side in the
 * report folder like the drill's other reports, named after the command and its start time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleSwapReport } from './commands';

function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown of a run. */
export function roleSwapMarkdown(r: RoleSwapReport): string {
  const title = r.command === 'failover-unplanned' ? 'failover --unplanned' : r.command;
  const lines = [
    `# Role swap: ${title}: ${r.result.toUpperCase()}`,
    '',
    r.message,
    '',
    `- Started ${r.startedAt}, finished ${r.finishedAt}${r.resumed ? ' (continued an interrupted run)' : ''}`,
    `- ${r.target}${r.emulator ? ' (local emulator)' : ''}; environment ${r.environment}`,
    `- Roles before: ${r.rolesBefore}`,
    `- Roles after: ${r.rolesAfter || 'unchanged'}`,
    `- Persisted: ${r.persisted}`,
    `- Data loss (RPO): ${r.rpo.seconds === null ? r.rpo.kind.toUpperCase() : `${r.rpo.seconds} s`}: ${r.rpo.how}`,
    `- Promotion: ${r.promotionSeconds === null ? 'not measured in this run' : `${r.promotionSeconds} s from the promoting apply's start to the instance standalone and available`}`,
    '',
    '## Phases',
    '',
    '| phase | started | ended | seconds | outcome | note |',
    '|---|---|---|---|---|---|',
    ...r.phases.map(
      (p) => `| ${p.name} | ${p.startedAt} | ${p.endedAt} | ${p.seconds} | ${p.outcome} | ${cell(p.note)} |`,
    ),
    '',
    '## Terraform, stack by stack',
    '',
    '| stack | targets | outcome | added | changed | destroyed | seconds |',
    '|---|---|---|---|---|---|---|',
    ...r.stacks.map(
      (s) =>
        `| ${s.stack} | ${cell(s.targets.join(', '))} | ${s.outcome}${s.quirksOnly ? ' (emulator quirks only)' : ''} | ${s.add} | ${s.change} | ${s.destroy} | ${s.seconds.toFixed(1)} |`,
    ),
    '',
  ];
  const allowed = r.stacks.flatMap((s) => s.allowed);
  if (allowed.length > 0)
    lines.push(
      '## Guard overrides (--allow-replace)',
      '',
      ...allowed.map((f) => `- ${f.stack} ${f.address}: ${f.reason}`),
      '',
    );
  if (r.notes.length > 0) lines.push('## Next', '', ...r.notes.map((n) => `- ${n}`), '');
  if (r.budget.length > 0) lines.push('## Recovery budget', '', '```', ...r.budget, '```', '');
  return lines.join('\n');
}

/** Writes `<command>-<start time>.json` and `.md` into `dir`; returns their paths. */
export function writeRoleSwapReport(dir: string, r: RoleSwapReport): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const stem = `${r.command}-${r.startedAt.replace(/[:.]/g, '-')}`;
  const json = join(dir, `${stem}.json`);
  const markdown = join(dir, `${stem}.md`);
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(markdown, roleSwapMarkdown(r));
  return { json, markdown };
}
