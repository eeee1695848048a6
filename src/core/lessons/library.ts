// The lessons, loaded from `lessons/NN-slug.md`, paged for chat and searchable by section.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import matter from 'gray-matter';
import { LESSON_FILE_PATTERN, lessonFrontMatterSchema, type LessonFrontMatter } from './schema.js';
import { paginate } from './markdown.js';
import { lessonSections, type LessonSection } from './sections.js';
import { SectionIndex } from './search.js';
import { withoutCodeSpans } from '../text.js';

export const LESSON_PAGE_LIMIT = 3000;
export const DEFAULT_LESSONS_DIR = fileURLToPath(new URL('../../../lessons/', import.meta.url));

export interface Lesson extends LessonFrontMatter {
  slug: string;
  file: string;
  body: string;
  pages: string[];
  sections: LessonSection[];
}

export interface LessonSearchResult {
  /** The section that answers the query best. */
  match?: LessonSection;
  /** The next best sections, elsewhere than the match's page. */
  also: LessonSection[];
}

/** One entry of a search-as-you-type list: "6.4 Use Weak References" → "6.4". */
export interface LessonChoice {
  name: string;
  value: string;
}

const SECTION_ID = /^(\d+)\.(\d+)$/;

export class LessonFileError extends Error {
  override name = 'LessonFileError';
}

export class LessonLibrary {
  private readonly byNumber: Map<number, Lesson>;
  private readonly bySectionId: Map<string, LessonSection>;
  private readonly index: SectionIndex;

  constructor(readonly lessons: readonly Lesson[]) {
    this.byNumber = new Map(lessons.map((l) => [l.number, l]));
    this.bySectionId = new Map(lessons.flatMap((l) => l.sections.map((s) => [s.id, s] as const)));
    this.index = new SectionIndex(
      lessons.flatMap((l) => l.sections.map((section) => ({ section, lessonTitle: l.title, lessonKeywords: l.keywords }))),
    );
  }

  static async load(dir: string = DEFAULT_LESSONS_DIR): Promise<LessonLibrary> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.md') && LESSON_FILE_PATTERN.test(f)).sort();
    const lessons = await Promise.all(files.map((file) => parseLessonFile(path.join(dir, file))));
    return new LessonLibrary(lessons.sort((a, b) => a.number - b.number));
  }

  get numbers(): number[] {
    return this.lessons.map((l) => l.number);
  }

  get(number: number): Lesson | undefined {
    return this.byNumber.get(number);
  }

  /** A section by its id, "6.4"; the introduction (N.0) is not addressable. */
  section(id: string): LessonSection | undefined {
    const match = SECTION_ID.exec(id.trim());
    return match && Number(match[2]) > 0 ? this.bySectionId.get(id.trim()) : undefined;
  }

  /** The best section for free words, and the next best ones on other pages. */
  search(query: string, alsoCount = 3): LessonSearchResult {
    const hits = this.sectionsFor(query);
    const [match] = hits;
    if (!match) return { also: [] };
    const elsewhere = hits.filter((s) => s.lesson !== match.lesson || s.page !== match.page);
    return { match, also: elsewhere.slice(0, alsoCount) };
  }

  /**
   * Choices for a search-as-you-type box (Discord autocomplete): every lesson for an empty box, a lesson
   * and its sections for a number ("6" or "6.4"), else the sections that match the words, best first.
   */
  suggest(typed: string, limit = 25): LessonChoice[] {
    const query = typed.trim();
    if (!query) return this.lessons.slice(0, limit).map(lessonChoice);
    if (/^\d+(\.\d*)?$/.test(query)) {
      const [number] = query.split('.');
      const lesson = this.get(Number(number));
      if (!lesson) return [];
      const sections = lesson.sections.filter((s) => s.index > 0 && s.id.startsWith(query));
      return [...(query.includes('.') ? [] : [lessonChoice(lesson)]), ...sections.map(sectionChoice)].slice(0, limit);
    }
    return this.sectionsFor(query).slice(0, limit).map(sectionChoice);
  }

  private sectionsFor(query: string): LessonSection[] {
    return this.index.search(query).map((hit) => this.bySectionId.get(hit.id)!);
  }
}

function lessonChoice(lesson: Lesson): LessonChoice {
  return { name: `${lesson.number}. ${lesson.title}`, value: String(lesson.number) };
}

/** The introduction of a lesson is offered as the lesson itself. */
function sectionChoice(section: LessonSection): LessonChoice {
  if (section.index === 0) return { name: `${section.lesson}. ${section.heading}`, value: String(section.lesson) };
  return { name: `${section.id} ${withoutCodeSpans(section.heading)}`, value: section.id };
}

export async function parseLessonFile(file: string): Promise<Lesson> {
  const name = path.basename(file);
  const nameMatch = LESSON_FILE_PATTERN.exec(name);
  if (!nameMatch) throw new LessonFileError(`${name}: file name must look like 03-reference-counting.md`);
  const { data, content } = matter(await readFile(file, 'utf8'));
  const parsed = lessonFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LessonFileError(`${name}: front matter ${issue.path.join('.') || ''} ${issue.message}`.trim());
  }
  if (parsed.data.number !== Number(nameMatch[1])) {
    throw new LessonFileError(`${name}: front matter number ${parsed.data.number} does not match the file name`);
  }
  const body = content.trim();
  const pages = paginate(body, LESSON_PAGE_LIMIT);
  return { ...parsed.data, slug: nameMatch[2]!, file, body, pages, sections: lessonSections(parsed.data.number, parsed.data.title, pages) };
}
