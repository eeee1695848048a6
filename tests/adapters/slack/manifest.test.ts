// The app manifest must declare exactly what the adapter listens to, or Slack never delivers it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CORE_SLASH_COMMANDS } from '../../../src/adapters/slack/commands/core-command.js';
import { CHECK_MEMORY_SHORTCUT } from '../../../src/adapters/slack/shortcuts/check-memory.js';

const manifest = parse(readFileSync(new URL('../../../slack/manifest.yml', import.meta.url), 'utf8')) as {
  features: { slash_commands: Array<{ command: string; description: string }>; shortcuts: Array<{ callback_id: string; type: string }>; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean }; event_subscriptions: { bot_events: string[] } };
};

describe('slack/manifest.yml', () => {
  it('declares every slash command the adapter registers, and no other', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual([...CORE_SLASH_COMMANDS, 'memcheck', 'memtutor'].map((n) => `/${n}`).sort());
    for (const command of manifest.features.slash_commands) expect(command.description.length).toBeLessThanOrEqual(100);
  });

  it('declares the Check memory message shortcut, the App Home tab, the events and Socket Mode', () => {
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ callback_id: CHECK_MEMORY_SHORTCUT, type: 'message' })]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the scopes the Web API calls need', () => {
    // users.info → users:read; files.uploadV2 → files:write; conversations.open → im:write; conversations.join (to share files) → channels:join.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read', 'files:write', 'im:write', 'im:history', 'app_mentions:read', 'channels:join']));
  });
});
