import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhaseRecord } from '../../../tools/drill/failover-record';
import { writeReport } from '../../../tools/drill/report';
import { phaseTimelineSvg, tickStep } from '../../../tools/drill/timeline';
import { failoverReport } from './fakes';

const START = '2026-03-01T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(START) + s * 1000).toISOString();
const phase = (
  name: PhaseRecord['name'],
  from: number,
  to: number,
  outcome: PhaseRecord['outcome'] = 'done',
  note = '',
): PhaseRecord => ({
  name,
  startedAt: at(from),
  endedAt: at(to),
  seconds: to - from,
  outcome,
  note,
});
const PHASES = [
  phase('baseline', 0, 5),
  phase('invert', 5, 6),
  phase('failover', 6, 116, 'done', 'a < b & "c"'),
  phase('restore', 116, 117),
  phase('failback', 117, 429, 'timeout'),
];

/** The `<rect>` bars (x, width) in drawing order. */
function bars(svg: string): Array<[number, number]> {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="16"/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

test('each phase is a bar from its start to its end on a seconds axis, in order, coloured by outcome', () => {
  const svg = phaseTimelineSvg(START, PHASES);
  const b = bars(svg);
  expect(b).toHaveLength(5);
  // Axis 0..450 s (step 60) over 650 px from x=90: 1 s = 1.444 px.
  const px = 650 / 480;
  expect(b[0][0]).toBeCloseTo(90, 1);
  expect(b[2][0]).toBeCloseTo(90 + 6 * px, 0);
  expect(b[2][1]).toBeCloseTo(110 * px, 0);
  expect(b[4][0]).toBeCloseTo(90 + 117 * px, 0);
  for (let i = 1; i < b.length; i++) expect(b[i][0]).toBeGreaterThanOrEqual(b[i - 1][0]);
  expect(svg).toMatch(/<text[^>]*>failback<\/text>/);
  expect(svg).toContain('fill="#e67e22"'); // timeout
  expect(svg).toContain('312 s timeout');
  // Notes are escaped, never raw markup.
  expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
  expect(svg).toMatch(/>480<\/text>/);
});

test('the same phases always give the same bytes; different times give different bars', () => {
  expect(phaseTimelineSvg(START, PHASES)).toBe(phaseTimelineSvg(START, [...PHASES]));
  const later = PHASES.map((p, i) => (i === 2 ? phase('failover', 6, 200) : p));
  expect(bars(phaseTimelineSvg(START, later))[2]).not.toEqual(bars(phaseTimelineSvg(START, PHASES))[2]);
});

test('unparsable times fall back to the recorded durations, one after the other', () => {
  const svg = phaseTimelineSvg(START, [
    { ...PHASES[0], startedAt: 'x', endedAt: 'y', seconds: 10 },
    { ...PHASES[1], startedAt: 'x', endedAt: 'y', seconds: 20 },
  ]);
  const [first, second] = bars(svg);
  expect(second[0]).toBeCloseTo(first[0] + first[1], 0);
  expect(second[1]).toBeCloseTo(first[1] * 2, 0);
});

test.each([
  [5, 1],
  [9, 2],
  [100, 15],
  [429, 60],
  [4000, 600],
  [20000, 3600],
])('axis step for %d s is %d s', (total, step) => {
  expect(tickStep(total)).toBe(step);
});

test('a failover report is written with its timeline, which the Markdown embeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drill-timeline-'));
  const written = writeReport(dir, failoverReport({ startedAt: START, finishedAt: at(429), phases: PHASES }));
  const svg = join(dir, 'failover-2026-03-01T10-00-00-000Z.svg');
  expect(written.timeline).toBe(svg);
  expect(readFileSync(svg, 'utf8')).toBe(phaseTimelineSvg(START, PHASES));
  expect(readFileSync(written.markdown, 'utf8')).toContain(
    '![Timeline of the phases](failover-2026-03-01T10-00-00-000Z.svg)',
  );
});
