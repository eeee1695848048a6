// `npm run bench scale`: what growing past one machine costs. Memory checks through the
// PostgreSQL queue (bench/scale-memcheck.ts) and quiz answers per second through PostgreSQL vs
// SQLite (bench/scale-quiz.ts).
import { runMemcheckScaleBench } from './scale-memcheck.js';
import { runQuizScaleBench } from './scale-quiz.js';

export async function runScaleBench(): Promise<Record<string, unknown>> {
  return { memoryChecks: await runMemcheckScaleBench(), quizAnswers: await runQuizScaleBench() };
}
