// Where the step-through buttons lead. An action id `steps:<run>:<n>:<how>` carries everything a click
// needs (the stored run's id and the 1-based step), so the buttons keep working after a restart; `how`
// names the button, which keeps the ids of one message distinct when two buttons lead to one step.
import { z } from 'zod';
import { actionId } from '../messages.js';
import type { Step } from '../memcheck/report.js';
import { STEP_RUN_ID } from '../store/store.js';

export const STEPS_ACTION = 'steps';

/** start: ▶ Step through on a report; the others move within the step-through. */
export type StepMove = 'start' | 'back' | 'next' | 'last' | 'change';

const MOVE_CODES: Readonly<Record<StepMove, string>> = { start: 's', back: 'b', next: 'n', last: 'l', change: 'c' };
const CODE_MOVES = new Map(Object.entries(MOVE_CODES).map(([move, code]) => [code, move as StepMove]));

export interface StepTarget {
  runId: string;
  /** 1-based. */
  step: number;
  move: StepMove;
}

export function stepActionId(runId: string, step: number, move: StepMove): string {
  return actionId(STEPS_ACTION, runId, step, MOVE_CODES[move]);
}

const stepArgs = z.tuple([z.string().regex(STEP_RUN_ID), z.string().regex(/^[1-9]\d{0,5}$/), z.string().regex(/^[a-z]$/)]);

/** The target of a button's arguments; undefined when they are not a step button's. */
export function parseStepAction(args: string[]): StepTarget | undefined {
  const parsed = stepArgs.safeParse(args);
  const move = parsed.success ? CODE_MOVES.get(parsed.data[2]) : undefined;
  if (!parsed.success || !move) return undefined;
  return { runId: parsed.data[0], step: Number(parsed.data[1]), move };
}

/** A step that changed names, reference counts, lengths, or ran the collector. */
export function changesMemory(step: Step): boolean {
  return step.changes.length > 0 || step.moreChanges > 0;
}

/** The next step after `step` (1-based) that changes memory; undefined when none does. */
export function nextMemoryChange(steps: readonly Step[], step: number): number | undefined {
  const index = steps.findIndex((s, i) => i >= step && changesMemory(s));
  return index === -1 ? undefined : index + 1;
}
