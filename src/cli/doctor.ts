// `memtutor doctor`: checks a deployment's configuration and connectivity without changing
// anything (no migrations, no messages) and says in plain words what is wrong and what to do.
// Exit 0 when nothing failed (warnings allowed), 1 otherwise. Secrets are never printed.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ConfigError, enabledPlatforms, loadConfig, sandboxQueueUrl, type Config } from '../config.js';
import { liveCapacity, queueIsMigrated, recordedVersion } from '../memcheck/queue/database.js';
import { MIGRATIONS } from '../store/migrations.js';
import { PG_MIGRATIONS } from '../store/postgres-migrations.js';
import { describeUrl, explainOpenError } from '../store/postgres.js';
import { childPaths, detectNetworkNamespace } from '../../sandbox/isolation.js';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface Finding {
  verdict: Verdict;
  topic: string;
  detail: string;
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Every check, in the order an operator would fix them. A bot machine needs the store, the queue
 * (if any), the sandbox (unless the queue sends checks elsewhere) and its platform tokens; a
 * sandbox worker machine (`worker`) needs the queue and the sandbox.
 */
export async function diagnose(env: NodeJS.ProcessEnv, { worker = false } = {}): Promise<Finding[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [{ verdict: 'fail', topic: 'configuration', detail: `${error.message}. Fix it in .env or the environment (see .env.example).` }];
  }
  const configured: Finding = { verdict: 'ok', topic: 'configuration', detail: 'every variable is valid' };
  if (worker) return [configured, await checkQueue(config.SANDBOX_QUEUE_URL ?? config.DATABASE_URL, 'worker'), checkSandbox(config)];
  const queueUrl = sandboxQueueUrl(config);
  const sandbox: Finding = queueUrl
    ? { verdict: 'ok', topic: 'sandbox isolation', detail: 'checks run on the sandbox workers: run `memtutor doctor --worker` there' }
    : checkSandbox(config);
  return [configured, await checkStore(config), await checkQueue(queueUrl, 'bot'), sandbox, ...checkPlatforms(config)];
}

async function checkStore(config: Config): Promise<Finding> {
  const topic = 'database';
  if (!config.DATABASE_URL) return checkSqlite(config.DATABASE_PATH);
  const where = `PostgreSQL ${describeUrl(config.DATABASE_URL)}`;
  return withClient(config.DATABASE_URL, topic, where, async (client) =>
    schemaFinding(topic, where, await recordedVersion(client, 'memtutor_schema'), PG_MIGRATIONS.length),
  );
}

function checkSqlite(file: string): Finding {
  const topic = 'database';
  const where = `SQLite file ${file}`;
  if (!existsSync(file)) {
    const dir = path.dirname(path.resolve(file));
    return { verdict: 'ok', topic, detail: `${where} does not exist yet; memtutor creates it at start${existsSync(dir) ? '' : ` (and the folder ${dir})`}` };
  }
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return schemaFinding(topic, where, db.pragma('user_version', { simple: true }) as number, MIGRATIONS.length);
    } finally {
      db.close();
    }
  } catch (error) {
    return { verdict: 'fail', topic, detail: `${where} cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function schemaFinding(topic: string, where: string, version: number, known: number): Finding {
  if (version === known) return { verdict: 'ok', topic, detail: `${where} is reachable and its schema is up to date (version ${known})` };
  if (version > known) return { verdict: 'fail', topic, detail: `${where} has schema version ${version}, newer than this memtutor knows (${known}): upgrade memtutor` };
  return { verdict: 'warn', topic, detail: `${where} is reachable but not migrated (version ${version} of ${known}): the next \`memtutor start\` migrates it` };
}

async function checkQueue(url: string | undefined, role: 'bot' | 'worker'): Promise<Finding> {
  const topic = 'sandbox queue';
  if (!url && role === 'worker') return { verdict: 'fail', topic, detail: 'a sandbox worker needs SANDBOX_QUEUE_URL (or DATABASE_URL): the database the bots queue checks in' };
  if (!url) return { verdict: 'ok', topic, detail: 'not configured: memory checks run in this process (SANDBOX_QUEUE unset)' };
  const where = `PostgreSQL ${describeUrl(url)}`;
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on('error', () => {});
  try {
    if (!(await queueIsMigrated(pool))) {
      return { verdict: 'warn', topic, detail: `${where} is reachable but the queue's tables are missing: the first bot or sandbox worker to start creates them` };
    }
    const { workers, slots } = await liveCapacity(pool);
    if (workers === 0 && role === 'bot') return { verdict: 'warn', topic, detail: `${where} is ready, but no sandbox worker is running: bots answer every check with "busy". Start \`memtutor sandbox-worker\`.` };
    return { verdict: 'ok', topic, detail: `${where} is ready; ${workers} sandbox worker${workers === 1 ? '' : 's'} running, ${slots} checks at once` };
  } catch (error) {
    return { verdict: 'fail', topic, detail: `${where}: ${explainOpenError(error)}` };
  } finally {
    await pool.end().catch(() => {});
  }
}

