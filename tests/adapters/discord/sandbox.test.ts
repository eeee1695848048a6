// Memory checks through Discord with the real sandbox behind the core: the modal's deferred reply
// edited into a report, hostile program output rendered safely, long output cut and attached, and
// pasted code in a DM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE_COLOURS } from '../../../src/adapters/discord/render.js';
import { testCore } from '../../support/core.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';
import { buttonsOf, click, embedsOf, OPTION, slash, startHarness, submitModal, textOf, visibleAnswer, type Harness } from '../../support/discord-stand-in/harness.js';

let h: Harness;

beforeAll(async () => {
  const core = await testCore({ SANDBOX_POOL_SIZE: '2', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
  h = await startHarness({}, {}, core);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

const check = (code: string, userId = '100000000000000001') => submitModal(h.standIn, 'memcheck-modal', { code }, { userId });

describe('/memcheck with the real sandbox', () => {
  it('defers at once and edits in the report', async () => {
    const handle = check('a = [1, 2, 3]\nb = a\nprint(len(a))');
    expect(await handle.nth(0)).toMatchObject({ kind: 'callback', type: 5 });
    const report = await handle.nth(1, 60_000);
    expect(report.kind).toBe('edit');
    const [embed] = embedsOf(report.data);
    expect(embed).toMatchObject({ title: 'Memory report', color: TONE_COLOURS.success });
    expect(textOf(report.data)).toContain('Ran fine');
    expect(textOf(report.data)).toMatch(/a\s+list/);
  }, 60_000);

  it('renders hostile output without pings or code-block breakouts', async () => {
    const handle = check('print("```\\n@everyone <@100000000000000002> **bold**\\n\\u202eevil\\n```")', '100000000000000003');
    const report = await visibleAnswer(handle);
    expect(report.allowed_mentions).toMatchObject({ parse: [] });
    const description = embedsOf(report).map((e) => e.description ?? '').join('\n');
    const lines = description.split('\n');
    // Every line holding ``` is one of the renderer's own fence lines, and they pair up.
    const fenceLines = lines.filter((line) => /`{3}/.test(line));
    expect(fenceLines.every((line) => /^```\w*$/.test(line))).toBe(true);
    expect(fenceLines.length % 2).toBe(0);
    const mention = lines.findIndex((line) => line.includes('@everyone'));
    const opened = lines.slice(0, mention).filter((line) => line.startsWith('```')).length;
    expect(opened % 2).toBe(1);
    expect(description).toContain('<U+202E>');
    expect(description).not.toMatch(/\u202e/);
  }, 60_000);

  it('carries the memory picture: a PNG sent as multipart and shown in the embed through attachment://', async () => {
    const report = await check(PARENT_CHILD_EXAMPLE, '100000000000000009').nth(1, 60_000);
    if (report.kind !== 'edit') throw new Error(`expected an edit, got ${report.kind}`);
    const picture = report.files.find((f) => f.name === 'memory.png');
    // The stand-in reads files as text: the PNG signature and end chunk survive that.
    expect(picture?.text.slice(1, 4)).toBe('PNG');
    expect(picture?.text).toContain('IEND');
    const [embed] = embedsOf(report.data);
    expect((embed as { image?: unknown } | undefined)?.image).toEqual({ url: 'attachment://memory.png' });
    // discord.js lists the files' descriptions (alt text) by upload index.
    const attachments = report.data.attachments as Array<{ id: string; description?: string }>;
    const index = String(report.files.indexOf(picture!));
    expect(attachments.find((a) => a.id === index)?.description).toMatch(/cycle: parent\.children\[0\] → child\.parent → parent/);
  }, 60_000);

  it('cuts long output with a note and attaches all of it', async () => {
    const handle = check('for i in range(400):\n    print("line", i)', '100000000000000004');
    const report = await handle.nth(1, 60_000);
    if (report.kind !== 'edit') throw new Error(`expected an edit, got ${report.kind}`);
    expect(textOf(report.data)).toContain('output cut');
    const [file] = report.files;
    expect(file?.name).toBe('output.txt');
    expect(file?.text.split('\n').filter(Boolean)).toHaveLength(400);
  }, 60_000);

  it('reports an error with the error colour', async () => {
    const report = await visibleAnswer(check('x = 1 / 0', '100000000000000005'));
    expect(embedsOf(report)[0]!.color).toBe(TONE_COLOURS.error);
    expect(textOf(report)).toContain('ZeroDivisionError');
  }, 60_000);

  it('answers code pasted in a DM with a report', async () => {
    const dm = h.standIn.postUserMessage('```python\nd = {"k": [1]}\nprint(d)\n```', { dm: true, userId: '100000000000000006' });
    const reply = await h.standIn.nextChannelWrite(dm.channel_id, 60_000);
    expect(embedsOf(reply)[0]!.title).toBe('Memory report');
    expect(textOf(reply)).toContain("{'k': [1]}");
  }, 60_000);

  it('runs a lesson\'s example from its "Run example" button, answering in a new message', async () => {
    const lesson = await visibleAnswer(slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }]));
    const run = buttonsOf(lesson).find((b) => b.custom_id.startsWith('example:'));
    expect(run?.label).toMatch(/Run example/);
    const page = h.standIn.messagesIn(h.standIn.channelId).at(-1)!;
    const handle = click(h.standIn, page, run!.custom_id, { userId: '100000000000000007' });
    const report = await visibleAnswer(handle);
    expect(embedsOf(report)[0]!.title).toMatch(/^Memory report: lesson 3, page 1, example 1/);
    expect(page.edits).toBe(0);
    expect(h.standIn.interactions.get(handle.token)!.events.some((e) => e.kind === 'callback' && e.type === 7)).toBe(false);
  }, 60_000);

  it('recorded no rejected request from the adapter', () => {
    expect(h.standIn.rejections).toEqual([]);
  });
});
