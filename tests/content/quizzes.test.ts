// Content is code: the question banks in quizzes/*.yaml load through the real QuizBank loader and cover
// the guide the way issue 4 asks.
import { describe, expect, it } from 'vitest';
import { QuizBank, type BankQuestion } from '../../src/core/quiz/bank.js';

const MISTAKES_SECTION = 'Common Mistakes to Avoid';
/** Issue 4: at least 30 questions, 16 of them on the guide's four common mistakes, each mistake 4 times. */
const MIN_QUESTIONS = 30;
const MIN_MISTAKE_QUESTIONS = 16;
const MIN_PER_MISTAKE = 4;
/** Content rules the schema leaves to the authors: what fits a chat message and a phone screen. */
const MAX_EXPLANATION_CHARS = 700;
const MAX_CODE_LINES = 15;

const bank = await QuizBank.load();
const questions = bank.questions;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('quiz banks', () => {
  it('load with unique ids', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  it('cover the guide: enough questions, each common mistake at least four times', () => {
    expect(questions.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
    const mistakes = questions.filter((q) => q.section === MISTAKES_SECTION);
    expect(mistakes.length).toBeGreaterThanOrEqual(MIN_MISTAKE_QUESTIONS);
    const perMistake = countBy(mistakes, (q) => String(q.mistake));
    for (const mistake of ['1', '2', '3', '4']) expect(perMistake[mistake] ?? 0, `mistake ${mistake}`).toBeGreaterThanOrEqual(MIN_PER_MISTAKE);
    const rest = countBy(questions.filter((q) => q.section !== MISTAKES_SECTION), (q) => q.section);
    expect(Object.keys(rest).sort()).toEqual(['Best Practices', 'Common Memory Issues']);
  });

  it('use every kind of question for each common mistake', () => {
    const kinds = countBy(questions.filter((q) => q.section === MISTAKES_SECTION), (q) => `${q.mistake} ${q.kind}`);
    for (const mistake of [1, 2, 3, 4]) {
      for (const kind of ['choice', 'spot-the-mistake', 'predict-output']) expect(kinds[`${mistake} ${kind}`] ?? 0, `mistake ${mistake} ${kind}`).toBeGreaterThan(0);
    }
  });

  it.each(questions)('$id keeps to the content rules', (q: BankQuestion) => {
    expect(q.mistake !== undefined, 'a mistake number only in "Common Mistakes to Avoid"').toBe(q.section === MISTAKES_SECTION);
    if (q.section === MISTAKES_SECTION) expect(q.lesson, 'the common mistakes live in lesson 8').toBe(8);
    expect(q.explanation.length).toBeLessThanOrEqual(MAX_EXPLANATION_CHARS);
    if (q.code !== undefined) expect(q.code.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_CODE_LINES);
    if (q.kind === 'predict-output') expect(q.choices[q.answer], 'a one-line output').not.toContain('\n');
    else expect(q.verify, 'a choice or spot-the-mistake claim is proved by a verify snippet').toBeDefined();
  });
});
