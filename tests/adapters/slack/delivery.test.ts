// Callers and reply delivery against the stand-in's Web API with a real @slack/web-api client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, webApi } from '@slack/bolt';
import { CallerDirectory } from '../../../src/adapters/slack/callers.js';
import { SlackDelivery, type Place } from '../../../src/adapters/slack/deliver.js';
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
