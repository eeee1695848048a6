// Global and message shortcuts, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerCheckMemory } from './check-memory.js';

export function register(app: App, deps: SlackDeps): void {
  registerCheckMemory(app, deps);
}
