// Property: every memory report that passes the sandbox's schema becomes a message within each
// platform's limits — core reply, Discord, Slack and the terminal — with attachments of at most
// 1 MB. Reports are generated at and around the schema's caps, with hostile text in every string.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { memoryReportSchema, reportStatuses, type MemoryReport } from '../../sandbox/index.js';
import { REPORT_LIMITS } from '../../sandbox/report.js';
import { memoryReportReply } from '../../src/core/memcheck/reply.js';
import { expectWithinPlatformLimits } from '../support/platform-limits.js';

/** Pieces a hostile program puts into names, reprs and output. */
const HOSTILE = ['`', '```', '\n', '@everyone', '<@123>', '<!channel>', '*', '_', '~', '|', '&amp;', '\u202e', '\u0000', '\u001b[2J', '😀', '\ud800', ' '];

function text(max: number): fc.Arbitrary<string> {
  const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }), fc.constant('n'.repeat(max)));
  return fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('').slice(0, max));
}

const count = fc.nat({ max: 2 ** 31 });
const line = fc.integer({ min: 1, max: 100_000 });

const variable = fc.record({
  name: text(REPORT_LIMITS.name),
  type: text(REPORT_LIMITS.name),
  size: count,
  deepSize: count,
  refcount: fc.option(count),
  immortal: fc.boolean(),
  sameAs: fc.array(text(REPORT_LIMITS.name), { maxLength: REPORT_LIMITS.sameAs }),
  repr: text(REPORT_LIMITS.repr),
});

const report: fc.Arbitrary<MemoryReport> = fc.record({
  status: fc.constantFrom(...reportStatuses),
  python: fc.constant('3.14.2'),
  platform: text(200),
  stdout: fc.oneof(text(2000), fc.constant('x\n'.repeat(REPORT_LIMITS.output / 2))),
  stderr: text(2000),
  truncated: fc.boolean(),
  error: fc.option(fc.record({
    type: text(REPORT_LIMITS.name),
    message: text(REPORT_LIMITS.message),
    line: fc.option(line),
    traceback: fc.oneof(text(REPORT_LIMITS.traceback), fc.constant('  File "<snippet>", line 1\n'.repeat(150).slice(0, REPORT_LIMITS.traceback))),
  })),
  variables: fc.array(variable, { maxLength: REPORT_LIMITS.variables }),
  moreVariables: count,
  gc: fc.option(fc.record({
    enabled: fc.boolean(),
    countBefore: fc.array(count, { maxLength: 3 }),
    countAfter: fc.array(count, { maxLength: 3 }),
    collections: fc.array(count, { maxLength: 3 }),
    collectedAtEnd: count,
    uncollectable: count,
  })),
  memory: fc.option(fc.record({
    current: count,
    peak: count,
    top: fc.array(fc.record({ line, bytes: count, blocks: count, code: text(REPORT_LIMITS.code) }), { maxLength: REPORT_LIMITS.topLines }),
  })),
  cycles: fc.array(text(REPORT_LIMITS.cycle), { maxLength: REPORT_LIMITS.cycles }),
  hints: fc.array(fc.record({
    id: fc.constantFrom('slice-copy', 'growing-cache', 'cycle-without-weakref', 'unknown-to-this-bot'),
    line: fc.option(line),
    message: text(REPORT_LIMITS.hint),
  }), { maxLength: REPORT_LIMITS.hints }),
  timing: fc.record({ runMs: fc.nat({ max: 10 ** 6 }), totalMs: fc.nat({ max: 10 ** 6 }) }),
});

describe('any report the schema accepts renders within every platform\'s limits', () => {
  it('the generator makes only schema-valid reports', () => {
    fc.assert(fc.property(report, (r) => memoryReportSchema.safeParse(r).success), { numRuns: 50 });
  });

  it('core reply, Discord, Slack and terminal stay within their limits', () => {
    fc.assert(
      fc.property(report, (r) => {
        const reply = memoryReportReply(memoryReportSchema.parse(r));

        expectWithinPlatformLimits(reply);
      }),
      { numRuns: 150 },
    );
  });
});
