// `memtutor register-commands` run as a user would, against the stand-in (which checks the command
// JSON against Discord's limits: names, descriptions ≤ 100, options, choices).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../../support/cli.js';
import { DiscordStandIn } from '../../support/discord-stand-in/server.js';

let standIn: DiscordStandIn;

beforeAll(async () => {
  standIn = await DiscordStandIn.start();
});

afterAll(async () => {
  await standIn?.close();
});

const env = () => isolatedEnv({ DISCORD_TOKEN: standIn.token, DISCORD_APP_ID: standIn.appId, DISCORD_API_BASE: standIn.apiBase, LOG_LEVEL: 'silent' });

type Registered = { name: string; description?: string; type?: number; default_member_permissions?: string | null; options?: Array<{ name: string; autocomplete?: boolean }> };

describe('memtutor register-commands', () => {
  it('registers the command set globally', async () => {
    const result = await runCli(['register-commands'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Registered \d+ Discord commands \(global\): .*\/lesson.*\/help/);
    const registered = standIn.registeredCommands.get('global') as Registered[];
    const lesson = registered.find((c) => c.name === 'lesson')!;
    expect(lesson.options?.find((o) => o.name === 'topic')?.autocomplete).toBe(true);
    for (const command of registered) expect((command.description ?? '').length).toBeLessThanOrEqual(100);
    const weekly = registered.find((c) => c.name === 'weekly');
    if (weekly) expect(weekly.default_member_permissions).toBe(String(1n << 5n));
    const memcheck = registered.find((c) => c.name === 'memcheck');
    expect(registered.some((c) => c.type === 3 && c.name === 'Check memory')).toBe(Boolean(memcheck));
  });

  it('registers in one guild with --guild', async () => {
    const result = await runCli(['register-commands', '--guild', standIn.guild.id], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(guild ${standIn.guild.id})`);
    expect(standIn.registeredCommands.get(standIn.guild.id)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'lesson' })]));
  });

  it('rejects a malformed guild id with a usage line (exit 2)', async () => {
    const result = await runCli(['register-commands', '--guild', 'abc'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must be a numeric Discord id');
    expect(result.stderr).toContain('Usage: memtutor register-commands');
  });

  it('explains what is missing without a token (exit 1)', async () => {
    const result = await runCli(['register-commands'], { env: isolatedEnv({ LOG_LEVEL: 'silent' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN and DISCORD_APP_ID are required');
  });

  it('reports a wrong token as a failure (exit 1), never printing the token', async () => {
    const result = await runCli(['register-commands'], { env: { ...env(), DISCORD_TOKEN: 'wrong-secret-token' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/memtutor: .*401|Unauthorized/);
    expect(result.stderr + result.stdout).not.toContain('wrong-secret-token');
  });
});
