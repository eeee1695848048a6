import { describe, expect, it } from 'vitest';
import { ConfigError, enabledPlatforms, loadConfig, sandboxQueueUrl } from '../src/config.js';

describe('loadConfig', () => {
  it('fills sensible defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.DATABASE_PATH).toBe('./data/memtutor.db');
    expect(config.SANDBOX_POOL_SIZE).toBe(2);
    expect(config.SANDBOX_TIMEOUT_MS).toBe(5000);
    expect(config.SANDBOX_REQUIRE_ISOLATION).toBe(false);
    expect(enabledPlatforms(config)).toEqual([]);
  });

  it('sends checks to the queue only when one is configured', () => {
    const db = 'postgres://bot@db/memtutor';
    expect(sandboxQueueUrl(loadConfig({}))).toBeUndefined();
    expect(sandboxQueueUrl(loadConfig({ DATABASE_URL: db }))).toBeUndefined();
    expect(sandboxQueueUrl(loadConfig({ DATABASE_URL: db, SANDBOX_QUEUE: 'postgres' }))).toBe(db);
    expect(sandboxQueueUrl(loadConfig({ SANDBOX_QUEUE_URL: `${db}-queue` }))).toBe(`${db}-queue`);
    expect(sandboxQueueUrl(loadConfig({ SANDBOX_QUEUE_URL: db, SANDBOX_QUEUE: 'local' }))).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: '', SANDBOX_POOL_SIZE: '  ' });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.SANDBOX_POOL_SIZE).toBe(2);
  });

  it.each([
    [{ SANDBOX_POOL_SIZE: 'many' }, /^Invalid configuration: SANDBOX_POOL_SIZE must be a number$/],
    [{ SANDBOX_POOL_SIZE: '0' }, /^Invalid configuration: SANDBOX_POOL_SIZE must be a whole number/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of: fatal, error/],
    [{ DISCORD_API_BASE: 'not a url' }, /^Invalid configuration: DISCORD_API_BASE must be a URL/],
    [{ SANDBOX_REQUIRE_ISOLATION: 'maybe' }, /^Invalid configuration: SANDBOX_REQUIRE_ISOLATION must be one of/],
    [{ DISCORD_TOKEN: 'abc' }, /^Invalid configuration: DISCORD_APP_ID is required when DISCORD_TOKEN is set$/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^Invalid configuration: SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is required/],
    [{ DATABASE_URL: 'mysql://bot:pw@db/memtutor' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ SANDBOX_QUEUE: 'postgres' }, /^Invalid configuration: SANDBOX_QUEUE =postgres needs SANDBOX_QUEUE_URL or DATABASE_URL$/],
    [{ DISCORD_SHARDS: '0,1' }, /^Invalid configuration: DISCORD_SHARD_COUNT is required when DISCORD_SHARDS lists shard ids$/],
    [{ DISCORD_SHARDS: '0,2', DISCORD_SHARD_COUNT: '2' }, /^Invalid configuration: DISCORD_SHARDS has a shard id not below DISCORD_SHARD_COUNT/],
    [{ DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' }, /^Invalid configuration: DISCORD_SHARD_COUNT must be unset with DISCORD_SHARDS=auto/],
    [{ DISCORD_SHARDS: 'some' }, /^Invalid configuration: DISCORD_SHARDS must be auto or shard ids such as 0,1$/],
    [{ SANDBOX_QUEUE: 'redis' }, /^Invalid configuration: SANDBOX_QUEUE must be one of: local, postgres$/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('never echoes a secret value in its error', () => {
    const secret = 'super-secret-value-123';
    expect(() => loadConfig({ SLACK_BOT_TOKEN: secret })).toThrowError(/SLACK_BOT_TOKEN must start with xoxb-/);
    try {
      loadConfig({ SLACK_BOT_TOKEN: secret });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it('keeps SQLite unless DATABASE_URL names a PostgreSQL server', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/memtutor' }).DATABASE_URL).toBe('postgres://bot:pw@db:5432/memtutor');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/memtutor' }).DATABASE_URL).toBe('postgresql://db/memtutor');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://bot:s3cret@db/m' })).not.toThrowError(/s3cret/);
  });

  it('turns on the platforms whose tokens are complete', () => {
    const both = loadConfig({
      DISCORD_TOKEN: 'token',
      DISCORD_APP_ID: '123456789012345678',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
    });
    expect(enabledPlatforms(both)).toEqual(['discord', 'slack']);
  });
});
