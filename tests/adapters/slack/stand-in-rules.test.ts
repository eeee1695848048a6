// The Slack stand-in's rules about what messages refer to, checked with a real Web API client: an
// image block's slack_file must be a completed, undeleted upload; chat.update reaches only messages
// in the conversation (never ephemeral ones); a slash command's ack note is a message of its own that
// its response_url can replace (it stays private) or delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { BOT_TOKEN, SlackStandIn } from '../../support/slack-stand-in/server.js';

let slack: SlackStandIn;
let client: webApi.WebClient;

beforeAll(async () => {
  slack = await new SlackStandIn().start();
  client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => slack.stop());

const errorOf = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? String(error),
  );
const imageBlocks = (fileId: string) => [{ type: 'image', slack_file: { id: fileId }, alt_text: 'a picture' }];
const respond = (url: string, body: Record<string, unknown>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the Slack stand-in refuses what Slack refuses', () => {
  it('shows in an image block only a file whose upload was completed and that was not deleted', async () => {
    // A DM of its own for each post: chat.postMessage allows one a second per conversation.
    let dm = 0;
    const post = (fileId: string) => errorOf(client.chat.postMessage({ channel: `D0PIC${dm++}`, text: 'picture', blocks: imageBlocks(fileId) }));
    expect(await post('F0NOSUCH')).toBe('invalid_blocks');
    const started = await client.files.getUploadURLExternal({ filename: 'memory.png', length: 3 });
    expect(await post(String(started.file_id))).toBe('invalid_blocks');
    await client.files.completeUploadExternal({ files: [{ id: String(started.file_id) }] });
    expect(await post(String(started.file_id))).toBe('ok');
    await client.files.delete({ file: String(started.file_id) });
    expect(await post(String(started.file_id))).toBe('invalid_blocks');
    expect(await errorOf(client.files.delete({ file: String(started.file_id) }))).toBe('file_deleted');
  });

  it('updates only a message the bot posted in the conversation, not an ephemeral or deleted one', async () => {
    const ephemeral = await client.chat.postEphemeral({ channel: 'C0STUDY', user: 'U0ADA', text: 'just you' });
    expect(await errorOf(client.chat.update({ channel: 'C0STUDY', ts: String(ephemeral.message_ts), text: 'changed' }))).toBe('message_not_found');
    const posted = await client.chat.postMessage({ channel: 'C0STUDY', text: 'everyone' });
    expect(await errorOf(client.chat.update({ channel: 'C0STUDY', ts: String(posted.ts), text: 'changed' }))).toBe('ok');
    await client.chat.delete({ channel: 'C0STUDY', ts: String(posted.ts) });
    expect(await errorOf(client.chat.update({ channel: 'C0STUDY', ts: String(posted.ts), text: 'again' }))).toBe('message_not_found');
  });

  it("keeps a slash command's ack note as a private message its response_url can replace or delete", async () => {
    const visibleNotes = () => slack.visibleMessages().filter((p) => p.text.startsWith('working'));
    const replaced = slack.responseUrl('C0STUDY');
    slack.acknowledged(replaced, { response_type: 'ephemeral', text: 'working 1' });
    await respond(replaced, { response_type: 'in_channel', replace_original: true, text: 'done' });
    expect(slack.visibleMessages().find((p) => p.text === 'done')).toMatchObject({ via: 'response_url', ephemeral: true });
    const deleted = slack.responseUrl('C0STUDY');
    slack.acknowledged(deleted, { response_type: 'ephemeral', text: 'working 2' });
    expect(visibleNotes().map((p) => p.text)).toEqual(['working 2']);
    expect((await respond(deleted, { delete_original: true })).status).toBe(200);
    expect(visibleNotes()).toEqual([]);
    expect((await respond(deleted, { delete_original: true })).status).toBe(404);
  });
});
