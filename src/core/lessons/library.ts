// The lessons of the guide, loaded from `lessons/NN-slug.md`, paged for chat and searchable.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import matter from 'gray-matter';
import Fuse from 'fuse.js';
import { LESSON_FILE_PATTERN, lessonFrontMatterSchema, type LessonFrontMatter } from './schema.js';
import { paginate } from './markdown.js';

export const LESSON_PAGE_LIMIT = 3000;
export const DEFAULT_LESSONS_DIR = fileURLToPath(new URL('../../../lessons/', import.meta.url));

export interface Lesson extends LessonFrontMatter {
  slug: string;
  file: string;
  body: string;
  pages: string[];
}

export interface LessonSearchResult {
  match?: Lesson;
  /** The closest titles when nothing matched well. */
  suggestions: Lesson[];
}

export class LessonFileError extends Error {
  override name = 'LessonFileError';
}

export class LessonLibrary {
  private readonly byNumber: Map<number, Lesson>;
  private readonly index: Fuse<Lesson>;

  constructor(readonly lessons: readonly Lesson[]) {
    this.byNumber = new Map(lessons.map((l) => [l.number, l]));
    this.index = new Fuse([...lessons], {
      keys: [
        { name: 'title', weight: 0.5 },
        { name: 'keywords', weight: 0.35 },
        { name: 'summary', weight: 0.15 },
      ],
      includeScore: true,
      ignoreLocation: true,
      threshold: 1,
    });
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

  /**
   * Lessons for a search-as-you-type box (Discord autocomplete): number, title or keyword prefix
   * matches first, then fuzzy matches on titles and keywords; every lesson for an empty prefix.
   */
  suggest(prefix: string, limit = 25): Lesson[] {
    const query = prefix.trim().toLowerCase();
    if (!query) return this.lessons.slice(0, limit);
    const startsWith = (text: string) => text.toLowerCase().startsWith(query);
    const direct = this.lessons.filter((l) => startsWith(String(l.number)) || startsWith(l.title) || l.keywords.some(startsWith));
    const fuzzy = this.index.search(query).filter((r) => (r.score ?? 1) <= 0.6).map((r) => r.item);
    return [...new Set([...direct, ...fuzzy])].slice(0, limit);
  }

  /** Best lesson for free words, or the closest titles as suggestions. */
  search(query: string, suggestionCount = 3): LessonSearchResult {
    const results = this.index.search(query.trim());
    const best = results[0];
    if (best && (best.score ?? 1) <= 0.35) return { match: best.item, suggestions: [] };
    return { suggestions: results.slice(0, suggestionCount).map((r) => r.item) };
  }
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
  return { ...parsed.data, slug: nameMatch[2]!, file, body, pages: paginate(body, LESSON_PAGE_LIMIT) };
}
