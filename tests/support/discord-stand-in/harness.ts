// The real Discord adapter (real discord.js client, real core) against the local stand-in, with
// helpers that play the user: slash commands, clicks, autocomplete, modals, context menus.
import { loadConfig, type Config } from '../../../src/config.js';
import { createApp } from '../../../src/app.js';
import type { Core } from '../../../src/core/index.js';
import { createLogger } from '../../../src/logger.js';
import { launch, type RunningAdapter } from '../../../src/adapters/adapter.js';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.js';
import { tempDatabasePath, testCore } from '../core.js';
import { FIXTURE_QUIZZES, type FakeClock } from '../quiz.js';
import { DiscordStandIn, type Actor, type InteractionHandle, type StandInOptions } from './server.js';
import { messageObject, snowflake, type StoredMessage } from './payloads.js';

export const OPTION = { string: 3, integer: 4, attachment: 11 } as const;
export const INTERACTION = { command: 2, component: 3, autocomplete: 4, modal: 5 } as const;

export interface Harness {
  standIn: DiscordStandIn;
  config: Config;
  core: Core;
  adapter: RunningAdapter;
  close(): Promise<void>;
}

/** `env` may depend on the stand-in (e.g. its channel ids). */
export async function startHarness(
  env: NodeJS.ProcessEnv | ((standIn: DiscordStandIn) => NodeJS.ProcessEnv) = {},
  standInOptions: StandInOptions = {},
  existingCore?: Core,
  /** A stand-in shared with other clients (e.g. other shards); its owner closes it. */
  existingStandIn?: DiscordStandIn,
): Promise<Harness> {
  const standIn = existingStandIn ?? (await DiscordStandIn.start(standInOptions));
  const extraEnv = typeof env === 'function' ? env(standIn) : env;
  const config = loadConfig({
    DISCORD_TOKEN: standIn.token,
    DISCORD_APP_ID: standIn.appId,
    DISCORD_API_BASE: standIn.apiBase,
    DATABASE_PATH: tempDatabasePath(),
    ...extraEnv,
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const core = existingCore ?? (await createApp(config, logger));
  const adapter = await launch(createDiscordAdapter(core, config, logger, { rest: { retries: 0, timeout: 5000 } }), core.services.outbox);
  return {
    standIn,
    config,
    core,
    adapter,
    async close() {
      await adapter.stop();
      if (!existingCore) await core.close();
      if (!existingStandIn) await standIn.close();
    },
  };
}

/** A harness whose core runs the fixture quizzes on `clock`; advancing the clock waits for the scheduler. Close its core too. */
export async function startQuizHarness(clock: FakeClock): Promise<Harness> {
  const core = await testCore({}, { quizzesDir: FIXTURE_QUIZZES, clock });
  clock.settle = () => core.services.quiz.scheduler.idle();
  return startHarness({}, {}, core);
}

export interface SlashOption {
  name: string;
  type: number;
  value: string | number;
  focused?: boolean;
}

export function slash(standIn: DiscordStandIn, name: string, options: SlashOption[] = [], as: Actor = {}, resolved?: unknown): InteractionHandle {
  return standIn.interact(INTERACTION.command, { id: snowflake(), name, type: 1, options, ...(resolved ? { resolved } : {}) }, as);
}

export function autocomplete(standIn: DiscordStandIn, name: string, options: SlashOption[], as: Actor = {}): InteractionHandle {
  return standIn.interact(INTERACTION.autocomplete, { id: snowflake(), name, type: 1, options }, as);
}

/** Clicks a button of a message the bot posted. */
export function click(standIn: DiscordStandIn, message: StoredMessage, customId: string, as: Actor = {}): InteractionHandle {
  return standIn.interact(INTERACTION.component, { custom_id: customId, component_type: 2 }, { ...as, channelId: message.channel_id, message: messageObject(message) });
}

export function submitModal(standIn: DiscordStandIn, customId: string, fields: Record<string, string>, as: Actor = {}): InteractionHandle {
  const components = Object.entries(fields).map(([id, value]) => ({ type: 18, id: 1, component: { type: 4, id: 2, custom_id: id, value } }));
  return standIn.interact(INTERACTION.modal, { custom_id: customId, components }, as);
}

export function messageMenu(standIn: DiscordStandIn, name: string, target: StoredMessage, as: Actor = {}): InteractionHandle {
  return standIn.interact(
    INTERACTION.command,
    { id: snowflake(), name, type: 3, target_id: target.id, resolved: { messages: { [target.id]: messageObject(target) } } },
    as,
  );
}

/** The buttons of a rendered message, flattened. */
export function buttonsOf(data: { components?: unknown }): Array<{ custom_id: string; label: string; disabled?: boolean; style: number }> {
  const rows = (data.components ?? []) as Array<{ components: Array<{ custom_id: string; label: string; disabled?: boolean; style: number }> }>;
  return rows.flatMap((row) => row.components);
}

export interface EmbedData {
  title?: string;
  description?: string;
  color?: number;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
}

export function embedsOf(data: { embeds?: unknown }): EmbedData[] {
  return (data.embeds ?? []) as EmbedData[];
}

/** All visible text of a rendered message, for content assertions. */
export function textOf(data: { embeds?: unknown; content?: unknown }): string {
  const embeds = embedsOf(data).map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'));
  return [typeof data.content === 'string' ? data.content : '', ...embeds].filter(Boolean).join('\n');
}

/** The message data of the first visible answer (a reply, update, edit of a deferral or follow-up). */
export async function visibleAnswer(handle: InteractionHandle): Promise<Record<string, unknown>> {
  const event = await handle.visible();
  if (event.kind === 'delete') throw new Error('the first visible answer was a deletion');
  return event.data;
}
