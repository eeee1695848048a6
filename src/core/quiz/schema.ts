// The shape of a question bank file `quizzes/<name>.yaml`: `{ questions: Question[] }`.
// Limits follow the chat platforms: a prompt fits a message header, a choice fits a button label.
import { z } from 'zod';

export const QUIZ_SECTIONS = ['Common Mistakes to Avoid', 'Common Memory Issues', 'Best Practices'] as const;
/** Short names users type or pick for a section (`/quiz mistakes`). */
export const SECTION_BY_KEY = {
  mistakes: 'Common Mistakes to Avoid',
  issues: 'Common Memory Issues',
  practices: 'Best Practices',
} as const satisfies Record<string, (typeof QUIZ_SECTIONS)[number]>;
export type SectionKey = keyof typeof SECTION_BY_KEY;
export const SECTION_KEYS = Object.keys(SECTION_BY_KEY) as [SectionKey, ...SectionKey[]];
export const QUESTION_KINDS = ['choice', 'spot-the-mistake', 'predict-output'] as const;
export const MAX_PROMPT_CHARS = 300;
export const MAX_CHOICE_CHARS = 75;
/** Keeps `quiz:answer:<round>:<id>:<choice>` within the 100-character action id limit. */
export const MAX_QUESTION_ID_CHARS = 64;

export const questionSchema = z
  .object({
    id: z
      .string()
      .max(MAX_QUESTION_ID_CHARS)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case, e.g. del-removes-a-name'),
    section: z.enum(QUIZ_SECTIONS),
    /** Which of the guide's four common mistakes (required in "Common Mistakes to Avoid"). */
    mistake: z.number().int().min(1).max(4).optional(),
    kind: z.enum(QUESTION_KINDS),
    prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS),
    code: z.string().min(1).optional(),
    choices: z.array(z.string().trim().min(1).max(MAX_CHOICE_CHARS)).min(2).max(4),
    answer: z.number().int().min(0),
    explanation: z.string().trim().min(1),
    lesson: z.number().int().min(1).max(8),
    /** Python the test suite runs in the sandbox; it must end with status ok. */
    verify: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((question, ctx) => {
    if (question.answer >= question.choices.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `must index one of the ${question.choices.length} choices (0-based)` });
    }
    if (question.section === 'Common Mistakes to Avoid' && question.mistake === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mistake'], message: 'is required (1–4) in "Common Mistakes to Avoid"' });
    }
    if (question.kind === 'predict-output' && !question.code) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'is required for predict-output questions (it is what runs)' });
    }
    if (new Set(question.choices).size !== question.choices.length) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'must all differ' });
    }
  });

export const quizFileSchema = z.object({ questions: z.array(questionSchema).min(1) }).strict();

export type Question = z.infer<typeof questionSchema>;
export type QuizSection = (typeof QUIZ_SECTIONS)[number];
export type QuizFile = z.infer<typeof quizFileSchema>;
