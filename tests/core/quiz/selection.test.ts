import { describe, expect, it } from 'vitest';
import { selectQuestion } from '../../../src/core/quiz/selection.js';
import type { QuestionHistory } from '../../../src/core/store/store.js';

const questions = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
const seen = (questionId: string, answered: number, correct: number, lastAnsweredAt: number): QuestionHistory => ({ questionId, answered, correct, lastAnsweredAt });

describe('selectQuestion', () => {
  it('never repeats the question just asked, even when it is the only unseen one', () => {
    const history = [seen('a', 1, 1, 1), seen('b', 1, 1, 2), seen('c', 1, 1, 3)];
    for (let i = 0; i < 20; i++) {
      const pick = selectQuestion({ questions, history, lastAskedId: 'd', random: () => i / 20 });
      expect(pick?.id).not.toBe('d');
    }
  });

  it('prefers unseen questions, choosing among them at random', () => {
    const history = [seen('a', 1, 0, 1), seen('b', 3, 0, 2)];
    const picks = new Set([0, 0.99].map((r) => selectQuestion({ questions, history, lastAskedId: undefined, random: () => r })?.id));
    expect(picks).toEqual(new Set(['c', 'd']));
  });

  it('then prefers the most missed, then the least recently seen', () => {
    const history = [seen('a', 2, 2, 1), seen('b', 3, 0, 50), seen('c', 2, 1, 40), seen('d', 1, 0, 60)];
    expect(selectQuestion({ questions, history, lastAskedId: undefined })?.id).toBe('b');
    expect(selectQuestion({ questions, history, lastAskedId: 'b' })?.id).toBe('d');
    const allRight = [seen('a', 1, 1, 30), seen('b', 1, 1, 10), seen('c', 1, 1, 20), seen('d', 1, 1, 40)];
    expect(selectQuestion({ questions, history: allRight, lastAskedId: undefined })?.id).toBe('b');
  });

  it('repeats the only question of a one-question bank, and gives nothing from an empty one', () => {
    expect(selectQuestion({ questions: [{ id: 'x' }], history: [], lastAskedId: 'x' })?.id).toBe('x');
    expect(selectQuestion({ questions: [], history: [], lastAskedId: undefined })).toBeUndefined();
  });
});
