// Shared by the picture tests: the example graphs (as the child folds them) and PNG checks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { memoryGraphSchema, type MemoryGraph } from '../../sandbox/graph.js';
import { REPO_ROOT } from '../support/cli.js';

export const examples = ['parent-child', 'parent-child-freed', 'folded'] as const;

export function fixtureGraph(name: (typeof examples)[number]): MemoryGraph {
  return memoryGraphSchema.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/graphs', `${name}.json`), 'utf8')));
}

/** The graph sandbox/child/graph.py folds from one of tests/sandbox/picture/raw_graphs.py's raw graphs. */
export function foldedByChild(name: string): unknown {
  const script = path.join(REPO_ROOT, 'tests/sandbox/picture/raw_graphs.py');
  return JSON.parse(execFileSync('python3', [script, name], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** Share of pixels as dark as body text (#1f2328); borders, arrows and fills are all lighter. */
export function darkTextShare(png: Uint8Array): { width: number; height: number; share: number } {
  const image = PNG.sync.read(Buffer.from(png));
  let dark = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const luminance = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
    if (luminance < 70) dark++;
  }
  return { width: image.width, height: image.height, share: dark / (image.width * image.height) };
}