/** Where checks run locally (no queue, or on a sandbox worker): the isolation layers and Pyodide. */
function checkSandbox(config: Config): Finding {
  const topic = 'sandbox isolation';
  let pyodide: string;
  try {
    pyodide = `Pyodide ${childPaths().pyodideVersion}`;
  } catch {
    return { verdict: 'fail', topic, detail: 'the pyodide package is missing: run `npm ci` in the memtutor folder' };
  }
  const layers = `${pyodide}, Node permission model, no code from strings, empty environment, private working folder`;
  const { networkNamespace, networkNamespaceProblem } = detectNetworkNamespace();
  if (networkNamespace) return { verdict: 'ok', topic, detail: `${layers}, private network namespace: every layer present` };
  const consequence = config.SANDBOX_REQUIRE_ISOLATION
    ? 'SANDBOX_REQUIRE_ISOLATION is on, so this machine refuses memory checks'
    : 'memory checks here would run without network isolation (set SANDBOX_REQUIRE_ISOLATION=true to refuse them)';
  return {
    verdict: config.SANDBOX_REQUIRE_ISOLATION ? 'fail' : 'warn',
    topic,
    detail: `${layers}; NO private network namespace (${networkNamespaceProblem ?? 'unshare failed'}): ${consequence}. Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run checks on a machine that has them.`,
  };
}

function checkPlatforms(config: Config): Finding[] {
  const platforms = enabledPlatforms(config);
  if (!platforms.length) return [{ verdict: 'ok', topic: 'platforms', detail: 'no platform tokens: `memtutor start` opens the terminal chat' }];
  return [...(platforms.includes('discord') ? [checkDiscord(config)] : []), ...(platforms.includes('slack') ? [checkSlack(config)] : [])];
}

/** A bot token's first part is its bot user id in base64; for a bot it is the application id. */
function checkDiscord(config: Config): Finding {
  const topic = 'discord';
  const shards = Array.isArray(config.DISCORD_SHARDS) ? `; runs shards ${config.DISCORD_SHARDS.join(', ')} of ${config.DISCORD_SHARD_COUNT}` : config.DISCORD_SHARDS === 'auto' ? '; shards: as many as Discord recommends' : '';
  const parts = config.DISCORD_TOKEN!.split('.');
  const userId = parts.length === 3 ? Buffer.from(parts[0]!, 'base64url').toString('utf8') : '';
  if (!/^\d{17,20}$/.test(userId)) {
    return { verdict: 'fail', topic, detail: 'DISCORD_TOKEN does not look like a bot token (three parts separated by dots). Copy it again from Developer Portal → Bot → Reset Token.' };
  }
  if (userId !== config.DISCORD_APP_ID) {
    return { verdict: 'warn', topic, detail: `DISCORD_TOKEN belongs to bot ${userId}, but DISCORD_APP_ID is ${config.DISCORD_APP_ID}: check both come from the same application${shards}` };
  }
  return { verdict: 'ok', topic, detail: `token and application id (${userId}) belong together; whether Discord accepts the token shows at login${shards}` };
}

function checkSlack(config: Config): Finding {
  const topic = 'slack';
  const problems: string[] = [];
  if (!/^xoxb-\d+-\d+-[A-Za-z0-9]+$/.test(config.SLACK_BOT_TOKEN!)) problems.push('SLACK_BOT_TOKEN does not look like a bot token (xoxb-<team>-<bot>-<secret>)');
  if (config.SLACK_APP_TOKEN && !/^xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+$/.test(config.SLACK_APP_TOKEN)) problems.push('SLACK_APP_TOKEN does not look like an app-level token (xapp-1-…)');
  if (config.SLACK_SIGNING_SECRET && !/^[a-f0-9]{32}$/.test(config.SLACK_SIGNING_SECRET)) problems.push('SLACK_SIGNING_SECRET should be 32 hexadecimal characters (Basic Information → Signing Secret)');
  const mode = config.SLACK_APP_TOKEN ? 'Socket Mode' : `HTTP on port ${config.SLACK_PORT}`;
  if (problems.length) return { verdict: 'fail', topic, detail: `${problems.join('; ')}. Copy them again from api.slack.com/apps.` };
  return { verdict: 'ok', topic, detail: `tokens are well-formed (${mode}); whether Slack accepts them shows at start` };
}

async function withClient(url: string, topic: string, where: string, check: (client: pg.Client) => Promise<Finding>): Promise<Finding> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    return await check(client);
  } catch (error) {
    return { verdict: 'fail', topic, detail: `${where}: ${explainOpenError(error)}` };
  } finally {
    await client.end().catch(() => {});
  }
}

const MARKS: Record<Verdict, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** The report for a terminal, and the exit code. */
export function doctorReport(findings: Finding[]): { text: string; exitCode: number } {
  const lines = findings.map((f) => `${MARKS[f.verdict]}  ${f.topic}: ${f.detail}`);
  const failed = findings.filter((f) => f.verdict === 'fail').length;
  const warned = findings.filter((f) => f.verdict === 'warn').length;
  const summary = failed ? `${failed} problem${failed === 1 ? '' : 's'} to fix` : warned ? `no problems; ${warned} warning${warned === 1 ? '' : 's'}` : 'everything looks right';
  return { text: `${lines.join('\n')}\n\n${summary}.\n`, exitCode: failed ? 1 : 0 };
}
