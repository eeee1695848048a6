// The `##` sections of a lesson: numbered within the lesson (6.4), each placed on the page where its heading is.
import { isCodeBlock, splitBlocks } from './markdown.js';

export interface LessonSection {
  lesson: number;
  /** 1-based within the lesson; 0 is the text before the first heading. */
  index: number;
  /** "6.4", what learners type after `/lesson`. */
  id: string;
  /** The heading as written, without its `## ` and any "4. " numbering of the source. */
  heading: string;
  /** 1-based page holding the heading. */
  page: number;
  /** The section's Markdown, subsections included. */
  text: string;
}

const SECTION_HEADING = /^##\s+(.+)$/;

export function sectionId(lesson: number, index: number): string {
  return `${lesson}.${index}`;
}

/** Splits a paged lesson into its sections; `title` names the untitled introduction. */
export function lessonSections(lesson: number, title: string, pages: readonly string[]): LessonSection[] {
  const sections: LessonSection[] = [];
  let current: LessonSection | undefined;
  pages.forEach((page, p) => {
    for (const block of splitBlocks(page)) {
      const heading = headingOf(block);
      if (heading !== undefined || !current) {
        const index = heading !== undefined ? sections.filter((s) => s.index > 0).length + 1 : 0;
        current = { lesson, index, id: sectionId(lesson, index), heading: heading ?? title, page: p + 1, text: '' };
        sections.push(current);
      }
      current.text = current.text ? `${current.text}\n\n${block}` : block;
    }
  });
  return sections;
}

/** The `##` heading a block starts with, without a "4. " numbering (the section number is shown separately). */
function headingOf(block: string): string | undefined {
  if (isCodeBlock(block)) return undefined;
  const match = SECTION_HEADING.exec(block.split('\n')[0]!);
  return match ? match[1]!.replace(/^\d+\.\s+/, '').trim() : undefined;
}

/**
 * A page shown from the heading of `section` on, so a search result opens where its answer starts.
 * Returns the page unchanged when the section starts it.
 */
export function pageFromSection(page: string, section: LessonSection): string {
  if (section.index === 0) return page;
  const start = splitBlocks(page).find((block) => headingOf(block) === section.heading);
  if (!start) return page;
  return page.slice(page.indexOf(start));
}
