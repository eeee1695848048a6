// `npm run bench scale`: what growing past one machine costs. Quiz answers per second through
// PostgreSQL vs SQLite (bench/scale-quiz.ts).
import { runQuizScaleBench } from './scale-quiz.js';

export async function runScaleBench(): Promise<Record<string, unknown>> {
  return { quizAnswers: await runQuizScaleBench() };
}
