// "Done when": with DISCORD_TOKEN, DISCORD_APP_ID and DISCORD_API_BASE pointing at the stand-in,
// `memtutor start` (what `npm start` runs) logs in and answers, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../../src/adapters/adapter.js';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { tempDatabasePath, testCore } from '../../support/core.js';
import { BIN, isolatedEnv, REPO_ROOT } from '../../support/cli.js';
import { embedsOf, OPTION, slash } from '../../support/discord-stand-in/harness.js';
import { DiscordStandIn } from '../../support/discord-stand-in/server.js';

let standIn: DiscordStandIn;

beforeAll(async () => {
  standIn = await DiscordStandIn.start();
});

afterAll(async () => {
  await standIn?.close();
});

describe('memtutor start with Discord configured', () => {
  it('logs in, answers /lesson 3, and exits 0 on SIGTERM', async () => {
    const env = isolatedEnv({
      DISCORD_TOKEN: standIn.token,
      DISCORD_APP_ID: standIn.appId,
      DISCORD_API_BASE: standIn.apiBase,
      DATABASE_PATH: tempDatabasePath(),
      LOG_LEVEL: 'info',
    });
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const loggedIn = new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('discord: logged in')) resolve();
      }),
    );
    try {
      await standIn.whenConnected();
      const answer = await slash(standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }]).nth(0);
      expect(embedsOf(answer.data)[0]!.title).toMatch(/^Lesson 3: /);
      await loggedIn;
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    }
    expect(stderr).not.toContain(standIn.token);
  });
});

describe('the Discord adapter with a wrong token', () => {
  it('rejects with discord.js TokenInvalid and leaves nothing running', async () => {
    const core = await testCore();
    const config = loadConfig({ DISCORD_TOKEN: 'wrong', DISCORD_APP_ID: standIn.appId, DISCORD_API_BASE: standIn.apiBase, DATABASE_PATH: tempDatabasePath() });
    await expect(launch(createDiscordAdapter(core, config, createLogger('silent'), { rest: { retries: 0 } }), core.services.outbox)).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(core.services.outbox.for('discord')).toBeUndefined();
    await core.close();
  });
});
