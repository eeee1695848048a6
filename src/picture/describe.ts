// What a picture shows, in words: the caption drawn under it and the alt text sent with it.
// Built from the graph alone, so a learner who cannot see the image reads the same facts.
import type { GraphNode, MemoryGraph } from '../../sandbox/graph.js';
import { isShared } from './dot.js';
import { clip, grouped } from './escape.js';

export type PictureText = { caption: string[]; alt: string };

/** Discord attachment descriptions stop at 1,024 characters. */
const ALT_MAX = 1000;
const SIZES_NOTE = 'sizes: sys.getsizeof on 32-bit WebAssembly';

function firstNames(graph: MemoryGraph): Map<string, string> {
  const names = new Map<string, string>();
  for (const root of graph.roots) if (root.value.kind === 'ref' && !names.has(root.value.to)) names.set(root.value.to, root.name);
  return names;
}

function listOfNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * A cycle as the program would spell it, e.g. `parent.children[0] → child.parent → parent`:
 * a new step starts at every named object and every object with fields; containers are
 * crossed inline (`[0]`). Unnamed objects read `<Type>`.
 */
export function cyclePath(graph: MemoryGraph, start: GraphNode): string | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const names = firstNames(graph);
  const label = (node: GraphNode) => clip(names.get(node.id) ?? `<${node.type}>`);
  const steps: string[] = [];
  let expr = label(start);
  let node = start;
  for (let hop = 0; hop <= graph.nodes.length; hop++) {
    const slot = node.slots.find((s) => s.value.kind === 'ref' && s.value.cycle);
    if (!slot || slot.value.kind !== 'ref') return null;
    expr += node.shape === 'object' ? `.${clip(slot.label)}` : `[${clip(slot.label)}]`;
    const next = byId.get(slot.value.to);
    if (!next) return null;
    if (next === start) return [...steps, expr, label(start)].join(' → ');
    if (names.has(next.id) || next.shape === 'object') {
      steps.push(expr);
      expr = label(next);
    }
    node = next;
  }
  return null;
}

function cycleLine(graph: MemoryGraph, freed: boolean): string | null {
  const names = firstNames(graph);
  const members = graph.nodes.filter((n) => n.cycle && n.freed === freed);
  const start = members.find((n) => names.has(n.id)) ?? members[0];
  const path = start ? cyclePath(graph, start) : null;
  return path ? `${freed ? 'freed cycle' : 'cycle'}: ${path}` : null;
}

function sharedLines(graph: MemoryGraph): string[] {
  return graph.nodes
    .filter((n) => !n.freed && isShared(n))
    .slice(0, 2)
    .map((n) => `${listOfNames(n.sharedBy.map((s) => clip(s, 20)))} are the same ${clip(n.type, 20)} (one object, ${n.refs ?? n.sharedBy.length} refs)`);
}

/** A small container written into its holder's cell by the folding (`[]  28 B`): one object too. */
const INLINED_CONTAINER = / {2}([\d,]+) B$/;

/** Sizes of the containers written into a node's cells, so a count of objects includes them. */
function inlinedSizes(node: MemoryGraph['nodes'][number]): number[] {
  return node.slots.flatMap(({ value }) => {
    const size = value.kind === 'plain' ? INLINED_CONTAINER.exec(value.text)?.[1] : undefined;
    return size === undefined ? [] : [Number(size.replaceAll(',', ''))];
  });
}

function freedLine(graph: MemoryGraph): string | null {
  const nodes = graph.nodes.filter((n) => n.freed);
  const stubs = graph.stubs.filter((s) => s.freed);
  const inlined = nodes.flatMap(inlinedSizes);
  const count = nodes.length + inlined.length + stubs.reduce((sum, s) => sum + s.count, 0);
  if (count === 0) return null;
  const bytes = [...nodes.map((n) => n.size), ...inlined, ...stubs.map((s) => s.bytes)].reduce((sum, b) => sum + b, 0);
  return `gc.collect() freed ${grouped(count)} object${count === 1 ? '' : 's'}, ${grouped(bytes)} B`;
}

function foldLine(graph: MemoryGraph): string | null {
  if (graph.stubs.length === 0 && graph.moreRoots === 0) return null;
  return `folded: ${grouped(graph.totalObjects)} objects drawn as ${graph.nodes.length} boxes and ${graph.stubs.length} stubs`;
}

/** Caption lines (most telling first) and alt text for one graph. */
export function describeGraph(graph: MemoryGraph): PictureText {
  const cycle = cycleLine(graph, false);
  const shared = sharedLines(graph);
  const freedCycle = cycleLine(graph, true);
  const freed = freedLine(graph);
  const present = (lines: (string | null)[]) => lines.filter((l): l is string => l !== null);
  const caption = [...present([cycle, ...shared, freedCycle ?? freed]).slice(0, 3), SIZES_NOTE];
  const names = graph.roots.map((r) => clip(r.name, 20));
  const boxes = graph.nodes.length === 1 ? '1 object drawn as a box' : `${graph.nodes.length} objects drawn as boxes`;
  const pointers = names.length === 1 ? `the name ${names[0]} points at` : names.length ? `names ${listOfNames(names)} point at` : 'no names point at';
  const intro = `Memory picture: ${pointers} ${boxes}.`;
  // Caption lines are separate lines in the picture; read aloud, each must end as a sentence.
  const sentences = present([intro, cycle, ...shared, freedCycle, freed, foldLine(graph), 'Sizes measured with sys.getsizeof on 32-bit WebAssembly.']);
  const alt = sentences.map((line) => (/[.!?]$/.test(line) ? line : `${line}.`)).join(' ');
  return { caption, alt: clip(alt, ALT_MAX) };
}
