// The weekly quiz survives a crash: a real `memtutor chat` process is killed with SIGKILL in the
// middle of a round, a new one starts on the same database file, and the round closes with every
// answer counted and its results posted exactly once.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { BIN, REPO_ROOT, isolatedEnv } from '../../support/cli.js';
import { tempDatabasePath } from '../../support/core.js';
import { watchOutput } from '../../support/watch.js';

interface Chat {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

function startChat(databasePath: string): Chat {
  const child = spawn(process.execPath, [BIN, 'chat'], { cwd: REPO_ROOT, env: isolatedEnv({ DATABASE_PATH: databasePath }), stdio: ['pipe', 'pipe', 'pipe'] });
  const { text, waitFor } = watchOutput(child.stdout);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stdout: text, waitFor, exited };
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('weekly round across a crash (SIGKILL) and restart', () => {
  it('loses no answer and posts the results once', async () => {
    const databasePath = tempDatabasePath();

    const first = startChat(databasePath);
    first.child.stdin.write('/weekly now duration:20s questions:2\n');
    await first.waitFor(/Weekly round started/);
    first.child.stdin.write('1a\n');
    await first.waitFor(/Answer recorded/);
    first.child.kill('SIGKILL');
    await first.exited;

    // The restarted terminal has not seen the posts: /weekly show offers the open round's questions.
    const second = startChat(databasePath);
    second.child.stdin.write('/weekly show\n');
    await second.waitFor(/\[2\] Question 2/);
    second.child.stdin.write('2\n');
    await second.waitFor(/== Weekly quiz · question 2\/2 ==[\s\S]*\[A\]/);
    second.child.stdin.write('1\n');
    await second.waitFor(/Answer recorded/);
    await second.waitFor(/== Weekly quiz · results ==/, 40_000);
    second.child.stdin.end('/leaderboard\n');
    expect(await second.exited).toBe(0);
    const results = second.stdout();
    expect(results).toContain('1 person answered.');
    expect(count(results, /right \(\d\/1\)/)).toBe(2); // the answer from before the crash and the one after
    expect(results).not.toMatch(/posted in the terminal channel\n== Weekly quiz · question/); // not posted again

    const third = startChat(databasePath);
    third.child.stdin.end('/weekly show\n');
    expect(await third.exited).toBe(0);
    expect(third.stdout()).toContain('No weekly quiz is set here.');
    expect(third.stdout()).not.toContain('Weekly quiz · results');

    const store = SqliteStore.open(databasePath);
    try {
      const [round] = await store.roundsAwaitingResults();
      expect(round).toBeUndefined();
      expect(await store.roundAnswers(1)).toHaveLength(2);
      expect((await store.roundMessages(1)).map((m) => m.index)).toEqual([-1, 0, 1]);
    } finally {
      await store.close();
    }
  }, 90_000);
});
