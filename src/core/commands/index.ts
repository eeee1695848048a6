// The command set: add a command by adding its file and listing it here.
import type { ActionDefinition, AnyCommand } from './definition.js';
import { helpCommand } from './help.js';
import { lessonCommand, lessonPageAction } from './lesson.js';
import { runExampleAction } from './lesson-example.js';
import { memcheckCommand } from './memcheck.js';
import { memcheckTermsAction } from './memcheck-terms.js';
import { leaderboardCommand } from './leaderboard.js';
import { quizAction, quizCommand } from './quiz.js';
import { stepsAction } from './steps.js';
import { weeklyCommand } from './weekly.js';

export const commands: readonly AnyCommand[] = [lessonCommand, memcheckCommand, quizCommand, leaderboardCommand, weeklyCommand, helpCommand];

export const actions: readonly ActionDefinition[] = [lessonPageAction, runExampleAction, quizAction, memcheckTermsAction, stepsAction];
