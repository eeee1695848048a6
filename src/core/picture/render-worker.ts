// The render worker: draws pictures off the bot's main thread, one message per picture.
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { bundledFontFiles, createDrawer } from './draw.js';
import type { WorkerJob, WorkerReply } from './protocol.js';

// resvg keeps native memory per render that V8 cannot see; a full collection after each render
// returns part of it, and the renderer replaces this worker every few dozen renders for the rest.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const draw = await createDrawer(bundledFontFiles());

parentPort!.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = draw(job);
  } catch (error) {
    reply = { id: job.id, ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'drawing failed' };
  }
  parentPort!.postMessage(reply);
  collectGarbage();
});
parentPort!.postMessage({ ready: true });
