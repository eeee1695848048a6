import { beforeAll, describe, expect, it } from 'vitest';
import { LessonLibrary } from '../../../src/core/lessons/library.js';
import { pythonExamples } from '../../../src/core/lessons/markdown.js';
import { sectionPage } from '../../../src/core/lessons/replies.js';
import { lessonSections } from '../../../src/core/lessons/sections.js';
import { normalizeTerm, tokenize } from '../../../src/core/lessons/search.js';

let library: LessonLibrary;
beforeAll(async () => {
  library = await LessonLibrary.load();
});

describe('lessonSections', () => {
  it('numbers ## sections within the lesson, folds ### into them and places each on its page', () => {
    const pages = ['Intro.\n\n## 1. First\n\nA.\n\n### Detail\n\nB.', '## Second\n\n```python\n## not a heading\n```'];
    const sections = lessonSections(9, 'Title', pages);
    expect(sections.map((s) => [s.id, s.heading, s.page])).toEqual([
      ['9.0', 'Title', 1],
      ['9.1', 'First', 1],
      ['9.2', 'Second', 2],
    ]);
    expect(sections[1]!.text).toContain('### Detail');
  });
});

describe('tokenize and normalizeTerm', () => {
  it('keeps dotted and snake_case names whole and in parts, and del apart from __del__', () => {
    expect(tokenize('gc.collect() and lru_cache')).toEqual(['gc.collect', 'gc', 'collect', 'and', 'lru_cache', 'lru', 'cache']);
    expect(tokenize('__slots__ __del__')).toEqual(['__slots__', 'slots', '__del__']);
  });

  it('drops stop words and a plural s', () => {
    expect(normalizeTerm('The')).toBeNull();
    expect(normalizeTerm('References')).toBe('reference');
    expect(normalizeTerm('class')).toBe('class');
  });
});

describe('LessonLibrary search', () => {
  it('finds the best section and lists next best ones from other pages only', () => {
    const { match, also } = library.search('weak references');
    expect(match?.id).toBe('6.4');
    expect(also.length).toBeGreaterThan(0);
    for (const s of also) expect(s.lesson === match!.lesson && s.page === match!.page).toBe(false);
  });

  it('finds nothing for words no lesson uses', () => {
    expect(library.search('xylophone quantum').match).toBeUndefined();
  });

  it('addresses sections by id, but not the untitled introduction or missing ones', () => {
    expect(library.section('6.4')?.heading).toBe('Use Weak References');
    expect(library.section('6.0')).toBeUndefined();
    expect(library.section('6.99')).toBeUndefined();
  });

  it('shows a section from its heading, with a button for the whole page when text was skipped', () => {
    const section = library.lessons.flatMap((l) => l.sections).find((s) => s.index > 0 && !library.get(s.lesson)!.pages[s.page - 1]!.startsWith('## '))!;
    const reply = sectionPage(library, section);
    expect(reply.body.startsWith('## ')).toBe(true);
    expect(reply.body).toContain(section.heading);
    expect(reply.buttons?.map((b) => b.label)).toContain('▲ Whole page');
    expect(reply.footer).toContain(`page ${section.page}/`);
    const page = library.get(section.lesson)!.pages[section.page - 1]!;
    for (const action of reply.buttons!.filter((b) => b.action.startsWith('example:')).map((b) => b.action)) {
      const k = Number(action.split(':')[3]);
      expect(reply.body, 'each Run example button runs a block shown').toContain(pythonExamples(page)[k - 1]);
    }
  });
});
