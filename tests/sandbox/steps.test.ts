// The step-through trace (sandbox/child/measure/trace.py): real programs traced in Pyodide, every
// report checked against the public schema (stepTraceSchema inside memoryReportSchema).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepLimits, type Step, type StepFrame, type StepTrace } from '../../sandbox/steps.js';
import type { MemoryReport } from '../../sandbox/report.js';
import { PARENT_CHILD_EXAMPLE } from '../support/memcheck.js';
import { check, py, sandboxForFile, testSandbox } from './helpers.js';

const sandbox = sandboxForFile(() => testSandbox());

function traceOf(report: MemoryReport): StepTrace {
  if (!report.steps) throw new Error(`no trace in ${JSON.stringify(report).slice(0, 500)}`);
  return report.steps;
}

/** A step's changes as text: `bound x`, `child: refs 1 → 2`, `collected 0`. */
function changesOf(step: Step): string[] {
  return step.changes.map((c) => {
    switch (c.kind) {
      case 'refs':
      case 'length':
        return `${c.name}: ${c.kind} ${c.from} → ${c.to}`;
      case 'collected':
        return `collected ${c.generation}`;
      default:
        return `${c.kind} ${c.name}`;
    }
  });
}

function stepAt(trace: StepTrace, line: number, change: string): Step {
  const found = trace.steps.find((s) => s.line === line && changesOf(s).includes(change));
  if (!found) throw new Error(`no step at line ${line} with "${change}": ${JSON.stringify(trace.steps.map((s) => [s.line, changesOf(s)]))}`);
  return found;
}

function nameIn(frame: StepFrame, name: string) {
  const found = frame.names.find((n) => n.name === name);
  if (!found) throw new Error(`no ${name} in ${frame.function}: ${frame.names.map((n) => n.name).join(', ')}`);
  return found;
}

/** Every method a hostile object could hide code in prints: none may run while it is traced. */
const HOSTILE_OBJECTS = py(
  'class Loud:',
  '    def __len__(self): print("RAN __len__"); return 1',
  '    def __repr__(self): print("RAN __repr__"); return "loud"',
  '    def __eq__(self, other): print("RAN __eq__"); return True',
  '    def __hash__(self): print("RAN __hash__"); return 1',
  '    def __getattr__(self, name): print("RAN __getattr__"); raise AttributeError(name)',
  '    @property',
  '    def value(self): print("RAN property"); raise ValueError("no")',
  'class Sly(list):',
  '    def __len__(self): print("RAN list __len__"); return 99',
  '    def __repr__(self): print("RAN list __repr__"); return "sly"',
  'class Name(str):',
  '    def __hash__(self): return 7  # the program itself hashes it, storing it in globals()',
  '    def __eq__(self, other): print("RAN str __eq__"); return True',
  'loud = Loud()',
  'sly = Sly([1, 2])',
  'sly.append(3)',
  'globals()[Name("odd")] = loud',
  'globals()["n" * 10_000] = "x" * 100_000',
  '# keys() is left alone: creating the class calls it (the program, not the tracer).',
  'class Namespace(dict):',
  '    def items(self): print("RAN items"); return dict.items(self)',
  '    def __iter__(self): print("RAN __iter__"); return dict.__iter__(self)',
  '    def __len__(self): print("RAN namespace __len__"); return 0',
  'class Meta(type):',
  '    @classmethod',
  '    def __prepare__(cls, name, bases): return Namespace()',
  'class Made(metaclass=Meta):',
  '    first = [1]',
  '    second = first',
);

/** Calls 40 deep, each with sixteen long strings: steps of 8 frames of 16 names, about 18 KB each. */
const BIG_STEPS = py(
  `def deep(n, ${Array.from({ length: 16 }, (_, i) => `s${i}`).join(', ')}):`,
  '    if n:',
  `        deep(n - 1, ${Array.from({ length: 16 }, (_, i) => `s${i}`).join(', ')})`,
  `deep(40, ${Array.from({ length: 16 }, (_, i) => `"${String.fromCharCode(97 + i)}" * 200`).join(', ')})`,
);

