// The 64-bit sizes shown beside the sandbox's are data; here they are checked against a native
// 64-bit CPython when `python3` is one, for that interpreter's version.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DESKTOP_SIZES, desktopBytes } from '../../../src/core/memcheck/desktop-sizes.js';

const ITEMS = [0, 1, 2, 5];

/** `[version, {type: [size per n]}]` from the native python3, or the reason there is none. */
function nativeSizes(): { version: string; sizes: Record<string, number[]> } | string {
  const samples = DESKTOP_SIZES.map((s) => `${JSON.stringify(s.type)}: [sys.getsizeof(${s.sample}) for n in ${JSON.stringify(ITEMS)}]`).join(', ');
  const program = `import json, struct, sys\nprint(json.dumps([struct.calcsize("P") * 8, "%d.%d" % sys.version_info[:2], {${samples}}]))`;
  try {
    const [bits, version, sizes] = JSON.parse(execFileSync('python3', ['-c', program], { encoding: 'utf8', timeout: 30_000 })) as [number, string, Record<string, number[]>];
    return bits === 64 ? { version, sizes } : `python3 is a ${bits}-bit build`;
  } catch (error) {
    return `no native python3 (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

const native = nativeSizes();
if (typeof native === 'string') console.log(`desktop sizes: not checked against a real interpreter: ${native}`);

describe.skipIf(typeof native === 'string')('64-bit sizes against the native python3', () => {
  const { version, sizes } = native as Exclude<typeof native, string>;
  it.each(DESKTOP_SIZES.map((s) => [s.type, s] as const))('%s', (_, size) => {
    expect(ITEMS.map((n) => desktopBytes(size, version, n))).toEqual(sizes[size.type]);
  });
});

describe('the pinned formulas', () => {
  it('give the 3.12+ sizes that changed from 3.11 (str header, instances)', () => {
    const str = DESKTOP_SIZES.find((s) => s.type === 'str')!;
    expect([desktopBytes(str, '3.11', 0), desktopBytes(str, '3.14', 2)]).toEqual([49, 43]);
    const instance = DESKTOP_SIZES.find((s) => s.type === 'instance')!;
    expect([desktopBytes(instance, '3.11', 0), desktopBytes(instance, '3.14', 0)]).toEqual([56, 48]);
  });
});
