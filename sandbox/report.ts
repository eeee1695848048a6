// The memory report: the public JSON contract of `memtutor memcheck --json` (field names are stable;
// see DESIGN.md "The memory report"). Everything the sandbox returns is parsed with this schema.
import { z } from 'zod';

export const reportStatuses = ['ok', 'error', 'timeout', 'memory_limit', 'output_limit', 'rejected', 'crashed'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

const count = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative();

export const reportErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  /** Line of the snippet where it was raised (null when it was not raised by the snippet's code). */
  line: z.number().int().nonnegative().nullable(),
  traceback: z.string(),
});

export const variableSchema = z.object({
  name: z.string(),
  type: z.string(),
  /** sys.getsizeof: the object alone. */
  size: bytes,
  /** The object plus what it holds (container items, instance __dict__ and __slots__), each object once. */
  deepSize: bytes,
  /** References the program holds (names, containers, attributes); null for immortal objects. */
  refcount: count.nullable(),
  /** Immortal objects (small ints, None, True, some strings) are never freed and have no meaningful count. */
  immortal: z.boolean(),
  /** Other names bound to the very same object. */
  sameAs: z.array(z.string()),
  repr: z.string(),
});

export const gcReportSchema = z.object({
  enabled: z.boolean(),
  countBefore: z.array(count),
  countAfter: z.array(count),
  /** Collections per generation while the program ran. */
  collections: z.array(count),
  /** Unreachable objects (cycles the program left behind) that a final gc.collect() freed. */
  collectedAtEnd: count,
  uncollectable: count,
});

export const memoryReportPartSchema = z.object({
  /** tracemalloc: bytes the program still had allocated at the end, and its peak. */
  current: bytes,
  peak: bytes,
  top: z.array(z.object({ line: z.number().int().positive(), bytes, blocks: count, code: z.string() })),
});

export const hintSchema = z.object({
  id: z.string(),
  line: z.number().int().positive().nullable(),
  message: z.string(),
  /** The guide's lesson to read. */
  lesson: z.number().int().min(1).max(8),
});

export const memoryReportSchema = z.object({
  status: z.enum(reportStatuses),
  /** e.g. "3.14.2". */
  python: z.string(),
  platform: z.string(),
  stdout: z.string(),
  stderr: z.string(),
  /** True when output went past the cap and the rest was dropped. */
  truncated: z.boolean(),
  error: reportErrorSchema.nullable(),
  variables: z.array(variableSchema),
  /** Null when the run did not get as far as being measured (rejected, timeout, crash). */
  gc: gcReportSchema.nullable(),
  memory: memoryReportPartSchema.nullable(),
  /** Reference cycles as readable paths, e.g. `a.next → b.next → a`. */
  cycles: z.array(z.string()),
  hints: z.array(hintSchema),
  timing: z.object({ runMs: z.number().nonnegative(), totalMs: z.number().nonnegative() }),
});

export type MemoryReport = z.infer<typeof memoryReportSchema>;
export type ReportError = z.infer<typeof reportErrorSchema>;
export type VariableReport = z.infer<typeof variableSchema>;
export type Hint = z.infer<typeof hintSchema>;
