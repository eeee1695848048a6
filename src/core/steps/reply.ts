// One step of a step-through as a neutral Reply: a caption (`step 7/15 · line 9 · child: 1 → 2 refs`),
// the line's source, the frames with their names, the snapshot's picture and the buttons to move on.
// The trace comes from the sandbox and is hostile: every name and repr is cut, kept on one line and
// escaped before it reaches Markdown, and the number of frames, names and changes shown is bounded.
import type { Step, StepChange, StepFrame, StepName } from '../memcheck/report.js';
import type { DrawnPicture } from '../memcheck/picture.js';
import { cell, codeBlock, inline } from '../memcheck/reply.js';
import type { Attachment, Button, Reply } from '../messages.js';
import type { StepRun } from '../store/store.js';
import { nextMemoryChange, stepActionId } from './navigation.js';

/** Changes named in the caption; the rest are counted. */
const CAPTION_CHANGES = 3;
/** Frames shown: the module's and the innermost ones, with a line for those left out between. */
const SHOWN_FRAMES = 4;
const SHOWN_NAMES = 8;
const SOURCE_CHARS = 200;
const FRAME_LINE_CHARS = 110;

export const STEP_THROUGH_LABEL = '▶ Step through';

export const EXPIRED_STEPS_REPLY: Reply = {
  body: 'This step-through has expired (traces are kept 24 hours): run the check again to step through it.',
  tone: 'warning',
  ephemeral: true,
};

/** The program's lines as Python numbers them (it ends a line at \r\n, \r or \n): the steps' `line` indexes them. */
export function sourceLinesOf(code: string): string[] {
  return code.split(/\r\n|\r|\n/);
}

/** The ▶ Step through button under a memory report. */
export function stepThroughButton(runId: string): Button {
  return { label: STEP_THROUGH_LABEL, action: stepActionId(runId, 1, 'start'), style: 'primary' };
}

/** Step `number` (1-based, within the trace) of `run`, with the picture of its snapshot when one was drawn. */
export function stepReply(run: StepRun, number: number, picture: DrawnPicture | undefined): Reply {
  const step = run.trace.steps[number - 1]!;
  const image = picture?.ok ? pictureAttachment(number, picture) : undefined;
  const sections = [stepMarkdown(run, number), pictureNote(step, picture), traceNotes(run)].filter((s): s is string => Boolean(s));
  return {
    title: 'Step-through',
    body: sections.join('\n\n'),
    tone: 'info',
    footer: `Python ${cut(run.python, 40)} · traces are kept 24 hours`,
    buttons: stepButtons(run, number),
    ...(image ? { attachments: [image], picture: image.filename } : {}),
  };
}

/** A step in Markdown: its caption, the line's source and the frames (shared by the chat reply and `memcheck --steps`). */
export function stepMarkdown(run: Pick<StepRun, 'trace' | 'sourceLines'>, number: number): string {
  const { steps } = run.trace;
  const step = steps[number - 1]!;
  const sections = [
    `**${stepCaption(step, number, steps.length)}**`,
    codeBlock(cut(run.sourceLines[step.line - 1] ?? '', SOURCE_CHARS) || ' '),
    framesSection(step.frames),
  ];
  return sections.filter((s): s is string => Boolean(s)).join('\n\n');
}

/** `step 7/15 · line 9 · child: 1 → 2 refs` */
export function stepCaption(step: Step, number: number, total: number): string {
  const shown = step.changes.slice(0, CAPTION_CHANGES).map(changeText);
  const more = step.changes.length - shown.length + step.moreChanges;
  const changes = shown.length === 0 && more === 0 ? 'no memory change' : [...shown, ...(more > 0 ? [`+${more} more`] : [])].join(', ');
  return `step ${number}/${total} · line ${step.line} · ${changes}`;
}

