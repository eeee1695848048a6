// Callers and reply delivery against the stand-in's Web API with a real @slack/web-api client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, webApi } from '@slack/bolt';
import { CallerDirectory } from '../../../src/adapters/slack/callers.js';
import { SlackDelivery, respondTo, type Place } from '../../../src/adapters/slack/deliver.js';
import { pictureOfButtonBlock } from '../../../src/adapters/slack/render/blocks.js';
import { ChannelPacer } from '../../../src/adapters/slack/pacing.js';
import { createLogger } from '../../../src/logger.js';
import { BOT_TOKEN, SlackStandIn } from '../../support/slack-stand-in/server.js';
import { pngAttachment, tinyPng } from '../../support/png.js';

let slack: SlackStandIn;
let client: App['client'];
const logger = createLogger('silent');
// One pacer for every delivery here, as in the app: the stand-in refuses a second post within a second.
const pacer = new ChannelPacer();

beforeAll(async () => {
  slack = await new SlackStandIn().start();
  slack.addUser({ id: 'U0OWNER', name: 'owner', isOwner: true });
  const app = new App({ token: BOT_TOKEN, signingSecret: 'unused', botId: slack.botId, botUserId: slack.botUserId, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } } });
  client = app.client;
});
afterAll(() => slack.stop());

describe('CallerDirectory', () => {
  const directory = () => new CallerDirectory(client, ['U0LISTED'], logger);
  const who = (userId: string) => ({ userId, teamId: slack.teamId, channelId: 'C0STUDY' });

  it('makes workspace admins and owners admins, with their display name and the team as scope', async () => {
    const callers = directory();
    expect(await callers.caller(who('U0ADMIN'))).toEqual({ platform: 'slack', userId: 'U0ADMIN', displayName: 'grace', isAdmin: true, scopeId: slack.teamId, channelId: 'C0STUDY' });
    expect((await callers.caller(who('U0OWNER'))).isAdmin).toBe(true);
    expect((await callers.caller(who('U0ADA'))).isAdmin).toBe(false);
  });

  it('makes users listed in SLACK_ADMIN_USERS admins even when Slack does not know them', async () => {
    const caller = await directory().caller({ ...who('U0LISTED'), userName: 'listed' });
    expect(caller).toMatchObject({ isAdmin: true, displayName: 'listed' });
  });

  it('asks users.info once per user while the answer is fresh', async () => {
    const callers = directory();
    const before = slack.calls.filter((c) => c.method === 'users.info').length;
    await Promise.all([callers.caller(who('U0ADA')), callers.caller(who('U0ADA')), callers.caller(who('U0ADA'))]);
    expect(slack.calls.filter((c) => c.method === 'users.info').length - before).toBe(1);
  });
});

describe('SlackDelivery.inChannel', () => {
  const channelTarget = (place: Place) => new SlackDelivery(client, logger, pacer).inChannel(place);

  it('uploads attachments with files.uploadV2 into the reply thread', async () => {
    const place = { channelId: 'C0STUDY', userId: 'U0ADA', threadTs: '1700000000.000100' };
    const content = 'line\n'.repeat(5000);
    await channelTarget(place).send({ body: 'Output was cut', attachments: [{ kind: 'text', filename: 'output.txt', data: content, alt: 'the full text' }] });
    const file = await slack.waitFor(() => slack.files.find((f) => f.filename === 'output.txt' && f.channel));
    expect(file).toMatchObject({ channel: 'C0STUDY', threadTs: place.threadTs, content });
    expect(slack.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['files.getUploadURLExternal', 'files.completeUploadExternal']));
  });

  it('sends an ephemeral reply to the user alone, and its attachment to their DM', async () => {
    const since = slack.posts.length;
    await channelTarget({ channelId: 'C0STUDY', userId: 'U0ADA' }).send({ body: 'just you', ephemeral: true, attachments: [{ kind: 'text', filename: 'private.txt', data: 'secret-ish', alt: 'the full text' }] });
    expect(slack.posts.slice(since)).toEqual([expect.objectContaining({ via: 'chat.postEphemeral', ephemeral: true })]);
    const file = await slack.waitFor(() => slack.files.find((f) => f.filename === 'private.txt' && f.channel));
    expect(file.channel).toBe('D0ADA');
  });

  it('uploads the picture unshared first, then posts an image block referencing the file, with its alt text', async () => {
    const since = slack.posts.length;
    const png = pngAttachment();
    await channelTarget({ channelId: 'C0STUDY', userId: 'U0ADA' }).send({ title: 'Memory', body: 'One list, two names.', attachments: [png], picture: png.filename });
    const file = await slack.waitFor(() => slack.files.find((f) => f.filename === 'memory.png'));
    expect(file.bytes).toEqual(Buffer.from(tinyPng()));
    expect(file.channel).toBeUndefined();
    const [posted] = slack.posts.slice(since);
    expect(posted!.blocks).toEqual(expect.arrayContaining([{ type: 'image', slack_file: { id: file.id }, alt_text: png.alt }]));
    // The picture is not uploaded a second time as a plain file next to the reply.
    expect(slack.files.filter((f) => f.filename === 'memory.png')).toHaveLength(1);
  });

  it('opens the DM before uploading from the App Home, where the reply goes to a user id', async () => {
    const delivery = new SlackDelivery(client, logger, pacer);
    await delivery.inDirectMessage('U0ADA').send({ body: 'From the home tab', attachments: [{ kind: 'text', filename: 'home.txt', data: 'all of it', alt: 'the full text' }] });
    const file = await slack.waitFor(() => slack.files.find((f) => f.filename === 'home.txt' && f.channel));
    expect(file.channel).toBe('D0ADA');
    expect(slack.calls.filter((c) => c.method === 'files.completeUploadExternal' && c.error)).toEqual([]);
  });
});

