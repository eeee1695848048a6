import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalPoster } from '../../../src/adapters/terminal/poster.js';
import { isolatedEnv, runCli } from '../../support/cli.js';
import { tempDatabasePath } from '../../support/core.js';

function capture() {
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { output, text: () => text };
}

const question = {
  title: 'Weekly quiz · question 1/2',
  body: 'Which frees a cycle?',
  buttons: [
    { label: 'Reference counting', action: 'quiz:answer:w1:q:0' },
    { label: 'The garbage collector', action: 'quiz:answer:w1:q:1' },
  ],
};

describe('TerminalPoster', () => {
  it('prints posted messages with tagged choices that stay valid until the message closes', async () => {
    const { output, text } = capture();
    const poster = new TerminalPoster(output);
    const first = await poster.post('terminal', question);
    await poster.post('terminal', { ...question, title: 'Weekly quiz · question 2/2' });
    expect(text()).toContain('📣 #1 posted in the terminal channel');
    expect(text()).toContain('[1b] The garbage collector');
    expect(text()).toContain('[2a] Reference counting');
    expect(poster.choice('1b')?.action).toBe('quiz:answer:w1:q:1');
    expect(poster.choice(' 2A ')?.action).toBe('quiz:answer:w1:q:0');
    expect(poster.choice('1c')).toBeUndefined();
    await poster.update(first, { ...question, buttons: undefined, footer: 'Closed · answer: The garbage collector' });
    expect(text()).toContain('📣 #1 closed · Closed · answer: The garbage collector');
    expect(poster.choice('1b')).toBeUndefined();
  });

  it('ignores updates to messages posted by an earlier process', async () => {
    const { output, text } = capture();
    const poster = new TerminalPoster(output);
    await poster.update({ platform: 'terminal', channelId: 'terminal', messageId: 'old-1' }, question);
    expect(text()).toBe('');
  });
});

describe('quiz in the terminal chat', () => {
  it('asks, scores a typed number, explains, and shows stats and the leaderboard', async () => {
    const env = isolatedEnv({ DATABASE_PATH: tempDatabasePath() });
    const result = await runCli(['chat'], { input: '/quiz\n1\n/quiz stats\n/leaderboard all\n3a\n', env });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/== Quiz · (Common Mistakes to Avoid|Common Memory Issues|Best Practices)/);
    expect(out).toMatch(/== (✔ Right!|⚠ Not quite) ==/);
    expect(out).toMatch(/Read lesson \d for more/);
    expect(out).toContain('Answered: 1');
    expect(out).toContain('Leaderboard · all time');
    expect(out).toContain('There is no open choice 3a');
  });
});
