// `memtutor memcheck FILE --steps [--step-pictures DIR]`: the report's step-through without a chat.
// --steps prints every step as text (caption with the changes, the line's source, the frames);
// --step-pictures writes one PNG per snapshot, named after the first step that shows it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PictureMaker } from '../core/memcheck/picture.js';
import type { MemoryReport, StepTrace } from '../core/memcheck/report.js';
import { sourceLinesOf, stepMarkdown, traceNotes } from '../core/steps/reply.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import type { TerminalStyle } from '../adapters/terminal/style.js';

export interface StepsOutput {
  /** Print the steps on stdout (not with --json, whose stdout is the report alone). */
  text: boolean;
  picturesDir?: string;
  maker?: PictureMaker;
  style: TerminalStyle;
  stdout: NodeJS.WritableStream;
  /** Notes: where pictures went, or why there are none. */
  stderr: NodeJS.WritableStream;
}

export async function showSteps(report: MemoryReport, code: string, output: StepsOutput): Promise<void> {
  const trace = report.steps;
  if (!trace?.steps.length) {
    output.stderr.write('memtutor memcheck: no step-through for this program (the sandbox recorded no steps)\n');
    return;
  }
  const pictures = output.picturesDir && output.maker ? await writeSnapshotPictures(trace, output.picturesDir, output.maker, output.stderr) : new Map<number, string>();
  if (!output.text) return;
  const run = { trace, sourceLines: sourceLinesOf(code) };
  const heading = { title: `Step-through: ${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}`, body: 'Every line the program ran, with what it changed and the names it could see after.' };
  output.stdout.write(`\n${renderForTerminal(heading, { withChoices: false, style: output.style }).text}\n`);
  for (const [i, step] of trace.steps.entries()) {
    const file = step.snapshot === null ? undefined : pictures.get(step.snapshot);
    const body = `${stepMarkdown(run, i + 1)}${file ? `\n\npicture: \`${file}\`` : ''}`;
    output.stdout.write(`${renderForTerminal({ body }, { withChoices: false, style: output.style }).text}\n`);
  }
  const notes = traceNotes(run);
  if (notes) output.stdout.write(renderForTerminal({ body: notes }, { withChoices: false, style: output.style }).text);
}

/** Draws every snapshot into `dir` as `step-<n>.png` (n: the first step showing it); the files by snapshot index. */
async function writeSnapshotPictures(trace: StepTrace, dir: string, maker: PictureMaker, stderr: NodeJS.WritableStream): Promise<Map<number, string>> {
  await mkdir(dir, { recursive: true });
  const written = new Map<number, string>();
  for (const [i, step] of trace.steps.entries()) {
    const graph = step.snapshot === null || written.has(step.snapshot) ? undefined : trace.snapshots[step.snapshot];
    if (!graph) continue;
    const drawn = await maker.draw(graph);
    if (!drawn.ok) {
      if (!drawn.nothing) stderr.write(`memtutor memcheck: no picture for step ${i + 1} (${drawn.reason})\n`);
      continue;
    }
    const file = path.join(dir, `step-${i + 1}.png`);
    await writeFile(file, drawn.png);
    written.set(step.snapshot!, file);
  }
  stderr.write(`memtutor memcheck: ${written.size} step picture${written.size === 1 ? '' : 's'} written to ${dir}\n`);
  return written;
}