function changeText(change: StepChange): string {
  switch (change.kind) {
    case 'bound':
      return `${name(change.name)} bound (${name(change.type)})`;
    case 'rebound':
      return `${name(change.name)} rebound (${name(change.type)})`;
    case 'gone':
      return `${name(change.name)} gone`;
    case 'refs':
      return `${name(change.name)}: ${change.from} → ${change.to} refs`;
    case 'length':
      return `${name(change.name)}: len ${change.from} → ${change.to}`;
    case 'collected':
      return `gc collected generation ${change.generation}`;
  }
}

/** A name from the trace as inline code: one line, no backtick to break out with. */
function name(text: string): string {
  return `\`${inline(text)}\``;
}

/** The stack, outermost first, as a plain block: `<module> (line 9)` then one line per name. */
function framesSection(frames: StepFrame[]): string | undefined {
  if (frames.length === 0) return undefined;
  const hidden = Math.max(0, frames.length - SHOWN_FRAMES);
  const shown = hidden > 0 ? [frames[0]!, ...frames.slice(hidden + 1)] : frames;
  const lines = shown.flatMap((frame, i) => [
    ...(hidden > 0 && i === 1 ? [`… ${hidden} more frame${hidden === 1 ? '' : 's'}`] : []),
    ...frameLines(frame),
  ]);
  return `**Frames** (names after the line ran)\n${codeBlock(lines.map((line) => cut(line, FRAME_LINE_CHARS)).join('\n'))}`;
}

function frameLines(frame: StepFrame): string[] {
  const names = frame.names.slice(0, SHOWN_NAMES).map(nameLine);
  const more = frame.names.length - names.length + frame.moreNames;
  return [`${cell(frame.function)} (line ${frame.line})`, ...names, ...(more > 0 ? [`  …and ${more} more`] : [])];
}

function nameLine(entry: StepName): string {
  const refs = entry.refs === null ? 'immortal' : `${entry.refs} ref${entry.refs === 1 ? '' : 's'}`;
  const length = entry.length === null ? '' : ` · len ${entry.length}`;
  return `  ${cell(entry.name)}: ${cell(entry.type)} · ${refs}${length} · ${cell(entry.repr)}`;
}

function pictureAttachment(number: number, picture: Extract<DrawnPicture, { ok: true }>): Attachment {
  return { kind: 'image', filename: `step-${number}.png`, data: picture.png, alt: picture.alt, sketch: picture.sketch };
}

/** Why there is no picture, when there is none to show. */
function pictureNote(step: Step, picture: DrawnPicture | undefined): string | undefined {
  if (step.snapshot === null) return '_No picture yet: the program has not made anything worth drawing._';
  if (picture && !picture.ok && !picture.nothing) return `_No picture this time (${inline(picture.reason)})._`;
  return undefined;
}

/** Why steps are missing: the trace was cut, or the program switched the tracer off. */
export function traceNotes(run: Pick<StepRun, 'trace'>): string | undefined {
  const notes = [
    run.trace.cut ? `✂️ The trace was cut at step ${run.trace.steps.length}: the program ran on past what a step-through keeps.` : '',
    run.trace.interfered ? '⚠️ The program switched the tracer off, so the steps after that point are missing.' : '',
  ].filter(Boolean);
  return notes.length ? notes.join('\n') : undefined;
}

/** ◀ ▶ ⏭ and next memory change; a button that would lead nowhere is disabled. */
function stepButtons(run: StepRun, number: number): Button[] {
  const total = run.trace.steps.length;
  const change = nextMemoryChange(run.trace.steps, number);
  const button = (label: string, to: number | undefined, move: 'back' | 'next' | 'last' | 'change'): Button => ({
    label,
    action: stepActionId(run.id, to ?? number, move),
    style: 'secondary',
    ...(to === undefined ? { disabled: true } : {}),
  });
  return [
    button('◀ Back', number > 1 ? number - 1 : undefined, 'back'),
    { ...button('▶ Next', number < total ? number + 1 : undefined, 'next'), style: 'primary' },
    button('⏭ Last step', number < total ? total : undefined, 'last'),
    button('Next memory change', change, 'change'),
  ];
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
