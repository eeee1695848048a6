// A step-through's clicks replace one Slack message in place (issue 14): chat.update with the new
// text, buttons and picture; the picture the old message showed was uploaded for it alone, so it is
// deleted rather than left in the workspace. And no "working" note stays behind a public answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_NOTE } from '../../../src/adapters/slack/context.js';
import { blockAction, directMessage, eventBody, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';
import { PICTURE_FILENAME, PICTURE_STEPS_COMMAND, STEP_BUTTONS, withPictureSteps } from '../../support/picture-steps.js';
import { tinyPng } from '../../support/png.js';

const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text ?? '';
const imageFileIds = (post: Posted) => post.blocks.filter((b) => b.type === 'image').map((b) => (b.slack_file as { id: string }).id);
const buttonValue = (post: Posted, label: string) =>
  post.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Array<{ value: string; text: { text: string } }>).find((e) => e.text.text === label)?.value;

describe.each<ReceiverMode>(['http', 'socket'])('Slack step-through pictures over %s', (mode) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness(mode, { SANDBOX_MAX_INPUT_CHARS: '200' }, {}, undefined, withPictureSteps);
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  /** The step message as people see it now in the DM. */
  const stepMessage = (channel: string) => h.slack.visibleMessages().filter((p) => p.channel === channel && header(p).startsWith('Step'));

  async function firstStep(): Promise<Posted> {
    const since = h.slack.posts.length;
    await h.driver.event(eventBody(h.slack, directMessage(h.slack, PICTURE_STEPS_COMMAND)));
    const [posted] = await h.slack.waitForPosts(1, (p) => header(p) === 'Step 1', since);
    return posted!;
  }

  async function clickLabel(post: Posted, label: string, step: number): Promise<Posted> {
    const since = h.slack.posts.length;
    await h.driver.interactive(blockAction(h.slack, post, buttonValue(post, label)!));
    const [updated] = await h.slack.waitForPosts(1, (p) => header(p) === `Step ${step}`, since);
    return updated!;
  }

  function pictureOf(post: Posted) {
    const [id] = imageFileIds(post);
    return h.slack.files.find((f) => f.id === id);
  }

  it('three clicks in a row leave one message showing the latest picture; the older pictures are deleted', async () => {
    const uploaded = h.slack.files.length;
    let post = await firstStep();
    for (let step = 2; step <= 4; step++) {
      post = await clickLabel(post, STEP_BUTTONS.next, step);
      expect(post).toMatchObject({ via: 'chat.update', ephemeral: false });
    }
    const [shown, ...others] = stepMessage(post.channel);
    expect(others).toEqual([]);
    expect(header(shown!)).toBe('Step 4');
    expect(imageFileIds(shown!)).toHaveLength(1);
    expect(pictureOf(shown!)?.bytes.equals(Buffer.from(tinyPng(4)))).toBe(true);
    expect(buttonValue(shown!, STEP_BUTTONS.next)).toBe('picstep:5:picture');
    const pictures = h.slack.files.slice(uploaded).filter((f) => f.filename === PICTURE_FILENAME);
    expect(pictures).toHaveLength(4);
    // Each old picture is deleted once the message no longer shows it.
    await h.slack.waitFor(() => pictures.filter((f) => f.deleted).length === 3, 5000, 'the three replaced pictures deleted');
    expect(pictures.filter((f) => !f.deleted).map((f) => f.id)).toEqual(imageFileIds(shown!));
  });

  it('a step without a picture shows none, and its predecessor\'s picture is deleted', async () => {
    const first = await firstStep();
    const oldPicture = pictureOf(first)!;
    const post = await clickLabel(first, STEP_BUTTONS.plain, 2);
    expect(imageFileIds(post)).toEqual([]);
    await h.slack.waitFor(() => oldPicture.deleted, 5000, 'the replaced picture deleted');
  });

  it('a slow command\'s private "working" note is deleted when its answer is public', async () => {
    const since = h.slack.posts.length;
    await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', '```a = [1]```'));
    await h.slack.waitForPosts(1, (p) => header(p).includes('Memory report'), since, 20_000);
    const notes = h.slack.posts.slice(since).filter((p) => p.text === WORKING_NOTE);
    expect(notes).toEqual([expect.objectContaining({ via: 'ack', ephemeral: true })]);
    expect(h.slack.visibleMessages().filter((p) => p.text === WORKING_NOTE)).toEqual([]);
  });

  it('a slow command\'s private "working" note is replaced by a private answer', async () => {
    const since = h.slack.posts.length;
    await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', `\`\`\`x = '${'x'.repeat(300)}'\`\`\``));
    const [answer] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', since, 20_000);
    expect(answer).toMatchObject({ ephemeral: true, replaces: expect.any(String) });
    expect(h.slack.visibleMessages().filter((p) => p.text === WORKING_NOTE)).toEqual([]);
  });
});