describe('the step-through trace', () => {
  it('traces the parent/child example: refs changing as the objects link up, pictures on changing steps', async () => {
    const trace = traceOf(await check(sandbox, PARENT_CHILD_EXAMPLE));
    expect(trace).toMatchObject({ cut: false, interfered: false });
    const appended = stepAt(trace, 9, 'child: refs 1 → 2');
    expect(nameIn(appended.frames[0]!, 'child')).toMatchObject({ type: 'Node', refs: 2, repr: '<Node object>' });
    stepAt(trace, 10, 'parent: refs 1 → 2');
    const shared = stepAt(trace, 12, 'a: refs 1 → 2');
    expect(changesOf(shared)).toContain('bound b');
    const module = shared.frames[0]!;
    expect(nameIn(module, 'b').object).toBe(nameIn(module, 'a').object);
    expect(nameIn(module, 'a')).toMatchObject({ type: 'list', length: 3, refs: 2, repr: '[1, 2, 3]' });
    // The picture after the last line: the same graph the report draws, b sharing a's box.
    expect(shared.snapshot).toBe(trace.snapshots.length - 1);
    const picture = trace.snapshots[shared.snapshot!]!;
    expect(picture.roots.map((r) => r.name)).toEqual(['parent', 'child', 'a', 'b']);
    expect(picture.nodes.find((n) => n.type === 'list')).toMatchObject({ refs: 2, sharedBy: ['a', 'b'] });
    // Steps that changed nothing point at the picture before them.
    const quiet = trace.steps.filter((s) => s.changes.length === 0 && s.snapshot !== null);
    expect(quiet.length).toBeGreaterThan(0);
    for (const step of trace.steps) expect(step.snapshot === null || step.snapshot < trace.snapshots.length).toBe(true);
  });

  it('shows a call as a frame with its locals, then the locals gone when it returns', async () => {
    const trace = traceOf(await check(sandbox, py(
      'def grow(items):',
      '    more = items + [4]',
      '    return more',
      'data = [1, 2, 3]',
      'bigger = grow(data)',
    )));
    const inside = trace.steps.find((s) => s.frames.length === 2 && s.frames[1]!.names.some((n) => n.name === 'more'));
    if (!inside) throw new Error('no step inside grow with its local `more`');
    expect(inside.frames.map((f) => f.function)).toEqual(['<module>', 'grow']);
    const [module, call] = inside.frames as [StepFrame, StepFrame];
    // The argument is the caller's list itself: one label, two references (data and items).
    expect(nameIn(call, 'items').object).toBe(nameIn(module, 'data').object);
    expect(nameIn(call, 'items')).toMatchObject({ refs: 2, length: 3 });
    expect(nameIn(call, 'more')).toMatchObject({ type: 'list', length: 4, refs: 1 });
    const after = stepAt(trace, 5, 'gone grow·items');
    expect(changesOf(after)).toEqual(expect.arrayContaining(['gone grow·more', 'bound bigger']));
    expect(after.frames).toHaveLength(1);
    expect(nameIn(after.frames[0]!, 'bigger').object).toBe(nameIn(call, 'more').object);
  });

  it('cuts a loop of 10,000 iterations at 500 steps', async () => {
    const report = await check(sandbox, py('total = 0', 'for i in range(10_000):', '    total += i', 'print(total)'));
    const trace = traceOf(report);
    expect(report.stdout).toBe('49995000\n');
    expect(trace.steps).toHaveLength(stepLimits.steps);
    expect(trace).toMatchObject({ cut: true, interfered: false });
    expect(trace.snapshots.length).toBeLessThanOrEqual(stepLimits.snapshots);
  });

  it('never runs the program\'s __len__, __repr__, __eq__, __hash__, __getattr__ or properties, and bounds every name and repr', async () => {
    const report = await check(sandbox, HOSTILE_OBJECTS);
    expect(report.stdout).toBe('');
    const trace = traceOf(report);
    const grown = stepAt(trace, 17, 'sly: length 2 → 3');
    expect(nameIn(grown.frames[0]!, 'sly')).toMatchObject({ type: 'Sly', length: 3, repr: '<Sly object>' });
    expect(nameIn(grown.frames[0]!, 'loud')).toMatchObject({ type: 'Loud', length: null, repr: '<Loud object>' });
    const last = trace.steps.at(-1)!.frames[0]!;
    const huge = last.names.find((n) => n.name.startsWith('nnn'));
    expect(huge?.name.length).toBeLessThanOrEqual(48);
    expect(huge?.length).toBe(100_000);
    expect(huge?.repr.length).toBeLessThanOrEqual(stepLimits.repr);
    // A class body whose namespace is the metaclass's dict subclass, read as a plain dict.
    const body = trace.steps.find((s) => s.frames.at(-1)?.function === 'Made' && s.frames.at(-1)!.names.some((n) => n.name === 'second'));
    expect(body?.frames.at(-1)?.names.map((n) => n.name)).toEqual(['first', 'second']);
  });

  it('notes the collections that ran during a line', async () => {
    const trace = traceOf(await check(sandbox, py('import gc', 'a = []', 'a.append(a)', 'del a', 'gc.collect()')));
    const collected = stepAt(trace, 5, 'collected 2');
    expect(collected.gc[2]).toBeGreaterThan(0);
  });

  it('stops recording before the trace passes its size cap', async () => {
    const report = await check(sandbox, BIG_STEPS);
    const trace = traceOf(report);
    expect(trace.cut).toBe(true);
    expect(trace.steps.length).toBeLessThan(50);
    expect(JSON.stringify(trace).length).toBeLessThanOrEqual(stepLimits.json);
    expect(JSON.stringify(trace).length).toBeGreaterThan(stepLimits.json * 0.9);
  });

  it('caps the frames of a deep recursion: the module and the innermost calls', async () => {
    const trace = traceOf(await check(sandbox, py(
      'def down(n, keep):',
      '    if n == 0:',
      '        return keep',
      '    return down(n - 1, keep)',
      'result = down(200, [1])',
    )));
    const deepest = Math.max(...trace.steps.map((s) => s.frames.length));
    expect(deepest).toBe(stepLimits.frames);
    const deep = trace.steps.find((s) => s.frames.length === stepLimits.frames)!;
    expect(deep.frames.map((f) => f.function)).toEqual(['<module>', ...Array(stepLimits.frames - 1).fill('down')]);
  });

  describe('a program that interferes with the tracer', () => {
    // Reached without naming it: a program that names sys.monitoring is not traced at all.
    const monitoring = 'm = getattr(sys, "moni" + "toring")';

    it.each([
      ['frees its tool', 'm.free_tool_id(5)'],
      ['replaces its line callback', 'm.register_callback(5, m.events.LINE, lambda *args: print("RAN theirs") or None)'],
      ['switches its events off', 'm.set_local_events(5, sys._getframe().f_code, 0)'],
    ])('%s: the trace says so and keeps the steps before', async (_, interference) => {
      const report = await check(sandbox, py('import sys', monitoring, 'x = [1]', interference, 'y = [2]', 'z = [3]'));
      const trace = traceOf(report);
      expect(trace.interfered).toBe(true);
      expect(trace.steps.flatMap(changesOf)).toContain('bound x');
      expect(trace.steps.flatMap(changesOf)).not.toContain('bound z');
      expect(report.variables.map((v) => v.name)).toEqual(['x', 'y', 'z']);
    });

    it('switches the tool\'s global events off: nothing to interfere with (the tracer\'s events are local)', async () => {
      const trace = traceOf(await check(sandbox, py('import sys', monitoring, 'x = [1]', 'm.set_events(5, 0)', 'y = [2]', 'z = [3]')));
      expect(trace.interfered).toBe(false);
      expect(trace.steps.flatMap(changesOf)).toEqual(expect.arrayContaining(['bound x', 'bound y', 'bound z']));
    });

    it('turns its events on everywhere with a callback of its own: that callback never sees the measuring', async () => {
      const report = await check(sandbox, py(
        'import sys',
        monitoring,
        'def spy(code, line):',
        '    if code.co_filename.startswith("<memtutor"):',
        '        print("SAW", code.co_filename)',
        'm.register_callback(5, m.events.LINE, spy)',
        'm.set_events(5, m.events.LINE)',
        'x = [1]',
      ));
      expect(report.stdout).toBe('');
      expect(traceOf(report).interfered).toBe(true);
      expect(report.variables.map((v) => v.name)).toEqual(['x']);
    });
  });

  it('leaves a program that uses sys.monitoring itself untraced, with tool 5 free for it', async () => {
    const report = await check(sandbox, py('import sys', 'sys.monitoring.use_tool_id(5, "mine")', 'print(sys.monitoring.get_tool(5))'));
    expect(report.stdout).toBe('mine\n');
    expect(report.steps).toBeUndefined();
  });

  it('has no trace when the program runs out of memory', async () => {
    const report = await check(sandbox, py('x = [1]', 'y = bytearray(2**30)'));
    expect(report.status).toBe('memory_limit');
    expect(report.steps).toBeUndefined();
  });

  it('keeps the tracer\'s bytes out of tracemalloc\'s figures', async () => {
    const program = py('rows = [[i] * 10 for i in range(200)]', 'for row in rows:', '    row.append(0)', 'del row');
    const traced = await check(sandbox, program);
    // A comment naming settrace makes the same program run untraced (see sandbox/child/trace.mjs).
    const untraced = await check(sandbox, `${program}# no settrace here\n`);
    expect(traced.steps?.steps.length).toBeGreaterThan(100);
    expect(untraced.steps).toBeUndefined();
    const drift = (key: 'current' | 'peak') => Math.abs(traced.memory![key] - untraced.memory![key]);
    expect(traced.memory!.top.map((t) => t.line)).toEqual(untraced.memory!.top.map((t) => t.line));
    expect(drift('current')).toBeLessThan(1024);
    expect(drift('peak')).toBeLessThan(4096);
  });

  it('caps as the contract says (sandbox/steps.ts and measure/trace.py agree)', () => {
    const tracer = readFileSync(new URL('../../sandbox/child/measure/trace.py', import.meta.url), 'utf8');
    const constant = (name: string) => Number(new RegExp(`^${name} = (.+)$`, 'm').exec(tracer)?.[1]?.split('*').reduce((a, b) => a * Number(b), 1));
    expect({
      steps: constant('STEP_LIMIT'), snapshots: constant('SNAPSHOT_LIMIT'), frames: constant('FRAME_LIMIT'),
      names: constant('NAME_LIMIT'), changes: constant('CHANGE_LIMIT'), repr: constant('STEP_REPR'), json: constant('JSON_LIMIT'),
    }).toEqual(stepLimits);
  });
});

describe('the step-through trace in the child\'s message', () => {
  const loud = sandboxForFile(() => testSandbox({ poolSize: 1, outputKb: 128 }));

  it('drops the trace, not the output, when both would not fit', async () => {
    // 100,000 control characters are 600,000 characters of JSON: with a full-size trace, too much.
    const report = await check(loud, `${BIG_STEPS}print("\\x01" * 100_000, end="")\n`);
    expect(report.stdout).toBe('\x01'.repeat(100_000));
    expect(report.truncated).toBe(false);
    expect(report.steps).toBeUndefined();
    expect(report.error).toBeNull();
  });

  it('keeps the trace when it fits', async () => {
    const report = await check(loud, `${BIG_STEPS}print("\\x01" * 1_000, end="")\n`);
    expect(report.steps?.cut).toBe(true);
  });
});
