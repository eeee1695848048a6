// Structured logs on stderr, so stdout stays clean for the terminal chat and `--json` output.
import pino from 'pino';

export type Logger = pino.Logger;

/** Secret-bearing keys are redacted wherever they appear in a log object. */
const redactPaths = ['token', '*.token', 'DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', '*.authorization', 'headers.authorization'];

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: undefined, redact: { paths: redactPaths, censor: '[redacted]' } }, pino.destination(2));
}
