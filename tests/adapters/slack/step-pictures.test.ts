// The step-through end to end on Slack with the real sandbox: /memcheck on the parent/child example,
// ▶ Step through, then ▶, next memory change and ⏭ Last step replace one message in place (chat.update),
// each showing its own picture while the replaced ones are deleted; the bot restarted on the same
// SQLite file still answers the buttons; an expired run answers privately.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, slackEscape, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import { SlackStandIn, type Posted } from '../../support/slack-stand-in/server.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';
import { tempDatabasePath } from '../../support/core.js';

const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text ?? '';
const allText = (post: Posted) => JSON.stringify(post.blocks);
const imageFileIds = (post: Posted) => post.blocks.filter((b) => b.type === 'image').map((b) => (b.slack_file as { id: string }).id);
const buttonValue = (post: Posted, label: string) =>
  post.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Array<{ value: string; text: { text: string } }>).find((e) => e.text.text === label)?.value;
const caption = (post: Posted) => /step (\d+)\/(\d+)/.exec(allText(post))!;

describe.each<ReceiverMode>(['socket'])('the step-through on Slack over %s', (mode) => {
  const env = { DATABASE_PATH: tempDatabasePath() };
  let slack: SlackStandIn;
  let h: SlackHarness;
  let step: Posted;
  beforeAll(async () => {
    slack = await new SlackStandIn().start();
    h = await startHarness(mode, env, {}, slack);
  }, 120_000);
  afterAll(async () => {
    await h.stop();
    await slack.stop();
  });
  afterEach(() => expect(slack.refusals).toEqual([]));

  async function press(post: Posted, label: string): Promise<Posted> {
    const value = buttonValue(post, label);
    if (!value) throw new Error(`no button ${label}`);
    const since = slack.posts.length;
    await h.driver.interactive(blockAction(slack, post, value));
    const [answer] = await slack.waitForPosts(1, (p) => header(p) === 'Step-through' || p.ephemeral, since, 30_000);
    return answer!;
  }

  it('/memcheck gets a report with ▶ Step through, which opens step 1 in a new message', async () => {
    const since = slack.posts.length;
    await h.driver.slashCommand(slashCommand(slack, '/memcheck', slackEscape(`\`\`\`${PARENT_CHILD_EXAMPLE}\`\`\``)));
    const [report] = await slack.waitForPosts(1, (p) => header(p).includes('Memory report'), since, 60_000);
    step = await press(report!, '▶ Step through');
    expect(step).toMatchObject({ via: 'response_url', ephemeral: false });
    expect(caption(step)[1]).toBe('1');
  }, 90_000);

  it('▶, next memory change and ⏭ Last step replace that one message; replaced pictures are deleted', async () => {
    let previous = 1;
    const pictures: string[][] = [];
    for (const label of ['▶ Next', 'Next memory change', '⏭ Last step']) {
      const shownBefore = imageFileIds(step);
      step = await press(step, label);
      expect(step).toMatchObject({ via: 'chat.update' });
      const [, shown, total] = caption(step);
      expect(Number(shown)).toBeGreaterThan(previous);
      previous = Number(shown);
      if (label === '⏭ Last step') expect(shown).toBe(total);
      expect(imageFileIds(step).length).toBeLessThanOrEqual(1);
      pictures.push(imageFileIds(step));
      for (const id of shownBefore) await slack.waitFor(() => slack.files.find((f) => f.id === id)?.deleted, 5000, `picture ${id} deleted`);
    }
    // The memory change and the last step each show a picture of their own.
    const [, change, last] = pictures;
    expect(change).toHaveLength(1);
    expect(last).toHaveLength(1);
    expect(last).not.toEqual(change);
    expect(slack.visibleMessages().filter((p) => p.ts === step.ts)).toEqual([step]);
  }, 90_000);

  it('still answers after a restart on the same SQLite file', async () => {
    const [, last] = caption(step);
    await h.stop();
    h = await startHarness(mode, env, {}, slack);
    step = await press(step, '◀ Back');
    expect(Number(caption(step)[1])).toBe(Number(last) - 1);
  }, 120_000);

  it('answers a click on an expired run with a private note, leaving the message alone', async () => {
    const since = slack.posts.length;
    const payload = blockAction(slack, step, buttonValue(step, '◀ Back')!);
    const [action] = payload.actions as Array<Record<string, unknown>>;
    await h.driver.interactive({ ...payload, actions: [{ ...action, value: 'steps:AAAAAAAA:2:n' }] });
    const [note] = await slack.waitForPosts(1, () => true, since);
    expect(note).toMatchObject({ via: 'response_url', ephemeral: true, replaces: undefined });
    expect(allText(note!)).toMatch(/expired/);
  });
});
