// "What does this mean?" on a real report, through the core router and the Slack stand-in:
// only the terms the report uses, the 64-bit sizes beside the sandbox's, within platform limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import { testCaller, testCore } from '../../support/core.js';
import { expectWithinPlatformLimits } from '../../support/platform-limits.js';

const TERMS_LABEL = 'What does this mean?';

describe('memory report terms', () => {
  let core: Core;
  const caller = testCaller({ userId: 'terms-tester' });
  beforeAll(async () => {
    core = await testCore({ SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
  });
  afterAll(() => core.close());

  async function explain(code: string) {
    const report = await core.router.handleText(`/memcheck ${code}`, caller);
    const button = report.buttons?.find((b) => b.label === TERMS_LABEL);
    expect(button, 'the report has the button').toBeDefined();
    expect(button!.action.length).toBeLessThanOrEqual(100);
    return { report, explanation: await core.router.handleAction(button!.action, caller) };
  }

  it('explains refs, deep, sizes with the 64-bit size beside ours, and not what the report lacks', async () => {
    const { report, explanation } = await explain('a = [1, 2, 3]; b = a; s = "hello"');
    expect(explanation.title).toBe('What the memory report means');
    expect(explanation.body).toContain('**refs**');
    expect(explanation.body).toContain('**deep**');
    expect(explanation.body).toContain('**tracemalloc current / peak**');
    expect(explanation.body).not.toContain('**the final collection**');
    const ours = /a\s+list\s+(\d+)/.exec(report.body)?.[1];
    expect(explanation.body).toContain(`\`list\`: 56 bytes + 8 per item slot`);
    expect(explanation.body).toContain(`here: a list of ${ours} bytes`);
    expect(explanation.body).toContain('`str`: 41 bytes + 1 per ASCII character');
    expect(explanation.body).not.toContain('`dict`');
    expectWithinPlatformLimits(explanation);
  }, 60_000);

  it('names the final collection and immortal objects when the report has them', async () => {
    const code = 'class Node: pass\nn = 5\na = Node(); b = Node(); a.other = b; b.other = a\ndel a, b';
    const { explanation } = await explain(`\`\`\`python\n${code}\n\`\`\``);
    expect(explanation.body).toContain('**the final collection**');
    expect(explanation.body).toContain('**immortal**');
  }, 60_000);

  it('/memcheck help explains every term without running anything', async () => {
    const reply = await core.router.handleText('/memcheck help', caller);
    expect(reply.title).toBe('What the memory report means');
    for (const term of ['refs', 'deep', 'immortal', 'gc generations and collections', 'the final collection', 'tracemalloc current / peak']) {
      expect(reply.body).toContain(`**${term}**`);
    }
    expect(reply.body).toContain('a plain instance: 48 bytes');
    expectWithinPlatformLimits(reply);
  });

  it('a forged or stale button gets a friendly answer', async () => {
    const reply = await core.router.handleAction('memterms:rdx!:14:', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain('/memcheck help');
  });
});
