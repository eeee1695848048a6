// The object graph in the memory report (`graph`): the program's names, the objects they reach,
// which of them form a cycle, which are shared, and what the final collection freed. It is
// built and folded in the child (sandbox/child/graph.py) and, like everything the sandbox
// returns, hostile: every string and list is capped here so a picture can never grow past what
// a chat message can show. See docs/picture.md.
import { z } from 'zod';

/** Caps. The child folds to about 12 boxes; these leave headroom but stay small. */
export const graphLimits = {
  nodes: 24,
  stubs: 8,
  roots: 16,
  slots: 12,
  sharedBy: 6,
  /** Names, field names, keys, plain values and type names, in characters (the child shortens with "…"). */
  text: 48,
  id: 12,
} as const;

const text = z.string().max(graphLimits.text);
const count = z.number().int().nonnegative();
/** Object ids are the child's own short labels ("n3", "s1"), never Python's id(). */
const nodeId = z.string().regex(/^[a-z][a-z0-9]*$/).max(graphLimits.id);

/** Where a name or a cell points: another box (or fold stub), or a plain value written in place. */
export const graphValueSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ref'),
    to: nodeId,
    /** This reference is one step of a reference cycle. */
    cycle: z.boolean(),
  }),
  /** A number, None, a short string or a small container of plain values, e.g. `[2, 4]  36 B`. */
  z.object({ kind: z.literal('plain'), text }),
  /** Items left out of a long container: drawn as "…" over "N more". */
  z.object({ kind: z.literal('gap'), count }),
]);

export const graphSlotSchema = z.object({
  /** Attribute name, index ("0") or key as Python writes it ("'s0'"); "…" on a gap. */
  label: text,
  value: graphValueSchema,
});

export const graphNodeSchema = z.object({
  id: nodeId,
  type: text,
  /** sys.getsizeof, measured on 32-bit WebAssembly. */
  size: count,
  /** References the program holds; null for immortal objects. */
  refs: count.nullable(),
  immortal: z.boolean(),
  /** How its contents read: object fields (`.name`), sequence items (`[0]`, drawn in a row) or mapping keys (`['k']`). */
  shape: z.enum(['object', 'sequence', 'mapping']),
  slots: z.array(graphSlotSchema).max(graphLimits.slots),
  /** Names (or paths) holding it when two or more do; drawn amber with "shared by …". */
  sharedBy: z.array(text).max(graphLimits.sharedBy),
  /** A member of a reference cycle: drawn red. */
  cycle: z.boolean(),
  /** Found unreachable and freed by the final gc.collect(): drawn in the dashed "freed" group. */
  freed: z.boolean(),
});

/** Folded objects: "+57 more Node, 1,368 B in all" (a chain) or "+4 more Node like this" (same-shape siblings). */
export const graphStubSchema = z.object({
  id: nodeId,
  fold: z.enum(['chain', 'like']),
  count: count,
  type: text,
  bytes: count,
  /** Where a folded chain continues (e.g. `next` → the chain's last object), so its end stays visible. */
  next: z.object({ label: text, to: nodeId }).nullable(),
  freed: z.boolean(),
});

export const graphRootSchema = z.object({ name: text, value: graphValueSchema });

export const memoryGraphSchema = z
  .object({
    roots: z.array(graphRootSchema).max(graphLimits.roots),
    /** Names not drawn because there were too many. */
    moreRoots: count,
    nodes: z.array(graphNodeSchema).max(graphLimits.nodes),
    stubs: z.array(graphStubSchema).max(graphLimits.stubs),
    /** Objects the whole program had before folding (what the picture stands for). */
    totalObjects: count,
  })
  .superRefine((graph, ctx) => {
    const ids = new Set<string>();
    for (const box of [...graph.nodes, ...graph.stubs]) {
      if (ids.has(box.id)) ctx.addIssue({ code: 'custom', message: `duplicate graph id ${box.id}` });
      ids.add(box.id);
    }
    const targets = [
      ...graph.roots.map((r) => r.value),
      ...graph.nodes.flatMap((n) => n.slots.map((s) => s.value)),
    ].flatMap((v) => (v.kind === 'ref' ? [v.to] : []));
    for (const stub of graph.stubs) if (stub.next) targets.push(stub.next.to);
    for (const to of targets) if (!ids.has(to)) ctx.addIssue({ code: 'custom', message: `graph edge to unknown id ${to}` });
  });

export type MemoryGraph = z.infer<typeof memoryGraphSchema>;
export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphStub = z.infer<typeof graphStubSchema>;
export type GraphValue = z.infer<typeof graphValueSchema>;
export type GraphSlot = z.infer<typeof graphSlotSchema>;
export type GraphRoot = z.infer<typeof graphRootSchema>;
