// The real `memtutor start` in a child process, as an operator runs it: for tests with several bot
// processes (Discord shards, the multi-process integration test).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BIN, isolatedEnv, REPO_ROOT } from './cli.js';

export interface BotProcess {
  child: ChildProcess;
  /** Resolves when the process logged that Discord is logged in. */
  loggedIn: Promise<void>;
  log(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function spawnBot(env: NodeJS.ProcessEnv): BotProcess {
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: REPO_ROOT, env: isolatedEnv({ LOG_LEVEL: 'info', SANDBOX_POOL_SIZE: '1', ...env }), stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const loggedIn = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-20_000);
      if (log.includes('discord: logged in')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before logging in:\n${log}`)));
  });
  loggedIn.catch(() => {});
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    child,
    loggedIn,
    log: () => log,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
