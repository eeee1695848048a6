import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuizBank, QuizBankError } from '../../../src/core/quiz/bank.js';
import { questionSchema } from '../../../src/core/quiz/schema.js';
import { FIXTURE_QUIZZES } from '../../support/quiz.js';

const valid = {
  id: 'del-unbinds',
  section: 'Common Mistakes to Avoid',
  mistake: 1,
  kind: 'choice',
  prompt: 'What does del do?',
  choices: ['Frees the object', 'Removes a name'],
  answer: 1,
  explanation: 'It unbinds a name.',
  lesson: 8,
};

function bankDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-bank-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function problem(overrides: Record<string, unknown>): string {
  const result = questionSchema.safeParse({ ...valid, ...overrides });
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('question schema', () => {
  it('accepts a complete question', () => {
    expect(questionSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects each broken rule with a message naming the field', () => {
    expect(problem({ id: 'Not Kebab' })).toMatch(/^id: must be kebab-case/);
    expect(problem({ mistake: undefined })).toMatch(/^mistake: is required/);
    expect(problem({ mistake: 5 })).toMatch(/^mistake/);
    expect(problem({ section: 'Somewhere Else' })).toMatch(/^section/);
    expect(problem({ kind: 'essay' })).toMatch(/^kind/);
    expect(problem({ prompt: 'x'.repeat(301) })).toMatch(/^prompt/);
    expect(problem({ choices: ['only one'] })).toMatch(/^choices/);
    expect(problem({ choices: ['a', 'b', 'c', 'd', 'e'] })).toMatch(/^choices/);
    expect(problem({ choices: ['a', 'x'.repeat(76)] })).toMatch(/^choices\.1/);
    expect(problem({ answer: 2 })).toMatch(/^answer: must index one of the 2 choices/);
    expect(problem({ lesson: 9 })).toMatch(/^lesson/);
    expect(problem({ kind: 'predict-output' })).toMatch(/^code: is required for predict-output/);
    expect(problem({ hint: 'extra' })).toMatch(/unrecognized|hint/i);
  });

  it('lets other sections leave `mistake` out', () => {
    expect(questionSchema.safeParse({ ...valid, section: 'Best Practices', mistake: undefined }).success).toBe(true);
  });
});

describe('QuizBank', () => {
  it('loads the fixture bank with every question valid and ids unique', async () => {
    const bank = await QuizBank.load(FIXTURE_QUIZZES);
    expect(bank.questions.length).toBe(4);
    expect(new Set(bank.questions.map((q) => q.id)).size).toBe(4);
    expect(bank.get('cycle-needs-gc')?.file).toBe('small.yaml');
  });

  it('rejects a duplicate id, naming the file and the id', async () => {
    const dir = bankDir({
      'a.yaml': `questions:\n  - ${JSON.stringify(valid)}\n`,
      'b.yaml': `questions:\n  - ${JSON.stringify({ ...valid, prompt: 'Again?' })}\n`,
    });
    await expect(QuizBank.load(dir)).rejects.toThrow('b.yaml: duplicate question id "del-unbinds" (already used in a.yaml)');
  });

  it('names the file, question and field of a schema error', async () => {
    const dir = bankDir({ 'bad.yaml': `questions:\n  - ${JSON.stringify({ ...valid, answer: 7 })}\n` });
    await expect(QuizBank.load(dir)).rejects.toThrow(/^bad\.yaml: questions\[0\] \(id "del-unbinds"\)\.answer: must index/);
  });

  it('reports unreadable YAML as such', async () => {
    const dir = bankDir({ 'broken.yaml': 'questions: [\n' });
    const error = await QuizBank.load(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuizBankError);
    expect((error as Error).message).toMatch(/^broken\.yaml: not valid YAML/);
  });

  it('treats a missing directory as an empty bank', async () => {
    expect((await QuizBank.load(path.join(tmpdir(), 'memtutor-no-such-dir'))).questions).toEqual([]);
  });
});
