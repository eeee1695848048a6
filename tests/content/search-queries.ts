// What learners type after `/lesson`, and the sections that answer it. A query lands right when it opens
// the page holding one of these sections; front ends are checked against this one table.
import type { LessonLibrary } from '../../src/core/lessons/library.js';

export interface SearchCase {
  query: string;
  /** Section ids ("6.4"); more than one where two sections teach the same thing. */
  sections: string[];
}

export const SEARCH_CASES: SearchCase[] = [
  { query: 'weakref', sections: ['6.4'] },
  { query: 'weak references', sections: ['6.4'] },
  { query: 'tracemalloc', sections: ['5.3'] },
  { query: 'del', sections: ['3.2'] },
  { query: 'circular references', sections: ['3.5', '7.2'] },
  { query: 'interning', sections: ['3.4'] },
  { query: 'interned strings', sections: ['3.4'] },
  { query: 'with statement', sections: ['6.5'] },
  { query: 'context managers', sections: ['6.5'] },
  { query: 'deepcopy', sections: ['8.6'] },
  { query: 'slots', sections: ['6.2'] },
  { query: '__slots__', sections: ['6.2'] },
  { query: 'generators', sections: ['6.1'] },
  { query: 'generator expression', sections: ['6.1'] },
  { query: 'yield', sections: ['6.1'] },
  { query: 'range', sections: ['6.1'] },
  { query: 'gc generations', sections: ['4.2'] },
  { query: 'incremental collector', sections: ['4.2'] },
  { query: 'get_threshold', sections: ['4.2'] },
  { query: 'garbage collection', sections: ['4.1', '4.2'] },
  { query: 'gc.collect', sections: ['4.1'] },
  { query: 'gc.disable', sections: ['4.3'] },
  { query: 'gc.freeze', sections: ['4.3'] },
  { query: '__del__', sections: ['4.4'] },
  { query: 'finalizer', sections: ['4.4'] },
  { query: 'resurrection', sections: ['4.4'] },
  { query: 'memory leak', sections: ['7.1'] },
  { query: 'lru_cache', sections: ['7.1'] },
  { query: 'getrefcount', sections: ['3.1'] },
  { query: 'reference counting', sections: ['3.1'] },
  { query: 'refrence countng', sections: ['3.1'] },
  { query: 'immortal', sections: ['3.3'] },
  { query: 'small int cache', sections: ['2.1', '3.3'] },
  { query: 'sys.intern', sections: ['3.4'] },
  { query: 'id reuse', sections: ['2.2'] },
  { query: 'identity', sections: ['2.2'] },
  { query: 'aliasing', sections: ['2.3'] },
  { query: 'sys.getsizeof', sections: ['5.1'] },
  { query: '32-bit', sections: ['5.1'] },
  { query: 'deep size', sections: ['5.2'] },
  { query: 'reset_peak', sections: ['5.3'] },
  { query: 'peak memory', sections: ['5.3', '5.4'] },
  { query: 'take_snapshot', sections: ['5.3'] },
  { query: 'memory_profiler', sections: ['5.4'] },
  { query: 'WeakValueDictionary', sections: ['8.5'] },
  { query: 'weak cache', sections: ['8.5'] },
  { query: 'memoryview', sections: ['8.6'] },
  { query: 'shallow copy', sections: ['8.6'] },
  { query: 'mutable default argument', sections: ['7.7'] },
  { query: 'closure', sections: ['7.6'] },
  { query: 'bound method', sections: ['7.5'] },
  { query: 'WeakMethod', sections: ['7.5'] },
  { query: 'traceback', sections: ['7.8'] },
  { query: 'ResourceWarning', sections: ['7.4'] },
  { query: 'file not closed', sections: ['7.4'] },
  { query: 'common mistakes', sections: ['8.7'] },
];

/** "lesson 6 page 3" for each page that answers the case. */
export function answeringPages(lessons: LessonLibrary, { sections }: SearchCase): string[] {
  return sections.map((id) => {
    const section = lessons.section(id);
    if (!section) throw new Error(`the search table names section ${id}, which does not exist`);
    return `lesson ${section.lesson} page ${section.page}`;
  });
}
