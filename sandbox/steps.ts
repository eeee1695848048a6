// The step-through trace in the memory report (`steps`): what each executed line of the program did
// to its names and objects, recorded in the same run through a sys.monitoring tool the harness holds
// before the program starts. Like everything the sandbox returns it is hostile: every list and
// string is capped here, and a program can at worst garble its own trace. See docs/picture.md.
import { z } from 'zod';
import { graphLimits, memoryGraphSchema } from './graph.js';

export const stepLimits = {
  /** Executed lines kept; past this the trace says "trace cut at step 500". */
  steps: 500,
  /** Pictures: a graph only on steps that changed names or reference counts. */
  snapshots: 50,
  /** Frames on the stack shown per step (outermost first; deeper recursion is elided). */
  frames: 8,
  /** Names shown per frame. */
  names: 16,
  /** Changes listed per step. */
  changes: 8,
  repr: 80,
  /** The whole trace as JSON, in characters: the child stops recording (cut) before passing it. */
  json: 384 * 1024,
} as const;

const text = z.string().max(graphLimits.text);
const count = z.number().int().nonnegative();
const line = z.number().int().positive();

/** One name in a frame, after the step's line ran. */
export const stepNameSchema = z.object({
  name: text,
  type: text,
  /** The child's short label for the object ("o3"): two names with the same label share one object. */
  object: z.string().regex(/^[a-z][a-z0-9]*$/).max(graphLimits.id),
  /** References the program holds, calibrated as in the report; null for immortal objects. */
  refs: count.nullable(),
  /** len() of a built-in container or string; null otherwise (never calls the program's __len__). */
  length: count.nullable(),
  repr: z.string().max(stepLimits.repr),
});

/** A frame as Python Tutor shows one: the module's names, or a call's locals. */
export const stepFrameSchema = z.object({
  /** `<module>` or the function's name. */
  function: text,
  line,
  names: z.array(stepNameSchema).max(stepLimits.names),
  moreNames: count,
});

/** What the line changed, named by the name that shows it (`child`, or `add·x` for a local). */
export const stepChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bound'), name: text, type: text }),
  z.object({ kind: z.literal('rebound'), name: text, type: text }),
  z.object({ kind: z.literal('gone'), name: text }),
  z.object({ kind: z.literal('refs'), name: text, from: count, to: count }),
  z.object({ kind: z.literal('length'), name: text, from: count, to: count }),
  /** The garbage collector ran during this line (generation 0–2). */
  z.object({ kind: z.literal('collected'), generation: z.number().int().min(0).max(2) }),
]);

export const stepSchema = z.object({
  /** The line of the snippet that ran in this step. */
  line,
  /** The stack after the line ran, outermost first. */
  frames: z.array(stepFrameSchema).max(stepLimits.frames),
  changes: z.array(stepChangeSchema).max(stepLimits.changes),
  moreChanges: count,
  /** Collections per generation so far. */
  gc: z.array(count).max(3),
  /** Index into `snapshots`: the picture after this step (the latest taken at or before it); null when none yet. */
  snapshot: z.number().int().nonnegative().nullable(),
});

export const stepTraceSchema = z
  .object({
    steps: z.array(stepSchema).max(stepLimits.steps),
    /** More lines ran than were kept (step or size cap): "trace cut at step N". */
    cut: z.boolean(),
    /** The program switched the tracer off or replaced it: steps after that point are missing. */
    interfered: z.boolean(),
    snapshots: z.array(memoryGraphSchema).max(stepLimits.snapshots),
  })
  .superRefine((trace, ctx) => {
    for (const step of trace.steps) {
      if (step.snapshot !== null && step.snapshot >= trace.snapshots.length) {
        ctx.addIssue({ code: 'custom', message: `step names snapshot ${step.snapshot} of ${trace.snapshots.length}` });
      }
    }
  });

export type StepTrace = z.infer<typeof stepTraceSchema>;
export type Step = z.infer<typeof stepSchema>;
export type StepChange = z.infer<typeof stepChangeSchema>;
export type StepFrame = z.infer<typeof stepFrameSchema>;
export type StepName = z.infer<typeof stepNameSchema>;
