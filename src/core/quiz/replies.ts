// Neutral replies for quiz questions and answer feedback, shared by /quiz and the weekly rounds.
import { actionId, type Button, type Platform, type Reply } from '../messages.js';
import { LESSON_ACTION } from '../lessons/replies.js';
import type { Question } from './schema.js';
import { withoutCodeSpans } from '../text.js';

export const QUIZ_ACTION = 'quiz';

/** A channel as the platform links it (the terminal has one "channel": itself). */
export function channelMention(platform: Platform, channelId: string): string {
  return platform === 'terminal' ? 'the terminal' : `<#${channelId}>`;
}
const LETTERS = ['A', 'B', 'C', 'D'];

/** `p<ask>` for a practice question, `w<roundId>` for a weekly round question. */
export type RoundToken = `p${string}` | `w${number}`;

export function answerAction(round: RoundToken, questionId: string, choice: number): string {
  return actionId(QUIZ_ACTION, 'answer', round, questionId, choice);
}

export const NEXT_QUESTION_ACTION = actionId(QUIZ_ACTION, 'next');

/** Shows question `index` of weekly round `roundId` privately. */
export function showRoundQuestionAction(roundId: number, index: number): string {
  return actionId(QUIZ_ACTION, 'show', `w${roundId}`, index);
}

export function questionBody(question: Question): string {
  const code = question.code ? `\n\`\`\`python\n${question.code.trimEnd()}\n\`\`\`` : '';
  return `${question.prompt}${code}`;
}

export function questionReply(question: Question, round: RoundToken, heading: string, footer: string): Reply {
  return {
    title: heading,
    body: questionBody(question),
    // Lettered like the feedback ("You chose C"), on every platform.
    buttons: question.choices.map((choice, i) => ({ label: `${LETTERS[i]}. ${withoutCodeSpans(choice)}`, action: answerAction(round, question.id, i) })),
    footer,
    tone: 'info',
  };
}

export function choiceText(question: Question, choice: number): string {
  return `**${LETTERS[choice] ?? '?'}.** ${question.choices[choice] ?? '(no such choice)'}`;
}

/** Why the answer is what it is, and where to read more. */
export function explanationText(question: Question): string {
  return `${question.explanation.trim()}\n\nRead lesson ${question.lesson} for more: \`/lesson ${question.lesson}\``;
}

export function feedbackButtons(question: Question): Button[] {
  return [
    { label: 'Next question', action: NEXT_QUESTION_ACTION, style: 'primary' },
    { label: `Read lesson ${question.lesson}`, action: actionId(LESSON_ACTION, question.lesson, 1) },
  ];
}

export function feedbackReply(question: Question, choice: number, correct: boolean): Reply {
  const answerLine = correct ? `${choiceText(question, choice)}` : `You chose ${choiceText(question, choice)}\nThe answer is ${choiceText(question, question.answer)}`;
  return {
    title: correct ? 'Right!' : 'Not quite',
    body: `${answerLine}\n\n${explanationText(question)}`,
    buttons: feedbackButtons(question),
    tone: correct ? 'success' : 'warning',
    ephemeral: true,
  };
}

export function alreadyAnsweredReply(question: Question, previousChoice: number, reveal: boolean): Reply {
  const detail = reveal ? `\n\n${explanationText(question)}` : '';
  return {
    title: 'You already answered this one',
    body: `Your answer ${choiceText(question, previousChoice)} stands; a second click changes nothing.${detail}`,
    buttons: reveal ? feedbackButtons(question) : undefined,
    tone: 'neutral',
    ephemeral: true,
  };
}
