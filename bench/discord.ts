// Discord load benchmark: 200 interactions from 50 users sent within 10 s through the local Discord
// stand-in to the real discord.js client and the real core. Every interaction must be answered,
// none lost, the time to the first response (reply, deferral or update) is measured, and — when the
// core has a memcheck command — the sandbox queue must stay bounded.
import os from 'node:os';
import { autocomplete, click, OPTION, slash, startHarness, submitModal, type Harness } from '../tests/support/discord-stand-in/harness.js';
import type { InteractionHandle } from '../tests/support/discord-stand-in/server.js';

const INTERACTIONS = 200;
const USERS = 50;
/** Interactions are sent evenly over this window (the target is "within 10 s"). */
const WINDOW_MS = 5000;
const ANSWER_TIMEOUT_MS = 30_000;
const P95_TARGET_MS = 1000;

type Send = (h: Harness, user: { userId: string; username: string }, i: number) => InteractionHandle;

/** What learners do, in rough proportion: read lessons, page, search, ask for help, check code. */
function mix(h: Harness): Send[] {
  const lessonMessage = h.standIn.messagesIn(h.standIn.channelId).at(-1)!;
  const sends: Send[] = [
    (hh, as, i) => slash(hh.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: String((i % 8) + 1) }], as),
    (hh, as) => slash(hh.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: 'garbage collection' }, { name: 'page', type: OPTION.integer, value: 1 }], as),
    (hh, as, i) => click(hh.standIn, lessonMessage, `lesson:3:${(i % 2) + 1}`, as),
    (hh, as) => autocomplete(hh.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: 'ref', focused: true }], as),
    (hh, as) => slash(hh.standIn, 'help', [], as),
  ];
  if (h.core.router.command('memcheck')) {
    sends.push((hh, as, i) => submitModal(hh.standIn, 'memcheck-modal', { code: `xs = [object() for _ in range(${i})]\nprint(len(xs))` }, as));
  }
  return sends;
}

export async function runDiscordBench(): Promise<Record<string, unknown>> {
  const h = await startHarness({ LOG_LEVEL: 'silent' });
  try {
    // One lesson message on the channel for the paging clicks to act on; a warm sandbox, as after `npm start`.
    await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }]).nth(0);
    if (h.core.router.command('memcheck')) await h.core.services.memcheck.check('pass', { userId: 'bench-warm-up' });
    const sends = mix(h);
    const queue = watchQueue(h);
    process.stderr.write(`bench discord: ${INTERACTIONS} interactions from ${USERS} users over ${WINDOW_MS} ms…\n`);
    const started = performance.now();
    const handles: InteractionHandle[] = [];
    for (let i = 0; i < INTERACTIONS; i++) {
      await sleepUntil(started + (i * WINDOW_MS) / INTERACTIONS);
      const user = { userId: String(200000000000000000n + BigInt(i % USERS)), username: `learner${i % USERS}` };
      handles.push(sends[i % sends.length]!(h, user, i));
    }
    const sentWithinMs = performance.now() - started;
    const outcomes = await Promise.all(handles.map((handle) => outcome(handle)));
    const maxWaiting = queue.stop();
    const firstResponse = outcomes.flatMap((o) => (o.firstMs === undefined ? [] : [o.firstMs]));
    const answered = outcomes.filter((o) => o.answered).length;
    const p95 = percentile(firstResponse, 95);
    const queueLimit = h.config.SANDBOX_QUEUE_LIMIT;
    return {
      interactions: INTERACTIONS,
      users: USERS,
      kinds: sends.length,
      memcheckIncluded: Boolean(h.core.router.command('memcheck')),
      sentWithinMs: Math.round(sentWithinMs),
      acknowledged: firstResponse.length,
      answered,
      lost: INTERACTIONS - answered,
      firstResponseMs: { p50: percentile(firstResponse, 50), p95, max: Math.round(Math.max(...firstResponse)) },
      p95UnderTarget: p95 < P95_TARGET_MS,
      rejectedByDiscord: h.standIn.rejections.length,
      memchecks: memcheckOutcomes(outcomes, handles),
      sandboxQueue: { maxWaiting, limit: queueLimit, bounded: maxWaiting <= queueLimit },
      // Response times depend on what else the machine runs: say how busy it was.
      machine: { cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)) },
      pass: answered === INTERACTIONS && p95 < P95_TARGET_MS && h.standIn.rejections.length === 0 && sentWithinMs < 10_000 && maxWaiting <= queueLimit,
    };
  } finally {
    await h.close();
  }
}

interface Outcome {
  firstMs?: number;
  answered: boolean;
  /** Title of the visible answer, to tell memory reports from "busy, try again" replies. */
  title?: string;
}

async function outcome(handle: InteractionHandle): Promise<Outcome> {
  try {
    const first = await handle.nth(0, ANSWER_TIMEOUT_MS);
    const visible = await handle.visible(ANSWER_TIMEOUT_MS);
    const title = (visible.data.embeds as Array<{ title?: string }> | undefined)?.[0]?.title;
    return { firstMs: first.at - handle.createdAt, answered: true, title };
  } catch {
    return { firstMs: handle.events[0] ? handle.events[0].at - handle.createdAt : undefined, answered: false };
  }
}

/** How the memory checks of the run ended: full reports, or friendly refusals (queue full, one at a time). */
function memcheckOutcomes(outcomes: Outcome[], handles: InteractionHandle[]): Record<string, number> {
  const counts: Record<string, number> = {};
  outcomes.forEach((o, i) => {
    if (handles[i]!.payload.type !== 5) return;
    const key = o.title === 'Memory report' ? 'reports' : `other: ${o.title ?? 'unanswered'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return counts;
}

/** Samples the sandbox pool's waiting checks while the load runs; stop() gives the most seen. */
function watchQueue(h: Harness): { stop(): number } {
  let max = 0;
  const sample = () => (max = Math.max(max, h.core.services.memcheck.status().waiting));
  const timer = setInterval(sample, 10);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

function sleepUntil(time: number): Promise<void> {
  const wait = time - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}
