// Which question a user gets next: never the one just shown; unseen questions first (at random),
// then the ones missed more often than answered right, then the least recently seen.
import type { QuestionHistory } from '../store/store.js';

export interface SelectionInput<Q extends { id: string }> {
  questions: readonly Q[];
  history: readonly QuestionHistory[];
  lastAskedId: string | undefined;
  random?: () => number;
}

export function selectQuestion<Q extends { id: string }>({ questions, history, lastAskedId, random = Math.random }: SelectionInput<Q>): Q | undefined {
  const candidates = questions.length > 1 ? questions.filter((q) => q.id !== lastAskedId) : [...questions];
  if (candidates.length === 0) return undefined;
  const seen = new Map(history.map((h) => [h.questionId, h]));
  const unseen = candidates.filter((q) => !seen.has(q.id));
  if (unseen.length) return unseen[Math.floor(random() * unseen.length)];
  return [...candidates].sort((a, b) => compareForReview(seen.get(a.id)!, seen.get(b.id)!))[0];
}

/** Most missed (misses minus right answers) first; ties go to the one seen longest ago. */
function compareForReview(a: QuestionHistory, b: QuestionHistory): number {
  const missBalance = (h: QuestionHistory) => h.answered - 2 * h.correct;
  return missBalance(b) - missBalance(a) || a.lastAnsweredAt - b.lastAnsweredAt;
}
