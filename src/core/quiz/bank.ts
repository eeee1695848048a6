// The question banks `quizzes/*.yaml`, validated on load: one bad file or a duplicate id stops
// start-up with a message naming the file and the question.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { quizFileSchema, type Question, type QuizSection } from './schema.js';

export const DEFAULT_QUIZZES_DIR = fileURLToPath(new URL('../../../quizzes/', import.meta.url));

export class QuizBankError extends Error {
  override name = 'QuizBankError';
}

export interface BankQuestion extends Question {
  /** The file the question came from, e.g. `common-mistakes.yaml`. */
  file: string;
}

export class QuizBank {
  private readonly byId: Map<string, BankQuestion>;

  constructor(readonly questions: readonly BankQuestion[]) {
    this.byId = new Map();
    for (const question of questions) {
      const first = this.byId.get(question.id);
      if (first) {
        throw new QuizBankError(`${question.file}: duplicate question id "${question.id}" (already used in ${first.file})`);
      }
      this.byId.set(question.id, question);
    }
  }

  /** Loads every `*.yaml` file of `dir`; a missing directory is an empty bank. */
  static async load(dir: string = DEFAULT_QUIZZES_DIR): Promise<QuizBank> {
    const files = (await listYamlFiles(dir)).sort();
    const perFile = await Promise.all(files.map((file) => parseQuizFile(path.join(dir, file))));
    return new QuizBank(perFile.flat());
  }

  get(id: string): BankQuestion | undefined {
    return this.byId.get(id);
  }

  get sections(): QuizSection[] {
    return [...new Set(this.questions.map((q) => q.section))];
  }
}

export async function parseQuizFile(file: string): Promise<BankQuestion[]> {
  const name = path.basename(file);
  let data: unknown;
  try {
    data = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new QuizBankError(`${name}: not valid YAML: ${firstLine(error)}`);
  }
  const parsed = quizFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QuizBankError(`${name}: ${describeLocation(data, issue.path)} ${issue.message}`.trim());
  }
  return parsed.data.questions.map((question) => ({ ...question, file: name }));
}

async function listYamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** `questions[3] (id "x").prompt` — names the question by id when it has one. */
function describeLocation(data: unknown, issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '';
  const [root, index, ...rest] = issuePath;
  if (root !== 'questions' || typeof index !== 'number') return `${issuePath.join('.')}:`;
  const questions = (data as { questions?: unknown[] }).questions;
  const id = (questions?.[index] as { id?: unknown } | undefined)?.id;
  const named = typeof id === 'string' ? ` (id "${id}")` : '';
  return `questions[${index}]${named}${rest.length ? `.${rest.join('.')}` : ''}:`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
