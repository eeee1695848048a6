// Two bot processes on one database behind one workspace (a load balancer, or several Socket Mode
// connections): each event is answered once, and a weekly round is posted once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBody, mention, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import { SlackStandIn } from '../../support/slack-stand-in/server.js';
import { FakeClock } from '../../support/quiz.js';

const START = Date.parse('2026-11-24T12:00:00Z'); // a Tuesday
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Slack with two bot processes on one database', () => {
  let slack: SlackStandIn;
  let dataDir: string;
  let clocks: FakeClock[];
  let bots: SlackHarness[];

  beforeAll(async () => {
    slack = await new SlackStandIn().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'memtutor-two-'));
    const env = { DATABASE_PATH: path.join(dataDir, 'shared.db') };
    clocks = [new FakeClock(START), new FakeClock(START)];
    bots = [];
    for (const clock of clocks) bots.push(await startHarness('http', env, { clock }, slack));
  });

  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await slack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers an event delivered to both processes, and its retry, exactly once', async () => {
    const since = slack.posts.length;
    const body = eventBody(slack, mention(slack, 'lesson 2', { channel: 'C0SHARED' }));
    await Promise.all(bots.map((bot) => bot.driver.event(body)));
    await bots[1]!.driver.event(body, { num: 1, reason: 'http_timeout' });
    await slack.waitForPosts(1, (p) => p.channel === 'C0SHARED', since);
    // A second answer would come from the other process, after a 429's Retry-After at the latest.
    await settle(2500);
    expect(slack.posts.slice(since).filter((p) => p.channel === 'C0SHARED')).toHaveLength(1);
  });

  it('posts a scheduled round once, though both schedulers reach the slot', async () => {
    const since = slack.posts.length;
    await bots[0]!.driver.slashCommand(slashCommand(slack, '/weekly', 'set channel:<#C0TWO|two> day:tue time:12:05 tz:UTC questions:2 duration:1h', { user: 'U0ADMIN' }));
    await slack.waitForPosts(1, (p) => p.via === 'response_url', since);
    for (const clock of clocks) clock.advance(6 * 60_000);
    await slack.waitForPosts(2, (p) => p.channel === 'C0TWO', since, 10_000);
    await settle(2500);
    expect(slack.posts.slice(since).filter((p) => p.channel === 'C0TWO' && p.via === 'chat.postMessage')).toHaveLength(2);
  });
});
