// The terminal chat in a real pseudo-terminal: Ctrl-C during a check, pasted code, Markdown and wrapping.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../../support/core.js';
import { STYLE_CODE, startPtyChat, type PtyChat } from '../../support/pty.js';

const SANDBOX = { SANDBOX_CACHE_DIR: '.cache/sandbox-test' };
let chat: PtyChat | undefined;

afterEach(() => chat?.kill());

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('the terminal chat in a pseudo-terminal', () => {
  it('cancels a long check on Ctrl-C, keeps answering, and quits on Ctrl-C twice at the prompt', async () => {
    // A time limit far beyond the test, so only Ctrl-C can end this check.
    chat = startPtyChat({ env: { ...SANDBOX, DATABASE_PATH: tempDatabasePath(), SANDBOX_TIMEOUT_MS: '60000' } });
    await chat.waitFor(/memtutor> $/);
    chat.type('/memcheck while True: pass\r');
    await chat.waitFor(/running… \(Ctrl-C to cancel\)/, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    chat.type('\x03');
    await chat.waitFor(/check cancelled\n/, 5_000);
    chat.type('/lesson 3\r');
    await chat.waitFor(/Lesson 3: Reference Counting[\s\S]*memtutor> $/, 10_000);
    chat.type('\x03');
    await chat.waitFor(/To leave, press Ctrl-C again or type \/quit\./);
    chat.type('\x03');
    expect(await chat.exited).toBe(0);
    expect(chat.screen()).not.toContain('Memory report'); // the cancelled check's report never shows
  }, 90_000);

  it('really cancels: right after Ctrl-C during `while True: pass` the next check answers, long before the time limit', async () => {
    const timeLimitMs = 30_000;
    chat = startPtyChat({ env: { ...SANDBOX, DATABASE_PATH: tempDatabasePath(), SANDBOX_TIMEOUT_MS: String(timeLimitMs) } });
    await chat.waitFor(/memtutor> $/);
    chat.type('/memcheck while True: pass\r');
    await chat.waitFor(/running…/, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cancelledAt = Date.now();
    chat.type('\x03');
    await chat.waitFor(/check cancelled\n/, 5_000);
    chat.type('/memcheck kept = [1, 2]\r');
    await chat.waitFor(/Memory report[\s\S]*memtutor> $/, timeLimitMs);
    // A fresh interpreter and the report, on a loaded machine: a few seconds, not the 30 s limit.
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    const screen = chat.screen();
    expect(count(screen, /Memory report/)).toBe(1);
    expect(screen).toMatch(/kept\s+list/);
    expect(screen).not.toMatch(/already have a check running|timed out|time limit|🛑/i); // only the new report shows
    chat.type('/quit\r');
    expect(await chat.exited).toBe(0);
  }, 90_000);

  it('checks pasted Python without a fence once, and /memcheck with pasted lines (after it, or after Enter) as one program', async () => {
    chat = startPtyChat({ env: { ...SANDBOX, DATABASE_PATH: tempDatabasePath() } });
    await chat.waitFor(/memtutor> $/);
    chat.type('first = [1, 2, 3]\nsecond = first\nprint(len(second))\r');
    await chat.waitFor(/Memory report[\s\S]*memtutor> $/);
    const paste = chat.screen();
    expect(count(paste, /Memory report/)).toBe(1);
    expect(paste).not.toContain('I answer commands');
    expect(paste).toMatch(/first\s+list[^\n]*second/);

    chat.type('/memcheck\nalpha = {"k": 1}\nbeta = alpha\r');
    await chat.waitFor(/Memory report[\s\S]*Memory report[\s\S]*memtutor> $/);
    expect(chat.screen().slice(paste.length)).toMatch(/alpha\s+dict[^\n]*beta/);

    chat.type('/memcheck\r');
    await chat.waitFor(/Paste the Python to check/);
    chat.type('gamma = (1, 2)\ndelta = gamma\r');
    await chat.waitFor(/(Memory report[\s\S]*){3}memtutor> $/);
    expect(chat.screen()).toMatch(/gamma\s+tuple[^\n]*delta/);

    chat.type('This is not code\nbut a question about memory\r');
    await chat.waitFor(/I answer commands/);
    chat.type('/quit\r');
    expect(await chat.exited).toBe(0);
    expect(count(chat.screen(), /I answer commands/)).toBe(1);
  }, 120_000);

  it('renders Markdown and wraps lines at word boundaries to the terminal width, code kept whole', async () => {
    chat = startPtyChat({ columns: 50, env: { DATABASE_PATH: tempDatabasePath() } });
    await chat.waitFor(/memtutor> $/);
    chat.type('/lesson 3\r');
    await chat.waitFor(/page 1\/\d[\s\S]*memtutor> $/);
    chat.type('/quit\r');
    expect(await chat.exited).toBe(0);
    const lines = chat.screen().split('\n');
    expect(chat.screen()).not.toContain('**');
    expect(chat.screen()).not.toContain('```');
    expect(chat.raw()).toMatch(STYLE_CODE); // bold and colours on a TTY
    // Every line fits, except code (indented, never wrapped: a broken line of code would mislead).
    expect(lines.filter((l) => l.length > 50 && !l.startsWith('    '))).toEqual([]);
    expect(lines.filter((l) => l.length > 40 && l.length <= 50).length).toBeGreaterThan(5);
    expect(lines).toContain('    x = []                       # a new list; the name x is 1 reference');
    // Wrapped at spaces, so a sentence across lines reads whole again with the breaks as spaces.
    expect(chat.screen().replace(/\n/g, ' ')).toContain('Every object carries a counter of how many references point at it');
  }, 60_000);

  it('prints no colour with NO_COLOR set', async () => {
    chat = startPtyChat({ columns: 60, env: { DATABASE_PATH: tempDatabasePath(), NO_COLOR: '1' } });
    await chat.waitFor(/memtutor> $/);
    chat.type('/lesson 3\r');
    await chat.waitFor(/page 1\/\d[\s\S]*memtutor> $/);
    chat.type('/quit\r');
    expect(await chat.exited).toBe(0);
    expect(chat.raw()).not.toMatch(STYLE_CODE);
    expect(chat.screen()).toContain('## How Reference Counting Works');
  }, 60_000);
});
