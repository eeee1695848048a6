// Runs the real `memtutor chat` inside a pseudo-terminal, as a person at a terminal would: through
// util-linux `script`, which gives the child a pty of a set width. Keys are written to the pty
// (`\r` is Enter, `\x03` is Ctrl-C) and the screen's text is read back without escape sequences.
import { spawn } from 'node:child_process';
import { BIN, REPO_ROOT, isolatedEnv } from './cli.js';
import { watchOutput } from './watch.js';

export interface PtyChat {
  type(keys: string): void;
  /** Everything printed so far, escape sequences removed, `\r\n` as `\n`. */
  screen(): string;
  /** Everything printed so far, as the terminal received it. */
  raw(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(): void;
}

// eslint-disable-next-line no-control-regex -- escape sequences are what is removed
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;

/** A colour or style (SGR) sequence such as bold `ESC[1m`. */
// eslint-disable-next-line no-control-regex -- the escape character is what is looked for
export const STYLE_CODE = /\x1b\[[0-9;]*m/;

export function visibleText(raw: string): string {
  return raw.replace(ESCAPES, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
}

export function startPtyChat({ columns = 80, env = {} }: { columns?: number; env?: NodeJS.ProcessEnv } = {}): PtyChat {
  const command = `stty cols ${columns} rows 50 && exec "${process.execPath}" "${BIN}" chat`;
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: isolatedEnv({ TERM: 'xterm-256color', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const raw = watchOutput(child.stdout);
  const screen = watchOutput(child.stdout, visibleText);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    type: (keys) => void child.stdin.write(keys),
    screen: screen.text,
    raw: raw.text,
    waitFor: (pattern, timeoutMs = 60_000) => screen.waitFor(pattern, timeoutMs),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
