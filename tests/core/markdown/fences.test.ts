// One table of fences, run through every entry point that reads code from chat text or Markdown:
// they must agree on what is Python (a ```py3 block used to run under /memcheck and be ignored by
// Discord's Check memory menu and auto-check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromMessage } from '../../../src/adapters/discord/memcheck.js';
import { BurstSplitter } from '../../../src/adapters/terminal/bursts.js';
import type { App } from '../../../src/app.js';
import { codeFromText } from '../../../src/core/commands/memcheck.js';
import { extractCodeBlocks } from '../../../src/core/lessons/markdown.js';
import { fencesOnOwnLines, isPythonLanguage, pythonCodeIn, segmentMarkdown } from '../../../src/core/markdown/fences.js';
import { testCaller, testCore } from '../../support/core.js';
import { recordingMemoryCheck, type RecordingMemoryCheck } from '../../support/memcheck.js';

const CODE = 'x = [1]\ny = x';

const FENCES: Array<{ label: string; python: boolean }> = [
  { label: 'python', python: true },
  { label: 'py', python: true },
  { label: 'python3', python: true },
  { label: 'py3', python: true },
  { label: 'PY3', python: true },
  { label: '', python: true },
  { label: 'text', python: false },
  { label: 'js', python: false },
];

const block = (label: string) => `look at this:\n\`\`\`${label}\n${CODE}\n\`\`\`\nthanks`;

describe.each(FENCES)('a ```$label fence', ({ label, python }) => {
  const text = block(label);
  const expected = python ? CODE : undefined;

  it('is read the same by the toolkit in chat text and in Markdown', () => {
    expect(pythonCodeIn(text)).toBe(expected);
    const code = segmentMarkdown(text).find((s) => s.kind === 'code');
    expect(code?.text).toBe(CODE);
    expect(isPythonLanguage(code!.language!)).toBe(python);
  });

  it('/memcheck runs it (the first block when none is Python)', () => {
    expect(codeFromText(text)).toBe(CODE);
  });

  it("Discord's Check memory menu and auto-check find it only when it is Python", () => {
    expect(codeFromMessage(text)).toBe(expected);
  });

  it('Slack keeps its label when fences are put on their own lines, also from one-line ```…``` text', () => {
    expect(pythonCodeIn(fencesOnOwnLines(text))).toBe(expected);
    expect(pythonCodeIn(fencesOnOwnLines(`\`\`\`${label}\n${CODE}\`\`\``))).toBe(expected);
  });

  it('the terminal assembles the lines typed one by one into one message with the same code', () => {
    const splitter = new BurstSplitter();
    const messages = text.split('\n').flatMap((line) => splitter.split([line])).map((input) => (input.kind === 'message' ? input.text : input.kind));
    expect(messages).toEqual(['look at this:', `\`\`\`${label}\n${CODE}\n\`\`\``, 'thanks']);
    expect(pythonCodeIn(messages[1]!)).toBe(expected);
  });

  it('the lesson pager reads its language', () => {
    const [found] = extractCodeBlocks(text);
    expect(found).toEqual({ language: label.toLowerCase(), code: CODE });
    expect(isPythonLanguage(found!.language)).toBe(python);
  });
});

describe('the router', () => {
  let app: App;
  let memcheck: RecordingMemoryCheck;
  beforeAll(async () => {
    memcheck = recordingMemoryCheck();
    app = await testCore({}, { memcheck });
  });
  afterAll(() => app.close());

  it.each(FENCES)('sends a pasted ```$label block to the memory check', async ({ label }) => {
    const reply = await app.router.handleText(block(label), testCaller());
    expect(reply.title).toMatch(/memory report/i);
    expect(memcheck.checked.at(-1)).toBe(CODE);
  });
});
