// sys.getsizeof on a 64-bit desktop CPython, per built-in type, as data: the sandbox's 32-bit
// WebAssembly build has 4-byte pointers and smaller headers, so its sizes differ. Checked against a
// native 64-bit `python3` in tests/core/memcheck/desktop-sizes.test.ts when one is on the machine.
import { z } from 'zod';

const sizeFormulaSchema = z.object({
  /** The first CPython minor version this formula holds for (until the next entry's). */
  since: z.string().regex(/^3\.\d+$/),
  /** Bytes with no items. */
  base: z.number().int().positive(),
  /** Bytes per item (see `item`); null when the type grows in steps rather than per item. */
  perItem: z.number().int().positive().nullable(),
});

const desktopSizeSchema = z.object({
  type: z.enum(['int', 'float', 'str', 'bytes', 'list', 'tuple', 'dict', 'set', 'instance']),
  /** What one item is, for `perItem`. */
  item: z.string().min(1).max(80),
  /** A Python expression of that type with `n` items, for the check against a real interpreter. */
  sample: z.string().min(1).max(80),
  formulas: z.array(sizeFormulaSchema).min(1),
});

export type DesktopSize = z.infer<typeof desktopSizeSchema>;

export const DESKTOP_SIZES: readonly DesktopSize[] = z.array(desktopSizeSchema).parse([
  { type: 'int', item: '30 bits beyond the first 30', sample: '2 ** (30 * n)', formulas: [{ since: '3.11', base: 28, perItem: 4 }] },
  { type: 'float', item: '—', sample: '1.5', formulas: [{ since: '3.11', base: 24, perItem: null }] },
  {
    type: 'str',
    item: 'ASCII character',
    sample: '"a" * n',
    formulas: [{ since: '3.11', base: 49, perItem: 1 }, { since: '3.12', base: 41, perItem: 1 }],
  },
  { type: 'bytes', item: 'byte', sample: 'b"a" * n', formulas: [{ since: '3.11', base: 33, perItem: 1 }] },
  { type: 'list', item: 'item slot (a literal allocates exactly; append over-allocates)', sample: '[0] * n', formulas: [{ since: '3.11', base: 56, perItem: 8 }] },
  { type: 'tuple', item: 'item', sample: 'tuple(range(n))', formulas: [{ since: '3.11', base: 40, perItem: 8 }] },
  { type: 'dict', item: 'grows in steps as keys are added', sample: '{}', formulas: [{ since: '3.11', base: 64, perItem: null }] },
  { type: 'set', item: 'grows in steps past 4 items', sample: 'set()', formulas: [{ since: '3.11', base: 216, perItem: null }] },
  {
    type: 'instance',
    item: 'its attributes live in a separate `__dict__`',
    sample: 'type("C", (), {})()',
    formulas: [{ since: '3.11', base: 56, perItem: null }, { since: '3.12', base: 48, perItem: null }],
  },
]);

function minor(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}

/** The formula for a CPython version ("3.14.2"): the last entry at or before it. */
export function formulaFor(size: DesktopSize, version: string) {
  const fitting = size.formulas.filter((f) => minor(f.since) <= minor(version));
  return fitting.at(-1) ?? size.formulas[0]!;
}

/** sys.getsizeof on 64-bit CPython `version` for `n` items (items ignored where the type grows in steps). */
export function desktopBytes(size: DesktopSize, version: string, n: number): number {
  const formula = formulaFor(size, version);
  return formula.base + (formula.perItem ?? 0) * n;
}

/** "41 bytes + 1 per ASCII character" */
export function describeFormula(size: DesktopSize, version: string): string {
  const formula = formulaFor(size, version);
  const per = formula.perItem === null ? (size.item === '—' ? '' : ` (${size.item})`) : ` + ${formula.perItem} per ${size.item}`;
  return `${formula.base} bytes${per}`;
}
