// The memory graph as Graphviz DOT: a pure function of the graph and the layout direction.
// Names sit in one table, each object is a table headed "Type  size B · N refs" with its fields
// or items inside, plain values written in the cell; red marks the cycle, amber an object two or
// more names share, a dashed grey group what gc freed, dashed stubs where the graph was folded.
// Laid out with Courier (Graphviz in wasm measures it like DejaVu Sans Mono); see draw.ts.
import type { GraphNode, GraphRoot, GraphSlot, GraphStub, GraphValue, MemoryGraph } from '../../sandbox/graph.js';
import { grouped, htmlText } from './escape.js';

export type Direction = 'LR' | 'TB';

/** Font sizes in points; the renderer keeps the direction where `body` ends up largest. */
export const fontSizes = { body: 14, meta: 13, small: 11 } as const;

const colors = {
  ink: '#1f2328',
  slate: '#5b6675',
  header: '#dbe8fb',
  red: '#d22d2d',
  amber: '#c77700',
  amberFill: '#fde3a7',
  freed: '#9aa0a6',
  freedFill: '#eef0f2',
  namesFill: '#edf1f4',
} as const;

type Style = { border: string; fill: string; width: number; dashed: boolean };

export function isShared(node: GraphNode): boolean {
  return node.sharedBy.length >= 2;
}

function nodeStyle(node: GraphNode): Style {
  if (node.freed) return { border: colors.freed, fill: colors.freedFill, width: 3, dashed: true };
  if (node.cycle) return { border: colors.red, fill: colors.header, width: 3, dashed: false };
  if (isShared(node)) return { border: colors.amber, fill: colors.amberFill, width: 3, dashed: false };
  return { border: colors.slate, fill: colors.header, width: 2, dashed: false };
}

/** DOT ids of our own making: the graph's ids are checked but could still spell a DOT keyword. */
const boxId = (id: string) => `o_${id}`;

function refLabel(refs: number | null, immortal: boolean): string {
  if (immortal || refs === null) return 'immortal';
  return `${refs} ref${refs === 1 ? '' : 's'}`;
}

/** The header cell's port: an arrow that closes a cycle ends beside it, not across the box's text. */
const HEADER_PORT = 'h';

function header(node: GraphNode, style: Style, colspan: number): string {
  const meta = `${grouped(node.size)} B · ${refLabel(node.refs, node.immortal)}`;
  return `<TR><TD PORT="${HEADER_PORT}" COLSPAN="${colspan}" ALIGN="LEFT" BGCOLOR="${style.fill}"><B>${htmlText(node.type)}</B>  <FONT POINT-SIZE="${fontSizes.meta}" COLOR="${colors.slate}">${htmlText(meta)}</FONT></TD></TR>`;
}

/** The cell a value sits in: plain text written in it, or an empty cell an arrow leaves from. */
function valueCell(value: GraphValue, port: string, align: 'LEFT' | 'CENTER'): string {
  if (value.kind === 'ref') return `<TD PORT="${port}" WIDTH="28"> </TD>`;
  if (value.kind === 'gap') return `<TD ALIGN="${align}">${grouped(value.count)} more</TD>`;
  return `<TD ALIGN="${align}">${htmlText(value.text)}</TD>`;
}

function sharedFooter(node: GraphNode, style: Style, colspan: number): string {
  if (!isShared(node)) return '';
  const names = htmlText(`shared by ${node.sharedBy.join(', ')}`, 60);
  return `<TR><TD COLSPAN="${colspan}" ALIGN="LEFT" BGCOLOR="${style.fill}"><FONT POINT-SIZE="${fontSizes.meta}">${names}</FONT></TD></TR>`;
}

function fieldRows(node: GraphNode): string {
  return node.slots
    .map((slot, i) => {
      const label = slot.value.kind === 'gap' ? '…' : htmlText(slot.label);
      return `<TR><TD ALIGN="RIGHT">${label}</TD>${valueCell(slot.value, `s${i}`, 'LEFT')}</TR>`;
    })
    .join('');
}

function itemRows(slots: GraphSlot[]): string {
  const index = slots.map((slot) => `<TD><FONT POINT-SIZE="${fontSizes.small}" COLOR="${colors.slate}">${slot.value.kind === 'gap' ? '…' : htmlText(slot.label)}</FONT></TD>`);
  const values = slots.map((slot, i) => valueCell(slot.value, `s${i}`, 'CENTER'));
  return `<TR>${index.join('')}</TR><TR>${values.join('')}</TR>`;
}

