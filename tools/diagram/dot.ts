/**
 * The diagram model as Graphviz DOT, and DOT as SVG through Graphviz compiled to WebAssembly
 * (`@viz-js/viz`: no system binary). Output is deterministic: stacks in manifest order, nodes and edges
 * sorted, no timestamps, so a committed picture can be compared with a fresh one byte for byte.
 */
import type { DiagramEdge, DiagramModel, DiagramNode, EdgeKind, NodeKind } from './model';

/** Fill colour of each kind of node. */
const NODE_STYLE: Readonly<Record<NodeKind, string>> = {
  vpc: '#e8f1fb',
  peering: '#e8f1fb',
  eks: '#fdf1e0',
  alb: '#fbe9e7',
  certificate: '#f3e5f5',
  database: '#e3f5e9',
  record: '#fff8dc',
  'health-check': '#fff8dc',
  alarm: '#fdecea',
  topic: '#fdecea',
};

/** Line style of each kind of edge. */
const EDGE_STYLE: Readonly<Record<EdgeKind, string>> = {
  peering: 'color="#1f6fb2", penwidth=2, dir=none',
  replication: 'color="#1e8449", penwidth=2.5, style=bold',
  tls: 'color="#7b3f99"',
  alias: 'color="#b7950b"',
  health: 'color="#b7950b", style=dashed',
  probes: 'color="#b7950b", style=dotted',
  notifies: 'color="#c0392b"',
  watches: 'color="#c0392b", style=dashed',
};

/** The order nodes are listed in a cluster (Graphviz places earlier nodes first). */
const KIND_ORDER: readonly NodeKind[] = [
  'vpc',
  'peering',
  'eks',
  'alb',
  'certificate',
  'database',
  'record',
  'health-check',
  'alarm',
  'topic',
];

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
}

const byNode = (a: DiagramNode, b: DiagramNode) =>
  KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byEdge = (a: DiagramEdge, b: DiagramEdge) =>
  `${a.from}|${a.to}|${a.kind}` < `${b.from}|${b.to}|${b.kind}` ? -1 : 1;

/** The model as DOT: one cluster per stack (labelled with its regions), the cross-stack edges after. */
export function toDot(model: DiagramModel, title: string): string {
  const lines = [
    'digraph architecture {',
    `  graph [label=${quote(title)}, labelloc=t, fontsize=16, fontname="Helvetica,Arial,sans-serif", rankdir=TB, nodesep=0.3, ranksep=0.5, compound=true];`,
    '  node [shape=box, style="rounded,filled", margin="0.15,0.06", fontname="Helvetica,Arial,sans-serif", fontsize=10, color="#555555"];',
    '  edge [fontname="Helvetica,Arial,sans-serif", fontsize=9];',
  ];
  model.stacks.forEach((s, i) => {
    lines.push(`  subgraph cluster_${i} {`);
    lines.push(`    label=${label([s.name, s.regions.join(' + ')])}; style="rounded"; color="#888888"; fontsize=12;`);
    for (const n of model.nodes.filter((x) => x.stack === s.name).sort(byNode)) {
      lines.push(`    ${quote(n.id)} [label=${label(n.label)}, fillcolor="${NODE_STYLE[n.kind]}"];`);
    }
    lines.push('  }');
  });
  for (const e of [...model.edges].sort(byEdge)) {
    lines.push(
      `  ${quote(e.from)} -> ${quote(e.to)} [${EDGE_STYLE[e.kind]}${e.label ? `, label=${quote(e.label)}` : ''}];`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** Renders DOT to SVG with Graphviz as WebAssembly. */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await (await import('@viz-js/viz')).instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
