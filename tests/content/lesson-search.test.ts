// The search table through the terminal front end: the real `memtutor chat` process, one `/lesson <words>`
// per line, and each answer's page marker must name the page holding a section that answers the query.
import { describe, expect, it } from 'vitest';
import { LessonLibrary } from '../../src/core/lessons/library.js';
import { runCli } from '../support/cli.js';
import { answeringPages, SEARCH_CASES } from './search-queries.js';

const library = await LessonLibrary.load();
const PAGE_MARKER = /^— Lesson (\d+) · .+ · page (\d+)\/\d+$/gm;

describe('/lesson <words> in the terminal chat', () => {
  it(`lands each of the ${SEARCH_CASES.length} learner queries on the page that covers it`, async () => {
    expect(SEARCH_CASES.length).toBeGreaterThanOrEqual(40);
    const result = await runCli(['chat'], { input: SEARCH_CASES.map((c) => `/lesson ${c.query}\n`).join('') });
    expect(result.code, result.stderr).toBe(0);
    const landed = [...result.stdout.matchAll(PAGE_MARKER)].map((m) => `lesson ${m[1]} page ${m[2]}`);
    expect(landed, 'one lesson page per query').toHaveLength(SEARCH_CASES.length);
    const wrong = SEARCH_CASES.flatMap((c, i) =>
      answeringPages(library, c).includes(landed[i]!) ? [] : [`${c.query} → ${landed[i]} (wanted ${answeringPages(library, c).join(' or ')})`],
    );
    expect(wrong).toEqual([]);
  }, 60_000);
});
