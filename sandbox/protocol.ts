// Messages from the sandbox child (runner.mjs) to the host. The child runs untrusted code, so every
// message is parsed here before anything is believed.
import { z } from 'zod';
import { hintSchema, memoryReportPartSchema, reportErrorSchema, variableSchema } from './report.js';

const manyInstancesSchema = z.object({
  class: z.string(),
  count: z.number().int(),
  line: z.number().int().positive(),
  bytesEach: z.number().int().nonnegative(),
});

export const measuredSchema = z.object({
  error: reportErrorSchema.nullable(),
  variables: z.array(variableSchema),
  cycles: z.array(z.string()),
  cycleAttributes: z.array(z.string()),
  gc: z.object({
    enabled: z.boolean(),
    countBefore: z.array(z.number().int().nonnegative()),
    countAfter: z.array(z.number().int().nonnegative()),
    collections: z.array(z.number().int().nonnegative()),
  }),
  memory: memoryReportPartSchema,
  manyInstances: z.array(manyInstancesSchema),
});

export const garbageSchema = z.object({
  collectedAtEnd: z.number().int().nonnegative(),
  uncollectable: z.number().int().nonnegative(),
  cycles: z.array(z.string()),
  cycleAttributes: z.array(z.string()),
});

export const sourceFactsSchema = z.object({
  usesWeakref: z.boolean(),
  classLines: z.record(z.string(), z.number().int().positive()),
  attributeAssignments: z.record(z.string(), z.number().int().positive()),
});

/** What the worker found; `phase` says how far the run got. */
export const workerResultSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('compile'), error: reportErrorSchema, hints: z.array(hintSchema), runMs: z.number() }),
  z.object({ phase: z.literal('stopped'), runMs: z.number(), hints: z.array(hintSchema) }),
  z.object({ phase: z.literal('aborted'), error: reportErrorSchema, hints: z.array(hintSchema), runMs: z.number() }),
  z.object({
    phase: z.literal('measured'),
    runMs: z.number(),
    hints: z.array(hintSchema),
    facts: sourceFactsSchema,
    measured: measuredSchema,
    garbage: garbageSchema,
    /** Where the worker's time went (prepare, run, measure, collect), for the benchmark. */
    phasesMs: z.record(z.string(), z.number()).optional(),
  }),
  z.object({
    phase: z.literal('measure-failed'),
    runMs: z.number(),
    hints: z.array(hintSchema),
    failure: z.string(),
    /** The type of what the program raised, if anything (its report could not be completed). */
    programErrorType: z.string().max(200).nullable(),
  }),
]);

export const runResultSchema = z.object({
  /** measure_timeout: the program finished in time, measuring what it left did not. */
  stop: z.enum(['none', 'timeout', 'output_limit', 'measure_timeout']),
  worker: workerResultSchema.nullable(),
  crash: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
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
