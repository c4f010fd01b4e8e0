import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMarkdown, failoverMarkdown, writeReport, type CheckReport } from '../../../tools/drill/report';
import { failoverReport as report } from './fakes';

test('each kind of measurement reads differently; nothing unmeasured shows a number', () => {
  const md = failoverMarkdown(report());
  expect(md).toMatch(/\| Detection \(invert -> primary reported unhealthy\) \| <= 110 s \| no status source \|/);
  expect(md).toMatch(/\| Recovery detection .* \| NOT REACHED \| not healthy again within 312 s \|/);
  expect(md).toMatch(/\| DNS failback .* \| NOT OBSERVABLE \| no DNS answer \|/);
  expect(md).toMatch(/Within target: yes/);
  expect(md).toMatch(/\| Configured target \| 120 \| genai-demo:multi-region.failover-rto-minutes = 2 \|/);
  expect(md).toContain('missing: failover_topic_arn');
  // Table cells escape the pipe.
  expect(md).toContain('| x\\|y |');
  expect(md).not.toMatch(/## Not observable on this endpoint/);
});

test('writeReport writes JSON and Markdown named after the start time', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'drill-report-')), 'nested');
  const written = writeReport(dir, report());
  expect(written.json).toBe(join(dir, 'failover-2026-03-01T10-00-00-000Z.json'));
  expect(JSON.parse(readFileSync(written.json, 'utf8')).rto.measuredSeconds).toBe(110);
  expect(readFileSync(written.markdown, 'utf8')).toMatch(/^# Planned failover drill: FAILED/);
});

test('check markdown lists what the endpoint cannot observe, then every row', () => {
  const r: CheckReport = {
    kind: 'check',
    startedAt: '2026-03-01T10:00:00.000Z',
    endpoint: 'http://127.0.0.1:5300',
    emulator: true,
    environment: 'production',
    outputsSource: 's3://b/k',
    outputsError: null,
    missingOutputs: [],
    notObservable: [{ what: 'health-check status', why: 'canned' }],
    rows: [{ check: 'VPC peering', verdict: 'pass', detail: 'pcx-1: ap-east-2 active' }],
  };
  const md = checkMarkdown(r);
  expect(md).toMatch(/- \*\*health-check status\*\*: canned/);
  expect(md).toMatch(/\| pass \| VPC peering \| pcx-1: ap-east-2 active \|/);
});
