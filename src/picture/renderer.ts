// Renders memory graphs to PNG in a child process (render-process.ts says why not a renderProcess thread),
// one at a time, each bounded in time: a graph that takes too long gives up with a reason (the
// report goes out as text alone) and the process is killed and replaced, so a hostile graph can
// never stall the bot or hold a render slot forever.
import { fork, type ChildProcess } from 'node:child_process';
import { memoryGraphSchema, type MemoryGraph } from '../../sandbox/graph.js';
import { describeGraph, type PictureText } from './describe.js';
import { graphToDot, type Direction } from './dot.js';
import { renderReplySchema, type RenderJob, type RenderReply } from './protocol.js';

export type Picture = PictureText & { png: Uint8Array; width: number; height: number; direction: Direction; textPx: number; drawMs: number };
export type PictureResult = ({ ok: true } & Picture) | { ok: false; reason: string };

export type RendererOptions = {
  /** Per picture, from the moment the render process takes it. */
  timeoutMs?: number;
  /** Pictures waiting beyond this are refused at once rather than queued. */
  maxQueue?: number;
  /** Start a fresh render process after this many renders, a backstop for memory the gc cannot see. */
  recycleAfter?: number;
};

export type PictureRenderer = { render(graph: MemoryGraph): Promise<PictureResult>; close(): Promise<void> };

const BOOT_TIMEOUT_MS = 15_000;

/** A graph with no objects gets no picture rather than an empty one. */
export function hasPicture(graph: MemoryGraph): boolean {
  return graph.nodes.length + graph.stubs.length > 0;
}

type Pending = { job: RenderJob; text: PictureText; resolve: (result: PictureResult) => void };

export function createPictureRenderer(options: RendererOptions = {}): PictureRenderer {
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxQueue = options.maxQueue ?? 64;
  const recycleAfter = options.recycleAfter ?? 200;
  const queue: Pending[] = [];
  let renderProcess: Promise<ChildProcess> | null = null;
  let current: { pending: Pending; timer: NodeJS.Timeout | undefined } | null = null;
  let rendersOnProcess = 0;
  let nextId = 1;
  let closed = false;

  function startRenderProcess(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = fork(new URL('./render-entry.mjs', import.meta.url), [], {
        execArgv: ['--expose-gc'],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const boot = setTimeout(() => reject(new Error('the picture renderer did not start')), BOOT_TIMEOUT_MS);
      child.on('message', (raw: unknown) => {
        const parsed = renderReplySchema.safeParse(raw);
        if (!parsed.success) return retire('the picture renderer sent a malformed reply');
        const reply = parsed.data;
        if ('ready' in reply) {
          clearTimeout(boot);
          resolve(child);
        } else finish(reply);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(boot);
        reject(new Error(`the picture renderer exited (${signal ?? code})`));
        if (!child.killed) retire(`the picture renderer stopped (${signal ?? code})`);
      });
    });
  }

  /** Drops the render process (killed) and fails the picture it was drawing. */
  function retire(reason: string): void {
    const old = renderProcess;
    renderProcess = null;
    rendersOnProcess = 0;
    void old?.then((child) => child.kill('SIGKILL')).catch(() => {});
    if (current) {
      clearTimeout(current.timer);
      current.pending.resolve({ ok: false, reason });
      current = null;
    }
    pump();
  }

  function finish(reply: RenderReply): void {
    if (!current || current.pending.job.id !== reply.id) return;
    const { pending, timer } = current;
    clearTimeout(timer);
    current = null;
    pending.resolve(reply.ok ? { ok: true, ...pending.text, png: reply.png, width: reply.width, height: reply.height, direction: reply.direction, textPx: reply.textPx, drawMs: reply.drawMs } : { ok: false, reason: reply.reason });
    if (++rendersOnProcess >= recycleAfter) retire('recycled');
    else pump();
  }

  function pump(): void {
    if (current || closed) return;
    const pending = queue.shift();
    if (!pending) return;
    renderProcess ??= startRenderProcess();
    current = { pending, timer: undefined };
    // The bound runs from the moment the render process takes the picture: a (re)starting render process is not the picture's fault.
    renderProcess.then(
      (child) => {
        if (current?.pending !== pending) return;
        current.timer = setTimeout(() => retire(`drawing the picture took longer than ${timeoutMs / 1000} s`), timeoutMs);
        child.send(pending.job);
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
      // Top to bottom first: chat pictures are narrow, so it is usually the more legible one.
      const directions: Direction[] = ['TB', 'LR'];
      const job: RenderJob = { id: nextId++, candidates: directions.map((direction) => ({ direction, dot: graphToDot(graph, direction, text.caption) })) };
      return new Promise((resolve) => {
        queue.push({ job, text, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.resolve({ ok: false, reason: 'the picture renderer is closed' });
      const running = renderProcess;
      renderProcess = null;
      if (current) {
        clearTimeout(current.timer);
        current.pending.resolve({ ok: false, reason: 'the picture renderer is closed' });
        current = null;
      }
      if (running) await running.then((child) => void child.kill('SIGKILL')).catch(() => {});
    },
  };
}
