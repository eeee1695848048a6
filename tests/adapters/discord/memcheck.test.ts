// Memory checks through Discord: the modal, attachments, the context menu, DMs and mentions. The
// sandbox is replaced by a scaffold command that answers after SCAFFOLD_DELAY_MS; the stand-in's
// interaction window is made shorter than that, so only a deferred answer can arrive in time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE_COLOURS } from '../../../src/adapters/discord/render.js';
import { testCore } from '../../support/core.js';
import { embedsOf, messageMenu, OPTION, slash, startHarness, submitModal, textOf, visibleAnswer, type Harness } from '../../support/discord-stand-in/harness.js';
import { SCAFFOLD_DELAY_MS, withScaffoldMemcheck } from '../../support/discord-stand-in/scaffold.js';

let h: Harness;

beforeAll(async () => {
  const core = withScaffoldMemcheck(await testCore());
  h = await startHarness({}, { interactionWindowMs: SCAFFOLD_DELAY_MS / 2 }, core);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

const code = (source: string) => `Look:\n\`\`\`python\n${source}\n\`\`\``;

describe('/memcheck', () => {
  it('opens a modal with a paragraph input of up to 4000 characters', async () => {
    const answer = await slash(h.standIn, 'memcheck').nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 9 });
    if (answer.kind !== 'callback') return;
    const [label] = answer.data.components as Array<{ type: number; component: { style: number; max_length: number; custom_id: string } }>;
    expect(label!.type).toBe(18);
    expect(label!.component).toMatchObject({ style: 2, max_length: 4000, custom_id: 'code' });
  });

  it('defers the modal submission at once, then edits in the report', async () => {
    const handle = submitModal(h.standIn, 'memcheck-modal', { code: "print('hello from the sandbox')" });
    expect(await handle.nth(0)).toMatchObject({ kind: 'callback', type: 5 });
    const report = await handle.nth(1);
    expect(report.kind).toBe('edit');
    if (report.kind !== 'edit') return;
    expect(embedsOf(report.data)[0]).toMatchObject({ title: 'Memory report: ok', color: TONE_COLOURS.success });
    expect(textOf(report.data)).toContain('hello from the sandbox');
    expect(report.data.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('checks an attached .py file', async () => {
    const file = h.standIn.hostFile('leak.py', "print('from a file')");
    const handle = slash(h.standIn, 'memcheck', [{ name: 'file', type: OPTION.attachment, value: file.id }], {}, { attachments: { [file.id]: file } });
    expect(await handle.nth(0)).toMatchObject({ kind: 'callback', type: 5 });
    expect(textOf(await visibleAnswer(handle))).toContain('from a file');
  });

  it('refuses a file that is not .py at once, privately', async () => {
    const file = h.standIn.hostFile('notes.txt', 'hello');
    const handle = slash(h.standIn, 'memcheck', [{ name: 'file', type: OPTION.attachment, value: file.id }], {}, { attachments: { [file.id]: file } });
    const answer = await handle.nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    expect(textOf(await visibleAnswer(handle))).toContain('not a .py file');
  });

  it('refuses a .py file too large to check before downloading it', async () => {
    const file = h.standIn.hostFile('huge.py', '#'.repeat(4 * h.config.SANDBOX_MAX_INPUT_CHARS + 1));
    const handle = slash(h.standIn, 'memcheck', [{ name: 'file', type: OPTION.attachment, value: file.id }], {}, { attachments: { [file.id]: file } });
    const answer = await handle.nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    expect(textOf(answer.data)).toContain('too large');
  });

  it('turns a deferred answer that is personal (an error) into an ephemeral follow-up', async () => {
    const handle = submitModal(h.standIn, 'memcheck-modal', { code: 'raise SystemExit' });
    expect(await handle.nth(0)).toMatchObject({ kind: 'callback', type: 5 });
    expect(await handle.nth(1)).toMatchObject({ kind: 'delete' });
    const followUp = await handle.nth(2);
    expect(followUp).toMatchObject({ kind: 'followup', data: { flags: 64 } });
  });
});

describe('hostile program output', () => {
  it('cannot ping anyone or break out of its code block', async () => {
    const hostile = '```\n@everyone <@100000000000000002> \u202egnp.exe\n**not bold**\n```';
    const handle = submitModal(h.standIn, 'memcheck-modal', { code: `print('${hostile}')` });
    const report = await visibleAnswer(handle);
    expect(report.allowed_mentions).toMatchObject({ parse: [] });
    const description = embedsOf(report)[0]!.description!;
    const lines = description.split('\n');
    const fences = lines.flatMap((line, index) => (/`{3}/.test(line) ? [index] : []));
    expect(fences.map((i) => lines[i])).toEqual(['```', '```']);
    // The mention stays inside the block, where Discord shows it as text.
    const mention = lines.findIndex((line) => line.includes('@everyone'));
    expect(mention).toBeGreaterThan(fences[0]!);
    expect(mention).toBeLessThan(fences[1]!);
    expect(description).toContain('<U+202E>');
  });
});

describe('the "Check memory" context menu', () => {
  it('checks the code block of the chosen message', async () => {
    const target = h.standIn.postUserMessage(code("print('menu check')"), { userId: '100000000000000002', username: 'grace' });
    const handle = messageMenu(h.standIn, 'Check memory', target);
    expect(await handle.nth(0)).toMatchObject({ kind: 'callback', type: 5 });
    expect(textOf(await visibleAnswer(handle))).toContain('menu check');
  });

  it('explains, privately, when the message has no code block', async () => {
    const target = h.standIn.postUserMessage('just words');
    const answer = await messageMenu(h.standIn, 'Check memory', target).nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    if (answer.kind === 'callback') expect(textOf(answer.data)).toContain('no Python code block');
  });
});

describe('pasted code', () => {
  it('answers a DM holding a code block with a report', async () => {
    const dm = h.standIn.postUserMessage(code("print('dm check')"), { dm: true });
    const reply = await h.standIn.nextChannelWrite(dm.channel_id);
    expect(textOf(reply)).toContain('dm check');
    expect(reply.message_reference).toMatchObject({ message_id: dm.id });
    expect(reply.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
  });

  it('answers a DM command line like a chat line', async () => {
    const dm = h.standIn.postUserMessage('/lesson 3', { dm: true });
    const reply = await h.standIn.nextChannelWrite(dm.channel_id);
    expect(embedsOf(reply)[0]!.title).toMatch(/^Lesson 3: /);
  });

  it('answers a message that mentions the bot, with no Message Content intent', async () => {
    const mention = h.standIn.postUserMessage(`<@${h.standIn.bot.id}> ${code("print('mention check')")}`, { mentionsBot: true });
    const reply = await h.standIn.nextChannelWrite(mention.channel_id);
    expect(textOf(reply)).toContain('mention check');
  });

  it('ignores guild messages that do not mention it', async () => {
    const before = h.standIn.messagesIn(h.standIn.channelId).length;
    h.standIn.postUserMessage(code("print('not for the bot')"));
    const mention = h.standIn.postUserMessage(`<@${h.standIn.bot.id}> /help`, { mentionsBot: true });
    const reply = await h.standIn.nextChannelWrite(mention.channel_id);
    expect(textOf(reply)).toContain('/lesson');
    const written = h.standIn.messagesIn(h.standIn.channelId).slice(before).filter((m) => m.author.id === h.standIn.bot.id);
    expect(written).toHaveLength(1);
  });
});

describe('the stand-in', () => {
  it('recorded no rejected request from the adapter', () => {
    expect(h.standIn.rejections).toEqual([]);
  });
});
