import { z } from 'zod';
import { errorReply } from '../messages.js';
import { QUIZ_ACTION } from '../quiz/replies.js';
import { SECTION_BY_KEY, SECTION_KEYS } from '../quiz/schema.js';
import { statsReply } from '../quiz/stats.js';
import { defineAction, defineCommand } from './definition.js';
import { parseTextOptions } from './text-options.js';

const options = z
  .object({
    view: z.enum(['question', 'stats'], { message: 'view must be "stats", or nothing for a question' }).default('question'),
    section: z.enum(SECTION_KEYS, { message: `section must be one of: ${SECTION_KEYS.join(', ')}` }).optional(),
  })
  .strict();

export const quizCommand = defineCommand({
  name: 'quiz',
  description: 'Answer a quiz question on Python memory management; `/quiz stats` shows your record',
  usage: `/quiz [${SECTION_KEYS.join('|')}] | /quiz stats`,
  options,
  parseText(text) {
    const { positionals, named } = parseTextOptions(text, ['view', 'section']);
    if (positionals.length > 1) throw new Error(`unexpected "${positionals.slice(1).join(' ')}"`);
    // One word: `stats` is the view, anything else names a section (checked by the schema).
    const word = positionals[0]?.toLowerCase();
    const view = named.view ?? (word === 'stats' ? word : undefined);
    return { view, section: named.section?.toLowerCase() ?? (word === 'stats' ? undefined : word) };
  },
  run({ view, section }, { caller, services }) {
    if (view === 'stats') return statsReply(services.store, caller, services.quiz.clock.now());
    return services.quiz.practice.ask(caller, section && SECTION_BY_KEY[section]);
  },
});

const expired = () => errorReply('That button has expired. Try `/quiz` for a fresh question.');

/** `quiz:answer:<p<ask>|w<round>>:<questionId>:<choice>`, `quiz:next`, `quiz:show:w<round>:<index>`. */
export const quizAction = defineAction({
  prefix: QUIZ_ACTION,
  run([verb, round = '', questionId = '', choiceText = ''], { caller, services }) {
    if (verb === 'next') return services.quiz.practice.ask(caller);
    if (verb === 'show' && /^w\d+$/.test(round) && /^\d+$/.test(questionId)) return services.quiz.rounds.showQuestion(Number(round.slice(1)), Number(questionId));
    const choice = /^\d$/.test(choiceText) ? Number(choiceText) : -1;
    if (verb !== 'answer' || choice < 0) return expired();
    if (/^w\d+$/.test(round)) return services.quiz.rounds.answer(caller, Number(round.slice(1)), questionId, choice);
    if (/^p[a-z0-9]+$/.test(round)) return services.quiz.practice.answer(caller, round, questionId, choice);
    return expired();
  },
});
