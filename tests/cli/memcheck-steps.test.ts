// `memtutor memcheck --steps / --step-pictures`: every step as text, one PNG per snapshot. The exact
// layout is checked in process on a report carrying a hand-built trace (tests/support/steps.ts), with
// the real picture renderer; the real command line runs against the real sandbox and its tracer.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { showSteps } from '../../src/cli/memcheck-steps.js';
import { PLAIN } from '../../src/adapters/terminal/style.js';
import { createPictureRenderer, pictureMaker } from '../../src/picture/index.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { PARENT_CHILD_EXAMPLE } from '../support/memcheck.js';
import { parentChildTrace, reportWithSteps } from '../support/steps.js';

const env = isolatedEnv({ SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
const renderer = createPictureRenderer();
afterAll(() => renderer.close());

function captured() {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { stream, text: () => text };
}

async function steps(options: { text: boolean; picturesDir?: string }, trace = parentChildTrace()) {
  const report = reportWithSteps(trace);
  const stdout = captured();
  const stderr = captured();
  await showSteps(report, PARENT_CHILD_EXAMPLE, { ...options, maker: pictureMaker(renderer), style: PLAIN, stdout: stdout.stream, stderr: stderr.stream });
  return { stdout: stdout.text(), stderr: stderr.text() };
}

describe('memcheck --steps', () => {
  it('prints every step: caption with its changes, the line\'s source and the frames', async () => {
    const { stdout } = await steps({ text: true });
    expect(stdout).toMatch(/^\n== Step-through: 11 steps ==\n/);
    expect(stdout.match(/^step \d+\/11 · line \d+ · /gm)).toHaveLength(11);
    expect(stdout).toContain('step 8/11 · line 9 · `child`: 1 → 2 refs\n\n    parent.children.append(child)\n');
    expect(stdout).toContain('    __init__ (line 5)\n      self: Node · 1 ref · <Node object>');
    expect(stdout).not.toContain('picture:');
  });

  it('--step-pictures writes one PNG per snapshot, named after the first step showing it, and the text points at them', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'memtutor-steps-')), 'pictures');
    const { stdout, stderr } = await steps({ text: true, picturesDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['step-10.png', 'step-11.png', 'step-5.png', 'step-7.png', 'step-8.png', 'step-9.png']);
    for (const file of readdirSync(dir)) expect(readFileSync(path.join(dir, file)).subarray(1, 4).toString()).toBe('PNG');
    expect(stderr).toBe(`memtutor memcheck: 6 step pictures written to ${dir}\n`);
    // Step 6 changed nothing: it shows the picture of step 5.
    const step6 = stdout.slice(stdout.indexOf('step 6/11'), stdout.indexOf('step 7/11'));
    expect(step6).toContain(`picture: \`${path.join(dir, 'step-5.png')}\``);
  }, 30_000);

  it('notes a cut trace at the end', async () => {
    const { stdout } = await steps({ text: true }, { ...parentChildTrace(), cut: true });
    expect(stdout.trimEnd().split('\n').at(-1)).toContain('The trace was cut at step 11');
  });

  it('runs on the real command line: the report, then every step the sandbox recorded, and the pictures', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'memtutor-steps-')), 'pictures');
    const result = await runCli(['memcheck', '-', '--steps', '--step-pictures', dir], { input: PARENT_CHILD_EXAMPLE, env });
    expect(result.code).toBe(0);
    const [report, steps] = result.stdout.split(/== Step-through: \d+ steps ==/);
    expect(report).toContain('Memory report');
    expect(steps).toMatch(/^step 1\/(\d+) · line 1 · no memory change\n\n {4}class Node:\n/m);
    expect(steps).toContain('· line 9 · `child`: 1 → 2 refs\n\n    parent.children.append(child)\n');
    expect(steps).toMatch(/· line 12 · `b` bound \(`list`\), `a`: 1 → 2 refs\n/);
    const pictures = readdirSync(dir);
    expect(pictures.length).toBeGreaterThan(2);
    for (const file of pictures) expect(steps).toContain(`picture: \`${path.join(dir, file)}\``);
    expect(result.stderr).toContain(`step pictures written to ${dir}`);
  }, 60_000);

  it('says so on stderr when the program recorded no steps (it did not compile)', async () => {
    const result = await runCli(['memcheck', '-', '--steps'], { input: 'x = (\n', env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SyntaxError');
    expect(result.stderr).toContain('no step-through for this program');
  }, 60_000);
});
