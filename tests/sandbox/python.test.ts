// The harness pieces that need no Pyodide (static hints, the measuring's caps and primitives, its
// JSON encoding) are unit-tested on plain CPython (3.11 or later): tests/sandbox/python/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('the plain-CPython unit tests of the harness pass', () => {
  const result = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-s', 'tests/sandbox/python'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(result.error, 'python3 (3.11 or later) must be installed to run these tests').toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/Ran [1-9]\d* tests/);
});
