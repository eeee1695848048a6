// The systemd units in deploy/ start commands that exist and stop the way those commands expect.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const unit = (name: string) => readFileSync(new URL(`../deploy/${name}`, import.meta.url), 'utf8');
const setting = (text: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];

describe('deploy/ systemd units', () => {
  it.each([
    ['memtutor-bot.service', 'start'],
    ['memtutor-sandbox-worker@.service', 'sandbox-worker'],
  ])('%s runs `memtutor %s`, stops it with SIGTERM and restarts it on failure', async (name, command) => {
    const text = unit(name);
    expect(setting(text, 'ExecStart')).toBe(`/usr/bin/node bin/memtutor.js ${command}`);
    expect(setting(text, 'KillSignal')).toBe('SIGTERM');
    expect(setting(text, 'Restart')).toBe('on-failure');
    expect(setting(text, 'RestrictNamespaces')).toBeUndefined();
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
  });
});
