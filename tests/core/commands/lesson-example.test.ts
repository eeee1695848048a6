// "Run example" buttons on lesson pages, run through the router with the real sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import { pythonExamples } from '../../../src/core/lessons/markdown.js';
import { testCaller, testCore } from '../../support/core.js';

describe('Run example buttons', () => {
  let core: Core;
  const caller = testCaller({ userId: 'example-runner' });
  beforeAll(async () => {
    core = await testCore({ SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
  });
  afterAll(() => core.close());

  it('offers one button per Python block on the page', async () => {
    for (const lesson of core.services.lessons.lessons) {
      for (let page = 1; page <= lesson.pages.length; page++) {
        const reply = await core.router.handleAction(`lesson:${lesson.number}:${page}`, caller);
        const examples = (reply.buttons ?? []).filter((b) => b.action.startsWith('example:'));
        expect(examples.map((b) => b.action)).toEqual(
          pythonExamples(lesson.pages[page - 1]!).map((_, i) => `example:${lesson.number}:${page}:${i + 1}`),
        );
      }
    }
  });

  it('runs the block in the sandbox and titles the report with where it came from', async () => {
    const reply = await core.router.handleText('/lesson 3', caller);
    const button = reply.buttons?.find((b) => b.action.startsWith('example:3:1:'));
    expect(button).toBeDefined();
    const report = await core.router.handleAction(button!.action, caller);
    expect(report.title).toBe(`Memory report: lesson 3, page 1, example ${button!.action.split(':')[3]}`);
    expect(report.body).toContain('✅ Ran fine');
  }, 60_000);

  it('explains a button whose example no longer exists', async () => {
    const reply = await core.router.handleAction('example:3:1:99', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toMatch(/has moved/);
  });
});
