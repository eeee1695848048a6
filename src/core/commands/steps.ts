// The step-through buttons: ▶ Step through under a memory report opens step 1 in a new message; ◀ ▶ ⏭
// and "next memory change" replace that message with another step. The run comes from the store, so
// the buttons work after a restart until the run expires.
import type { Reply } from '../messages.js';
import { parseStepAction, STEPS_ACTION } from '../steps/navigation.js';
import { EXPIRED_STEPS_REPLY, stepReply } from '../steps/reply.js';
import type { StepRun } from '../store/store.js';
import type { Services } from '../services.js';
import { defineAction } from './definition.js';

export const stepsAction = defineAction({
  prefix: STEPS_ACTION,
  async run(args, { services }) {
    const target = parseStepAction(args);
    const run = target && (await services.store.stepRun(target.runId));
    if (!target || !run || run.trace.steps.length === 0) return EXPIRED_STEPS_REPLY;
    const reply = await stepOf(run, Math.min(target.step, run.trace.steps.length), services);
    // ▶ Step through leaves the report where it is; moving within the step-through replaces the step.
    return target.move === 'start' ? reply : { ...reply, update: true };
  },
});

async function stepOf(run: StepRun, number: number, services: Services): Promise<Reply> {
  const snapshot = run.trace.steps[number - 1]!.snapshot;
  const graph = snapshot === null ? undefined : run.trace.snapshots[snapshot];
  const picture = graph && (await services.stepPictures.draw(run.id, snapshot!, graph));
  return stepReply(run, number, picture);
}
