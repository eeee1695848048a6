// Events (DM, mention, App Home), the message shortcut, the modal and the Outbox poster through the
// real Bolt app, on both receivers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  blockAction,
  directMessage,
  eventBody,
  homeAction,
  homeOpened,
  mention,
  messageShortcut,
  slashCommand,
  viewSubmission,
} from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';

const ACK_DEADLINE_MS = 3000;
const blockText = (post: Posted) => JSON.stringify(post.blocks);

describe.each<ReceiverMode>(['http', 'socket'])('Slack events, shortcut, modal and poster over %s', (mode) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness(mode);
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  it('answers "lesson 3" in a DM with the lesson, in the conversation itself', async () => {
    const since = h.slack.posts.length;
    const dm = directMessage(h.slack, 'lesson 3');
    const delivery = await h.driver.event(eventBody(h.slack, dm));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [reply] = await h.slack.waitForPosts(1, () => true, since);
    expect(reply).toMatchObject({ via: 'chat.postMessage', channel: dm.channel, threadTs: undefined });
    expect(blockText(reply!)).toContain('Lesson 3: Reference Counting');
  });

  it('answers a DM with a code block by replacing a "working" note in its thread', async () => {
    const since = h.slack.posts.length;
    const dm = directMessage(h.slack, 'check this ```a = [1, 2, 3]\nb = a```');
    await h.driver.event(eventBody(h.slack, dm));
    const [note, report] = await h.slack.waitForPosts(2, () => true, since);
    expect(note).toMatchObject({ via: 'chat.postMessage', channel: dm.channel, threadTs: dm.ts });
    expect(note!.text).toMatch(/sandbox/);
    expect(report).toMatchObject({ via: 'chat.update', replaces: note!.ts, channel: dm.channel });
  });

  it('answers a mention in the thread, without the mention in the command', async () => {
    const since = h.slack.posts.length;
    const event = mention(h.slack, 'help');
    await h.driver.event(eventBody(h.slack, event));
    const [reply] = await h.slack.waitForPosts(1, () => true, since);
    expect(reply).toMatchObject({ channel: event.channel, threadTs: event.ts });
    expect(blockText(reply!)).toContain('/lesson');
  });

  it('processes a redelivered event (x-slack-retry-num / retry_attempt) only once', async () => {
    const since = h.slack.posts.length;
    const body = eventBody(h.slack, mention(h.slack, 'lesson 1'));
    await h.driver.event(body);
    await h.slack.waitForPosts(1, () => true, since);
    const retry = await h.driver.event(body, { num: 1, reason: 'http_timeout' });
    expect(retry.status).toBe(200);
    // A later event proves the app is still answering; the retry must not have added a reply.
    await h.driver.event(eventBody(h.slack, mention(h.slack, 'lesson 2')));
    const posts = await h.slack.waitForPosts(2, () => true, since);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.slack.posts.slice(since).map((p) => blockText(p).match(/Lesson \d/)?.[0])).toEqual(['Lesson 1', 'Lesson 2']);
    expect(posts).toHaveLength(2);
  });

  it('publishes the App Home tab with the lesson list; its buttons answer in the DM', async () => {
    const views = h.slack.views.length;
    await h.driver.event(eventBody(h.slack, homeOpened()));
    const published = await h.slack.waitFor(() => h.slack.views[views]);
    expect(published).toMatchObject({ method: 'views.publish', userId: 'U0ADA', view: { type: 'home' } });
    expect(JSON.stringify(published.view)).toContain('What is Memory Management?');

    const since = h.slack.posts.length;
    const click = await h.driver.interactive(homeAction(h.slack, published.view, 'lesson:2:1'));
    expect(click.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [reply] = await h.slack.waitForPosts(1, () => true, since);
    expect(reply).toMatchObject({ via: 'chat.postMessage', channel: 'U0ADA' });
    expect(blockText(reply!)).toContain('Lesson 2');
  });

  it('runs the "Check memory" shortcut on a message with code, and explains when there is none', async () => {
    let since = h.slack.posts.length;
    await h.driver.interactive(messageShortcut(h.slack, 'check_memory', 'just words'));
    const [none] = await h.slack.waitForPosts(1, () => true, since);
    expect(none).toMatchObject({ via: 'response_url', ephemeral: true });
    expect(none!.text).toMatch(/no code block/);

    since = h.slack.posts.length;
    const delivery = await h.driver.interactive(messageShortcut(h.slack, 'check_memory', '```x = {}\ny = x```'));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [note, report] = await h.slack.waitForPosts(2, () => true, since);
    expect(note).toMatchObject({ ephemeral: true });
    expect(note!.text).toMatch(/sandbox/);
    expect(report!.via).toBe('response_url');
  });

  it('answers a submitted /memcheck modal through the command response_url', async () => {
    const views = h.slack.views.length;
    const command = slashCommand(h.slack, '/memcheck', '');
    await h.driver.slashCommand(command);
    const opened = await h.slack.waitFor(() => h.slack.views[views]);

    const empty = await h.driver.interactive(viewSubmission(h.slack, opened.view, { code: '  ' }));
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { code: expect.any(String) } });

    const since = h.slack.posts.length;
    const submitted = await h.driver.interactive(viewSubmission(h.slack, opened.view, { code: 'a = [1, 2, 3]\nb = a\n' }));
    expect(submitted.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [report] = await h.slack.waitForPosts(1, () => true, since);
    expect(report).toMatchObject({ via: 'response_url', channel: command.channel_id });
  });

  it('lets the core post into a channel (weekly quiz) and answers clicks on that post', async () => {
    const poster = h.core.services.outbox.for('slack');
    expect(poster).toBeDefined();
    const since = h.slack.posts.length;
    const posted = await poster!.post('C0WEEKLY', { title: 'Weekly quiz', body: 'Pick a lesson', buttons: [{ label: 'Lesson 5', action: 'lesson:5:1' }] });
    const [message] = await h.slack.waitForPosts(1, () => true, since);
    expect(message).toMatchObject({ via: 'chat.postMessage', channel: 'C0WEEKLY', ts: posted.messageId });

    const clicked = h.slack.posts.length;
    await h.driver.interactive(blockAction(h.slack, message!, 'lesson:5:1', { user: 'U0ADMIN' }));
    const [page] = await h.slack.waitForPosts(1, () => true, clicked);
    expect(page).toMatchObject({ via: 'chat.update', replaces: message!.ts });

    const closing = h.slack.posts.length;
    await poster!.update(posted, { title: 'Weekly quiz (closed)', body: 'Results below' });
    const [updated] = await h.slack.waitForPosts(1, (p) => p.via === 'chat.update', closing);
    expect(blockText(updated!)).toContain('closed');
  });

  it('posts an over-limit reply as several accepted messages, and escapes hostile output', async () => {
    const since = h.slack.posts.length;
    const output = Array.from({ length: 2000 }, (_, i) => `${i}: <!channel> <!here> <@U0ADMIN> \`\`\` &`).join('\n');
    const reply = { title: 'Huge', body: `\`\`\`\n${output}\n\`\`\``, fields: Array.from({ length: 30 }, (_, i) => ({ name: `v${i}`, value: 'x'.repeat(2500), inline: true })) };
    await h.core.services.outbox.for('slack')!.post('C0FLOOD', reply);
    const posts = h.slack.posts.slice(since);
    expect(posts.length).toBeGreaterThan(1);
    expect(h.slack.refusals).toEqual([]);
    for (const post of posts) {
      const text = blockText(post);
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).toContain('&lt;!channel&gt;');
    }
    // Parts after the first continue in the thread of the first.
    expect(posts.slice(1).every((p) => p.threadTs === posts[0]!.ts)).toBe(true);
  });
});
