// A memory report as a neutral Reply: status line, variables table, gc and memory lines, cycles,
// hints pointing at lessons, and the program's output cut for chat with the full text attached.
import type { MemoryReport, ReportStatus, VariableReport } from './report.js';
import { textAttachment, type Attachment, type Reply, type Tone } from '../messages.js';
import { withinBytes } from '../limits.js';
import { lessonForHint } from './hint-lessons.js';

export const OUTPUT_MAX_LINES = 10;
export const OUTPUT_MAX_CHARS = 1000;
const MAX_TABLE_ROWS = 15;
/** Names shown in the "same object as" column; the rest are counted. */
const MAX_SAME_AS = 3;

const STATUS: Record<ReportStatus, { line: string; tone: Tone }> = {
  ok: { line: '✅ Ran fine', tone: 'success' },
  error: { line: '❌ Raised an error', tone: 'error' },
  timeout: { line: '⏱ Timed out', tone: 'warning' },
  memory_limit: { line: '💥 Out of memory', tone: 'warning' },
  output_limit: { line: '📜 Output too long', tone: 'warning' },
  rejected: { line: '🚫 Not run', tone: 'error' },
  crashed: { line: '⚠️ The sandbox failed', tone: 'error' },
  cancelled: { line: '🛑 Cancelled', tone: 'neutral' },
};

export interface ReportReplyOptions {
  /** A ▶ Step through button goes with the report: hints that a step-through answers say so. */
  stepThrough?: boolean;
}

export function memoryReportReply(report: MemoryReport, { stepThrough = false }: ReportReplyOptions = {}): Reply {
  const status = STATUS[report.status];
  const output = cutOutput(report.stdout + (report.stderr ? `${report.stdout && !report.stdout.endsWith('\n') ? '\n' : ''}${report.stderr}` : ''), report);
  const sections = [
    statusLine(report),
    variablesSection(report.variables, report.moreVariables),
    gcLine(report),
    memoryLine(report),
    cyclesSection(report.cycles),
    hintsSection(report, stepThrough),
    output.section,
  ].filter((s): s is string => Boolean(s));
  const attachments: Attachment[] = output.full ? [textAttachment('output.txt', withinBytes(output.full), 'The program\'s complete output')] : [];
  return {
    title: 'Memory report',
    body: sections.join('\n\n'),
    tone: status.tone,
    footer: `${report.platform} · ran in ${formatMs(report.timing.runMs)}, ${formatMs(report.timing.totalMs)} in all`,
    ...(attachments.length ? { attachments } : {}),
    ...(report.status === 'rejected' ? { ephemeral: true } : {}),
  };
}

function statusLine(report: MemoryReport): string {
  const error = report.error;
  if (!error) return `**${STATUS[report.status].line}**`;
  const where = error.line ? ` (line ${error.line})` : '';
  const what = error.message ? `${error.type}: ${error.message}` : error.type;
  const head = `**${STATUS[report.status].line}** · \`${inline(what)}\`${where}`;
  return report.status === 'error' && error.traceback ? `${head}\n${codeBlock(cutText(error.traceback, 12, 1200).text)}` : head;
}

function variablesSection(variables: VariableReport[], moreVariables: number): string | undefined {
  if (variables.length === 0) return undefined;
  const rows = variables.slice(0, MAX_TABLE_ROWS).map((v) => [
    cell(v.name),
    cell(v.type),
    String(v.size),
    v.deepCounted ? `≥ ${v.deepSize}` : String(v.deepSize),
    v.immortal ? 'immortal' : String(v.refcount ?? '?'),
    sameAsCell(v.sameAs),
  ]);
  const table = alignColumns([['name', 'type', 'size', 'deep', 'refs', 'same object as'], ...rows]);
  const hidden = Math.max(0, variables.length - MAX_TABLE_ROWS) + moreVariables;
  const more = hidden > 0 ? `\n…and ${hidden.toLocaleString('en')} more (see --json)` : '';
  const values = variables
    .slice(0, 5)
    .map((v) => `\`${inline(v.name)}\` = \`${inline(v.repr)}\``)
    .join(' · ');
  return `**Variables** (sizes in bytes; refs = references your program holds)\n${codeBlock(table)}${more}\n${values}${cutDeepNote(variables)}${holdersNote(variables)}`;
}

