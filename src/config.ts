// One zod schema over every environment variable memtutor reads. A bad value stops start-up
// with one line naming the variable; values themselves are never echoed (some are secrets).
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const idList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const envSchema = z
  .object({
    // Unset: `info` for the chat platforms, `warn` in the terminal chat so logs don't crowd the prompt.
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    DATABASE_PATH: z.string().min(1).default('./data/memtutor.db'),
    // Set: PostgreSQL instead of the SQLite file, so several bot processes can share one database.
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL').optional(),

    DISCORD_TOKEN: optionalText,
    DISCORD_APP_ID: z.string().regex(/^\d{17,20}$/, 'must be the numeric application id').optional(),
    DISCORD_API_BASE: z.url().default('https://discord.com/api'),
    DISCORD_AUTOCHECK_CHANNELS: idList.default([]),
    // Sharding: `auto` (as many shards as Discord recommends, all in this process) or the shard ids
    // this process runs (`0,1`) out of DISCORD_SHARD_COUNT shared by every process of the bot.
    DISCORD_SHARDS: z
      .string()
      .regex(/^(auto|\d+(\s*,\s*\d+)*)$/, 'must be auto or shard ids such as 0,1')
      .transform((v) => (v === 'auto' ? ('auto' as const) : [...new Set(v.split(',').map((id) => Number(id.trim())))]))
      .optional(),
    DISCORD_SHARD_COUNT: int(1, 100_000).optional(),

    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_PORT: int(1, 65535).default(3000),
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLACK_ADMIN_USERS: idList.default([]),

    SANDBOX_POOL_SIZE: int(1, 32).default(2),
    SANDBOX_QUEUE_LIMIT: int(0, 10_000).default(50),
    SANDBOX_TIMEOUT_MS: int(100, 60_000).default(5000),
    SANDBOX_MEMORY_MB: int(32, 2048).default(256),
    SANDBOX_OUTPUT_KB: int(1, 128).default(64),
    SANDBOX_MAX_INPUT_CHARS: int(100, 1_000_000).default(20_000),
    SANDBOX_REQUIRE_ISOLATION: bool.default(false),
    SANDBOX_CACHE_DIR: z.string().min(1).default('./.cache/sandbox'),
    SANDBOX_REUSE: bool.default(true),
    SANDBOX_VERIFY_RESET: bool.default(false),
    // Remote sandbox workers: `postgres` sends checks through a job queue in SANDBOX_QUEUE_URL (or
    // DATABASE_URL) to `memtutor sandbox-worker` processes instead of running a local pool.
    SANDBOX_QUEUE: z.enum(['local', 'postgres']).optional(),
    SANDBOX_QUEUE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL').optional(),
    // How long a bot waits for a worker to answer before telling the user to try again.
    SANDBOX_QUEUE_WAIT_MS: int(1000, 600_000).default(60_000),
  })
  .superRefine((env, ctx) => {
    if (env.DISCORD_TOKEN && !env.DISCORD_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APP_ID'], message: 'is required when DISCORD_TOKEN is set' });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'or SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set',
      });
    }
    if (Array.isArray(env.DISCORD_SHARDS) && env.DISCORD_SHARD_COUNT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_COUNT'], message: 'is required when DISCORD_SHARDS lists shard ids' });
    }
    if (Array.isArray(env.DISCORD_SHARDS) && env.DISCORD_SHARD_COUNT !== undefined && env.DISCORD_SHARDS.some((id) => id >= env.DISCORD_SHARD_COUNT!)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: 'has a shard id not below DISCORD_SHARD_COUNT (ids count from 0)' });
    }
    if (env.DISCORD_SHARDS === 'auto' && env.DISCORD_SHARD_COUNT !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_COUNT'], message: 'must be unset with DISCORD_SHARDS=auto (Discord says how many)' });
    }
    if (env.SANDBOX_QUEUE === 'postgres' && !env.SANDBOX_QUEUE_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['SANDBOX_QUEUE'], message: '=postgres needs SANDBOX_QUEUE_URL or DATABASE_URL' });
    }
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (`DISCORD_TOKEN=` in .env) means "not set", as most users expect.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`Invalid configuration: ${variable} ${describeIssue(issue)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'must be a URL such as https://example.com/api';
  if (issue.code === 'invalid_type') return 'must be a number';
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return `must be a whole number between its limits (${issue.message.toLowerCase()})`;
  }
  return issue.message.toLowerCase().startsWith('must') ? issue.message : `is invalid: ${issue.message}`;
}

/** Which chat platforms the configuration turns on; none means the terminal chat. */
export function enabledPlatforms(config: Config): Array<'discord' | 'slack'> {
  const platforms: Array<'discord' | 'slack'> = [];
  if (config.DISCORD_TOKEN && config.DISCORD_APP_ID) platforms.push('discord');
  if (config.SLACK_BOT_TOKEN) platforms.push('slack');
  return platforms;
}

/** The queue's database when checks go to remote sandbox workers; undefined means the local pool. */
export function sandboxQueueUrl(config: Config): string | undefined {
  if (config.SANDBOX_QUEUE === 'local') return undefined;
  if (config.SANDBOX_QUEUE_URL) return config.SANDBOX_QUEUE_URL;
  return config.SANDBOX_QUEUE === 'postgres' ? config.DATABASE_URL : undefined;
}
