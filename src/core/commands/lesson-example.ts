// "Run example" buttons on lesson pages: the k-th Python block of a page, checked in the sandbox.
import { errorReply } from '../messages.js';
import { EXAMPLE_ACTION } from '../lessons/replies.js';
import { pythonExamples } from '../lessons/markdown.js';
import { defineAction } from './definition.js';
import { runMemcheck } from './memcheck.js';

export const runExampleAction = defineAction({
  prefix: EXAMPLE_ACTION,
  slow: true,
  async run([number, page, index], ctx) {
    const lesson = ctx.services.lessons.get(Number(number));
    const code = pythonExamples(lesson?.pages[Number(page) - 1] ?? '')[Number(index) - 1];
    if (!lesson || code === undefined) {
      return errorReply('That example has moved since this message was posted. Open the lesson again with `/lesson`.');
    }
    const reply = await runMemcheck(code, ctx);
    return { ...reply, title: `Memory report: lesson ${lesson.number}, page ${page}, example ${index}` };
  },
});
