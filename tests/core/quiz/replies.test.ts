import { describe, expect, it } from 'vitest';
import { questionReply } from '../../../src/core/quiz/replies.js';
import type { Question } from '../../../src/core/quiz/schema.js';

const question: Question = {
  id: 'labels',
  section: 'Best Practices',
  kind: 'choice',
  prompt: 'Which copies?',
  choices: ['`a[:]`', 'neither `a[:]` nor `a.copy()`'],
  answer: 0,
  explanation: 'Both spellings make a shallow copy.',
  lesson: 8,
};

describe('questionReply', () => {
  it('shows choices as plain-text button labels (buttons render no Markdown)', () => {
    const reply = questionReply(question, 'pask', 'Quiz', 'footer');
    expect(reply.buttons?.map((b) => b.label)).toEqual(['A. a[:]', 'B. neither a[:] nor a.copy()']);
    expect(reply.buttons?.[0]?.action).toBe('quiz:answer:pask:labels:0');
  });
});
