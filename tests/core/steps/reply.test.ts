// One step as a Reply: caption, source, frames, notes, buttons and their disabled states, and how
// hostile trace data (names and reprs from the program) stays bounded and escaped.
import { describe, expect, it } from 'vitest';
import type { StepRun } from '../../../src/core/store/store.js';
import { parseStepAction } from '../../../src/core/steps/navigation.js';
import { EXPIRED_STEPS_REPLY, sourceLinesOf, stepCaption, stepReply } from '../../../src/core/steps/reply.js';
import { expectWithinPlatformLimits } from '../../support/platform-limits.js';
import { moduleFrame, parentChildTrace, PARENT_CHILD_LINES, step, stepName, stepTrace } from '../../support/steps.js';
import type { StepTrace } from '../../../src/core/memcheck/report.js';

const run = (trace: StepTrace = parentChildTrace(), sourceLines = PARENT_CHILD_LINES): StepRun => ({
  id: 'Ab3_x-9Z', trace, sourceLines, python: '3.14.0', createdAt: 0, expiresAt: 1,
});

const buttonsOf = (number: number, r = run()) =>
  Object.fromEntries(stepReply(r, number, undefined).buttons!.map((b) => [b.label, { to: parseStepAction(b.action.split(':').slice(1))?.step, disabled: b.disabled ?? false }]));

describe('step reply', () => {
  it('captions the step with its line and what changed, and shows the line\'s source', () => {
    const reply = stepReply(run(), 9, undefined);
    expect(reply.body.split('\n')[0]).toBe('**step 9/11 · line 10 · `parent`: 1 → 2 refs**');
    expect(reply.body).toContain('```\nchild.parent = parent\n```');
    expect(reply.body).toContain('<module> (line 10)\n  Node: type · immortal · <class \'Node\'>\n  parent: Node · 2 refs · <Node object>');
    expect(reply.title).toBe('Step-through');
    expect(reply.footer).toContain('3.14.0');
  });

  it('says when a step changed nothing, and counts changes past the caption\'s three', () => {
    const trace = parentChildTrace();
    expect(stepCaption(trace.steps[1]!, 2, 11)).toBe('step 2/11 · line 3 · no memory change');
    const many = step(4, [], [
      { kind: 'bound', name: 'x', type: 'int' },
      { kind: 'gone', name: 'y' },
      { kind: 'length', name: 'a', from: 3, to: 4 },
      { kind: 'collected', generation: 0 },
    ], null, { moreChanges: 2 });
    expect(stepCaption(many, 4, 9)).toBe('step 4/9 · line 4 · `x` bound (`int`), `y` gone, `a`: len 3 → 4, +3 more');
  });

  it('shows the frames of a call: the module\'s names and the function\'s locals', () => {
    const reply = stepReply(run(), 3, undefined);
    expect(reply.body).toContain('<module> (line 7)');
    expect(reply.body).toContain('__init__ (line 4)\n  self: Node · 1 ref · <Node object>\n  value: int · immortal · 1');
  });

  it('disables the buttons that lead nowhere, and gives each button its own action id', () => {
    expect(buttonsOf(1)).toEqual({
      '◀ Back': { to: 1, disabled: true },
      '▶ Next': { to: 2, disabled: false },
      '⏭ Last step': { to: 11, disabled: false },
      'Next memory change': { to: 5, disabled: false },
    });
    expect(buttonsOf(11)).toEqual({
      '◀ Back': { to: 10, disabled: false },
      '▶ Next': { to: 11, disabled: true },
      '⏭ Last step': { to: 11, disabled: true },
      'Next memory change': { to: 11, disabled: true },
    });
    const actions = stepReply(run(), 11, undefined).buttons!.map((b) => b.action);
    expect(new Set(actions).size).toBe(4);
    for (const action of actions) expect(action.length).toBeLessThanOrEqual(100);
  });

  it('skips steps that change nothing with "next memory change"', () => {
    expect(buttonsOf(5)['Next memory change']).toEqual({ to: 7, disabled: false });
  });

  it('notes a cut trace and a tracer the program switched off, and a step before any picture', () => {
    const trace = { ...parentChildTrace(), cut: true, interfered: true };
    const reply = stepReply(run(trace), 1, undefined);
    expect(reply.body).toContain('The trace was cut at step 11');
    expect(reply.body).toContain('The program switched the tracer off');
    expect(reply.body).toContain('No picture yet');
    expect(reply.picture).toBeUndefined();
  });

  it('shows the snapshot\'s picture when one was drawn', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const reply = stepReply(run(), 5, { ok: true, png, alt: 'parent → Node', caption: [], sketch: 'parent ─▶ Node' });
    expect(reply.picture).toBe('step-5.png');
    expect(reply.attachments).toEqual([{ kind: 'image', filename: 'step-5.png', data: png, alt: 'parent → Node', sketch: 'parent ─▶ Node' }]);
  });

  it('keeps hostile names and reprs on one line, inside their code, and within every platform\'s limits', () => {
    const evil = '`x`\n```\n**@everyone** <!channel> ' + '\u202e'.repeat(3);
    const name = (i: number) => stepName(`${evil}${i}`.slice(0, 48), evil.slice(0, 48), `o${i}`, { repr: `${evil}${'y'.repeat(80)}`.slice(0, 80) });
    const frame = { ...moduleFrame(1, Array.from({ length: 16 }, (_, i) => name(i))), function: evil.slice(0, 48), moreNames: 1000 };
    const changes = Array.from({ length: 8 }, (_, i) => ({ kind: 'refs' as const, name: evil.slice(0, 48), from: i, to: i + 1 }));
    const trace = stepTrace(Array.from({ length: 3 }, () => step(1, Array.from({ length: 8 }, () => frame), changes, null, { moreChanges: 99 })), [], { cut: true, interfered: true });
    const reply = stepReply(run(trace, [`print("${'```'.repeat(50)}")`.repeat(20)]), 2, undefined);
    expectWithinPlatformLimits(reply);
    const caption = reply.body.split('\n')[0]!;
    expect(caption).toContain('+104 more');
    expect(caption).not.toContain('```');
    // Every fence opens and closes on a line of its own: nothing from the trace opened or closed one.
    expect(reply.body.split('\n').filter((line) => line.startsWith('```')).length % 2).toBe(0);
    expect(reply.body.match(/^```/gm)).toHaveLength(4);
    expect(reply.body).toContain('… 4 more frames');
    expect(reply.body).toContain('…and 1008 more');
  });

  it('numbers the source lines as Python does, whatever the line endings', () => {
    expect(sourceLinesOf('a = 1\r\nb = 2\rc = 3\nd = 4')).toEqual(['a = 1', 'b = 2', 'c = 3', 'd = 4']);
  });

  it('answers an expired run privately, pointing at a new check', () => {
    expect(EXPIRED_STEPS_REPLY).toMatchObject({ ephemeral: true });
    expect(EXPIRED_STEPS_REPLY.body).toContain('expired (traces are kept 24 hours): run the check again');
  });
});
