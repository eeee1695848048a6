import { z } from 'zod';

/** Front matter every `lessons/NN-slug.md` file must carry. */
export const lessonFrontMatterSchema = z
  .object({
    number: z.number().int().min(1),
    title: z.string().min(3).max(80),
    summary: z.string().min(20).max(300),
    keywords: z.array(z.string().min(2)).min(3),
  })
  .strict();

export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

export const LESSON_FILE_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
