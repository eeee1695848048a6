import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../support/cli.js';
import { tempDatabasePath } from '../support/core.js';

describe('memtutor quiz', () => {
  it('asks a question, scores the typed number, explains it, and remembers it for --stats', async () => {
    const env = isolatedEnv({ DATABASE_PATH: tempDatabasePath() });
    const asked = await runCli(['quiz'], { input: '1\n', env });
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/== Quiz · /);
    expect(asked.stdout).toMatch(/\(type A–[BCD] or 1–[234], and Enter\)/);
    expect(asked.stdout).toMatch(/== (✔ Right!|⚠ Not quite) ==/);
    expect(asked.stdout).toMatch(/Read lesson \d for more/);
    const stats = await runCli(['quiz', '--stats'], { env });
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('Answered: 1');
  });

  it.each([
    ['2', 'B'],
    ['c', 'C'],
  ])('`echo %s | memtutor quiz` answers %s, as the README says', async (typed, letter) => {
    const result = await runCli(['quiz'], { input: `${typed}\n`, env: isolatedEnv({ DATABASE_PATH: tempDatabasePath() }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[A\] .*\[B\] /);
    // The feedback names the chosen letter: "You chose C." when wrong, the answer itself when right.
    expect(result.stdout).toMatch(new RegExp(`You chose ${letter}\\.|== ✔ Right! ==\\n\\n${letter}\\.`));
    expect(result.stdout).toMatch(/Read lesson \d for more: `memtutor lesson \d`/);
  });

  it('exits 2 with one line when no valid choice is typed', async () => {
    const result = await runCli(['quiz'], { input: 'banana\n', env: isolatedEnv({ DATABASE_PATH: tempDatabasePath() }) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^memtutor: no answer given; type a letter from A to [BCD] or a number from 1 to [234]$/);
  });
});
