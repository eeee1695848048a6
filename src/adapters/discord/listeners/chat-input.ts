// Slash commands → router.handleCommand with the options Discord parsed. Slow commands (sandbox
// runs) are deferred at once; /memcheck opens the code modal or takes a .py attachment.
import { ApplicationCommandOptionType, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import { callerFromInteraction } from '../caller.js';
import { DISCORD_ALIASES, MEMCHECK_FILE_OPTION } from '../commands.js';
import type { DiscordContext } from '../context.js';
import { attachmentProblem, downloadText, memcheckModal, runMemcheck } from '../memcheck.js';
import { answerInTime, defer, respond } from '../respond.js';

export async function onChatInput(interaction: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  if (interaction.commandName === 'memcheck' && ctx.router.command('memcheck')) return onMemcheck(interaction, ctx);
  const alias = DISCORD_ALIASES[interaction.commandName];
  const name = alias?.command ?? interaction.commandName;
  const options = { ...optionsOf(interaction.options.data), ...alias?.options };
  const command = ctx.router.command(name);
  // Slow commands (sandbox runs) are deferred at once; others only if they miss the window (e.g. /weekly now posting a round).
  if (command?.slow) await defer(interaction, command.personal);
  await answerInTime(interaction, ctx.router.handleCommand(name, options, callerFromInteraction(interaction)), { personal: command?.personal });
}

/** Discord's parsed options as the core's raw options; a subcommand (/weekly set) becomes `action: 'set'`. */
export function optionsOf(data: readonly CommandInteractionOption[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const option of data) {
    if (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup) {
      options.action = option.name;
      Object.assign(options, optionsOf(option.options ?? []));
    } else if (option.value !== undefined) {
      options[option.name] = option.value;
    }
  }
  return options;
}

async function onMemcheck(interaction: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const file = interaction.options.getAttachment(MEMCHECK_FILE_OPTION);
  if (!file) {
    await interaction.showModal(memcheckModal());
    return;
  }
  const maxChars = ctx.config.SANDBOX_MAX_INPUT_CHARS;
  const problem = attachmentProblem(file, maxChars);
  if (problem) return respond(interaction, problem);
  await defer(interaction);
  const code = await downloadText(file.url, maxChars);
  await respond(interaction, typeof code === 'string' ? await runMemcheck(ctx, code, callerFromInteraction(interaction)) : code);
}
