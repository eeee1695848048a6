// `memtutor memcheck` as a user runs it: the real entry point, the real sandbox.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryReportSchema } from '../../sandbox/index.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { PARENT_CHILD_EXAMPLE } from '../support/memcheck.js';

const env = isolatedEnv({ SANDBOX_CACHE_DIR: '.cache/sandbox-test' });

describe('memtutor memcheck', () => {
  it('prints only the JSON report with --json: a and b are the same list, refcount 2', async () => {
    const result = await runCli(['memcheck', '-', '--json'], { input: 'a = [1, 2, 3]\nb = a\n', env });
    expect(result.code).toBe(0);
    const report = memoryReportSchema.parse(JSON.parse(result.stdout));
    const [a, b] = report.variables;
    expect(a).toMatchObject({ name: 'a', type: 'list', refcount: 2, sameAs: ['b'] });
    expect(b).toMatchObject({ name: 'b', type: 'list', refcount: 2, sameAs: ['a'] });
  }, 60_000);

  it('exits 0 with a readable report even when the program fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-memcheck-'));
    const file = path.join(dir, 'broken.py');
    writeFileSync(file, 'x = [1]\nraise ValueError("nope")\n');
    const result = await runCli(['memcheck', file], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Memory report');
    expect(result.stdout).toContain('ValueError: nope');
  }, 60_000);

  it('--picture writes the PNG; the terminal report prints its alt text, the text drawing and the saved path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-memcheck-'));
    const out = path.join(dir, 'out.png');
    const result = await runCli(['memcheck', '-', '--picture', out], { input: PARENT_CHILD_EXAMPLE, env });
    expect(result.code).toBe(0);
    expect(readFileSync(out).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(result.stderr).toContain(`picture written to ${out}`);
    expect(result.stdout).toMatch(/🖼 Memory picture: .*cycle: parent\.children\[0\] → child\.parent → parent/);
    expect(result.stdout).toMatch(/^parent\s+→ Node#\d+$/m);
    expect(result.stdout).toMatch(/shared by a, b/);
    const saved = /\(image saved as (.+\.png)\)/.exec(result.stdout)?.[1];
    expect(readFileSync(saved!).equals(readFileSync(out))).toBe(true);
  }, 60_000);

  it('exits 1 when the file cannot be read', async () => {
    const result = await runCli(['memcheck', '/no/such/file.py'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read /no/such/file.py');
  });
});
