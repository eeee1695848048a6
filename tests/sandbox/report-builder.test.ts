// buildReport on its own: every way a run can end (killed, crashed, refused, stopped, measured,
// measure-failed) becomes the right status, error and hints, without starting a sandbox.
import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../sandbox/process.js';
import type { Measured, RunResult, WorkerResult } from '../../sandbox/protocol.js';
import { buildReport, codeText, measuredHints } from '../../sandbox/report-builder.js';
import { memoryReportSchema } from '../../sandbox/report.js';

const context = { python: '3.14.2', pyodideVersion: '314.0.7', timeoutMs: 5000, memoryMb: 128, outputKb: 64, totalMs: 12.345 };
const emptyGraph = { roots: [], moreRoots: 0, nodes: [], stubs: [], totalObjects: 0 };
const noFacts = { usesWeakref: false, usesTracemalloc: false, classLines: {}, attributeAssignments: {}, functionsWithLocals: {} };

function measured(overrides: Partial<Measured> = {}): Measured {
  return {
    error: null,
    variables: [],
    moreVariables: 0,
    cycles: [],
    cycleAttributes: [],
    gc: { enabled: true, countBefore: [0, 0, 0], countAfter: [3, 0, 0], collections: [0, 0, 0] },
    memory: { current: 100, peak: 200, top: [] },
    manyInstances: [],
    ...overrides,
  };
}

function measuredWorker(overrides: Partial<Extract<WorkerResult, { phase: 'measured' }>> = {}): WorkerResult {
  return {
    phase: 'measured',
    runMs: 1.5,
    hints: [],
    facts: noFacts,
    measured: measured(),
    garbage: { collectedAtEnd: 4, collectedMine: 4, uncollectable: 0, cycles: [], cycleAttributes: [], graph: emptyGraph },
    ...overrides,
  };
}

function ran(worker: WorkerResult | null, overrides: Partial<RunResult> = {}): RunOutcome {
  const result: RunResult = { stop: 'none', worker, crash: null, stdout: 'hi\n', stderr: '', truncated: false, memoryCapHit: false, ...overrides };
  return { kind: 'result', result, reused: false };
}

