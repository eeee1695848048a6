// A MemoryCheck that records the code it is given and answers with an empty `ok` report built by
// the sandbox's own report builder: for tests about what reaches the check, not about the sandbox.
import type { MemoryCheck } from '../../src/core/memcheck/service.js';
import { emptyReport } from '../../sandbox/report-builder.js';

export interface RecordingMemoryCheck extends MemoryCheck {
  readonly checked: string[];
}

export function recordingMemoryCheck(): RecordingMemoryCheck {
  const checked: string[] = [];
  return {
    checked,
    async check(code) {
      checked.push(code);
      return emptyReport('ok', null, { python: '3.14', pyodideVersion: 'test', timeoutMs: 5000, memoryMb: 256, outputKb: 64 });
    },
    status: () => ({ started: false, children: [], waiting: 0, warm: 0 }),
    close: async () => {},
  };
}

/** The guide's parent/child example (lesson 7) plus a list shared by two names: the picture's reference program. */
export const PARENT_CHILD_EXAMPLE = [
  'class Node:',
  '    def __init__(self, value):',
  '        self.value = value',
  '        self.children = []',
  '        self.parent = None',
  '',
  'parent = Node(1)',
  'child = Node(2)',
  'parent.children.append(child)',
  'child.parent = parent',
  'a = [1, 2, 3]',
  'b = a',
  '',
].join('\n');
