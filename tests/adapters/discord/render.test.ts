// The renderer never produces a payload Discord would reject, whatever the reply: checked against
// the stand-in's limit schemas with seeded random replies, every real lesson page, and hostile output.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReply, splitMarkdown, type RenderedMessage } from '../../../src/adapters/discord/render.js';
import { safeMarkdown } from '../../../src/adapters/discord/safe-text.js';
import { segmentMarkdown } from '../../../src/core/markdown/fences.js';
import { pngAttachment, tinyPng } from '../../support/png.js';
import type { Core } from '../../../src/core/index.js';
import type { Reply } from '../../../src/core/messages.js';
import { testCore } from '../../support/core.js';
import { fence } from '../../support/discord-stand-in/scaffold.js';
import { LIMITS, messageBody } from '../../support/discord-stand-in/limits.js';

/** The JSON discord.js would send for a rendered message (the parts the limits apply to). */
function asSent(message: RenderedMessage): Record<string, unknown> {
  return { embeds: message.embeds, components: message.components, allowed_mentions: { parse: message.allowedMentions.parse } };
}

function expectWithinLimits(message: RenderedMessage): void {
  const checked = messageBody.safeParse(asSent(message));
  expect(checked.success ? [] : checked.error.issues).toEqual([]);
  expect(message.files.length).toBeLessThanOrEqual(10);
  for (const embed of message.embeds) {
    // Every embed's Markdown stands alone: its code blocks are all closed.
    const fences = (embed.description ?? '').split('\n').filter((line) => line.startsWith('```')).length;
    expect(fences % 2).toBe(0);
  }
}

