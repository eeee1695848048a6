// A stand-in for a step-through in the core, for adapter tests (a test seam: the real one is built
// elsewhere): `/picture-steps` answers with step 1 and its picture; each button answers with the next
// step as an update in place (`update: true`) with a new picture, whose pixels say which step it is
// (pngAttachment's shade), so a test can tell the latest picture from a leftover.
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { actions } from '../../src/core/commands/index.js';
import { defineAction, defineCommand } from '../../src/core/commands/definition.js';
import type { Core } from '../../src/core/index.js';
import { actionId, type Reply } from '../../src/core/messages.js';
import { Router } from '../../src/core/router.js';
import { pngAttachment } from './png.js';

export const PICTURE_STEPS_COMMAND = 'picture-steps';
export const PICTURE_FILENAME = 'memory.png';
const PREFIX = 'picstep';
/** How long a slow step takes to answer. */
export const SLOW_STEP_MS = 400;

const stepKind = z.enum(['picture', 'slow', 'plain']);
type StepKind = z.infer<typeof stepKind>;

/** The buttons' labels: the next step with a picture, the same but slow, the next step without a picture. */
export const STEP_BUTTONS = { next: '▶ Next', slow: '⏭ Slow next', plain: '⏹ Text only' } as const;

export function stepReply(step: number, kind: StepKind, update: boolean): Reply {
  const picture = kind === 'plain' ? undefined : pngAttachment(PICTURE_FILENAME, step);
  return {
    title: `Step ${step}`,
    body: `Line ${step} ran.`,
    buttons: [
      { label: STEP_BUTTONS.next, action: actionId(PREFIX, step + 1, 'picture') },
      { label: STEP_BUTTONS.slow, action: actionId(PREFIX, step + 1, 'slow') },
      { label: STEP_BUTTONS.plain, action: actionId(PREFIX, step + 1, 'plain') },
    ],
    update,
    ...(picture ? { attachments: [picture], picture: picture.filename } : {}),
  };
}

const pictureStepsCommand = defineCommand({
  name: PICTURE_STEPS_COMMAND,
  description: 'Step through pictures (test seam)',
  usage: `/${PICTURE_STEPS_COMMAND}`,
  options: z.object({}),
  parseText: () => ({}),
  run: () => stepReply(1, 'picture', false),
});

const pictureStepAction = defineAction({
  prefix: PREFIX,
  async run([step, kind]) {
    const parsed = stepKind.parse(kind);
    if (parsed === 'slow') await delay(SLOW_STEP_MS);
    return stepReply(Number(step), parsed, true);
  },
});

/** The core with the picture steps added to its commands and actions. */
export function withPictureSteps(core: Core): Core {
  return { ...core, router: new Router([...core.router.commands, pictureStepsCommand], [...actions, pictureStepAction], core.services) };
}
