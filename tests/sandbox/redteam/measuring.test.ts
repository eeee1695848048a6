// Red team, the measuring runs no user code: programs whose classes, metaclasses, names and
// finalizers record every call made after the program ended get the very report of the same
// program without those dunders, and record nothing (second red-team round: metaclass comparison,
// str-subclass names, finalizers during clean-up).
import { describe, expect, it } from 'vitest';
import type { MemoryReport } from '../../../sandbox/index.js';
import { py, redteamSandbox, run } from './helpers.js';
import { sandboxForFile } from '../helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox());

/** `late(what)` prints a LATE line when called after the program's last statement. */
const PRELUDE = py(
  'import sys, weakref',
  'ENDED = False',
  'def late(what):',
  '    if ENDED:',
  '        print("LATE", what)',
);

/** One hostile class per dunder family, and the plain stand-in the clean run uses instead. */
const FAMILIES: Record<string, { hostile: string; plain: string }> = {
  '__eq__ / __hash__': {
    hostile: py('class P:', '    def __eq__(self, o): late("__eq__"); return True', '    def __hash__(self): late("__hash__"); return 0'),
    plain: py('class P:', '    pass'),
  },
  '__format__ / __str__ / __repr__': {
    hostile: py('class P:', '    def __format__(self, s): late("__format__"); return "FORGED"', '    def __str__(self): late("__str__"); return "FORGED"', '    def __repr__(self): late("__repr__"); return "FORGED"'),
    plain: py('class P:', '    pass'),
  },
  '__len__ / __iter__ / __sizeof__': {
    hostile: py('class P:', '    def __len__(self): late("__len__"); return 10**6', '    def __iter__(self): late("__iter__"); return iter([self] * 3)', '    def __sizeof__(self): late("__sizeof__"); return 10**9'),
    plain: py('class P:', '    pass'),
  },
  '__getattribute__ / __getattr__ / descriptors': {
    hostile: py(
      'class Lie:',
      '    def __get__(self, o, t=None): late("descriptor __get__"); return {"forged": 1}',
      'class P:',
      '    def __getattribute__(self, name): late("__getattribute__"); return object.__getattribute__(self, name)',
      '    def __getattr__(self, name): late("__getattr__"); return 1',
      '    __slots__ = ("__dict__", "__weakref__")',
      '    __class_getitem__ = Lie()',
    ),
    plain: py('class P:', '    __slots__ = ("__dict__", "__weakref__")'),
  },
  'metaclass methods and str-subclass class names': {
    hostile: py(
      'class Name(str):',
      '    def __eq__(self, o): late("name __eq__"); return True',
      '    def __hash__(self): late("name __hash__"); return 0',
      '    def __format__(self, s): late("name __format__"); return "FORGED"',
      '    def __str__(self): late("name __str__"); return "FORGED"',
      '    def __len__(self): late("name __len__"); return 0',
      '    def __getitem__(self, i): late("name __getitem__"); return "F"',
      'class Meta(type):',
      '    def __eq__(cls, o): late("meta __eq__"); return True',
      '    def __hash__(cls): late("meta __hash__"); return 0',
      '    def __instancecheck__(cls, o): late("meta __instancecheck__"); return True',
      '    def __subclasscheck__(cls, o): late("meta __subclasscheck__"); return True',
      '    def __getattribute__(cls, name): late("meta __getattribute__"); return type.__getattribute__(cls, name)',
      'class P(metaclass=Meta):',
      '    pass',
      'P.__name__ = Name("P")',
      'P.__qualname__ = Name("P")',
    ),
    plain: py('class P:', '    pass'),
  },
  '__del__ and weakref callbacks': {
    hostile: py('class P:', '    def __del__(self): late("__del__")'),
    plain: py('class P:', '    pass'),
  },
};

/** The program itself: the same in both runs, and it ends by flagging that it ended. */
const DATA = py(
  'a = P()',
  'b = P()',
  'a.next = b',
  'b.next = a',
  'items = [a, b, P()]',
  'by_key = {a: 1, "k": b}',
  'ref = weakref.ref(b, lambda r: late("weakref callback"))',
  'weakref.finalize(a, late, "finalize")',
  'ENDED = True',
);

function comparable(report: MemoryReport) {
  return {
    status: report.status,
    error: report.error,
    variables: report.variables,
    moreVariables: report.moreVariables,
    cycles: report.cycles,
    hints: report.hints.map((h) => h.id),
    collectedAtEnd: report.gc?.collectedAtEnd,
  };
}

describe('the measuring calls no dunder of the program', () => {
  for (const [family, { hostile, plain }] of Object.entries(FAMILIES)) {
    it(`${family}: same report as without them, and no call after the program ended`, async () => {
      const clean = await run(sandbox, PRELUDE + plain + DATA);
      const tampered = await run(sandbox, PRELUDE + hostile + DATA);
      expect(clean.status, clean.error?.message).toBe('ok');
      expect(tampered.stdout).not.toContain('LATE');
      expect(tampered.stdout).toBe(clean.stdout);
      expect(comparable(tampered)).toEqual(comparable(clean));
    });
  }

  it('a finalizer freed with the traceback runs before the measuring and cannot rewrite the report', async () => {
    const rewrite = py(
      'class Rewriter:',
      '    def __del__(self):',
      '        names = []',
      '        frame = sys._getframe()',
      '        while frame is not None:',
      '            if frame.f_code.co_filename == "<memtutor-measure>":',
      '                names.append(frame.f_code.co_name)',
      '                for key in list(frame.f_locals):',
      '                    try:',
      '                        frame.f_locals[key] = None',
      '                    except Exception:',
      '                        pass',
      '            frame = frame.f_back',
      '        print("DEL", names)',
    );
    const program = (extra: string) => py(
      'import sys',
      extra,
      'data = list(range(10))',
      'def fail():',
      '    held = Rewriter() if "Rewriter" in globals() else object()',
      '    raise ValueError("the real error")',
      'fail()',
    );
    const clean = await run(sandbox, program(''));
    const tampered = await run(sandbox, program(rewrite));
    expect(clean.status).toBe('error');
    // Only the release of the traceback (the program's time) may be on the stack when it runs.
    expect(tampered.stdout).toMatch(/^DEL \[('drop_frames', '<module>')?\]\n$/);
    const summary = (report: MemoryReport) => ({ ...comparable(report), error: { type: report.error?.type, message: report.error?.message }, variables: null });
    expect(summary(tampered)).toEqual(summary(clean));
    expect(tampered.variables.find((v) => v.name === 'data')).toEqual(clean.variables.find((v) => v.name === 'data'));
    const raiseLine = program(rewrite).split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    expect(tampered.error).toMatchObject({ type: 'ValueError', message: 'the real error', line: raiseLine });
  });
});
