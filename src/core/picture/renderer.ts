// Renders memory graphs to PNG in a worker thread, one at a time, each bounded in time: a graph
// that takes too long gives up with a reason (the report goes out as text alone) and the worker
// is replaced, so a hostile graph can never stall the bot or hold a render slot forever.
import { Worker } from 'node:worker_threads';
import { memoryGraphSchema, type MemoryGraph } from '../../../sandbox/graph.js';
import { describeGraph, type PictureText } from './describe.js';
import { graphToDot, type Direction } from './dot.js';
import { workerReplySchema, type WorkerJob, type WorkerReply } from './protocol.js';

export type Picture = PictureText & { png: Uint8Array; width: number; height: number; direction: Direction; textPx: number };
export type PictureResult = ({ ok: true } & Picture) | { ok: false; reason: string };

export type RendererOptions = {
  /** Per picture, from the moment the worker takes it. */
  timeoutMs?: number;
  /** Pictures waiting beyond this are refused at once rather than queued. */
  maxQueue?: number;
  /** Start a fresh worker after this many renders, a backstop for memory the gc cannot see. */
  recycleAfter?: number;
};

export type PictureRenderer = { render(graph: MemoryGraph): Promise<PictureResult>; close(): Promise<void> };

const BOOT_TIMEOUT_MS = 15_000;

/** A graph with no objects gets no picture rather than an empty one. */
export function hasPicture(graph: MemoryGraph): boolean {
  return graph.nodes.length + graph.stubs.length > 0;
}

type Pending = { job: WorkerJob; text: PictureText; resolve: (result: PictureResult) => void };

export function createPictureRenderer(options: RendererOptions = {}): PictureRenderer {
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxQueue = options.maxQueue ?? 64;
  const recycleAfter = options.recycleAfter ?? 25;
  const queue: Pending[] = [];
  let worker: Promise<Worker> | null = null;
  let current: { pending: Pending; timer: NodeJS.Timeout | undefined } | null = null;
  let rendersOnWorker = 0;
  let nextId = 1;
  let closed = false;

  function startWorker(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const w = new Worker(new URL('./worker-entry.mjs', import.meta.url));
      const boot = setTimeout(() => reject(new Error('the picture worker did not start')), BOOT_TIMEOUT_MS);
      w.on('message', (raw: unknown) => {
        const reply = workerReplySchema.parse(raw);
        if ('ready' in reply) {
          clearTimeout(boot);
          resolve(w);
        } else finish(reply);
      });
      w.on('error', (error) => {
        clearTimeout(boot);
        reject(error);
        retire(`the picture worker failed: ${error.message.slice(0, 200)}`);
      });
    });
  }

  /** Drops the worker (it is terminated) and fails the picture it was drawing. */
  function retire(reason: string): void {
    const old = worker;
    worker = null;
    rendersOnWorker = 0;
    void old?.then((w) => w.terminate()).catch(() => {});
    if (current) {
      clearTimeout(current.timer);
      current.pending.resolve({ ok: false, reason });
      current = null;
    }
    pump();
  }

  function finish(reply: WorkerReply): void {
    if (!current || current.pending.job.id !== reply.id) return;
    const { pending, timer } = current;
    clearTimeout(timer);
    current = null;
    pending.resolve(reply.ok ? { ok: true, ...pending.text, png: reply.png, width: reply.width, height: reply.height, direction: reply.direction, textPx: reply.textPx } : { ok: false, reason: reply.reason });
    if (++rendersOnWorker >= recycleAfter) retire('recycled');
    else pump();
  }

  function pump(): void {
    if (current || closed) return;
    const pending = queue.shift();
    if (!pending) return;
    worker ??= startWorker();
    current = { pending, timer: undefined };
    // The bound runs from the moment the worker takes the picture: a (re)starting worker is not the picture's fault.
    worker.then(
      (w) => {
        if (current?.pending !== pending) return;
        current.timer = setTimeout(() => retire(`drawing the picture took longer than ${timeoutMs / 1000} s`), timeoutMs);
        w.postMessage(pending.job);
      },
      (error: Error) => retire(error.message),
    );
  }

  return {
    render(input) {
      const parsed = memoryGraphSchema.safeParse(input);
      if (!parsed.success) return Promise.resolve({ ok: false, reason: 'the memory graph was malformed or too large to draw' });
      const graph = parsed.data;
      if (!hasPicture(graph)) return Promise.resolve({ ok: false, reason: 'no objects worth drawing' });
      if (closed) return Promise.resolve({ ok: false, reason: 'the picture renderer is closed' });
      if (queue.length >= maxQueue) return Promise.resolve({ ok: false, reason: 'too many pictures are being drawn; try again shortly' });
      const text = describeGraph(graph);
      const directions: Direction[] = ['LR', 'TB'];
      const job: WorkerJob = { id: nextId++, candidates: directions.map((direction) => ({ direction, dot: graphToDot(graph, direction, text.caption) })) };
      return new Promise((resolve) => {
        queue.push({ job, text, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.resolve({ ok: false, reason: 'the picture renderer is closed' });
      const w = worker;
      worker = null;
      if (current) {
        clearTimeout(current.timer);
        current.pending.resolve({ ok: false, reason: 'the picture renderer is closed' });
        current = null;
      }
      if (w) await w.then((x) => x.terminate()).catch(() => {});
    },
  };
}
