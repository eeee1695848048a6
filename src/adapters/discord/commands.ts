// The application commands memtutor registers with Discord: one slash command per core command
// (descriptions come from the core definitions, so /help and Discord say the same), plus the
// "Check memory" message context menu. Built with discord.js builders, which reject names,
// descriptions and option counts over Discord's limits when the list is built.
import {
  ApplicationCommandType,
  ChannelType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand } from '../../core/commands/definition.js';
import { SECTION_BY_KEY } from '../../core/quiz/schema.js';

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
  quiz: (b) =>
    b.addStringOption((o) =>
      o
        .setName('section')
        .setDescription('Only questions from one part of the guide')
        .addChoices(...Object.entries(SECTION_BY_KEY).map(([value, name]) => ({ name, value }))),
    ),
  leaderboard: (b) =>
    b.addStringOption((o) =>
      o.setName('period').setDescription('This week or all time').addChoices({ name: 'This week', value: 'week' }, { name: 'All time', value: 'all' }),
    ),
  weekly: (b) =>
    b
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .setContexts(InteractionContextType.Guild)
      .addSubcommand((s) =>
        roundOptions(
          s
            .setName('set')
            .setDescription('Post a quiz round every week')
            .addStringOption((o) => o.setName('day').setDescription('Day of the week').setRequired(true).addChoices(...WEEKDAYS))
            .addStringOption((o) => o.setName('time').setDescription('24-hour time such as 17:00').setRequired(true).setMaxLength(5))
            .addStringOption((o) => o.setName('tz').setDescription('IANA time zone such as Europe/Berlin (default UTC)').setMaxLength(64)),
        ),
      )
      .addSubcommand((s) => s.setName('show').setDescription('When the weekly quiz runs'))
      .addSubcommand((s) => s.setName('off').setDescription('Stop the weekly quiz'))
      .addSubcommand((s) => roundOptions(s.setName('now').setDescription('Post a round now'))),
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day) => ({ name: day, value: day.slice(0, 3).toLowerCase() }));

/** Where a round goes, how many questions, how long it stays open: shared by /weekly set and now. */
function roundOptions(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return s
    .addChannelOption((o) => o.setName('channel').setDescription('Channel for the rounds (default: this one)').addChannelTypes(ChannelType.GuildText))
    .addIntegerOption((o) => o.setName('questions').setDescription('Questions per round').setMinValue(1).setMaxValue(10))
    .addStringOption((o) => o.setName('duration').setDescription('How long a round stays open, such as 24h or 90m').setMaxLength(20));
}

/** Discord-only commands that are a core command with fixed options (Discord users expect /stats). */
export const DISCORD_ALIASES: Record<string, { command: string; options: Record<string, unknown>; description: string }> = {
  stats: { command: 'quiz', options: { view: 'stats' }, description: 'Your quiz record: answers, accuracy and streak' },
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
  const known = new Set(commands.map((c) => c.name));
  const aliases = Object.entries(DISCORD_ALIASES)
    .filter(([, alias]) => known.has(alias.command))
    .map(([name, alias]) => new SlashCommandBuilder().setName(name).setDescription(alias.description).toJSON());
  const menus = known.has('memcheck') ? [new ContextMenuCommandBuilder().setName(CHECK_MEMORY_MENU).setType(ApplicationCommandType.Message).toJSON()] : [];
  return [...slash, ...aliases, ...menus];
}
