// Messages from the sandbox child (runner.mjs) to the host. The child runs untrusted code, so every
// message is parsed here before anything is believed.
import { z } from 'zod';
import { memoryGraphSchema } from './graph.js';
import { hintSchema, memoryReportPartSchema, REPORT_LIMITS, reportErrorSchema, variableSchema } from './report.js';
import { stepTraceSchema } from './steps.js';

/** The most one message from the child may hold (runner.mjs keeps to it): room for the measurements,
 * the output and a step-through trace of up to stepLimits.json (384 KiB). */
export const MAX_CHILD_MESSAGE_CHARS = 768 * 1024;
const name = z.string().max(REPORT_LIMITS.name);
const cycles = z.array(z.string().max(REPORT_LIMITS.cycle)).max(REPORT_LIMITS.cycles);
const cycleAttributes = z.array(name).max(20);
const hints = z.array(hintSchema).max(REPORT_LIMITS.hints);
/** Names from the source (classes, attributes) with a line each; hints.py keeps 200 of them. */
const linesByName = z.record(name, z.number().int().positive()).refine((lines) => Object.keys(lines).length <= 200, 'too many names');

const manyInstancesSchema = z.object({
  class: name,
  count: z.number().int(),
  line: z.number().int().positive(),
  bytesEach: z.number().int().nonnegative(),
});

export const measuredSchema = z.object({
  error: reportErrorSchema.nullable(),
  variables: z.array(variableSchema).max(REPORT_LIMITS.variables),
  moreVariables: z.number().int().nonnegative(),
  cycles,
  cycleAttributes,
  gc: z.object({
    enabled: z.boolean(),
    countBefore: z.array(z.number().int().nonnegative()).max(3),
    countAfter: z.array(z.number().int().nonnegative()).max(3),
    collections: z.array(z.number().int().nonnegative()).max(3),
  }),
  memory: memoryReportPartSchema.nullable(),
  manyInstances: z.array(manyInstancesSchema).max(10),
});

export const garbageSchema = z.object({
  collectedAtEnd: z.number().int().nonnegative(),
  /** Of those, the objects in clumps of garbage the program made (the rest came from imports). */
  collectedMine: z.number().int().nonnegative(),
  uncollectable: z.number().int().nonnegative(),
  cycles,
  cycleAttributes,
  /** The folded object graph: live objects and what this collection freed (sandbox/graph.ts). */
  graph: memoryGraphSchema,
});

export const sourceFactsSchema = z.object({
  usesWeakref: z.boolean(),
  /** The source names tracemalloc: the harness leaves tracemalloc to the program (no memory figures). */
  usesTracemalloc: z.boolean(),
  classLines: linesByName,
  attributeAssignments: linesByName,
  /** Module-level functions that bind local names, by name → line (for the data-in-functions hint). */
  functionsWithLocals: linesByName,
});

/** What the worker found; `phase` says how far the run got. */
export const workerResultSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('compile'), error: reportErrorSchema, hints, runMs: z.number() }),
  /** Cancelled: the program was interrupted and not measured. (A timed-out one is measured.) */
  z.object({ phase: z.literal('stopped'), runMs: z.number(), hints }),
  z.object({ phase: z.literal('aborted'), error: reportErrorSchema, hints, runMs: z.number() }),
  z.object({
    phase: z.literal('measured'),
    runMs: z.number(),
    hints,
    facts: sourceFactsSchema,
    measured: measuredSchema,
    garbage: garbageSchema,
    /** The step-through trace; one the program garbled (it can reach the tracer's data) is dropped, not the run. */
    steps: stepTraceSchema.optional().catch(undefined),
    /** Where the worker's time went (prepare, run, measure, collect), for the benchmark. */
    phasesMs: z.record(z.string().max(20), z.number()).optional(),
  }),
  z.object({
    phase: z.literal('measure-failed'),
    runMs: z.number(),
    hints,
    failure: z.string().max(REPORT_LIMITS.message),
    /** The type of what the program raised, if anything (its report could not be completed). */
    programErrorType: name.nullable(),
  }),
]);

export const runResultSchema = z.object({
  /** measure_timeout: the program finished in time, measuring what it left did not. After a
   *  `timeout` the worker may still have measured the program as it was when interrupted. */
  stop: z.enum(['none', 'timeout', 'cancelled', 'measure_timeout']),
  worker: workerResultSchema.nullable(),
  crash: z.string().max(REPORT_LIMITS.message).nullable(),
  stdout: z.string().max(REPORT_LIMITS.output),
  stderr: z.string().max(REPORT_LIMITS.output),
  truncated: z.boolean(),
  memoryCapHit: z.boolean(),
});

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), python: z.string().max(40) }),
  z.object({ type: z.literal('started'), id: z.number().int() }),
  /** `reused`: the run started on a worker reset in place after an earlier run (not a fresh one). */
  z.object({ type: z.literal('result'), id: z.number().int(), result: runResultSchema, reused: z.boolean() }),
  z.object({ type: z.literal('snapshot'), version: z.string().max(40), size: z.number().int().positive() }),
  z.object({ type: z.literal('fatal'), message: z.string().max(2000) }),
]);

export type ChildMessage = z.infer<typeof childMessageSchema>;
export type RunResult = z.infer<typeof runResultSchema>;
export type WorkerResult = z.infer<typeof workerResultSchema>;
export type Measured = z.infer<typeof measuredSchema>;
export type SourceFacts = z.infer<typeof sourceFactsSchema>;