describe('SlackDelivery.forClick', () => {
  const step = (n: number, update: boolean) => {
    const png = pngAttachment(`step-${n}.png`, n);
    return { title: `Step ${n}`, body: `Line ${n}`, buttons: [{ label: '▶ Next', action: `s:${n + 1}` }], attachments: [png], picture: png.filename, update };
  };
  const stepPosts = (since: number) => slack.posts.slice(since).filter((p) => p.via === 'response_url');

  it('replaces an ephemeral message through its response_url, and deletes the picture it showed', async () => {
    const delivery = new SlackDelivery(client, logger, pacer);
    const place = { channelId: 'C0STUDY', userId: 'U0ADA' };
    const since = slack.posts.length;
    await delivery.viaResponseUrl(respondTo(slack.responseUrl('C0STUDY')), place).send({ ...step(1, false), ephemeral: true });
    const [first] = stepPosts(since);
    expect(first).toMatchObject({ ephemeral: true });
    const actions = first!.blocks.find((b) => b.type === 'actions')!;
    const oldPicture = slack.files.find((f) => f.id === (first!.blocks.find((b) => b.type === 'image')!.slack_file as { id: string }).id)!;
    // Slack sends nothing of an ephemeral message with its click but the button's block id: it names the picture.
    const clicked = { ts: first!.ts, ephemeral: true, pictureFileId: pictureOfButtonBlock(String(actions.block_id)) };
    expect(clicked.pictureFileId).toBe(oldPicture.id);
    await delivery.forClick(respondTo(slack.responseUrl('C0STUDY', first!.ts)), place, clicked).send(step(2, true));
    const [, second] = stepPosts(since);
    expect(second).toMatchObject({ ts: first!.ts, replaces: first!.ts, ephemeral: true });
    expect(slack.calls.some((c) => c.method === 'chat.update' && c.args.ts === first!.ts)).toBe(false);
    expect(oldPicture.deleted).toBe(true);
    expect(slack.visibleMessages().filter((p) => p.ts === first!.ts)).toEqual([second]);
  });

  it('replaces a message chat.update cannot reach through its response_url instead', async () => {
    const delivery = new SlackDelivery(client, logger, pacer);
    const place = { channelId: 'C0STUDY', userId: 'U0ADA' };
    const since = slack.posts.length;
    // A message the bot did not post (the stand-in holds no such message): chat.update answers message_not_found.
    const clicked = { ts: '1700000000.424242', ephemeral: false };
    await delivery.forClick(respondTo(slack.responseUrl('C0STUDY', clicked.ts)), place, clicked).send(step(3, true));
    expect(slack.calls).toContainEqual(expect.objectContaining({ method: 'chat.update', error: 'message_not_found' }));
    expect(stepPosts(since)).toEqual([expect.objectContaining({ replaces: clicked.ts, ephemeral: false })]);
  });

  it('sends a private update of a public message as a new private message, leaving the message and its picture alone', async () => {
    const delivery = new SlackDelivery(client, logger, pacer);
    const place = { channelId: 'C0STUDY', userId: 'U0ADA' };
    const since = slack.posts.length;
    await delivery.viaResponseUrl(respondTo(slack.responseUrl('C0STUDY')), place).send(step(1, false));
    const [first] = stepPosts(since);
    const actions = first!.blocks.find((b) => b.type === 'actions')!;
    const clicked = { ts: first!.ts, ephemeral: false, pictureFileId: pictureOfButtonBlock(String(actions.block_id)) };
    await delivery.forClick(respondTo(slack.responseUrl('C0STUDY', first!.ts)), place, clicked).send({ body: 'Expired', ephemeral: true, update: true });
    const [, note] = stepPosts(since);
    expect(note).toMatchObject({ ephemeral: true, replaces: undefined });
    expect(slack.files.find((f) => f.id === clicked.pictureFileId)?.deleted).toBeUndefined();
  });
});

describe('Slack rate limits', () => {
  it('waits out a 429 for its Retry-After when another process posted in the channel a moment ago', async () => {
    // Two processes pace separately; the Web API client retries a 429 after the time Slack names.
    const retrying = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, minTimeout: 100 } });
    const [first, second] = [new ChannelPacer(), new ChannelPacer()].map((own) => new SlackDelivery(retrying, logger, own));
    const limited = slack.rateLimited.length;
    await first!.post('C0BUSY', { body: 'one' });
    const started = performance.now();
    await second!.post('C0BUSY', { body: 'two' });
    expect(slack.rateLimited.slice(limited)).toEqual([expect.objectContaining({ channel: 'C0BUSY', retryAfter: 1 })]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.posts.filter((p) => p.channel === 'C0BUSY').map((p) => p.text)).toEqual(['one', 'two']);
  });
});
