// `memtutor start` as a user runs it: with a bot token, an app token and SLACK_API_URL pointing at
// the stand-in, the process connects over Socket Mode, answers, and shuts down on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../../support/cli.js';
import { SocketDriver, blockAction, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { APP_TOKEN, BOT_TOKEN, SlackStandIn } from '../../support/slack-stand-in/server.js';

let slack: SlackStandIn;
let dataDir: string;

beforeAll(async () => {
  slack = await new SlackStandIn().start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'memtutor-start-'));
});
afterAll(async () => {
  await slack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('npm start connects over Socket Mode, answers /lesson 3, its button, /quiz, an answer and /memcheck, and stops on SIGTERM', async () => {
  const env = isolatedEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl, DATABASE_PATH: path.join(dataDir, 'memtutor.db'), LOG_LEVEL: 'info' });
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    await slack.waitFor(() => slack.socketConnected, 20_000, 'the bot to connect');
    const driver = new SocketDriver(slack);
    const delivery = await driver.slashCommand(slashCommand(slack, '/lesson', '3'));
    expect(delivery.ms).toBeLessThan(3000);
    const [lesson] = await slack.waitForPosts(1);
    expect(JSON.stringify(lesson!.blocks)).toContain('Lesson 3: Reference Counting');

    let since = slack.posts.length;
    await driver.interactive(blockAction(slack, lesson!, 'lesson:3:2'));
    const [page2] = await slack.waitForPosts(1, () => true, since);
    expect(page2!.replaces).toBe(lesson!.ts);

    since = slack.posts.length;
    await driver.slashCommand(slashCommand(slack, '/quiz'));
    const [question] = await slack.waitForPosts(1, () => true, since);
    const answer = JSON.stringify(question!.blocks).match(/"value":"(quiz:answer:[^"]+)"/)![1]!;
    since = slack.posts.length;
    await driver.interactive(blockAction(slack, question!, answer));
    const [feedback] = await slack.waitForPosts(1, () => true, since);
    expect(feedback!.ephemeral).toBe(true);

    since = slack.posts.length;
    await driver.slashCommand(slashCommand(slack, '/memcheck', '```a = [1, 2, 3]\nb = a```'));
    const [report] = await slack.waitForPosts(1, (p) => p.via !== 'ack', since, 25_000);
    expect(JSON.stringify(report!.blocks)).toContain('Memory report');
    expect(stderr).toContain('slack: connected');
    expect(stderr).not.toContain(BOT_TOKEN);
    expect(stderr).not.toContain(APP_TOKEN);
  } finally {
    const closed = slack.socketClosed();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    await closed;
    expect(code).toBe(0);
  }
});

it('stops with one clear line when Slack refuses the bot token', async () => {
  const env = isolatedEnv({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl, DATABASE_PATH: path.join(dataDir, 'refused.db') });
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).not.toBe(0);
  expect(stderr).toContain('Slack did not accept SLACK_BOT_TOKEN (auth.test: invalid_auth)');
  expect(stderr).not.toContain('xoxb-revoked');
});
