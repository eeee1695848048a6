// Slack load benchmark: 200 slash commands from 50 users within 10 s against the real bot process
// (`memtutor start`, as in production) and the local Slack stand-in in this process, on both
// receivers. Every command must be acknowledged within 3 s and answered; none lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, isolatedEnv } from '../tests/support/cli.js';
import { HttpDriver, SocketDriver, slashCommand, type SlackDriver } from '../tests/support/slack-stand-in/drivers.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackStandIn } from '../tests/support/slack-stand-in/server.js';

type ReceiverMode = 'socket' | 'http';

const COMMANDS = 200;
const USERS = 50;
/** The commands are sent evenly over this window (the target is "within 10 s"). */
const WINDOW_MS = 5000;
/** Then once more, all at once, to show the headroom. */
const BURST_WINDOW_MS = 0;
const ACK_LIMIT_MS = 3000;
const ANSWER_TIMEOUT_MS = 60_000;
const MEMCHECK = '```a = [1, 2, 3]\nb = a```';

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
  ['/memcheck', MEMCHECK],
];

export async function runSlackBench(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = { commands: COMMANDS, users: USERS, windowMs: WINDOW_MS, memchecks: Math.floor(COMMANDS / MIX.length) };
  for (const mode of ['socket', 'http'] as const) {
    process.stderr.write(`bench slack: ${COMMANDS} slash commands over ${mode} in ${WINDOW_MS} ms…\n`);
    results[mode] = await runOnce(mode, WINDOW_MS);
  }
  process.stderr.write(`bench slack: ${COMMANDS} slash commands over socket, all at once…\n`);
  results.socketBurst = await runOnce('socket', BURST_WINDOW_MS);
  return results;
}

async function runOnce(mode: ReceiverMode, windowMs: number): Promise<Record<string, unknown>> {
  const slack = await new SlackStandIn().start();
  for (let i = 0; i < USERS; i++) slack.addUser({ id: userId(i), name: `learner${i}` });
  const bot = await startBot(slack, mode);
  try {
    await warmUp(slack, bot.driver);
    const since = slack.posts.length;
    const started = performance.now();
    const sent = await Promise.all(Array.from({ length: COMMANDS }, (_, i) => sendAt(bot.driver, slack, i, started + (i * windowMs) / COMMANDS)));
    const sentWithinMs = performance.now() - started;
    const answered = await waitForAnswers(slack, sent.map((s) => s.responseId), since);
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
      refusedBySlack: slack.refusals.length,
    };
  } finally {
    await bot.stop();
    await slack.stop();
  }
}

interface Bot {
  driver: SlackDriver;
  stop(): Promise<void>;
}

/** `memtutor start` in its own process, configured for the stand-in. */
async function startBot(slack: SlackStandIn, mode: ReceiverMode): Promise<Bot> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'memtutor-bench-'));
  const port = mode === 'http' ? await freePort() : undefined;
  const receiver = port ? { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: String(port) } : { SLACK_APP_TOKEN: APP_TOKEN };
  const env = isolatedEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl, DATABASE_PATH: path.join(dataDir, 'memtutor.db'), LOG_LEVEL: 'info', ...receiver });
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await connected(child);
  const driver = port ? new HttpDriver(`http://127.0.0.1:${port}/slack/events`, slack) : new SocketDriver(slack);
  return {
    driver,
    async stop() {
      const closed = slack.socketClosed();
      child.kill('SIGTERM');
      await once(child, 'exit');
      await closed;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function connected(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('slack: connected')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before connecting:\n${log.slice(-2000)}`)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** One memory check first, so the measured run starts with the sandbox pool warm (as a bot soon is). */
async function warmUp(slack: SlackStandIn, driver: SlackDriver): Promise<void> {
  const since = slack.posts.length;
  await driver.slashCommand(slashCommand(slack, '/memcheck', MEMCHECK, { user: userId(0) }));
  await slack.waitForPosts(1, () => true, since, ANSWER_TIMEOUT_MS);
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

async function sendAt(driver: SlackDriver, slack: SlackStandIn, i: number, due: number): Promise<Sent> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  const [command, text] = MIX[i % MIX.length]!;
  const fields = slashCommand(slack, command, text, { user: userId(i % USERS), channel: `C0BENCH${i % 5}` });
  const sentAt = performance.now();
  const delivery = await driver.slashCommand(fields);
  return { responseId: fields.response_url!.split('/').pop()!, sentAt, ackMs: delivery.ms, status: delivery.status };
}

/** When each response URL was first answered (performance.now()), waiting up to ANSWER_TIMEOUT_MS. */
async function waitForAnswers(slack: SlackStandIn, ids: string[], since: number): Promise<Map<string, number>> {
  const wanted = new Set(ids);
  const firstAnswer = new Map<string, number>();
  const record = () => {
    for (const post of slack.posts.slice(since)) {
      if (post.responseUrl && wanted.has(post.responseUrl) && !firstAnswer.has(post.responseUrl)) firstAnswer.set(post.responseUrl, post.receivedAt);
    }
    return firstAnswer.size === wanted.size ? true : undefined;
  };
  await slack.waitFor(record, ANSWER_TIMEOUT_MS, 'every answer').catch(() => undefined);
  return firstAnswer;
}

function summary(values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? Number.NaN) };
}
