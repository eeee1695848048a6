// "What does this mean?": the words of a memory report explained, only those this report uses.
// The button carries which terms appeared and the smallest size seen per built-in type, so the
// explanation needs no stored report (action ids survive restarts).
import { z } from 'zod';
import type { MemoryReport } from './report.js';
import { actionId, type Button, type Reply } from '../messages.js';
import { DESKTOP_SIZES, describeFormula, type DesktopSize } from './desktop-sizes.js';

export const TERMS_ACTION = 'memterms';
/** The sandbox's CPython minor version, for the desktop formulas (the report names it). */
const FALLBACK_PYTHON = '3.14';

const termSchema = z.object({ key: z.string().length(1), title: z.string().min(1).max(60), text: z.string().min(1).max(600) });

const TERMS = z.array(termSchema).parse([
  { key: 'r', title: 'refs', text: 'How many references your program holds to the object: names, container slots, attributes. When it drops to 0 the object is freed at once (reference counting, lesson 3). Python\'s own temporary references are not counted.' },
  { key: 'd', title: 'deep', text: 'The object plus everything it holds (list items, dict keys and values, an instance\'s `__dict__`), each object counted once. `size` is the object alone, as `sys.getsizeof` gives it.' },
  { key: 'i', title: 'immortal', text: 'Objects Python never frees (`None`, `True`, small ints, some strings). Their reference count is fixed, so no refs number is shown for them.' },
  { key: 'g', title: 'gc generations and collections', text: 'The cycle collector sorts container objects into 3 generations: new ones start in generation 0, survivors move up. `count` is how many objects wait in each generation; `collections` is how often each generation was collected while your program ran (lesson 4).' },
  { key: 'f', title: 'the final collection', text: 'After your program ends, the sandbox runs `gc.collect()` once. What it frees was unreachable but kept alive by reference cycles: reference counting alone would never free it.' },
  { key: 't', title: 'tracemalloc current / peak', text: '`tracemalloc` counts the bytes Python allocated while your program ran: current = still allocated at the end, peak = the most at any moment. The top lines are where that memory was allocated (lesson 5).' },
  { key: 's', title: 'why sizes differ from your computer', text: 'The sandbox runs CPython compiled to 32-bit WebAssembly: pointers and reference counts take 4 bytes instead of 8, so most objects are smaller here than on a 64-bit desktop.' },
]);

/** One-letter codes for the built-in types in the button's action id. */
const TYPE_CODES: Readonly<Record<string, string>> = { int: 'i', float: 'f', str: 's', bytes: 'b', list: 'l', tuple: 't', dict: 'd', set: 'e' };
const CODE_TYPES = new Map(Object.entries(TYPE_CODES).map(([type, code]) => [code, type]));

/** Which terms this report uses, as the letters of TERMS. */
export function termsIn(report: MemoryReport): string {
  const counted = report.variables.some((v) => !v.immortal);
  const used = {
    r: counted,
    d: report.variables.length > 0,
    i: report.variables.some((v) => v.immortal),
    g: report.gc !== null,
    f: (report.gc?.collectedAtEnd ?? 0) > 0,
    t: report.memory !== null,
    s: report.variables.length > 0,
  };
  return TERMS.map((t) => t.key).filter((key) => used[key as keyof typeof used]).join('');
}

/** The smallest size the report shows per built-in type: `i28.l40`. */
function smallestSizes(report: MemoryReport): string[] {
  const smallest = new Map<string, number>();
  for (const v of report.variables) {
    const code = Object.hasOwn(TYPE_CODES, v.type) ? TYPE_CODES[v.type]! : undefined;
    if (code && v.size < (smallest.get(code) ?? Infinity)) smallest.set(code, v.size);
  }
  return [...smallest].map(([code, size]) => `${code}${size}`);
}

/** The "What does this mean?" button for a report, or undefined when it uses none of the terms. */
export function termsButton(report: MemoryReport): Button | undefined {
  const terms = termsIn(report);
  if (!terms) return undefined;
  const sizes = smallestSizes(report);
  const version = /^3\.(\d+)/.exec(report.python)?.[1] ?? '14';
  // Sizes are dropped from the end until the id fits the platforms' 100 characters.
  while (sizes.length > 0 && [TERMS_ACTION, terms, version, sizes.join('.')].join(':').length > 100) sizes.pop();
  return { label: 'What does this mean?', action: actionId(TERMS_ACTION, terms, version, sizes.join('.')), style: 'secondary' };
}

const actionArgs = z.tuple([
  z.string().regex(/^[a-z]{0,7}$/),
  z.string().regex(/^\d{1,2}$/),
  z.string().regex(/^([a-z]\d{1,10}(\.[a-z]\d{1,10})*)?$/),
]);

/** The explanation for a button's arguments; undefined when they are not ours. */
export function termsReplyFromAction(args: string[]): Reply | undefined {
  const parsed = actionArgs.safeParse(args);
  if (!parsed.success) return undefined;
  const [terms, minor, sizes] = parsed.data;
  const ours = new Map(sizes ? sizes.split('.').map((s) => [CODE_TYPES.get(s[0]!) ?? '', Number(s.slice(1))] as const) : []);
  return termsReply(terms, `3.${minor}`, ours);
}

/** Every term, with the desktop sizes of every built-in type (`/memcheck help`). */
export function allTermsReply(): Reply {
  return termsReply(TERMS.map((t) => t.key).join(''), FALLBACK_PYTHON, new Map());
}

function termsReply(keys: string, version: string, ours: ReadonlyMap<string, number>): Reply {
  const sections = TERMS.filter((t) => keys.includes(t.key)).map((t) => `**${t.title}**: ${t.text}`);
  if (keys.includes('s')) sections.push(sizesTable(version, ours));
  return { title: 'What the memory report means', body: sections.join('\n\n'), tone: 'info', ephemeral: true };
}

function sizesTable(version: string, ours: ReadonlyMap<string, number>): string {
  const shown = ours.size > 0 ? DESKTOP_SIZES.filter((s) => ours.has(s.type)) : DESKTOP_SIZES;
  const lines = shown.map((s) => sizeLine(s, version, ours.get(s.type)));
  return `**64-bit CPython ${version}** (\`sys.getsizeof\`)${ours.size > 0 ? ' beside this report' : ''}:\n${lines.join('\n')}`;
}

function sizeLine(size: DesktopSize, version: string, here: number | undefined): string {
  const name = size.type === 'instance' ? 'a plain instance' : `\`${size.type}\``;
  const beside = here === undefined ? '' : ` · here: a ${size.type} of ${here} bytes`;
  return `• ${name}: ${describeFormula(size, version)}${beside}`;
}
