// Runs the real `memtutor` entry point in a child process, as a user would.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/memtutor.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const SCRATCH_DATABASE = path.join(tmpdir(), `memtutor-cli-test-${process.pid}`, 'memtutor.db');

/** Platform tokens blanked so a developer's .env never turns a test into a real bot. */
export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISCORD_TOKEN: '',
    SLACK_BOT_TOKEN: '',
    // One scratch database per test process, never the repository's ./data.
    DATABASE_PATH: extra.DATABASE_PATH ?? SCRATCH_DATABASE,
    ...extra,
  };
}

export function runProcess(command: string, args: string[], { input = '', env = isolatedEnv(), cwd = REPO_ROOT } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], options);
}
