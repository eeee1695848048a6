// Red team, the harness is invisible: a program starts on what looks like a fresh CPython, with no
// hooks of the sandbox's installed.
import { describe, expect, it } from 'vitest';
import { sandboxForFile } from '../helpers.js';
import { py, redteamSandbox, run } from './helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox());

describe('the program sees a plain interpreter', () => {
  it('no trace or profile function, no gc callbacks, every sys.monitoring tool id free', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys, gc',
        'print(sys.gettrace(), sys.getprofile(), gc.callbacks)',
        'print([sys.monitoring.get_tool(i) for i in range(6)])',
      ),
    );
    expect(report.stdout).toBe('None None []\n[None, None, None, None, None, None]\n');
  });

  it('a program\'s own trace function and monitoring tool work as on CPython', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys',
        'calls = []',
        'def tracer(frame, event, arg):',
        '    calls.append(event)',
        'def f():',
        '    return 1',
        'sys.settrace(tracer)',
        'f()',
        'sys.settrace(None)',
        'sys.monitoring.use_tool_id(2, "mine")',
        'print(calls, sys.monitoring.get_tool(2))',
      ),
    );
    expect(report.stdout).toBe("['call'] mine\n");
  });

  // F12: the harness traces only programs that never name tracemalloc, so this one finds it as on CPython.
  it('tracemalloc is not tracing when the program starts, and its own start() measures it alone (F12)', async () => {
    const report = await run(
      sandbox,
      py(
        'import tracemalloc',
        'print(tracemalloc.is_tracing())',
        'tracemalloc.start()',
        'data = [0] * 1000',
        'print(tracemalloc.get_traced_memory()[0] < 8000)',
      ),
    );
    expect(report.stdout).toBe('False\nTrue\n');
    expect(report.memory).toBeNull();
    expect(report.hints.map((h) => h.id)).toContain('own-tracemalloc');
  });

  it('a program that never names tracemalloc still gets the report its tracemalloc figures', async () => {
    const report = await run(sandbox, py('data = [0] * 100000'));
    expect(report.memory?.current).toBeGreaterThan(100000 * 4);
  });
});
