// The child's folding rules (sandbox/child/graph.py): its own unit tests under plain python3, and
// its output for the example programs is the report contract and the fixtures the picture tests draw.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryGraphSchema } from '../../../sandbox/graph.js';
import { REPO_ROOT } from '../../support/cli.js';
import { examples, fixtureGraph, foldedByChild } from '../../picture/helpers.js';

describe('graph folding in the child', () => {
  it('passes its Python unit tests', () => {
    const output = execFileSync('python3', ['-m', 'unittest', path.join('tests/sandbox/picture/test_graph.py')], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe('');
  });

  for (const name of examples) {
    it(`folds ${name} into the graph the picture fixtures hold`, () => {
      expect(memoryGraphSchema.parse(foldedByChild(name))).toEqual(fixtureGraph(name));
    });
  }
});
