// Bolt's Logger interface on top of our pino logger, so Slack's logs share our format and level.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

const BOLT_LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  const join = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.stack ?? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    // Bolt's debug output is request-by-request chatter: keep it at trace.
    debug: (...parts) => log.trace(join(parts)),
    info: (...parts) => log.info(join(parts)),
    warn: (...parts) => log.warn(join(parts)),
    error: (...parts) => log.error(join(parts)),
    getLevel: () => BOLT_LEVELS[log.level] ?? LogLevel.ERROR,
    // Our level comes from LOG_LEVEL, not from Bolt.
    setLevel: () => {},
    setName: () => {},
  };
}