function tableOpen(style: Style): string {
  const dashed = style.dashed ? ' STYLE="dashed"' : '';
  return `<TABLE BORDER="${style.width}" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="${style.border}" BGCOLOR="white"${dashed}>`;
}

function objectNode(node: GraphNode): string {
  const style = nodeStyle(node);
  const rowItems = node.shape === 'sequence' && node.slots.length > 0;
  const colspan = rowItems ? node.slots.length : 2;
  const body = rowItems ? itemRows(node.slots) : fieldRows(node);
  // Under a row of items the note would sit where their arrows leave: put it under the header instead.
  const shared = sharedFooter(node, style, colspan);
  const rows = rowItems ? `${shared}${body}` : `${body}${shared}`;
  const label = `${tableOpen(style)}${header(node, style, colspan)}${rows}</TABLE>`;
  return `  ${boxId(node.id)} [label=<${label}>];`;
}

function stubNode(stub: GraphStub): string {
  const what = stub.fold === 'like' ? `+${grouped(stub.count)} more ${htmlText(stub.type)} like this` : `+${grouped(stub.count)} more ${htmlText(stub.type)}`;
  const label = `${what}<BR/><FONT POINT-SIZE="${fontSizes.meta}" COLOR="${colors.slate}">${grouped(stub.bytes)} B in all</FONT>`;
  return `  ${boxId(stub.id)} [shape=box, style="rounded,dashed", color="${colors.slate}", margin="0.15,0.08", label=<${label}>];`;
}

function namesNode(graph: MemoryGraph, direction: Direction): string {
  const roots = graph.roots;
  const more = graph.moreRoots > 0 ? [{ name: `+${graph.moreRoots} more`, value: { kind: 'plain', text: '' } } as GraphRoot] : [];
  const all = [...roots, ...more];
  const title = `<B>names</B>`;
  const cell = (root: GraphRoot, i: number) => valueCell(root.value, `r${i}`, 'LEFT');
  const open = `<TABLE BORDER="2" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="${colors.slate}" BGCOLOR="white">`;
  const body =
    direction === 'LR'
      ? `<TR><TD COLSPAN="2" BGCOLOR="${colors.namesFill}">${title}</TD></TR>${all.map((r, i) => `<TR><TD ALIGN="RIGHT">${htmlText(r.name)}</TD>${cell(r, i)}</TR>`).join('')}`
      : `<TR><TD ROWSPAN="2" BGCOLOR="${colors.namesFill}">${title}</TD>${all.map((r) => `<TD>${htmlText(r.name)}</TD>`).join('')}</TR><TR>${all.map(cell).join('')}</TR>`;
  return `  names [label=<${open}${body}</TABLE>>];`;
}

/** An arrow from a name or a cell (`port`), or from a fold stub (with its label), to a box. */
type Edge = { from: string; port?: string; fromField: boolean; to: string; cycle: boolean; label?: string };

function edgesOf(graph: MemoryGraph): Edge[] {
  const refs = (from: string, port: string, fromField: boolean, value: GraphValue): Edge[] =>
    value.kind === 'ref' ? [{ from, port, fromField, to: value.to, cycle: value.cycle }] : [];
  return [
    ...graph.roots.flatMap((root, i) => refs('names', `r${i}`, false, root.value)),
    ...graph.nodes.flatMap((node) => node.slots.flatMap((slot, i) => refs(boxId(node.id), `s${i}`, node.shape !== 'sequence', slot.value))),
    ...graph.stubs.flatMap((stub) => (stub.next ? [{ from: boxId(stub.id), fromField: false, to: stub.next.to, cycle: false, label: stub.next.label }] : [])),
  ];
}

/** Edges that point back to a box still being walked from the names (depth first, in order): they climb against the layout. */
function backEdges(edges: Edge[]): Set<Edge> {
  const out = new Map<string, Edge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<Edge>();
  const walk = (box: string) => {
    state.set(box, 'open');
    for (const edge of out.get(box) ?? []) {
      const target = boxId(edge.to);
      if (state.get(target) === 'open') back.add(edge);
      else if (!state.has(target)) walk(target);
    }
    state.set(box, 'done');
  };
  walk('names');
  for (const box of out.keys()) if (!state.has(box)) walk(box);
  return back;
}