/** Every ``` in the rendered text is one of our own fence lines. */
function expectNoBreakout(text: string): void {
  for (const line of text.split('\n')) {
    const runs = line.match(/`{3,}/g) ?? [];
    if (runs.length) expect(line).toMatch(/^```[\w+#.-]*$/);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abc xyz 0123 `*_~|>@#\n\u202e\u200b€😀';

function randomText(random: () => number, maxLength: number): string {
  const length = Math.floor(random() ** 2 * maxLength);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

function randomReply(random: () => number): Reply {
  const paragraphs = Array.from({ length: Math.floor(random() * 12) }, () =>
    random() < 0.4 ? fence(randomText(random, 3000)) : random() < 0.5 ? `\`\`\`python\n${randomText(random, 5000)}\n\`\`\`` : randomText(random, 2500),
  );
  return {
    title: random() < 0.8 ? randomText(random, 400) : undefined,
    body: paragraphs.join('\n\n'),
    footer: random() < 0.5 ? randomText(random, 3000) : undefined,
    fields: Array.from({ length: Math.floor(random() * 40) }, () => ({ name: randomText(random, 400), value: randomText(random, 1500), inline: random() < 0.5 })),
    buttons: Array.from({ length: Math.floor(random() * 40) }, (_, i) => ({ label: randomText(random, 150), action: `act:${i % 30}`, disabled: random() < 0.2 })),
    tone: (['neutral', 'info', 'success', 'warning', 'error'] as const)[Math.floor(random() * 5)],
    attachments: random() < 0.3 ? [{ kind: 'text', filename: 'out put.txt', data: randomText(random, 100), alt: 'the full text' }] : undefined,
  };
}

describe('renderReply: limits', () => {
  let core: Core;

  beforeAll(async () => {
    core = await testCore();
  });

  it('keeps 300 random replies (long bodies, fields, buttons, titles) within every Discord limit', () => {
    const random = mulberry32(20261124);
    for (let i = 0; i < 300; i++) {
      const reply = randomReply(random);
      const message = renderReply(reply);
      expectWithinLimits(message);
      expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
    }
  });

  it('renders every page of every lesson within limits, without cutting', () => {
    for (const lesson of core.services.lessons.lessons) {
      for (let page = 1; page <= lesson.pages.length; page++) {
        const reply = { title: `Lesson ${lesson.number}: ${lesson.title}`, body: lesson.pages[page - 1]!, footer: 'page marker', tone: 'info' as const };
        const message = renderReply(reply);
        expectWithinLimits(message);
        expect(message.files).toEqual([]);
      }
    }
  });

  it('cuts a long output with a note and attaches the full text', () => {
    const output = Array.from({ length: 2000 }, (_, i) => `line ${i}: ${'x'.repeat(20)}`).join('\n');
    const message = renderReply({ title: 'Memory report', body: `Output:\n${fence(output)}`, attachments: [{ kind: 'text', filename: 'output.txt', data: output, alt: 'the full text' }] });
    expectWithinLimits(message);
    const text = message.embeds.map((e) => e.description).join('\n');
    expect(text).toContain('line 0: ');
    expect(text).toContain('the full text is attached as `output.txt`');
    expect(message.files.map((f) => [f.name, f.attachment.toString('utf8')])).toEqual([['output.txt', output]]);
  });

  it('attaches the whole body itself when a cut reply has no attachment', () => {
    const body = 'word '.repeat(3000);
    const message = renderReply({ title: 'A long one', body });
    expectWithinLimits(message);
    expect(message.files).toHaveLength(1);
    expect(message.files[0]!.attachment.toString('utf8')).toBe(body);
  });

  it('spreads a body longer than one description over several embeds', () => {
    const body = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} ${'y'.repeat(35)}`).join('\n\n');
    const message = renderReply({ title: 'T', body, footer: 'F' });
    expectWithinLimits(message);
    expect(message.embeds.length).toBeGreaterThan(1);
    expect(message.embeds[0]!.title).toBe('T');
    expect(message.embeds.at(-1)!.footer?.text).toBe('F');
  });

  it('puts buttons in rows of five and drops repeated action ids', () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ label: `B${i}`, action: `x:${i % 11}` }));
    const message = renderReply({ body: 'b', buttons });
    expect(message.components.map((row) => row.components.length)).toEqual([5, 5, 1]);
    expect(LIMITS.rowButtons).toBe(5);
  });
});

describe('program output cannot break out of its code block', () => {
  const hostile = [
    '```',
    '@everyone @here <@123456789012345678> <@&123456789012345678>',
    '**bold** ``` escaped? ```` and ~~~',
    'text \u202e reversed \u2066isolate\u2069',
    'zero\u200bwidth\u200d joiner\ufeff',
    '`\u200b``',
  ].join('\n');

  it('neutralises backtick runs, bidi controls and zero-width characters inside the block', () => {
    const safe = safeMarkdown(`Output:\n${fence(hostile)}\nafter`);
    expectNoBreakout(safe);
    const segments = segmentMarkdown(safe);
    expect(segments.map((s) => s.kind)).toEqual(['prose', 'code', 'prose']);
    const code = segments[1]!.text;
    expect(code).toContain('<U+202E>');
    expect(code).toContain('<U+200B>');
    expect(code).toContain('<U+FEFF>');
    expect(code).not.toMatch(/[\u202e\u2066\u2069\ufeff]/);
    expect(segments[2]!.text).toBe('after');
  });

  it('keeps a fence already broken with zero-width spaces broken, without showing them', () => {
    const safe = safeMarkdown('```\n`\u200b``@everyone\n```');
    expectNoBreakout(safe);
    expect(safe).not.toContain('<U+200B>');
    expect(segmentMarkdown(safe)[0]!.text.replaceAll('\u200b', '')).toBe('```@everyone');
  });

  it('defuses mass mentions and stray fences in prose', () => {
    const safe = safeMarkdown('hi @everyone and @here ``` not a block \u202e');
    expect(safe).not.toMatch(/@everyone|@here/);
    expect(safe).not.toContain('```');
    expect(safe).toContain('<U+202E>');
  });

  it('stays safe when a long hostile output is split across embeds', () => {
    const message = renderReply({ body: fence(Array.from({ length: 300 }, () => hostile).join('\n')) });
    expectWithinLimits(message);
    for (const embed of message.embeds) expectNoBreakout(embed.description ?? '');
  });

  it('splitMarkdown closes and reopens a block it splits', () => {
    const chunks = splitMarkdown(`\`\`\`python\n${Array.from({ length: 100 }, (_, i) => `x = ${i}`).join('\n')}\n\`\`\``, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect(chunk.startsWith('```python')).toBe(true);
      expect(chunk.endsWith('```')).toBe(true);
    }
  });
});

describe('pictures', () => {
  it('sends the picture as a file and shows it in the first embed through attachment://, with its alt text', () => {
    const png = pngAttachment('memory map.png');
    const message = renderReply({ title: 'Memory', body: 'Two names, one list.', attachments: [png], picture: png.filename });
    expect(message.embeds[0]!.image).toEqual({ url: 'attachment://memory_map.png' });
    expect(message.files).toEqual([{ attachment: Buffer.from(tinyPng()), name: 'memory_map.png', description: png.alt }]);
  });

  it('names the text attachment, not the picture, as the full text when the body is cut', () => {
    const png = pngAttachment();
    const output = 'x'.repeat(9000);
    const message = renderReply({ body: output, attachments: [png, { kind: 'text', filename: 'output.txt', data: output, alt: 'all of it' }], picture: png.filename });
    expect(JSON.stringify(message.embeds)).toContain('the full text is attached as `output.txt`');
    expect(message.files.map((f) => f.name)).toEqual(['memory.png', 'output.txt']);
  });

  it('shows no embed image for a reply without a picture', () => {
    expect(renderReply({ body: 'plain', attachments: [pngAttachment()] }).embeds[0]!.image).toBeUndefined();
  });
});
