// Shared set-up for the red-team suite: a real sandbox (real children, real Pyodide, every
// isolation layer), hostile snippets, and assertions about the SAFE outcome of each.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { MemoryReport, Sandbox } from '../../../sandbox/index.js';
import { check, py, testSandbox, variable, type TestSandboxOptions } from '../helpers.js';

export { py, variable };

/** A secret in the bot's own environment; no snippet may ever see it. */
export const SECRET_NAME = 'MEMTUTOR_TEST_SECRET';
export const SECRET_VALUE = 'rt-secret-7f3a9c1e-do-not-leak';

/** The repository root: host files live here (package.json) that a snippet must not read. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Marker a snippet prints only when an escape attempt succeeded. */
export const ESCAPED = 'ESCAPED!';
/** The marker as a Python expression that does not spell it out, so the report's source lines
 *  (memory.top, tracebacks) never contain it unless the snippet really printed it. */
export const ESCAPED_PY = '"ESC" "APED!"';

/** The bot's environment holds the secret BEFORE the sandbox exists, as in production. */
export function plantSecret(): void {
  process.env[SECRET_NAME] = SECRET_VALUE;
}

/** The shared test sandbox, created after the secret is planted; a bigger queue for the crowd tests. */
export function redteamSandbox(overrides: TestSandboxOptions = {}): Sandbox {
  plantSecret();
  return testSandbox({ queueLimit: 20, ...overrides });
}

let users = 0;

/** Runs a snippet (as a fresh user unless one is given) and checks the report against the public schema. */
export function run(sandbox: Sandbox, code: string, userId = `redteam-${++users}`): Promise<MemoryReport> {
  return check(sandbox, code, userId);
}

/** Nothing of the bot's secret, in any form, anywhere in the report. */
export function expectNoSecret(report: MemoryReport): void {
  const text = JSON.stringify(report);
  expect(text).not.toContain(SECRET_VALUE);
  expect(text).not.toContain(ESCAPED);
}

/** A Python string literal for a JS string (JSON strings are valid Python literals for ASCII text). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** A private host directory for one test file; snippets try to write into it by absolute path. */
export function hostTempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'memtutor-redteam-'));
}

/**
 * A test for a finding still open: it asserts the SAFE
 * outcome and is expected to fail until the sandbox is fixed. When it starts "passing", vitest reports it as a
 * failure: the hole is closed, so turn it into a plain `it`.
 */
export function openFinding(id: string, name: string, test: () => Promise<void>, timeoutMs?: number): void {
  it.fails(`${name} [open finding ${id}]`, test, timeoutMs);
}

/** True while `pid` is a live process (signal 0 only probes). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A check that must work normally: the pool has recovered from whatever came before. */
export async function expectHealthy(sandbox: Sandbox): Promise<void> {
  const report = await run(sandbox, py('probe = [1, 2, 3]', 'print("still here")'));
  expect(report.status).toBe('ok');
  expect(report.stdout).toBe('still here\n');
  expect(variable(report, 'probe').size).toBe(44);
}
