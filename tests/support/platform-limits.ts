// What "within the platform's limits" means for a rendered reply, checked the same way everywhere.
import { expect } from 'vitest';
import type { Reply } from '../../src/core/messages.js';
import { ATTACHMENT_MAX_BYTES } from '../../src/core/limits.js';
import { DISCORD_LIMITS, renderReply as renderDiscord } from '../../src/adapters/discord/render.js';
import { renderReply as renderSlack, blockTextLength } from '../../src/adapters/slack/render/blocks.js';
import { SLACK_LIMITS } from '../../src/adapters/slack/render/limits.js';
import { renderForTerminal } from '../../src/adapters/terminal/render.js';

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Renders `reply` for Discord, Slack and the terminal and checks each against its limits. */
export function expectWithinPlatformLimits(reply: Reply): void {
  for (const attachment of reply.attachments ?? []) expect(typeof attachment.data === 'string' ? utf8Bytes(attachment.data) : attachment.data.length).toBeLessThanOrEqual(ATTACHMENT_MAX_BYTES);
  const discord = renderDiscord(reply);
  expect(discord.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  const embedChars = discord.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
  expect(embedChars).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const embed of discord.embeds) expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
  expect(discord.files.length).toBeLessThanOrEqual(DISCORD_LIMITS.files);
  for (const file of discord.files) expect(file.attachment.length).toBeLessThanOrEqual(ATTACHMENT_MAX_BYTES);

  for (const message of renderSlack(reply)) {
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(message.blocks.reduce((n, b) => n + blockTextLength(b), 0)).toBeLessThanOrEqual(SLACK_LIMITS.messageTextChars);
    for (const block of message.blocks) expect(blockTextLength(block)).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  }

  // The terminal has no platform cap: the body and at most 1 MB per attachment.
  const terminal = renderForTerminal(reply).text;
  expect(utf8Bytes(terminal)).toBeLessThanOrEqual(ATTACHMENT_MAX_BYTES * (1 + (reply.attachments?.length ?? 0)) + 64 * 1024);
}
