// /quiz: one question at a time for one user, scored, with private feedback.
import { errorReply, type Caller, type Reply } from '../messages.js';
import type { Store, UserRef } from '../store/store.js';
import type { QuizBank } from './bank.js';
import type { Clock } from './clock.js';
import { alreadyAnsweredReply, feedbackReply, questionReply } from './replies.js';
import type { QuizSection } from './schema.js';
import { selectQuestion } from './selection.js';

export function userOf(caller: Caller): UserRef {
  return { platform: caller.platform, userId: caller.userId, displayName: caller.displayName };
}

export class PracticeQuiz {
  constructor(
    private readonly bank: QuizBank,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {}

  /** Asks the caller a question, from one section of the guide when `section` is given. */
  async ask(caller: Caller, section?: QuizSection): Promise<Reply> {
    const user = userOf(caller);
    const [history, lastAskedId] = await Promise.all([this.store.questionHistory(user), this.store.lastAsked(user)]);
    const questions = section ? this.bank.questions.filter((q) => q.section === section) : this.bank.questions;
    const question = selectQuestion({ questions, history, lastAskedId, random: this.random });
    if (!question) return errorReply('There are no quiz questions yet. Ask the maintainers to add a bank under quizzes/.');
    const now = this.clock.now();
    await this.store.setLastAsked(user, question.id, now);
    const ask = `p${now.toString(36)}${Math.floor(this.random() * 36 ** 3).toString(36)}` as const;
    const mistake = question.mistake ? ` · mistake ${question.mistake}` : '';
    return questionReply(question, ask, `Quiz · ${question.section}${mistake}`, `Lesson ${question.lesson} · pick an answer; only you see the feedback`);
  }

  async answer(caller: Caller, ask: string, questionId: string, choice: number): Promise<Reply> {
    const question = this.bank.get(questionId);
    if (!question) return errorReply('That question is no longer in the bank. Try `/quiz` for a fresh one.');
    if (!Number.isInteger(choice) || choice < 0 || choice >= question.choices.length) return errorReply('That is not one of the choices.');
    const correct = choice === question.answer;
    const result = await this.store.recordAnswer({
      user: userOf(caller),
      scopeId: caller.scopeId,
      questionId,
      section: question.section,
      roundKey: `p:${ask}`,
      choice,
      correct,
      answeredAt: this.clock.now(),
    });
    if (result.status === 'duplicate') return alreadyAnsweredReply(question, result.previous.choice, true);
    return feedbackReply(question, choice, correct);
  }
}
