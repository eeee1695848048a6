// The command set: add a command by adding its file and listing it here.
import type { ActionDefinition, AnyCommand } from './definition.js';
import { helpCommand } from './help.js';
import { lessonCommand, lessonPageAction } from './lesson.js';

export const commands: readonly AnyCommand[] = [lessonCommand, helpCommand];

export const actions: readonly ActionDefinition[] = [lessonPageAction];
