// Slash commands and buttons through the real Bolt app, on both receivers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';

const ACK_DEADLINE_MS = 3000;

describe.each<ReceiverMode>(['http', 'socket'])('Slack slash commands over %s', (mode) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness(mode);
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  /** Runs a slash command and returns the messages it produced once `count` have landed. */
  async function command(name: string, text = '', count = 1, who = {}): Promise<Posted[]> {
    const since = h.slack.posts.length;
    const delivery = await h.driver.slashCommand(slashCommand(h.slack, name, text, who));
    expect(delivery.status).toBe(200);
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    return h.slack.waitForPosts(count, () => true, since);
  }

  const sectionText = (post: Posted) => post.blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text).join('\n');
  const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text;
  const buttonValues = (post: Posted) => post.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as Array<{ value: string }>).map((e) => e.value));

  it('/lesson 3 shows page 1 in the channel with a next button, and the button pages in place', async () => {
    const [page1] = await command('/lesson', '3');
    expect(page1!.via).toBe('response_url');
    expect(page1!.ephemeral).toBe(false);
    expect(header(page1!)).toBe('Lesson 3: Reference Counting');
    expect(sectionText(page1!)).toContain('*reference counting*');
    const pages = h.core.services.lessons.get(3)!.pages.length;
    const next = pages > 1 ? 'lesson:3:2' : 'lesson:4:1';
    const [first, ...examples] = buttonValues(page1!);
    expect(first).toBe(next);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((v) => v.startsWith('example:3:1:'))).toBe(true);

    const since = h.slack.posts.length;
    const click = await h.driver.interactive(blockAction(h.slack, page1!, next));
    expect(click.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [page2] = await h.slack.waitForPosts(1, () => true, since);
    expect(page2!.replaces).toBe(page1!.ts);
    expect(page2!.blocks.find((b) => b.type === 'context')).toBeDefined();
    expect(JSON.stringify(page2!.blocks)).toContain(pages > 1 ? 'page 2/' : 'Lesson 4');
    expect(buttonValues(page2!)).toContain(pages > 1 ? 'lesson:3:1' : 'lesson:3:1');
  });

  it('/lesson with words finds the lesson; /lesson alone lists all eight with buttons', async () => {
    const [gc] = await command('/lesson', 'garbage collection');
    expect(header(gc!)).toMatch(/^Lesson 4: Garbage Collection/);
    const [toc] = await command('/lesson');
    expect(buttonValues(toc!)).toEqual(Array.from({ length: 8 }, (_, i) => `lesson:${i + 1}:1`));
  });

  it('/lesson 9 answers privately with the valid numbers', async () => {
    const [reply] = await command('/lesson', '9');
    expect(reply!.ephemeral).toBe(true);
    expect(sectionText(reply!)).toMatch(/numbered 1–8/);
  });

  it('/memtutor help and /memtutor alone list the commands; /memtutor lesson 2 works like /lesson 2', async () => {
    const [help] = await command('/memtutor', 'help');
    expect(sectionText(help!)).toContain('/lesson');
    const [bare] = await command('/memtutor');
    expect(sectionText(bare!)).toEqual(sectionText(help!));
    const [lesson] = await command('/memtutor', 'lesson 2');
    expect(header(lesson!)).toMatch(/^Lesson 2: /);
  });

  it('/memcheck without code opens a modal with a multi-line input of at most 3000 characters', async () => {
    const views = h.slack.views.length;
    const delivery = await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', ''));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    const opened = await h.slack.waitFor(() => h.slack.views[views]);
    expect(opened.method).toBe('views.open');
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'memcheck_modal' });
    const input = (opened.view.blocks as Array<Record<string, unknown>>)[0]!;
    expect(input.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
  });
});
