// The application commands memtutor registers with Discord: one slash command per core command
// (descriptions come from the core definitions, so /help and Discord say the same), plus the
// "Check memory" message context menu. Built with discord.js builders, which reject names,
// descriptions and option counts over Discord's limits when the list is built.
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand } from '../../core/commands/definition.js';

export const CHECK_MEMORY_MENU = 'Check memory';
export const MEMCHECK_FILE_OPTION = 'file';
const DESCRIPTION_LIMIT = 100;

/** Discord-side options per core command; a core command not listed here gets a bare slash command. */
const builders: Record<string, (b: SlashCommandBuilder) => { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody }> = {
  lesson: (b) =>
    b
      .addStringOption((o) => o.setName('topic').setDescription('A lesson number or words such as "weakref"').setMaxLength(100).setAutocomplete(true))
      .addIntegerOption((o) => o.setName('page').setDescription('Page of the lesson').setMinValue(1)),
  memcheck: (b) => b.addAttachmentOption((o) => o.setName(MEMCHECK_FILE_OPTION).setDescription('A .py file to check (leave empty to paste code instead)')),
  quiz: (b) => b.addIntegerOption((o) => o.setName('section').setDescription('Only questions about this lesson number').setMinValue(1).setMaxValue(99)),
  leaderboard: (b) =>
    b.addStringOption((o) =>
      o.setName('scope').setDescription('This week or all time').addChoices({ name: 'This week', value: 'week' }, { name: 'All time', value: 'all' }),
    ),
  weekly: (b) =>
    b
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .setContexts(InteractionContextType.Guild)
      .addSubcommand((s) =>
        s
          .setName('set')
          .setDescription('Post a quiz round here every week')
          .addStringOption((o) => o.setName('when').setDescription('e.g. "mon 18:00" or a cron expression').setMaxLength(100))
          .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone such as Europe/Paris').setMaxLength(64)),
      )
      .addSubcommand((s) => s.setName('show').setDescription('Show the weekly quiz schedule'))
      .addSubcommand((s) => s.setName('off').setDescription('Stop the weekly quiz'))
      .addSubcommand((s) => s.setName('now').setDescription('Post a round now')),
};

function description(command: AnyCommand): string {
  return command.description.length <= DESCRIPTION_LIMIT ? command.description : `${command.description.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

/** The JSON body for `PUT /applications/{app}/commands`, for the commands the core has. */
export function discordCommandSet(commands: readonly AnyCommand[]): RESTPostAPIApplicationCommandsJSONBody[] {
  const slash = commands.map((command) => {
    const base = new SlashCommandBuilder().setName(command.name).setDescription(description(command));
    return (builders[command.name]?.(base) ?? base).toJSON();
  });
  const hasMemcheck = commands.some((c) => c.name === 'memcheck');
  const menus = hasMemcheck ? [new ContextMenuCommandBuilder().setName(CHECK_MEMORY_MENU).setType(ApplicationCommandType.Message).toJSON()] : [];
  return [...slash, ...menus];
}
