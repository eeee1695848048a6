// Discord sharding against the stand-in: each shard's session gets its own guilds (and shard 0 the
// DMs), so bot processes holding different shards answer every guild exactly once; copies of the
// bot without sharding each get every event and answer twice.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../../support/core.js';
import { spawnBot, type BotProcess } from '../../support/bot-process.js';
import { OPTION, slash, startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { DiscordStandIn, type InteractionHandle } from '../../support/discord-stand-in/server.js';

const lesson = (standIn: DiscordStandIn, as: { guildId?: string; dm?: boolean; userId?: string }) =>
  slash(standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }], as);

/** Waits for the answer, then a moment more, so a second answer (from another process) would show. */
async function callbacksOf(handle: InteractionHandle): Promise<number> {
  await handle.nth(0);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return handle.events.filter((e) => e.kind === 'callback').length;
}

const doubleAcks = (standIn: DiscordStandIn) => standIn.rejections.filter((r) => (r.body as { code?: number }).code === 40060).length;

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

describe('Discord shards', () => {
  it('splits guilds by (guild_id >> 22) % count, consecutive guild ids on consecutive shards', async () => {
    const standIn = await DiscordStandIn.start({ guilds: 4 });
    cleanup.push(() => standIn.close());
    expect(standIn.guilds.map((g) => DiscordStandIn.shardOf(g.id, 2))).toEqual(expect.arrayContaining([0, 1]));
    expect(DiscordStandIn.shardOf(undefined, 2)).toBe(0);
    const [first, second] = standIn.guilds;
    expect(DiscordStandIn.shardOf(second!.id, 2)).toBe((DiscordStandIn.shardOf(first!.id, 2) + 1) % 2);
  });

  it('with DISCORD_SHARDS=auto runs the recommended shards in one client and answers every guild once', async () => {
    const harness: Harness = await startHarness({ DISCORD_SHARDS: 'auto' }, { guilds: 4, shards: 2 });
    cleanup.push(() => harness.close());
    const { standIn } = harness;
    expect(standIn.identifiedShards.sort()).toEqual([[0, 2], [1, 2]]);
    const handles = standIn.guilds.map((guild) => lesson(standIn, { guildId: guild.id }));
    for (const count of await Promise.all(handles.map(callbacksOf))) expect(count).toBe(1);
  });

  it('two processes, one shard each, answer every guild and DM exactly once', async () => {
    const standIn = await DiscordStandIn.start({ guilds: 4, shards: 2 });
    const env = (shard: string) => ({
      DISCORD_TOKEN: standIn.token,
      DISCORD_APP_ID: standIn.appId,
      DISCORD_API_BASE: standIn.apiBase,
      DATABASE_PATH: tempDatabasePath(),
      DISCORD_SHARDS: shard,
      DISCORD_SHARD_COUNT: '2',
    });
    const bots: BotProcess[] = [spawnBot(env('0')), spawnBot(env('1'))];
    cleanup.push(async () => {
      expect(await Promise.all(bots.map((b) => b.stop()))).toEqual([0, 0]);
      await standIn.close();
    });
    await Promise.all(bots.map((b) => b.loggedIn));
    expect(standIn.identifiedShards.sort()).toEqual([[0, 2], [1, 2]]);
    const handles = [...standIn.guilds.map((guild) => lesson(standIn, { guildId: guild.id })), lesson(standIn, { dm: true })];
    for (const count of await Promise.all(handles.map(callbacksOf))) expect(count).toBe(1);
    expect(doubleAcks(standIn)).toBe(0);
  }, 60_000);

  it('two copies without sharding both get every event and answer twice (why sharding is needed)', async () => {
    const standIn = await DiscordStandIn.start();
    const env = { DISCORD_TOKEN: standIn.token, DISCORD_APP_ID: standIn.appId, DISCORD_API_BASE: standIn.apiBase };
    const bots = [spawnBot({ ...env, DATABASE_PATH: tempDatabasePath() }), spawnBot({ ...env, DATABASE_PATH: tempDatabasePath() })];
    cleanup.push(async () => {
      await Promise.all(bots.map((b) => b.stop()));
      await standIn.close();
    });
    await Promise.all(bots.map((b) => b.loggedIn));
    const handle = lesson(standIn, {});
    await callbacksOf(handle);
    // One answer lands; the other copy's is refused as already acknowledged.
    await expect.poll(() => doubleAcks(standIn), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('the channel poster with shards', () => {
  it('posts and edits in a guild that another shard holds (a round closed by the other process)', async () => {
    const standIn = await DiscordStandIn.start({ guilds: 2, shards: 2 });
    cleanup.push(() => standIn.close());
    const mine = DiscordStandIn.shardOf(standIn.guilds[0]!.id, 2);
    const harness = await startHarness({ DISCORD_SHARDS: String(mine), DISCORD_SHARD_COUNT: '2' }, {}, undefined, standIn);
    cleanup.push(() => harness.close());
    const elsewhere = standIn.guilds[1]!;
    const channelId = String(elsewhere.channels[1]!.id);
    const poster = harness.core.services.outbox.for('discord')!;
    const posted = await poster.post(channelId, { title: 'Weekly quiz', body: 'round 1', tone: 'info' });
    await poster.update(posted, { title: 'Weekly quiz', body: 'round 1 closed', tone: 'success' });
    const [message] = standIn.messagesIn(channelId);
    expect(message!.edits).toBe(1);
    expect(textOf(message!)).toContain('round 1 closed');
  });
});
