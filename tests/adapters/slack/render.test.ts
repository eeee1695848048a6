// The Block Kit renderer on its own: mrkdwn conversion, escaping, and staying inside every limit.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/messages.js';
import { pictureOfButtonBlock, renderReply } from '../../../src/adapters/slack/render/blocks.js';
import { markdownToMrkdwn } from '../../../src/adapters/slack/render/mrkdwn.js';
import { fromSlackText } from '../../../src/adapters/slack/slack-text.js';
import { fencesOnOwnLines } from '../../../src/core/markdown/fences.js';
import { checkMessage } from '../../support/slack-stand-in/limits.js';

const allText = (reply: Reply) => renderReply(reply).map((m) => JSON.stringify(m.blocks)).join('\n');

describe('Markdown → mrkdwn', () => {
  it('converts emphasis, headings, lists, links and tables', () => {
    const mrkdwn = markdownToMrkdwn('# Title\n\n**bold**, *italic*, ~~gone~~ and `code`\n\n- one\n- two\n  1. nested\n\n[docs](https://docs.python.org/3/) \n\n| a | bb |\n|---|---|\n| 1 | 2 |');
    expect(mrkdwn).toContain('*Title*');
    expect(mrkdwn).toContain('*bold*, _italic_, ~gone~ and `code`');
    expect(mrkdwn).toMatch(/• one\n• two\n {4}1\. nested/);
    expect(mrkdwn).toContain('<https://docs.python.org/3/|docs>');
    expect(mrkdwn).toContain('```\na  bb\n─  ──\n1  2\n```');
  });

  it('escapes &, < and > in text, inline code and code blocks, so nothing notifies', () => {
    const mrkdwn = markdownToMrkdwn('Hi <!channel> & <@U123>\n\n`<!here>`\n\n```\nprint("<!everyone> <@U42> <#C1>")\n```');
    expect(mrkdwn).not.toMatch(/<[!@#]/);
    expect(mrkdwn).toContain('Hi &lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(mrkdwn).toContain('`&lt;!here&gt;`');
    expect(mrkdwn).toContain('print("&lt;!everyone&gt; &lt;@U42&gt; &lt;#C1&gt;")');
  });

  it('keeps a fence inside program output from closing the code block', () => {
    const mrkdwn = markdownToMrkdwn('````\nbefore\n```\n<!channel>\n````');
    const fences = mrkdwn.match(/```/g) ?? [];
    expect(fences).toHaveLength(2);
    expect(mrkdwn.startsWith('```\n')).toBe(true);
    expect(mrkdwn.endsWith('\n```')).toBe(true);
  });

  it('drops links that are not http(s) or mailto, keeping their text', () => {
    expect(markdownToMrkdwn('[click](javascript:alert(1))')).toBe('click');
  });
});

describe('Slack text → what the user typed', () => {
  it('unescapes entities and unwraps mentions and links', () => {
    expect(fromSlackText('a &lt; b &amp;&amp; c &gt; d <@U1|ada> <#C1|general> <https://x.org|x.org> <!here>')).toBe('a < b && c > d @ada #general https://x.org @here');
  });

  it('keeps channel mentions (with their ids) for command text when asked', () => {
    expect(fromSlackText('set channel:<#C0STUDY|study> day:fri', { keepChannels: true })).toBe('set channel:<#C0STUDY|study> day:fri');
  });

  it('puts one-line ```code``` fences on their own lines', () => {
    expect(fencesOnOwnLines('look: ```a = 1\nb = a``` ok')).toBe('look: \n```\na = 1\nb = a\n```\n ok');
  });
});

describe('Reply → Block Kit within limits', () => {
  it('renders title, body, fields, footer and buttons, leaving out disabled buttons', () => {
    const [message, ...rest] = renderReply({
      title: 'Report',
      body: 'All good',
      tone: 'success',
      fields: [{ name: 'a', value: '`list`', inline: true }, { name: 'Output', value: '```\nhi\n```' }],
      footer: 'CPython 3.14 · wasm32',
      buttons: [{ label: 'Back', action: 'x:1', disabled: true }, { label: 'Next', action: 'x:2', style: 'primary' }],
    });
    expect(rest).toEqual([]);
    expect(message!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(JSON.stringify(message!.blocks[0])).toContain('✅ Report');
    expect(message!.blocks[5]).toMatchObject({ elements: [{ action_id: 'x:2', value: 'x:2', style: 'primary' }] });
    expect(checkMessage(message!.text, message!.blocks)).toBeUndefined();
  });

  it('cuts long labels, field values and titles to Slack sizes', () => {
    const [message] = renderReply({
      title: 'T'.repeat(400),
      body: 'b',
      fields: Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(5000), inline: true })),
      buttons: Array.from({ length: 30 }, (_, i) => ({ label: 'L'.repeat(200), action: `a:${i}` })),
    });
    expect(checkMessage(message!.text, message!.blocks)).toBeUndefined();
  });

  it('splits a body far over the limits into several valid messages, buttons on the last', () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Paragraph ${i}: ${'words '.repeat(60)}`).join('\n\n');
    const output = Array.from({ length: 900 }, (_, i) => `line ${i} <!channel>`).join('\n');
    const messages = renderReply({ title: 'Long', body: `${paragraphs}\n\n\`\`\`\n${output}\n\`\`\``, buttons: [{ label: 'More', action: 'm:1' }] });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(checkMessage(message.text, message.blocks)).toBeUndefined();
    expect(messages.at(-1)!.blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(messages.slice(0, -1).some((m) => m.blocks.some((b) => b.type === 'actions'))).toBe(false);
    // Every code chunk is fenced on both ends, so no chunk's text leaks out of its block.
    for (const message of messages) {
      for (const block of message.blocks) {
        const text = block.type === 'section' ? (block.text?.text ?? '') : '';
        expect((text.match(/```/g) ?? []).length % 2).toBe(0);
      }
    }
  });

  it('cuts a reply past four messages with a note rather than failing', () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `${i} ${'x'.repeat(40)}`).join('\n\n');
    const messages = renderReply({ body: huge, buttons: [{ label: 'Next', action: 'n:1' }] });
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(checkMessage(message.text, message.blocks)).toBeUndefined();
    expect(JSON.stringify(messages.at(-1)!.blocks)).toContain('was cut');
    expect(messages.at(-1)!.blocks.at(-1)).toMatchObject({ type: 'actions' });
  });

  it('hard-cuts a single line longer than a section without splitting an entity', () => {
    const messages = renderReply({ body: `\`\`\`\n${'<'.repeat(5000)}\n\`\`\`` });
    const text = allText({ body: `\`\`\`\n${'<'.repeat(5000)}\n\`\`\`` });
    expect(text).not.toMatch(/&l(?!t;)|(?<!&l)t;/);
    for (const message of messages) expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });
});

describe('the picture a message shows, named in its buttons', () => {
  const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `b${i}`, action: `a:${i}` }));
  const blockIds = (reply: Reply, picture?: { fileId: string; alt: string }) =>
    renderReply(reply, undefined, picture).flatMap((m) => m.blocks.filter((b) => b.type === 'actions').map((b) => b.block_id));

  it('gives every actions block of a one-message reply with a picture a block id naming the file', () => {
    const ids = blockIds({ body: 'step', buttons }, { fileId: 'F0PIC', alt: 'a picture' });
    expect(ids).toEqual(['picture:F0PIC:0', 'picture:F0PIC:1']);
    expect(ids.map(pictureOfButtonBlock)).toEqual(['F0PIC', 'F0PIC']);
  });

  it('names no picture without one, or when the buttons land in another message than the picture', () => {
    expect(blockIds({ body: 'step', buttons })).toEqual([undefined, undefined]);
    const long = { body: Array.from({ length: 80 }, (_, i) => `paragraph ${i} ${'x'.repeat(200)}`).join('\n\n'), buttons };
    expect(blockIds(long, { fileId: 'F0PIC', alt: 'a picture' }).every((id) => id === undefined)).toBe(true);
    expect(pictureOfButtonBlock('b3')).toBeUndefined();
  });
});
