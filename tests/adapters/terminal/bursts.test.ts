import { describe, expect, it } from 'vitest';
import { BurstSplitter, type ChatInput } from '../../../src/adapters/terminal/bursts.js';
import { looksLikePython } from '../../../src/adapters/terminal/python-like.js';

const texts = (inputs: ChatInput[]) => inputs.map((i) => (i.kind === 'message' ? i.text : '<quit>'));
const split = (text: string) => texts(new BurstSplitter().split(text.split('\n')));

describe('BurstSplitter', () => {
  it('answers piped commands and choices one by one', () => {
    expect(split('/help\n/lesson 3\n1\n/quiz\nb\n2a\n')).toEqual(['/help', '/lesson 3', '1', '/quiz', 'b', '2a']);
  });

  it('sends pasted lines that parse as Python as one fenced block, indentation kept', () => {
    expect(split('def f():\n    return [1]\n\nx = f()')).toEqual(['```python\ndef f():\n    return [1]\n\nx = f()\n```']);
  });

  it('sends pasted prose as one message, not as code', () => {
    expect(split('Why is my list\nnot freed after del?')).toEqual(['Why is my list\nnot freed after del?']);
    expect(split('what is gc')).toEqual(['what is gc']);
  });

  it('checks a single line of Python too', () => {
    expect(split('x = [1, 2]')).toEqual(['```python\nx = [1, 2]\n```']);
  });

  it('gives /memcheck the lines pasted after it, up to the next command', () => {
    expect(split('/memcheck\na = [1]\n1\nb = a\n/help')).toEqual(['/memcheck\na = [1]\n1\nb = a', '/help']);
  });

  it('keeps a lone /memcheck open for the code pasted next', () => {
    const splitter = new BurstSplitter();
    expect(splitter.split(['/memcheck'])).toEqual([]);
    expect(splitter.awaitingCode).toBe(true);
    expect(texts(splitter.split(['a = [1]', 'b = a']))).toEqual(['/memcheck\na = [1]\nb = a']);
    expect(splitter.awaitingCode).toBe(false);
    splitter.split(['/memcheck']);
    expect(texts(splitter.split(['/help']))).toEqual(['/memcheck', '/help']); // a command instead: /memcheck explains its usage
  });

  it('stops at /quit and reads nothing after it', () => {
    expect(split('/help\n/quit\n/lesson 3')).toEqual(['/help', '<quit>']);
  });

  it('carries an open fence into the next burst, commands inside it included', () => {
    const splitter = new BurstSplitter();
    expect(splitter.split(['```python', 'x = 1'])).toEqual([]);
    expect(splitter.inCodeBlock).toBe(true);
    expect(texts(splitter.split(['/not a command', '```', '/help']))).toEqual(['```python\nx = 1\n/not a command\n```', '/help']);
    expect(splitter.inCodeBlock).toBe(false);
  });

  it('flushes an unclosed fence at end of input', () => {
    const splitter = new BurstSplitter();
    splitter.split(['```', 'x = 1']);
    expect(texts(splitter.flush())).toEqual(['```\nx = 1']);
  });
});

describe('looksLikePython', () => {
  it.each([
    ['x = [1, 2]\ny = x', true],
    ['import sys\nprint(sys.getrefcount([]))', true],
    ['class Node:\n    pass', true],
    ['hello\nworld', false], // parses, but does nothing code does
    ['Hi there\nhow are you', false],
    ['def broken(:\n  pass', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikePython(text)).toBe(expected);
  });

  it('does not parse huge pastes', () => {
    expect(looksLikePython('x = 1\n'.repeat(20_000))).toBe(false);
  });
});
