// The render process: draws pictures away from the bot, one IPC message per picture.
// A child process rather than a worker thread: resvg's native memory is released by finalizers
// that, measured here, never ran in a worker thread (RSS grew ~5 MB per render until the worker
// exited) but do run on a process's main thread after a collection; and a native call that
// hangs can be ended with a kill, which a worker's terminate() cannot interrupt.
import { bundledFontFiles, createDrawer } from './draw.js';
import type { RenderJob, RenderReply } from './protocol.js';

/** Started with --expose-gc; see renderer.ts. */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

const draw = await createDrawer(bundledFontFiles());

process.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  try {
    reply = draw(job);
  } catch (error) {
    reply = { id: job.id, ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'drawing failed' };
  }
  process.send!(reply);
  // The collection finds the dead images; their native memory is freed once the event loop turns.
  collectGarbage();
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