type Holder = NonNullable<VariableReport['heldBy']>[number];

/** Why refs is what it is, for the variables held more than once: the list adds up to refs. */
function holdersNote(variables: VariableReport[]): string {
  const held = variables.filter((v) => v.heldBy && (v.refcount ?? 0) > 1).slice(0, 5);
  if (held.length === 0) return '';
  const each = held.map((v) => `\`${inline(v.name)}\` (${v.refcount}): ${holdersText(v.heldBy ?? [], v.heldByMore ?? 0)}`);
  return `\n**Held by** ${each.join(' · ')}`;
}

function holdersText(holders: Holder[], more: number): string {
  const shown = holders.filter((h) => h.kind === 'name' || h.kind === 'item').map((h) => `\`${inline(h.where)}\``);
  const tail = more > 0 ? [`and ${more.toLocaleString('en')} more`] : [];
  const hidden = holders.filter((h) => h.kind !== 'name' && h.kind !== 'item').map(hiddenHolderText);
  return [...shown, ...tail, ...hidden].join(', ');
}

function hiddenHolderText(holder: Holder): string {
  if (holder.kind === 'constant') return `+${holder.count} held by the code's constants`;
  if (holder.kind === 'default') return `+${holder.count} held as the default of \`${inline(holder.where)}\``;
  return `+${holder.count} held by objects not named here`;
}

/** A deep size whose walk stopped at its object limit is a lower bound, and says so. */
function cutDeepNote(variables: VariableReport[]): string {
  const cut = variables.filter((v) => v.deepCounted);
  if (cut.length === 0) return '';
  const each = cut
    .slice(0, 3)
    .map((v) => `\`${inline(v.name)}\` ≥ ${formatBytes(v.deepSize)} (counted ${(v.deepCounted ?? 0).toLocaleString('en')} objects)`)
    .join(' · ');
  return `\nDeep sizes marked ≥ stopped counting: ${each}; the real size is larger.`;
}

