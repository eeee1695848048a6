// Slack load benchmark: 200 slash commands from 50 users within 10 s, against the real Bolt app
// and the local Slack stand-in, on both receivers. Every command must be acknowledged within 3 s
// and answered; none lost.
import { slashCommand, type SlackDriver } from '../tests/helpers/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode } from '../tests/helpers/slack-stand-in/harness.js';

const COMMANDS = 200;
const USERS = 50;
/** The commands are sent evenly over this window (the target is "within 10 s"). */
const WINDOW_MS = 5000;
/** Then once more, all at once, to show the headroom. */
const BURST_WINDOW_MS = 0;
const ACK_LIMIT_MS = 3000;
const ANSWER_TIMEOUT_MS = 30_000;

const MIX: Array<[string, string]> = [
  ['/lesson', '3'],
  ['/lesson', '4 2'],
  ['/lesson', 'garbage collection'],
  ['/lesson', ''],
  ['/memtutor', 'help'],
  ['/quiz', ''],
  ['/quiz', 'stats'],
  ['/leaderboard', ''],
  // Every ninth command is a memory check through the real sandbox (acked at once, answered when run).
  ['/memcheck', '```a = [1, 2, 3]\nb = a```'],
];

export async function runSlackBench(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = { commands: COMMANDS, users: USERS, windowMs: WINDOW_MS };
  for (const mode of ['socket', 'http'] as const) {
    process.stderr.write(`bench slack: ${COMMANDS} slash commands over ${mode} in ${WINDOW_MS} ms…\n`);
    results[mode] = await runOnce(mode, WINDOW_MS);
  }
  process.stderr.write(`bench slack: ${COMMANDS} slash commands over socket, all at once…\n`);
  results.socketBurst = await runOnce('socket', BURST_WINDOW_MS);
  return results;
}

async function runOnce(mode: ReceiverMode, windowMs: number): Promise<Record<string, unknown>> {
  const h = await startHarness(mode);
  try {
    for (let i = 0; i < USERS; i++) h.slack.addUser({ id: userId(i), name: `learner${i}` });
    const started = performance.now();
    const sent = await Promise.all(Array.from({ length: COMMANDS }, (_, i) => sendAt(h.driver, h.slack, i, started + (i * windowMs) / COMMANDS)));
    const sentWithinMs = performance.now() - started;
    const answered = await waitForAnswers(h, sent.map((s) => s.responseId));
    const acks = sent.map((s) => s.ackMs);
    const answers = sent.map((s) => (answered.get(s.responseId) ?? Number.NaN) - s.sentAt).filter(Number.isFinite);
    return {
      sentWithinMs: Math.round(sentWithinMs),
      acked: sent.filter((s) => s.status === 200).length,
      ackMs: summary(acks),
      allAckedWithin3s: acks.every((ms) => ms < ACK_LIMIT_MS) && sent.every((s) => s.status === 200),
      answered: answered.size,
      lost: COMMANDS - answered.size,
      answerMs: summary(answers),
      refusedBySlack: h.slack.refusals.length,
    };
  } finally {
    await h.stop();
  }
}

function userId(i: number): string {
  return `U0BENCH${String(i).padStart(2, '0')}`;
}

interface Sent {
  responseId: string;
  sentAt: number;
  ackMs: number;
  status: number;
}

async function sendAt(driver: SlackDriver, slack: Parameters<typeof slashCommand>[0], i: number, due: number): Promise<Sent> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  const [command, text] = MIX[i % MIX.length]!;
  const fields = slashCommand(slack, command, text, { user: userId(i % USERS), channel: `C0BENCH${i % 5}` });
  const sentAt = performance.now();
  const delivery = await driver.slashCommand(fields);
  return { responseId: fields.response_url!.split('/').pop()!, sentAt, ackMs: delivery.ms, status: delivery.status };
}

/** When each response URL was first answered (performance.now()), waiting up to ANSWER_TIMEOUT_MS. */
async function waitForAnswers(h: Awaited<ReturnType<typeof startHarness>>, ids: string[]): Promise<Map<string, number>> {
  const wanted = new Set(ids);
  const firstAnswer = new Map<string, number>();
  const record = () => {
    for (const post of h.slack.posts) {
      if (post.responseUrl && wanted.has(post.responseUrl) && !firstAnswer.has(post.responseUrl)) firstAnswer.set(post.responseUrl, post.receivedAt);
    }
    return firstAnswer.size === wanted.size ? true : undefined;
  };
  await h.slack.waitFor(record, ANSWER_TIMEOUT_MS, 'every answer').catch(() => undefined);
  return firstAnswer;
}

function summary(values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? Number.NaN) };
}
