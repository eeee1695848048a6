import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import { testCaller, testCore } from '../../support/core.js';

let core: Core;
const caller = testCaller();
const ask = (text: string) => core.router.handleText(text, caller);

beforeAll(async () => {
  core = await testCore();
});

describe('/lesson', () => {
  it('lists all eight lessons with buttons when given no topic', async () => {
    const reply = await ask('/lesson');
    expect(reply.body).toContain('1. What is Memory Management?');
    expect(reply.body).toContain('8. Best Practices');
    expect(reply.buttons?.map((b) => b.action)).toEqual(Array.from({ length: 8 }, (_, i) => `lesson:${i + 1}:1`));
  });

  it('shows lesson 3 page 1 with its marker and a next button', async () => {
    const reply = await ask('/lesson 3');
    const pages = core.services.lessons.get(3)!.pages.length;
    expect(reply.title).toContain('Reference Counting');
    expect(reply.footer).toBe(`Lesson 3 · Reference Counting · page 1/${pages}`);
    expect(reply.buttons?.[0]).toMatchObject({ action: 'lesson:3:0', disabled: true });
    expect(reply.buttons?.[1]?.action).toBe(pages > 1 ? 'lesson:3:2' : 'lesson:4:1');
  });

  it.each(['/lesson 9', '/lesson 0'])('%s lists the valid numbers', async (text) => {
    const reply = await ask(text);
    expect(reply.tone).toBe('error');
    expect(reply.body).toMatch(/numbered 1–8/);
    expect(reply.body).toContain('3 Reference Counting');
  });

  it('finds lessons by words', async () => {
    expect((await ask('/lesson garbage collection')).footer).toMatch(/^Lesson 4 · Garbage Collection/);
    expect((await ask('/lesson reference counting')).footer).toMatch(/^Lesson 3 /);
    expect((await ask('/lesson weakref')).footer).toMatch(/^Lesson \d · /);
    expect((await ask('/lesson tracemalloc')).footer).toMatch(/^Lesson 5 · Memory Profiling/);
  });

  it('suggests the closest titles when nothing matches', async () => {
    const reply = await ask('/lesson xylophone quantum');
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain('No lesson matches');
    const typo = await ask('/lesson refrence countng');
    expect(typo.footer ?? typo.body).toMatch(/Reference Counting/);
  });

  it('takes a page after the topic and refuses pages past the end', async () => {
    const lesson = core.services.lessons.get(3)!;
    const last = await ask(`/lesson 3 ${lesson.pages.length}`);
    expect(last.footer).toBe(`Lesson 3 · Reference Counting · page ${lesson.pages.length}/${lesson.pages.length}`);
    const past = await ask(`/lesson 3 ${lesson.pages.length + 1}`);
    expect(past.tone).toBe('error');
    expect(past.body).toContain(`has ${lesson.pages.length} page`);
  });

  it('pages with actions that update the message and clamp stale page numbers', async () => {
    const lesson = core.services.lessons.get(3)!;
    const next = await core.router.handleAction('lesson:3:2', caller);
    expect(next.update).toBe(true);
    expect(next.footer).toBe(`Lesson 3 · Reference Counting · page ${Math.min(2, lesson.pages.length)}/${lesson.pages.length}`);
    const stale = await core.router.handleAction('lesson:3:99', caller);
    expect(stale.footer).toContain(`page ${lesson.pages.length}/${lesson.pages.length}`);
    expect((await core.router.handleAction('lesson:42:1', caller)).tone).toBe('error');
  });

  it('keeps every action id within 100 characters', async () => {
    for (const number of core.services.lessons.numbers) {
      const reply = await ask(`/lesson ${number}`);
      for (const button of reply.buttons ?? []) expect(button.action.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('/help', () => {
  it('lists every command with its description', async () => {
    const reply = await ask('/help');
    for (const command of core.router.commands) expect(reply.body).toContain(command.description);
  });
});