/**
 * Where an arrow leaves and ends. Top to bottom, an object's field arrows leave from the cell's right
 * edge (from its centre they would cross the rows below), and an arrow that climbs back (a cycle)
 * ends beside the target's header, so it runs down the side instead of across the boxes' text.
 * Left to right, an arrow going back leaves under its cell and ends under the target box.
 */
function endpoints(edge: Edge, direction: Direction, back: boolean): { tail: string; head: string } {
  const target = boxId(edge.to);
  if (edge.port === undefined) return { tail: edge.from, head: target };
  const cell = `${edge.from}:${edge.port}`;
  if (direction === 'LR') return back ? { tail: `${cell}:s`, head: `${target}:s` } : { tail: `${cell}:c`, head: target };
  const tail = `${cell}:${edge.fromField || back ? 'e' : 'c'}`;
  return { tail, head: back ? `${target}:${HEADER_PORT}:e` : target };
}

function edgeLine(edge: Edge, graph: MemoryGraph, direction: Direction, back: boolean): string {
  const target = graph.nodes.find((n) => n.id === edge.to);
  const intoFreed = target?.freed ?? graph.stubs.find((s) => s.id === edge.to)?.freed ?? false;
  const color = edge.cycle ? colors.red : target && isShared(target) && !target.cycle ? colors.amber : colors.slate;
  const attrs = [`color="${color}"`, `penwidth=${edge.cycle ? 2.5 : 1.8}`];
  if (edge.port !== undefined) attrs.push('dir=both', 'arrowtail=dot', 'tailclip=false');
  if (intoFreed || edge.label !== undefined) attrs.push('style=dashed');
  if (edge.label !== undefined) attrs.push(`label=<${htmlText(edge.label)}>`, `fontsize=${fontSizes.small}`);
  const { tail, head } = endpoints(edge, direction, back);
  return `  ${tail} -> ${head} [${attrs.join(', ')}];`;
}

function freedGroup(graph: MemoryGraph, boxes: Map<string, string>): string {
  const freedIds = [...graph.nodes.filter((n) => n.freed).map((n) => n.id), ...graph.stubs.filter((s) => s.freed).map((s) => s.id)];
  if (freedIds.length === 0) return '';
  const byCycle = graph.nodes.some((n) => n.freed && n.cycle) ? ' · kept alive only by the cycle' : '';
  const label = `unreachable from any name${byCycle}<BR ALIGN="LEFT"/>gc.collect() freed them<BR ALIGN="LEFT"/>`;
  return [
    '  subgraph cluster_freed {',
    `    style="rounded,dashed"; color="${colors.freed}"; penwidth=1.5; fontcolor="${colors.slate}"; fontsize=${fontSizes.meta};`,
    `    labelloc=t; labeljust=l; label=<${label}>;`,
    ...freedIds.map((id) => `  ${boxes.get(id)!}`),
    '  }',
  ].join('\n');
}

function edgeLines(graph: MemoryGraph, direction: Direction): string[] {
  const edges = edgesOf(graph);
  const back = backEdges(edges);
  return edges.map((edge) => edgeLine(edge, graph, direction, back.has(edge)));
}

/** The graph as DOT, laid out `direction`; `caption` lines are drawn under the picture. */
export function graphToDot(graph: MemoryGraph, direction: Direction, caption: string[]): string {
  const boxes = new Map<string, string>([...graph.nodes.map((n) => [n.id, objectNode(n)] as const), ...graph.stubs.map((s) => [s.id, stubNode(s)] as const)]);
  const freedIds = new Set([...graph.nodes, ...graph.stubs].filter((b) => b.freed).map((b) => b.id));
  const captionLabel = caption.map((line) => `${htmlText(line, 120)}<BR ALIGN="LEFT"/>`).join('');
  return [
    'digraph memory {',
    `  graph [rankdir=${direction}, bgcolor="white", pad=0.1, nodesep=0.2, ranksep=0.45, fontname="Courier", fontsize=${fontSizes.body}, fontcolor="${colors.slate}", labelloc=b, labeljust=l${captionLabel ? `, label=<${captionLabel}>` : ''}];`,
    `  node [shape=plain, fontname="Courier", fontsize=${fontSizes.body}, fontcolor="${colors.ink}"];`,
    `  edge [fontname="Courier", arrowsize=0.8, fontcolor="${colors.ink}"];`,
    graph.roots.length > 0 ? namesNode(graph, direction) : '',
    freedGroup(graph, boxes),
    ...[...boxes].filter(([id]) => !freedIds.has(id)).map(([, line]) => line),
    ...edgeLines(graph, direction),
    '}',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