describe('buildReport', () => {
  it('turns a measured run into an ok report with the gc counts of the final collection', () => {
    const report = buildReport(ran(measuredWorker()), context);
    expect(memoryReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ status: 'ok', error: null, stdout: 'hi\n', gc: { collectedAtEnd: 4, uncollectable: 0 } });
    expect(report.timing).toEqual({ runMs: 1.5, totalMs: 12.35 });
    expect(report.platform).toBe('CPython 3.14 on 32-bit WebAssembly (Pyodide 314.0.7): sizes are smaller than on a 64-bit desktop');
  });

  it('reports the program\'s exception as an error, and a MemoryError as the memory limit', () => {
    const raised = { type: 'ValueError', message: 'bad', line: 2, traceback: 'Traceback…' };
    expect(buildReport(ran(measuredWorker({ measured: measured({ error: raised }) })), context)).toMatchObject({ status: 'error', error: raised });
    const oom = { ...raised, type: 'MemoryError', message: '' };
    expect(buildReport(ran(measuredWorker({ measured: measured({ error: oom }) })), context).status).toBe('memory_limit');
  });

  it('says a run killed at its time limit has no measurements, keeping the output it printed', () => {
    const timedOut = buildReport(ran(null, { stop: 'timeout', stdout: 'partial' }), context);
    expect(timedOut).toMatchObject({ status: 'timeout', stdout: 'partial', variables: [], gc: null, error: { type: 'Timeout' } });
    expect(timedOut.error?.message).toMatch(/^The program was stopped after 5 s, the time limit\. It did not stop when interrupted .* there are no measurements\.$/);
  });

  it('reports a run interrupted at its time limit with its measurements and the line where it stopped', () => {
    const interrupted = { type: 'KeyboardInterrupt', message: '', line: 3, traceback: 'Traceback…' };
    const names = [{ name: 'seen', type: 'list', size: 88, deepSize: 400, refcount: 1, immortal: false, sameAs: [], repr: '[0, 1, 2]' }];
    const report = buildReport(ran(measuredWorker({ measured: measured({ error: interrupted, variables: names }) }), { stop: 'timeout' }), context);
    expect(report).toMatchObject({ status: 'timeout', error: { type: 'Timeout', line: 3 }, gc: { collectedAtEnd: 4 }, variables: names });
    expect(report.error?.message).toBe('The program was stopped after 5 s, the time limit. These are its names as they were at that moment (the line is where it was stopped).');
  });

  it('reports a run whose output was cut as output_limit with its measurements, unless something worse happened', () => {
    const chatty = buildReport(ran(measuredWorker(), { truncated: true }), context);
    expect(chatty).toMatchObject({ status: 'output_limit', truncated: true, error: { type: 'OutputLimit' }, gc: { collectedAtEnd: 4 } });
    expect(chatty.error?.message).toBe('The program printed more than 64 KiB: the output below is cut at 64 KiB, and the program ran on to its end, so the measurements are complete.');
    const raised = { type: 'ValueError', message: 'bad', line: 2, traceback: 'Traceback…' };
    expect(buildReport(ran(measuredWorker({ measured: measured({ error: raised }) }), { truncated: true }), context)).toMatchObject({ status: 'error', truncated: true, error: raised });
  });

  it('reports a cancelled run, or one cancelled before a child took it, as cancelled without numbers', () => {
    expect(buildReport(ran(measuredWorker(), { stop: 'cancelled' }), context)).toMatchObject({ status: 'cancelled', error: { type: 'Cancelled' }, gc: null, variables: [] });
    expect(buildReport({ kind: 'cancelled' }, context)).toMatchObject({ status: 'cancelled', error: { type: 'Cancelled' } });
  });

  it('tells a killed run by its reason and a dead worker by the memory cap', () => {
    expect(buildReport({ kind: 'killed', reason: 'timeout', detail: 'hard deadline' }, context).status).toBe('timeout');
    expect(buildReport({ kind: 'killed', reason: 'memory', detail: 'rss' }, context)).toMatchObject({ status: 'memory_limit', error: { message: 'The program needed more than the 128 MiB of memory it may use.' } });
    expect(buildReport(ran(null, { memoryCapHit: true }), context).status).toBe('memory_limit');
    expect(buildReport(ran(null, { crash: 'the interpreter exited' }), context)).toMatchObject({ status: 'crashed', error: { type: 'SandboxCrash' } });
  });

  it('says why a refused report is missing, and that a plain crash loses nothing', () => {
    const refused = buildReport({ kind: 'crashed', detail: 'its report was too big', refused: true }, context);
    expect(refused.error?.message).toBe('The check ran, but its report was too big, so there is no report. Try a smaller version of the program.');
    const crashed = buildReport({ kind: 'crashed', detail: 'killed' }, context);
    expect(crashed.error?.message).toMatch(/^The sandbox stopped unexpectedly/);
    expect(crashed.error?.message).not.toContain('killed');
  });

  it('keeps the program\'s status when measuring what it left went past the limits, with a hint saying so', () => {
    const failed: WorkerResult = { phase: 'measure-failed', runMs: 3, hints: [], failure: 'MemoryError', programErrorType: null };
    const report = buildReport(ran(failed), context);
    expect(report).toMatchObject({ status: 'ok', variables: [], gc: null });
    expect(report.hints.map((h) => h.id)).toEqual(['too-big-to-measure']);
    const raisedThenFailed = buildReport(ran({ ...failed, programErrorType: 'KeyError' }), context);
    expect(raisedThenFailed).toMatchObject({ status: 'error', error: { type: 'KeyError' } });
  });

  it('sorts hints by line, unplaced ones last', () => {
    const hints = [
      { id: 'late', line: null, message: 'no line' },
      { id: 'second', line: 9, message: 'nine' },
      { id: 'first', line: 2, message: 'two' },
    ];
    const report = buildReport(ran(measuredWorker({ hints })), context);
    expect(report.hints.map((h) => h.id)).toEqual(['first', 'second', 'late']);
  });
});

describe('measuredHints', () => {
  const cyclic = measured({ cycles: ['a → b → a'], cycleAttributes: ['next'] });

  it('points a cycle built through an attribute at the line that closed it, unless the program uses weakref', () => {
    const facts = { ...noFacts, attributeAssignments: { next: 7 } };
    const [hint] = measuredHints(cyclic, { cycles: [], cycleAttributes: [] }, facts);
    expect(hint).toMatchObject({ id: 'cycle-without-weakref', line: 7 });
    expect(hint?.message).toContain('`a → b → a`');
    expect(measuredHints(cyclic, { cycles: [], cycleAttributes: [] }, { ...facts, usesWeakref: true })).toEqual([]);
  });

  it('suggests __slots__ for many instances, with the count written for people', () => {
    const many = measured({ manyInstances: [{ class: 'Point', count: 12000, line: 3, bytesEach: 152 }] });
    const [hint] = measuredHints(many, { cycles: [], cycleAttributes: [] }, noFacts);
    expect(hint).toMatchObject({ id: 'many-instances-without-slots', line: 3 });
    expect(hint?.message).toContain('12,000 `Point` objects');
  });
});

describe('codeText', () => {
  it('keeps program-made names inside inline code: no backticks, no line breaks, capped', () => {
    expect(codeText('a`b\n\tc')).toBe('aʼb c');
    expect(codeText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
