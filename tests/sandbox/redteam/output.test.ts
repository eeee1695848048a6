// Red team, hostile output in chat: a snippet whose output, error message, variable reprs and
// cycle paths carry mentions, code-fence breakouts, bidi overrides and terminal escape sequences.
// The real report goes through the real core reply and each adapter's renderer; nobody is pinged,
// no code block is escaped, nothing disguises itself, and the terminal receives no control sequences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryReport, Sandbox } from '../../../sandbox/index.js';
import { memoryReportReply } from '../../../src/core/memcheck/reply.js';
import type { Reply } from '../../../src/core/messages.js';
import { renderReply as renderDiscord } from '../../../src/adapters/discord/render.js';
import { renderReply as renderSlack } from '../../../src/adapters/slack/render/blocks.js';
import { renderForTerminal } from '../../../src/adapters/terminal/render.js';
import { py, redteamSandbox, run } from './helpers.js';

const HOSTILE_TEXT = '```\\n@everyone @here <@123456789012345678> <@&42> <!channel> <!here> <@U0123ABCD>\\n```python\\n\\u202eevil\\u200b\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\x00done';

let sandbox: Sandbox;
let report: MemoryReport;
let reply: Reply;

beforeAll(async () => {
  sandbox = redteamSandbox();
  await sandbox.start();
  report = await run(
    sandbox,
    py(
      `hostile = "${HOSTILE_TEXT}"`,
      'print(hostile)',
      'import sys',
      'sys.stderr.write(hostile + "\\n")',
      'class Node: pass',
      'a, b = Node(), Node()',
      'setattr(a, "`x`\\n@everyone <!channel>", b)',
      'setattr(b, "```", a)',
      'raise RuntimeError(hostile)',
    ),
  );
  reply = memoryReportReply(report);
}, 120_000);

afterAll(() => sandbox.close());

/** Every ``` run opens or closes a block: an odd count means some text escaped its block. */
function fenceCount(text: string): number {
  return (text.match(/```/g) ?? []).length;
}

describe('the hostile report itself', () => {
  it('carries the hostile text (so the renderers below are really tested)', () => {
    expect(report.status).toBe('error');
    expect(report.stdout).toContain('@everyone');
    expect(report.stdout).toContain('\u202e');
    expect(report.stdout).toContain('\x1b[2J');
    expect(report.error?.message).toContain('<!channel>');
    expect(report.variables.map((v) => v.name)).toContain('hostile');
  });

  // F8 (fixed): the cycle hint quoted attribute names raw (newlines, backticks): the reply's markdown loses its fences.
  it('the core reply keeps program text inside code blocks or inline code', async () => {
    expect(fenceCount(reply.body) % 2).toBe(0);
    let inFence = false;
    for (const line of reply.body.split('\n')) {
      if (line.startsWith('```')) inFence = !inFence;
      else if (!inFence) expect(line.replace(/`[^`]*`/g, ''), line).not.toContain('@everyone');
    }
  });
});

describe('Discord', () => {
  it('pings nobody, keeps code blocks closed and shows bidi overrides instead of applying them', () => {
    const message = renderDiscord(reply);
    expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
    for (const embed of message.embeds) {
      const text = `${embed.title ?? ''}\n${embed.description ?? ''}\n${embed.footer?.text ?? ''}`;
      expect(text).not.toContain('\u202e');
      expect(fenceCount(embed.description ?? '') % 2).toBe(0);
    }
  });
});

describe('Slack', () => {
  it('no mention or broadcast syntax survives unescaped and every block stays closed', () => {
    for (const message of renderSlack(reply)) {
      const json = JSON.stringify(message);
      for (const mention of ['<!channel>', '<!here>', '<@U0123ABCD>', '<!everyone>']) expect(json).not.toContain(mention);
      for (const block of message.blocks) {
        if (block.type === 'section' && block.text) expect(fenceCount(block.text.text) % 2, block.text.text).toBe(0);
      }
    }
  });
});

describe('terminal', () => {
  // F7 (fixed): program output must not reach the user's terminal as escape sequences.
  it('writes no escape sequences or other control characters to the terminal', async () => {
    const { text } = renderForTerminal(reply);
    // eslint-disable-next-line no-control-regex
    const controls = text.match(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g) ?? [];
    expect(controls).toEqual([]);
  });

  it('the terminal text still contains the output (sanity check of the test above)', () => {
    expect(renderForTerminal(reply).text).toContain('@everyone');
  });
});
