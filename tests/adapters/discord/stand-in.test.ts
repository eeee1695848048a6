// The stand-in enforces Discord's limits: over-limit bodies sent with discord.js's own REST client
// are rejected with 400 {code: 50035}, so the adapter's clean record elsewhere means something.
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommandSet } from '../../../src/adapters/discord/commands.js';
import { renderReply } from '../../../src/adapters/discord/render.js';
import { commands } from '../../../src/core/commands/index.js';
import { ATTACHMENT_MAX_BYTES } from '../../../src/core/limits.js';
import { DiscordStandIn, MESSAGE_FLAGS } from '../../support/discord-stand-in/server.js';

let standIn: DiscordStandIn;
let rest: REST;

beforeAll(async () => {
  standIn = await DiscordStandIn.start();
  rest = new REST({ api: standIn.apiBase, retries: 0, timeout: 5000 }).setToken(standIn.token);
});

afterAll(async () => {
  await standIn?.close();
});

async function rejection(send: Promise<unknown>): Promise<{ status: number; code: number | string }> {
  const error = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  const { status, code } = error as DiscordAPIError;
  return { status, code };
}

const invalidFormBody = { status: 400, code: 50035 };
const post = (body: unknown) => rest.post(Routes.channelMessages(standIn.channelId), { body });

