// Red team, bounded reports: names, type names, messages, tracebacks and lists of any size turn
// into a report within the schema's caps and a message within every platform's limits, and odd
// values (line 0, negative lines, frames without a file name) still give a report.
import { describe, expect, it } from 'vitest';
import { REPORT_LIMITS } from '../../../sandbox/report.js';
import { memoryReportReply } from '../../../src/core/memcheck/reply.js';
import { expectWithinPlatformLimits } from '../../support/platform-limits.js';
import { sandboxForFile } from '../helpers.js';
import { expectHealthy, py, redteamSandbox, run } from './helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox({ timeoutMs: 15_000 }));

describe('huge names and texts', () => {
  it('a 4-million-character global name: a small report, within every platform, and the bot keeps answering', async () => {
    const report = await run(sandbox, 'globals()["n" * 2**22] = [1]\n');
    expect(report.status, report.error?.message).toBe('ok');
    expect(report.variables).toHaveLength(1);
    expect(report.variables[0]!.name).toBe(`${'n'.repeat(REPORT_LIMITS.name - 1)}…`);
    expect(JSON.stringify(report).length).toBeLessThan(16 * 1024);
    expectWithinPlatformLimits(memoryReportReply(report));
    await expectHealthy(sandbox);
  }, 60_000);

  it('huge class names (str subclasses too), exception messages and attribute names are capped', async () => {
    const report = await run(
      sandbox,
      py(
        'class Name(str):',
        '    pass',
        'Big = type("T" * 2**20, (), {})',
        'Big.__name__ = Name("U" * 2**20)',
        'a = Big()',
        'b = Big()',
        'setattr(a, "x" * 2**20, b)',
        'setattr(b, "y" * 2**20, a)',
        'raise ValueError("m" * 2**20)',
      ),
    );
    expect(report.status).toBe('error');
    expect(report.error!.message).toHaveLength(REPORT_LIMITS.message);
    expect(report.error!.traceback.length).toBeLessThanOrEqual(REPORT_LIMITS.traceback);
    expect(report.variables.find((v) => v.name === 'a')!.type).toBe(`${'U'.repeat(REPORT_LIMITS.name - 1)}…`);
    expect(report.cycles).toHaveLength(1);
    expect(report.cycles[0]!.length).toBeLessThanOrEqual(REPORT_LIMITS.cycle);
    expectWithinPlatformLimits(memoryReportReply(report));
  }, 60_000);

  it('deep recursion: the traceback keeps its end within 4 KB', async () => {
    const report = await run(sandbox, py('def down(n):', '    return down(n + 1)', 'down(0)'));
    expect(report.error?.type).toBe('RecursionError');
    expect(report.error!.traceback.length).toBeLessThanOrEqual(REPORT_LIMITS.traceback);
    expect(report.error!.traceback).toMatch(/RecursionError: maximum recursion depth exceeded/);
  }, 60_000);

  it('5,000 globals and 1,000 cycles: 40 variables shown, the rest counted, 10 cycles', async () => {
    const report = await run(
      sandbox,
      py(
        'class Node:',
        '    pass',
        'for i in range(5000):',
        '    globals()[f"v{i}"] = [i] * (i % 50)',
        'nodes = []',
        'for i in range(1000):',
        '    a, b = Node(), Node()',
        '    a.other, b.other = b, a',
        '    nodes.append(a)',
      ),
    );
    expect(report.status, report.error?.message).toBe('ok');
    expect(report.variables).toHaveLength(REPORT_LIMITS.variables);
    expect(report.variables.length + report.moreVariables).toBe(5000 + 4); // v0…v4999, i, nodes, a, b
    // The biggest are among those shown.
    expect(report.variables.map((v) => v.name)).toContain('nodes');
    expect(report.cycles.length).toBeLessThanOrEqual(REPORT_LIMITS.cycles);
    expectWithinPlatformLimits(memoryReportReply(report));
  }, 60_000);
});

describe('values the host refuses are normalised in the child', () => {
  it('code compiled with line 0 or negative lines, and frames without a file name, still give a report', async () => {
    const report = await run(
      sandbox,
      py(
        'import ast',
        'tree = ast.parse("kept = [0] * 1000\\ndef boom():\\n    raise KeyError(1)")',
        'ast.increment_lineno(tree, -1)',
        'exec(compile(tree, "<snippet>", "exec"))',
        'zero = kept',
        'exec(compile("blank = [1] * 100", "", "exec"))',
        'boom()',
      ),
    );
    expect(report.status, report.error?.message).toBe('error');
    expect(report.error?.type).toBe('KeyError');
    expect(report.variables.find((v) => v.name === 'zero')?.size).toBeGreaterThan(4000);
    for (const top of report.memory?.top ?? []) expect(top.line).toBeGreaterThan(0);
    await expectHealthy(sandbox);
  }, 60_000);
});
