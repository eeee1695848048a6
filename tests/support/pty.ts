// Runs the real `memtutor chat` inside a pseudo-terminal, as a person at a terminal would: through
// util-linux `script`, which gives the child a pty of a set width. Keys are written to the pty
// (`\r` is Enter, `\x03` is Ctrl-C) and the screen's text is read back without escape sequences.
import { spawn } from 'node:child_process';
import { BIN, REPO_ROOT, isolatedEnv } from './cli.js';

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
  let raw = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    waiters.forEach((check) => check());
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const screen = () => visibleText(raw);
  return {
    type: (keys) => void child.stdin.write(keys),
    screen,
    raw: () => raw,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; screen so far:\n${screen()}`)), timeoutMs);
        const check = () => {
          if (!pattern.test(screen())) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