describe('the Discord stand-in rejects what Discord rejects', () => {
  it.each([
    ['content over 2000 characters', { content: 'x'.repeat(2001) }],
    ['an embed description over 4096', { embeds: [{ description: 'x'.repeat(4097) }] }],
    ['embeds over 6000 characters in total', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] }],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] }],
    ['six rows of buttons', { components: Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: `b${i}` }] })) }],
    ['six buttons in a row', { components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: 'b', custom_id: `b${i}` })) }] }],
    ['a custom_id over 100 characters', { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: 'c'.repeat(101) }] }] }],
    ['a button label over 80 characters', { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'l'.repeat(81), custom_id: 'c' }] }] }],
    ['two buttons with one custom_id', { components: [{ type: 1, components: [1, 2].map(() => ({ type: 2, style: 1, label: 'b', custom_id: 'same' })) }] }],
  ])('%s', async (_name, body) => {
    expect(await rejection(post(body))).toEqual(invalidFormBody);
  });

  it('accepts a body at the limits', async () => {
    const message = (await post({ content: 'x'.repeat(2000), embeds: [{ description: 'y'.repeat(4096) }, { title: 't'.repeat(256), description: 'z'.repeat(1648) }] })) as { id: string };
    expect(message.id).toMatch(/^\d+$/);
  });

  it('refuses a second answer to an interaction, and any answer after the window', async () => {
    const answer = (target: REST, h: { id: string; token: string }) =>
      target.post(Routes.interactionCallback(h.id, h.token), { body: { type: 4, data: { content: 'hi' } }, auth: false });
    const handle = standIn.interact(2, { id: '1', name: 'help', type: 1 });
    await answer(rest, handle);
    expect(await rejection(answer(rest, handle))).toEqual({ status: 400, code: 40060 });
    const late = await DiscordStandIn.start({ interactionWindowMs: 0 });
    try {
      const lateHandle = late.interact(2, { id: '1', name: 'help', type: 1 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await rejection(answer(new REST({ api: late.apiBase, retries: 0 }), lateHandle))).toEqual({ status: 404, code: 10062 });
    } finally {
      await late.close();
    }
  });

  it('rejects a command with a description over 100 characters, and accepts memtutor\'s command set', async () => {
    const route = Routes.applicationCommands(standIn.appId);
    expect(await rejection(rest.put(route, { body: [{ name: 'x', description: 'd'.repeat(101) }] }))).toEqual(invalidFormBody);
    const registered = (await rest.put(route, { body: discordCommandSet(commands) })) as Array<{ name: string }>;
    expect(registered.map((c) => c.name)).toContain('lesson');
  });

  it('accepts what the renderer makes of an enormous reply', async () => {
    const huge = renderReply({ title: 'T'.repeat(1000), body: `\`\`\`\n${'@everyone ```\n'.repeat(5000)}\`\`\``, buttons: Array.from({ length: 60 }, (_, i) => ({ label: 'L'.repeat(200), action: `a:${i}` })) });
    const message = (await post({ embeds: huge.embeds, components: huge.components, allowed_mentions: huge.allowedMentions })) as { id: string };
    expect(message.id).toMatch(/^\d+$/);
  });

  it('keeps the attachments an edit does not drop: all without `attachments`, only the listed ones with it', async () => {
    const route = (id: string) => Routes.channelMessage(standIn.secondChannelId, id);
    const file = (name: string) => [{ name, data: Buffer.from(name) }];
    const message = (await rest.post(Routes.channelMessages(standIn.secondChannelId), { body: { content: 'one' }, files: file('one.png') })) as { id: string; attachments: Array<{ id: string }> };
    const kept = (await rest.patch(route(message.id), { body: { content: 'two' }, files: file('two.png') })) as { attachments: Array<{ id: string; filename: string }> };
    expect(kept.attachments.map((a) => a.filename)).toEqual(['one.png', 'two.png']);
    const listed = (await rest.patch(route(message.id), { body: { attachments: [{ id: kept.attachments[1]!.id }] } })) as { attachments: Array<{ filename: string }> };
    expect(listed.attachments.map((a) => a.filename)).toEqual(['two.png']);
    const emptied = (await rest.patch(route(message.id), { body: { attachments: [] } })) as { attachments: unknown[] };
    expect(emptied.attachments).toEqual([]);
  });

  it("refuses an embed image `attachment://name` that names no file of the message", async () => {
    const image = (name: string) => ({ embeds: [{ title: 'picture', image: { url: `attachment://${name}` } }] });
    expect(await rejection(rest.post(Routes.channelMessages(standIn.secondChannelId), { body: image('memory.png') }))).toEqual(invalidFormBody);
    const files = [{ name: 'memory.png', data: Buffer.from('png') }];
    const message = (await rest.post(Routes.channelMessages(standIn.secondChannelId), { body: image('memory.png'), files })) as { id: string };
    // Kept from before: the edit need not upload it again; dropped: the image has nothing to show.
    await rest.patch(Routes.channelMessage(standIn.secondChannelId, message.id), { body: image('memory.png') });
    expect(await rejection(rest.patch(Routes.channelMessage(standIn.secondChannelId, message.id), { body: { ...image('memory.png'), attachments: [] } }))).toEqual(invalidFormBody);
  });

  it('edits the clicked message after a deferred update, and marks a deferred reply as loading until it is edited', async () => {
    const answer = (h: { id: string; token: string }, body: unknown) => rest.post(Routes.interactionCallback(h.id, h.token), { body, auth: false });
    const clicked = (await rest.post(Routes.channelMessages(standIn.secondChannelId), { body: { content: 'step 1' } })) as { id: string };
    const stored = standIn.messagesIn(standIn.secondChannelId).find((m) => m.id === clicked.id)!;
    const handle = standIn.interact(3, { custom_id: 'next', component_type: 2 }, { channelId: standIn.secondChannelId, message: { id: clicked.id } });
    await answer(handle, { type: 6 });
    await rest.patch(Routes.webhookMessage(standIn.appId, handle.token), { body: { content: 'step 2' }, auth: false });
    expect(stored.content).toBe('step 2');
    const command = standIn.interact(2, { id: '1', name: 'help', type: 1 }, { channelId: standIn.secondChannelId });
    await answer(command, { type: 5, data: { flags: MESSAGE_FLAGS.Ephemeral } });
    expect(command.original!.flags).toBe(MESSAGE_FLAGS.Ephemeral | MESSAGE_FLAGS.Loading);
    await rest.patch(Routes.webhookMessage(standIn.appId, command.token), { body: { content: 'done' }, auth: false });
    expect(command.original!.flags).toBe(MESSAGE_FLAGS.Ephemeral);
  });

  it('refuses files over the 10 MiB upload limit (40005), and accepts the most files the renderer sends', async () => {
    const over = [{ name: 'big.txt', data: Buffer.alloc(10 * 1024 * 1024 + 1, 'x') }];
    expect(await rejection(rest.post(Routes.channelMessages(standIn.channelId), { body: { content: 'big' }, files: over }))).toEqual({ status: 413, code: 40005 });
    // Ten files, each at the attachment cap: what the biggest possible reply uploads.
    const text = 'y'.repeat(ATTACHMENT_MAX_BYTES * 2);
    const rendered = renderReply({ body: 'files', attachments: Array.from({ length: 12 }, (_, i) => ({ kind: 'text' as const, filename: `f${i}.txt`, data: text, alt: 'text' })) });
    const files = rendered.files.map((f) => ({ name: f.name, data: f.attachment }));
    const message = (await rest.post(Routes.channelMessages(standIn.channelId), { body: { embeds: rendered.embeds }, files })) as { id: string };
    expect(message.id).toMatch(/^\d+$/);
  });
});
