// What a real workspace does that a permissive stand-in would hide (issue 15): uploads need channel
// membership and conversation ids, response_urls expire, a private reply must not replace a public
// note, and chat.postMessage is limited to about one message a second per channel.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mention, eventBody, slashCommand, viewSubmission, type Who } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';
import { FakeClock } from '../../support/quiz.js';

const text = (post: Posted) => JSON.stringify(post.blocks);
const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text ?? '';
const isReport = (post: Posted) => header(post).includes('Memory report');
const LONG_OUTPUT = '```for i in range(3000):\n    print("line", i)```';
const ADMIN: Who = { user: 'U0ADMIN' };

describe('Slack platform rules', () => {
  let h: SlackHarness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T12:00:00Z'));
    h = await startHarness('http', { SANDBOX_MAX_INPUT_CHARS: '400' }, { clock });
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  describe('uploads where the bot is not a member', () => {
    it('joins a public channel it is not in before uploading, and then says the output is attached', async () => {
      const since = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', LONG_OUTPUT, { channel: 'C0NEWCHAN' }));
      const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
      const file = await h.slack.waitFor(() => h.slack.files.find((f) => f.channel === 'C0NEWCHAN'), 10_000, 'the output file');
      expect(file.content).toContain('line 2999');
      expect(h.slack.calls).toContainEqual(expect.objectContaining({ method: 'conversations.join', args: expect.objectContaining({ channel: 'C0NEWCHAN' }) }));
      expect(text(report!)).toContain('the full output is attached');
    });

    it('sends the file to the user\'s DM from a private channel it cannot join, and says so instead of "attached"', async () => {
      h.slack.conversations.makePrivate('C0PRIVATE');
      const since = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', LONG_OUTPUT, { channel: 'C0PRIVATE' }));
      const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
      const file = await h.slack.waitFor(() => h.slack.files.find((f) => f.channel === 'D0ADA' && f.content.includes('line 2999')), 10_000, 'the file in the DM');
      expect(file.filename).toBe('output.txt');
      expect(text(report!)).not.toContain('is attached');
      expect(text(report!)).toMatch(/direct message/);
      expect(h.slack.calls.filter((c) => c.method === 'files.completeUploadExternal' && c.error)).toEqual([]);
    });
  });

  describe('weekly quiz channels', () => {
    it('refuses /weekly set for a private channel the bot is not in, telling the admin how to fix it', async () => {
      h.slack.conversations.makePrivate('C0HIDDEN');
      const since = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'set channel:<#C0HIDDEN|hidden> day:fri time:17:00 tz:UTC', ADMIN));
      const [refused] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', since);
      expect(refused!.ephemeral).toBe(true);
      expect(text(refused!)).toMatch(/not a member of <#C0HIDDEN>/);
      expect(text(refused!)).toMatch(/invite @memtutor/);
      const shown = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'show', ADMIN));
      const [schedule] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', shown);
      expect(text(schedule!)).toMatch(/No weekly quiz is set here/);
    });

    it('joins a public channel when the quiz is set there', async () => {
      const since = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'set channel:<#C0OPEN|open> day:fri time:17:00 tz:UTC', ADMIN));
      const [set] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', since);
      expect(header(set!)).toContain('Weekly quiz set');
      expect(h.slack.conversations.isBotMember('C0OPEN')).toBe(true);
      const off = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'off', ADMIN));
      await h.slack.waitForPosts(1, (p) => p.via === 'response_url', off);
    });
  });

  describe('a weekly channel that stops taking posts', () => {
    it('pauses the round and the schedule, and tells the admin once in a DM', async () => {
      h.slack.conversations.makePrivate('C0GONE');
      h.slack.conversations.addBot('C0GONE');
      const since = h.slack.posts.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'set channel:<#C0GONE|gone> day:tue time:12:05 tz:UTC questions:2 duration:1h', ADMIN));
      const [set] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', since);
      expect(header(set!)).toContain('Weekly quiz set');
      h.slack.conversations.removeBot('C0GONE');
      clock.advance(6 * 60_000);
      const [told] = await h.slack.waitForPosts(1, (p) => p.channel === 'D0ADMIN', since);
      expect(header(told!)).toContain('Weekly quiz paused');
      expect(text(told!)).toMatch(/not a member of <#C0GONE>/);
      clock.advance(5 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.slack.posts.slice(since).filter((p) => p.channel === 'D0ADMIN')).toHaveLength(1);
      expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0GONE')).toHaveLength(1);
    });
  });

  describe('privacy', () => {
    it('never turns a public "working" note into a private reply: the note goes, the reply is ephemeral', async () => {
      const since = h.slack.posts.length;
      const event = mention(h.slack, `\`\`\`${'x = 1\n'.repeat(100)}\`\`\``);
      await h.driver.event(eventBody(h.slack, event));
      const [note] = await h.slack.waitForPosts(1, (p) => p.via === 'chat.postMessage', since);
      const [privately] = await h.slack.waitForPosts(1, (p) => p.ephemeral, since, 20_000);
      expect(privately).toMatchObject({ via: 'chat.postEphemeral', channel: event.channel });
      expect(h.slack.posts.slice(since).filter((p) => p.via === 'chat.update')).toEqual([]);
      await h.slack.waitFor(() => h.slack.deleted.has(`${event.channel}/${note!.ts}`), 5000, 'the note to be deleted');
    });
  });

  describe('expiring responses', () => {
    it('still delivers a /memcheck modal report after the command\'s response_url expired, in the user\'s DM', async () => {
      const views = h.slack.views.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', ''));
      const opened = await h.slack.waitFor(() => h.slack.views[views]);
      h.slack.expireResponseUrls();
      const since = h.slack.posts.length;
      await h.driver.interactive(viewSubmission(h.slack, opened.view, { code: 'a = [1, 2, 3]\nb = a' }));
      const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
      expect(report).toMatchObject({ via: 'chat.postMessage', channel: 'D0ADA' });
    });

    it('refuses a views.open whose trigger_id is older than 3 seconds, and the user hears why', async () => {
      const command = slashCommand(h.slack, '/memcheck', '');
      h.slack.expireTriggers();
      const since = h.slack.posts.length;
      await h.driver.slashCommand(command);
      const [apology] = await h.slack.waitForPosts(1, () => true, since);
      expect(apology).toMatchObject({ via: 'response_url', ephemeral: true });
      expect(apology!.text).toMatch(/could not open the code editor/);
      expect(h.slack.calls).toContainEqual(expect.objectContaining({ method: 'views.open', error: 'expired_trigger_id' }));
    });
  });

  describe('rate limits', () => {
    it('posts a 10-question round complete and in order, one message a second, without a 429, and answers elsewhere meanwhile', async () => {
      const since = h.slack.posts.length;
      const limitedBefore = h.slack.rateLimited.length;
      await h.driver.slashCommand(slashCommand(h.slack, '/weekly', 'now channel:<#C0ROUND10|round> questions:10 duration:1h', ADMIN));
      await h.slack.waitForPosts(2, (p) => p.channel === 'C0ROUND10', since);
      // Background posting has its own queue: a mention in another channel is answered at once.
      const asked = performance.now();
      await h.driver.event(eventBody(h.slack, mention(h.slack, 'lesson 1', { channel: 'C0ELSEWHERE' })));
      const [answer] = await h.slack.waitForPosts(1, (p) => p.channel === 'C0ELSEWHERE', since);
      expect(answer!.receivedAt - asked).toBeLessThan(800);

      const questions = await h.slack.waitForPosts(10, (p) => p.via === 'chat.postMessage' && p.channel === 'C0ROUND10', since, 30_000);
      expect(questions.map((q) => header(q).match(/question (\d+)\//)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(h.slack.rateLimited.slice(limitedBefore)).toEqual([]);
      const gaps = questions.slice(1).map((q, i) => q.receivedAt - questions[i]!.receivedAt);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
    }, 40_000);
  });
});
