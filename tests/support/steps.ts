// Step-through traces as INPUT DATA for tests of the store, the core and the front ends: hand-built
// to satisfy the sandbox's `stepTraceSchema` (every builder parses what it returns), so these tests
// do not depend on the sandbox recording them. The real recording is tested in tests/sandbox/.
import { readFileSync } from 'node:fs';
import { memoryGraphSchema, type MemoryGraph } from '../../sandbox/graph.js';
import { stepLimits, stepTraceSchema, type Step, type StepChange, type StepFrame, type StepName, type StepTrace } from '../../sandbox/steps.js';
import { emptyReport } from '../../sandbox/report-builder.js';
import type { MemoryReport } from '../../src/core/memcheck/report.js';
import { PARENT_CHILD_EXAMPLE } from './memcheck.js';

const parentChildGraph = memoryGraphSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/graphs/parent-child.json', import.meta.url), 'utf8')));

/** The parent/child picture with only the given names drawn: the snapshot after those names were bound. */
function graphWith(names: string[]): MemoryGraph {
  return { ...parentChildGraph, roots: parentChildGraph.roots.filter((r) => names.includes(r.name)) };
}

export function stepName(name: string, type: string, object: string, overrides: Partial<StepName> = {}): StepName {
  return { name, type, object, refs: 1, length: null, repr: `<${type} object>`, ...overrides };
}

export function moduleFrame(line: number, names: StepName[]): StepFrame {
  return { function: '<module>', line, names, moreNames: 0 };
}

export function step(line: number, frames: StepFrame[], changes: StepChange[], snapshot: number | null, overrides: Partial<Step> = {}): Step {
  return { line, frames, changes, moreChanges: 0, gc: [0, 0, 0], snapshot, ...overrides };
}

export function stepTrace(steps: Step[], snapshots: MemoryGraph[], flags: Partial<Pick<StepTrace, 'cut' | 'interfered'>> = {}): StepTrace {
  return stepTraceSchema.parse({ steps, snapshots, cut: false, interfered: false, ...flags });
}

export const PARENT_CHILD_LINES = PARENT_CHILD_EXAMPLE.split('\n');

/**
 * PARENT_CHILD_EXAMPLE as the tracer would record it: 11 steps, of which 3 (inside `__init__`) change
 * nothing the program names; 6 snapshots.
 */
export function parentChildTrace(): StepTrace {
  const node = stepName('Node', 'type', 'o1', { refs: null, repr: "<class 'Node'>" });
  const parent = stepName('parent', 'Node', 'o2');
  const child = stepName('child', 'Node', 'o3');
  const list = (name: string, refs: number) => stepName(name, 'list', 'o4', { refs, length: 3, repr: '[1, 2, 3]' });
  const init = (line: number, self: string) => ({ function: '__init__', line, names: [stepName('self', 'Node', self), stepName('value', 'int', 'o9', { refs: null, repr: '1' })], moreNames: 0 });
  const module = (line: number, ...names: StepName[]) => moduleFrame(line, [node, ...names]);
  return stepTrace(
    [
      step(1, [module(1)], [{ kind: 'bound', name: 'Node', type: 'type' }], null),
      step(3, [module(7), init(3, 'o2')], [], null),
      step(4, [module(7), init(4, 'o2')], [], null),
      step(5, [module(7), init(5, 'o2')], [], null),
      step(7, [module(7, parent)], [{ kind: 'bound', name: 'parent', type: 'Node' }], 0),
      step(3, [module(8, parent), init(3, 'o3')], [], 0),
      step(8, [module(8, parent, child)], [{ kind: 'bound', name: 'child', type: 'Node' }], 1),
      step(9, [module(9, parent, { ...child, refs: 2 })], [{ kind: 'refs', name: 'child', from: 1, to: 2 }], 2),
      step(10, [module(10, { ...parent, refs: 2 }, { ...child, refs: 2 })], [{ kind: 'refs', name: 'parent', from: 1, to: 2 }], 3),
      step(11, [module(11, parent, child, list('a', 1))], [{ kind: 'bound', name: 'a', type: 'list' }], 4),
      step(12, [module(12, parent, child, list('a', 2), list('b', 2))], [{ kind: 'bound', name: 'b', type: 'list' }, { kind: 'refs', name: 'a', from: 1, to: 2 }], 5),
    ],
    [['parent'], ['parent', 'child'], ['parent', 'child'], ['parent', 'child'], ['parent', 'child', 'a'], ['parent', 'child', 'a', 'b']].map(graphWith),
  );
}

/** A trace of about 340 KB of JSON (the sandbox passes at most 384 KB): the cap of steps and snapshots, for the store and the bench. */
export function largeTrace(): StepTrace {
  const names = Array.from({ length: 2 }, (_, i) => stepName(`name_${i}`, 'list', `o${i}`, { refs: i, length: i, repr: `[${'1, '.repeat(30)}…]`.slice(0, stepLimits.repr) }));
  const changes: StepChange[] = [{ kind: 'refs', name: 'name_1', from: 1, to: 2 }, { kind: 'length', name: 'name_0', from: 2, to: 3 }];
  const steps = Array.from({ length: stepLimits.steps }, (_, i) => step((i % 12) + 1, [moduleFrame((i % 12) + 1, names)], changes, Math.min(i, stepLimits.snapshots - 1)));
  const snapshots = Array.from({ length: stepLimits.snapshots }, () => parentChildGraph);
  return stepTrace(steps, snapshots, { cut: true });
}

/** An `ok` report carrying `trace`: input for the front ends' layout of the steps (the CLI's). */
export function reportWithSteps(trace: StepTrace): MemoryReport {
  const report = emptyReport('ok', null, { python: '3.14.0', pyodideVersion: 'test', timeoutMs: 5000, memoryMb: 256, outputKb: 64 });
  return { ...report, steps: trace };
}
