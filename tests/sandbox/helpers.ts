// Shared set-up for the sandbox tests: a real sandbox (real children, real Pyodide), with the
// snapshot cached under .cache/ so only the first test file of a fresh checkout builds it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { createSandbox, memoryReportSchema, type MemoryReport, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';
import { admitted, localAdmission, type AdmissionLimits } from '../../src/memcheck/admission.js';

export const TEST_CACHE_DIR = fileURLToPath(new URL('../../.cache/sandbox-test/', import.meta.url));

/** The sandbox's options plus the bot-side queue limit. */
export type TestSandboxOptions = Partial<SandboxOptions & Pick<AdmissionLimits, 'queueLimit'>>;

/** A real sandbox behind the bot's admission (one check per user, a bounded queue), as the bot runs it. */
export function testSandbox({ queueLimit = 10, ...overrides }: TestSandboxOptions = {}): Sandbox {
  const options: SandboxOptions = {
    poolSize: 2,
    timeoutMs: 5000,
    memoryMb: 256,
    outputKb: 64,
    maxInputChars: 20_000,
    requireIsolation: false,
    cacheDir: TEST_CACHE_DIR,
    // Every sandbox test proves each reset in place before the next run.
    verifyReset: true,
    ...overrides,
  };
  return admitted(createSandbox(options), localAdmission({ slots: options.poolSize, queueLimit }));
}

/**
 * A sandbox created and started before a file's tests and closed after them. The returned object
 * stands for it, so tests use it like the sandbox itself.
 */
export function sandboxForFile(create: () => Sandbox): Sandbox {
  let current: Sandbox | undefined;
  const started = (): Sandbox => {
    if (!current) throw new Error('the sandbox is only available inside the tests');
    return current;
  };
  beforeAll(async () => {
    current = create();
    await current.start();
  }, 120_000);
  afterAll(() => current?.close());
  return {
    check: (code, options) => started().check(code, options),
    start: () => started().start(),
    close: () => started().close(),
    status: () => started().status(),
    rejectedReport: (type, message) => started().rejectedReport(type, message),
    get isolation() {
      return started().isolation;
    },
  };
}

/** Runs a snippet and checks the report against the public schema. */
export async function check(sandbox: Sandbox, code: string, userId = 'tester'): Promise<MemoryReport> {
  const report = await sandbox.check(code, { userId });
  expect(memoryReportSchema.safeParse(report).success, JSON.stringify(report)).toBe(true);
  return report;
}

export function variable(report: MemoryReport, name: string) {
  const found = report.variables.find((v) => v.name === name);
  if (!found) throw new Error(`no variable ${name} in ${JSON.stringify(report.variables.map((v) => v.name))}`);
  return found;
}

/** Joins lines, so snippets read like Python in the test source. */
export function py(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
