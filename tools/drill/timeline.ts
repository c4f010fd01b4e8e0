/**
 * The drill's phases as an SVG timeline: one bar per phase from its start to its end, on a seconds axis
 * from the drill's start, coloured by outcome. Plain SVG built from the recorded times only (no clock,
 * no random ids, fixed number formatting), so the same report always gives the same bytes.
 */
import type { PhaseOutcome, PhaseRecord } from './failover-record';

/** Bar colour per outcome. */
const OUTCOME_COLOUR: Readonly<Record<PhaseOutcome, string>> = {
  done: '#2e8b57',
  'dry-run': '#7f8c8d',
  skipped: '#bdc3c7',
  timeout: '#e67e22',
  interrupted: '#e67e22',
  refused: '#c0392b',
  error: '#c0392b',
};

const WIDTH = 760;
const LEFT = 90;
const RIGHT = 20;
const TOP = 40;
const ROW = 26;
const BAR = 16;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round step for the axis so that it has at most ~8 ticks. */
export function tickStep(totalSeconds: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600])
    if (totalSeconds / step <= 8) return step;
  return 7200;
}

const num = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The SVG timeline of `phases`, measured from `startedAt` (ISO 8601). A phase whose times cannot be
 * parsed is drawn from its predecessor's end for its recorded duration.
 */
export function phaseTimelineSvg(startedAt: string, phases: readonly PhaseRecord[]): string {
  const origin = Date.parse(startedAt);
  let cursor = 0;
  const bars = phases.map((p) => {
    const start = (Date.parse(p.startedAt) - origin) / 1000;
    const end = (Date.parse(p.endedAt) - origin) / 1000;
    const from = Number.isFinite(start) && start >= 0 ? start : cursor;
    const to = Number.isFinite(end) && end >= from ? end : from + p.seconds;
    cursor = to;
    return { phase: p, from, to };
  });
  const total = Math.max(1, ...bars.map((b) => b.to));
  const step = tickStep(total);
  const span = Math.ceil(total / step) * step;
  const plot = WIDTH - LEFT - RIGHT;
  const x = (s: number) => LEFT + (s / span) * plot;
  const height = TOP + ROW * bars.length + 30;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica,Arial,sans-serif" font-size="12">`,
    `<title>Drill phases from ${escapeXml(startedAt)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="18" font-size="13" font-weight="bold">Phases (seconds from ${escapeXml(startedAt)})</text>`,
  ];
  for (let t = 0; t <= span; t += step) {
    out.push(
      `<line x1="${num(x(t))}" y1="${TOP - 6}" x2="${num(x(t))}" y2="${TOP + ROW * bars.length}" stroke="#dddddd"/>`,
    );
    out.push(
      `<text x="${num(x(t))}" y="${TOP + ROW * bars.length + 16}" text-anchor="middle" fill="#555555">${t}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const w = Math.max(1, x(b.to) - x(b.from));
    const colour = OUTCOME_COLOUR[b.phase.outcome];
    out.push(`<text x="${LEFT - 8}" y="${y + BAR - 3}" text-anchor="end">${escapeXml(b.phase.name)}</text>`);
    out.push(
      `<rect x="${num(x(b.from))}" y="${y}" width="${num(w)}" height="${BAR}" rx="3" fill="${colour}"><title>${escapeXml(
        `${b.phase.name}: ${b.phase.outcome}, ${b.phase.seconds} s${b.phase.note ? `: ${b.phase.note}` : ''}`,
      )}</title></rect>`,
    );
    const label = `${b.phase.seconds} s ${b.phase.outcome}`;
    const inside = w > 90;
    out.push(
      `<text x="${num(inside ? x(b.from) + 4 : x(b.from) + w + 4)}" y="${y + BAR - 4}" fill="${inside ? '#ffffff' : '#333333'}">${escapeXml(label)}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
