// The memory report: the public JSON contract of `memtutor memcheck --json` (field names are stable;
// see docs/ARCHITECTURE.md, "The memory report"). Everything the sandbox returns is parsed with this schema.
import { z } from 'zod';
import { memoryGraphSchema } from './graph.js';
import { stepTraceSchema } from './steps.js';

/** `timeout` and `output_limit` reports carry the measurements the run allowed; `cancelled`: the caller stopped it. */
export const reportStatuses = ['ok', 'error', 'timeout', 'memory_limit', 'output_limit', 'rejected', 'crashed', 'cancelled'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

const count = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative();

/** The longest texts and lists a report may hold; the child caps to the same numbers (measure/safe.py). */
export const REPORT_LIMITS = {
  name: 64,
  repr: 80,
  message: 500,
  traceback: 4096,
  cycle: 200,
  hint: 300,
  code: 120,
  /** Program output: the sandbox's output cap is at most 128 KiB, and a character is at least a byte. */
  output: 128 * 1024,
  variables: 40,
  sameAs: 10,
  cycles: 10,
  topLines: 3,
  hints: 20,
} as const;

const name = z.string().max(REPORT_LIMITS.name);
const line = z.number().int().positive();

export const reportErrorSchema = z.object({
  type: name,
  message: z.string().max(REPORT_LIMITS.message),
  /** Line of the snippet where it was raised (null when it was not raised by the snippet's code). */
  line: line.nullable(),
  traceback: z.string().max(REPORT_LIMITS.traceback),
});

export const variableSchema = z.object({
  name,
  type: name,
  /** sys.getsizeof: the object alone. */
  size: bytes,
  /** The object plus what it holds (container items, instance __dict__ and __slots__), each object once. */
  deepSize: bytes,
  /** Set when the walk stopped at its object limit (DEEP_WALK_OBJECTS): deepSize is then a lower bound,
   * and this is how many objects it counted. Null when every object was counted. */
  deepCounted: count.nullable().optional(),
  /** References the program holds (names, containers, attributes); null for immortal objects. */
  refcount: count.nullable(),
  /** What holds the object, explaining refcount (counts add up to it): names, slots of the program's
   * named containers and attributes (`grid[0]`, `node.next`), the code's constants, function defaults
   * (where = the function), and the rest held by objects not named here. Up to 5 names/slots shown. */
  heldBy: z
    .array(z.object({ kind: z.enum(['name', 'item', 'constant', 'default', 'other']), where: z.string().max(REPORT_LIMITS.name * 2 + 8), count }))
    .max(12)
    .optional(),
  /** Names and slots holding it beyond the 5 in heldBy. */
  heldByMore: count.optional(),
  /** Immortal objects (small ints, None, True, some strings) are never freed and have no meaningful count. */
  immortal: z.boolean(),
  /** Other names bound to the very same object. */
  sameAs: z.array(name).max(REPORT_LIMITS.sameAs),
  repr: z.string().max(REPORT_LIMITS.repr),
});

export const gcReportSchema = z.object({
  enabled: z.boolean(),
  countBefore: z.array(count).max(3),
  countAfter: z.array(count).max(3),
  /** Collections per generation while the program ran. */
  collections: z.array(count).max(3),
  /** Unreachable objects (cycles the program left behind) that a final gc.collect() freed. */
  collectedAtEnd: count,
  /** Of collectedAtEnd, the program's own (its classes' instances, its functions, containers in
   * their clumps); the rest is garbage from imported modules. Absent in older reports. */
  collectedMine: count.optional(),
  uncollectable: count,
});

export const memoryReportPartSchema = z.object({
  /** tracemalloc: bytes the program still had allocated at the end, and its peak. */
  current: bytes,
  peak: bytes,
  top: z.array(z.object({ line, bytes, blocks: count, code: z.string().max(REPORT_LIMITS.code) })).max(REPORT_LIMITS.topLines),
});

/** A hint names its mistake by id; which lesson explains it is the bot's business (src/core/memcheck). */
export const hintSchema = z.object({
  id: z.string().regex(/^[a-z][a-z-]{0,39}$/),
  line: line.nullable(),
  message: z.string().max(REPORT_LIMITS.hint),
});

export const memoryReportSchema = z.object({
  status: z.enum(reportStatuses),
  /** e.g. "3.14.2". */
  python: z.string().max(40),
  platform: z.string().max(200),
  stdout: z.string().max(REPORT_LIMITS.output),
  stderr: z.string().max(REPORT_LIMITS.output),
  /** True when output went past the cap and the rest was dropped. */
  truncated: z.boolean(),
  error: reportErrorSchema.nullable(),
  /** The biggest and the most referenced variables. */
  variables: z.array(variableSchema).max(REPORT_LIMITS.variables),
  /** Variables not shown ("and N more"). */
  moreVariables: count,
  /** Null when the run did not get as far as being measured (rejected, timeout, crash). */
  gc: gcReportSchema.nullable(),
  memory: memoryReportPartSchema.nullable(),
  /** Reference cycles as readable paths, e.g. `a.next → b.next → a`. */
  cycles: z.array(z.string().max(REPORT_LIMITS.cycle)).max(REPORT_LIMITS.cycles),
  hints: z.array(hintSchema).max(REPORT_LIMITS.hints),
  /** The object graph for the picture (docs/picture.md); absent when the program left nothing worth drawing. */
  graph: memoryGraphSchema.optional(),
  /** What each executed line did, for the step-through (sandbox/steps.ts); absent when nothing was traced. */
  steps: stepTraceSchema.optional(),
  timing: z.object({ runMs: z.number().nonnegative(), totalMs: z.number().nonnegative() }),
});

export type MemoryReport = z.infer<typeof memoryReportSchema>;
export type ReportError = z.infer<typeof reportErrorSchema>;
export type VariableReport = z.infer<typeof variableSchema>;
export type Hint = z.infer<typeof hintSchema>;
