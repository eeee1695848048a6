// A compact text drawing of names → objects for the terminal, from the same graph as the picture.
import type { GraphNode, GraphValue, MemoryGraph } from '../../sandbox/graph.js';
import { isShared } from './dot.js';
import { clip, grouped } from './escape.js';

function boxName(graph: MemoryGraph, id: string): string {
  const node = graph.nodes.find((n) => n.id === id);
  if (node) return `${clip(node.type)}#${id.slice(1)}`;
  const stub = graph.stubs.find((s) => s.id === id);
  return stub ? `(+${grouped(stub.count)} more ${clip(stub.type)}, ${grouped(stub.bytes)} B)` : '?';
}

function valueText(graph: MemoryGraph, value: GraphValue): string {
  if (value.kind === 'ref') return `→ ${boxName(graph, value.to)}${value.cycle ? ' ↺' : ''}`;
  if (value.kind === 'gap') return `… ${grouped(value.count)} more`;
  return clip(value.text);
}

function marks(node: GraphNode): string {
  const refs = node.immortal || node.refs === null ? 'immortal' : `${node.refs} ref${node.refs === 1 ? '' : 's'}`;
  const flags = [node.cycle ? 'cycle' : '', isShared(node) ? `shared by ${node.sharedBy.map((s) => clip(s, 20)).join(', ')}` : ''].filter(Boolean);
  return `${grouped(node.size)} B · ${refs}${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
}

function nodeLines(graph: MemoryGraph, node: GraphNode): string[] {
  const accessor = (label: string) => (node.shape === 'object' ? `.${clip(label)}` : `[${clip(label)}]`);
  return [`  ${boxName(graph, node.id)}  ${marks(node)}`, ...node.slots.map((slot) => `      ${slot.value.kind === 'gap' ? '…' : accessor(slot.label)} ${valueText(graph, slot.value)}`)];
}

/** e.g. `parent → Node#1` lines, then each object with its fields; freed objects last. */
export function drawNamesAsText(graph: MemoryGraph): string {
  const width = Math.max(0, ...graph.roots.map((r) => clip(r.name).length));
  const names = graph.roots.map((r) => `${clip(r.name).padEnd(width)} ${r.value.kind === 'plain' ? `= ${clip(r.value.text)}` : valueText(graph, r.value)}`);
  if (graph.moreRoots > 0) names.push(`(+${graph.moreRoots} more names)`);
  const live = graph.nodes.filter((n) => !n.freed).flatMap((n) => nodeLines(graph, n));
  const freed = graph.nodes.filter((n) => n.freed);
  const freedPart = freed.length ? ['gc.collect() freed (unreachable from any name):', ...freed.flatMap((n) => nodeLines(graph, n))] : [];
  return [...names, ...live, ...freedPart].join('\n');
}
