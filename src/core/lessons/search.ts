// Full-text search over lesson sections (MiniSearch: BM25 ranking, prefix and fuzzy matching, field boosts).
import MiniSearch, { type SearchOptions } from 'minisearch';
import { extractCodeBlocks } from './markdown.js';
import type { LessonSection } from './sections.js';

interface SectionDocument {
  id: string;
  heading: string;
  keywords: string;
  code: string;
  text: string;
  title: string;
}

export interface SectionSource {
  section: LessonSection;
  lessonTitle: string;
  lessonKeywords: readonly string[];
}

export interface SectionHit {
  id: string;
  score: number;
}

/** Words that say nothing about a topic, so a question ("how does del work") ranks by its real words. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'at', 'be', 'do', 'does', 'how', 'i', 'in', 'is', 'it', 'my', 'of', 'on', 'or', 'the', 'to', 'what', 'when', 'why']);
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g;
const WORD = /[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*/gu;
const DUNDER = /^__(\w+)__$/;
/** Statements whose dunder twin is another topic: `del` the statement is not `__del__` the finalizer. */
const KEYWORDS = new Set(['del', 'import', 'init', 'class', 'with']);
/** Recaps repeat every topic in a line; a learner wants the section that teaches it. */
const RECAP_HEADINGS = new Set(['Summary']);
const RECAP_WEIGHT = 0.3;
const CODE_SPAN = /`([^`\n]+)`/g;

/** Heading > keywords > code identifiers > prose; the lesson title only breaks ties between lessons. */
const BOOST = { heading: 5, keywords: 3, code: 2, text: 1, title: 0.5 };

const SEARCH_OPTIONS: SearchOptions = {
  boost: BOOST,
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  combineWith: 'OR',
};

/**
 * Words as learners type them: `gc.collect` is found whole and as `gc` and `collect`, `lru_cache` whole
 * and as `lru` and `cache`, `__slots__` whole and as `slots` (but `__del__` only whole, see KEYWORDS).
 */
export function tokenize(text: string): string[] {
  return [...text.matchAll(WORD)].flatMap(([word]) => [word, ...partsOf(word)]);
}

function partsOf(word: string): string[] {
  const dunder = DUNDER.exec(word);
  if (dunder) return KEYWORDS.has(dunder[1]!) ? [] : [dunder[1]!];
  const parts = word.split(/[._]+/).filter(Boolean);
  return parts.length > 1 ? parts : [];
}

/** Lower case, stop words dropped, a plural "s" removed so "references" finds "reference". */
export function normalizeTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  return lower.length > 3 && lower.endsWith('s') && !/(ss|us|is)$/.test(lower) ? lower.slice(0, -1) : lower;
}

export class SectionIndex {
  private readonly engine = new MiniSearch<SectionDocument>({
    fields: ['heading', 'keywords', 'code', 'text', 'title'],
    storeFields: ['heading'],
    tokenize,
    processTerm: (term) => normalizeTerm(term) ?? false,
    searchOptions: { ...SEARCH_OPTIONS, boostDocument: (_id, _term, stored) => (RECAP_HEADINGS.has(String(stored?.heading)) ? RECAP_WEIGHT : 1) },
  });

  constructor(sources: readonly SectionSource[]) {
    this.engine.addAll(sources.map(toDocument));
  }

  /** Sections best first. */
  search(query: string): SectionHit[] {
    return this.engine.search(query).map((r) => ({ id: String(r.id), score: r.score }));
  }
}

function toDocument({ section, lessonTitle, lessonKeywords }: SectionSource): SectionDocument {
  const lower = section.text.toLowerCase();
  const code = extractCodeBlocks(section.text).map((b) => b.code).join('\n');
  const spans = [...section.text.matchAll(CODE_SPAN)].map((m) => m[1]!);
  return {
    id: section.id,
    heading: section.heading,
    // A lesson keyword counts for the sections that talk about it, not for the whole lesson.
    keywords: lessonKeywords.filter((k) => lower.includes(k.toLowerCase())).join(' '),
    code: unique([...`${code}\n${spans.join('\n')}`.matchAll(IDENTIFIER)].map((m) => m[0])).join(' '),
    text: section.text,
    title: lessonTitle,
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