/** A table cell: one line, as the sandbox capped it (64 characters). */
export function cell(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function sameAsCell(names: string[]): string {
  const shown = names.slice(0, MAX_SAME_AS).map(cell).join(', ');
  return names.length > MAX_SAME_AS ? `${shown} +${names.length - MAX_SAME_AS}` : shown;
}

function gcLine(report: MemoryReport): string | undefined {
  const gc = report.gc;
  if (!gc) return undefined;
  const collections = gc.collections.join('/');
  const freed = gc.collectedAtEnd > 0 ? `a final collection freed ${finalCollectionText(gc)}` : 'nothing was left for a final collection';
  const uncollectable = gc.uncollectable > 0 ? ` · ${gc.uncollectable} uncollectable` : '';
  return `**Garbage collector** ${gc.enabled ? 'on' : 'off'} · collections while running (gen 0/1/2): ${collections} · ${freed}${uncollectable}`;
}

/** Who left the garbage: the program's own cycles, or objects its imports dropped. */
function finalCollectionText(gc: { collectedAtEnd: number; collectedMine?: number | undefined }): string {
  const objects = (n: number): string => `${n.toLocaleString('en')} object${n === 1 ? '' : 's'}`;
  const mine = gc.collectedMine ?? gc.collectedAtEnd;
  const imported = gc.collectedAtEnd - mine;
  if (imported === 0) return `**${objects(mine)}** (cycles your program left behind)`;
  if (mine === 0) return `${objects(imported)} from imported modules, none of yours`;
  return `**${objects(mine)}** of yours (cycles your program left behind) and ${objects(imported)} from imported modules`;
}

function memoryLine(report: MemoryReport): string | undefined {
  const memory = report.memory;
  if (!memory) return undefined;
  const top = memory.top.map((t) => `line ${t.line}: ${formatBytes(t.bytes)}`).join(', ');
  return `**Memory** (tracemalloc) ${formatBytes(memory.current)} still allocated, ${formatBytes(memory.peak)} at peak${top ? ` · most: ${top}` : ''}`;
}

function cyclesSection(cycles: string[]): string | undefined {
  if (cycles.length === 0) return undefined;
  return `**Reference cycles**\n${cycles.map((c) => `• \`${inline(c)}\``).join('\n')}`;
}

/** Hints a step-through answers: the function's locals are in its frames while it runs. */
const STEP_THROUGH_HINTS: Readonly<Record<string, string>> = {
  'data-in-functions': ' Or press ▶ Step through to watch those locals while the function runs.',
};

function hintsSection(report: MemoryReport, stepThrough: boolean): string | undefined {
  if (report.hints.length === 0) return undefined;
  const lines = report.hints.map((h) => {
    const lesson = lessonForHint(h.id);
    const read = lesson === undefined ? '' : ` Read lesson ${lesson} (\`/lesson ${lesson}\`).`;
    const steps = stepThrough && Object.hasOwn(STEP_THROUGH_HINTS, h.id) ? STEP_THROUGH_HINTS[h.id] : '';
    return `💡 ${h.line ? `line ${h.line}: ` : ''}${oneLine(h.message)}${steps}${read}`;
  });
  return `**Hints**\n${lines.join('\n')}`;
}

/** How the cut-output note ends; a platform that could not attach the file says where it went instead. */
export const FULL_OUTPUT_ATTACHED = 'the full output is attached';

/** Said under the output when the sandbox dropped what the program printed past its cap. */
export const OUTPUT_DROPPED = 'the program printed more than the sandbox keeps; the rest was dropped';

function cutOutput(text: string, report: Pick<MemoryReport, 'truncated'>): { section?: string; full?: string } {
  if (!text) return {};
  const dropped = report.truncated ? `\n(${OUTPUT_DROPPED})` : '';
  const cut = cutText(text, OUTPUT_MAX_LINES, OUTPUT_MAX_CHARS);
  if (!cut.cut) return { section: `**Output**\n${codeBlock(text)}${dropped}` };
  const lines = text.split('\n').length;
  const note = `(output cut: ${lines.toLocaleString('en')} lines, ${text.length.toLocaleString('en')} characters in all; ${FULL_OUTPUT_ATTACHED})`;
  return { section: `**Output**\n${codeBlock(cut.text)}\n${note}${dropped}`, full: text };
}

/** At most `maxLines` lines and `maxChars` characters. */
export function cutText(text: string, maxLines: number, maxChars: number): { text: string; cut: boolean } {
  const trimmed = text.replace(/\n$/, '');
  let kept = trimmed.split('\n').slice(0, maxLines).join('\n');
  if (kept.length > maxChars) kept = kept.slice(0, maxChars);
  return { text: kept, cut: kept.length < trimmed.length };
}

/** A fenced block the program's text cannot break out of (a ``` in it would close the fence). */
export function codeBlock(text: string): string {
  return `\`\`\`\n${text.replace(/\n$/, '').replace(/`(?=``)/g, '`\u200b')}\n\`\`\``;
}

/** A hint on one line, with no fence it could open (its inline code comes from the sandbox, already safe). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/`{3,}/g, (run) => 'ʼ'.repeat(run.length));
}

export function inline(text: string): string {
  return text.replace(/`/g, 'ʼ').replace(/\s+/g, ' ').slice(0, 200);
}

function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3]);
  return rows
    .map((row) => row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd())
    .join('\n');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
