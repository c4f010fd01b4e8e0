import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailoverReport, Measurement } from '../../../tools/drill/failover';
import { checkMarkdown, failoverMarkdown, writeReport, type CheckReport } from '../../../tools/drill/report';

const m = (kind: Measurement['kind'], seconds: number | null, note: string): Measurement => ({ kind, seconds, note });

function report(patch: Partial<FailoverReport> = {}): FailoverReport {
  return {
    kind: 'planned-failover',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:05:00.000Z',
    endpoint: 'AWS',
    emulator: false,
    environment: 'production',
    domain: 'kimkao.io',
    failoverRecord: 'api.kimkao.io',
    primaryHealthCheckId: 'hc-1',
    outputsSource: 's3://b/k',
    missingOutputs: ['failover_topic_arn'],
    alertTopicArn: null,
    settings: { pollIntervalSeconds: 10, failoverTimeoutSeconds: 312, failbackTimeoutSeconds: 312 },
    notObservable: [],
    phases: [{ name: 'failover', startedAt: 'a', endedAt: 'b', seconds: 110, outcome: 'done', note: 'x|y' }],
    rounds: [],
    measurements: {
      detection: m('upper-bound', 110, 'no status source'),
      dnsFailover: m('measured', 110, 'via TestDNSAnswer'),
      failoverComplete: m('measured', 110, 'both'),
      failbackDetection: m('not-reached', null, 'not healthy again within 312 s'),
      dnsFailback: m('not-observable', null, 'no DNS answer'),
    },
    rto: { measuredSeconds: 110, targetSeconds: 120, targetMinutes: 2, budgetWorstCaseSeconds: 156, budgetDetectionSeconds: 96, withinTarget: true, note: 'to the authoritative answer' },
    restore: { needed: true, restored: true, attempts: 1, verifiedNotInverted: true, error: null },
    result: 'failed',
    message: 'failback: not reached',
    ...patch,
  };
}

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
