// /memcheck through the router with the real sandbox behind the MemoryCheck service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromText } from '../../../src/core/commands/memcheck.js';
import type { Core } from '../../../src/core/index.js';
import { testCaller, testCore } from '../../support/core.js';

describe('codeFromText', () => {
  it('takes inline code after /memcheck as it is', () => {
    expect(codeFromText('  a = [1]; b = a  ')).toBe('a = [1]; b = a');
  });

  it('takes the first python block, stripping the fences', () => {
    expect(codeFromText('look:\n```python\na = 1\nb = a\n```\nthanks')).toBe('a = 1\nb = a');
    expect(codeFromText('```\nx = 2\n```')).toBe('x = 2');
    expect(codeFromText('```text\nnot this\n```\n```py\nx = 3\n```')).toBe('x = 3');
  });
});

describe('/memcheck', () => {
  let core: Core;
  const caller = testCaller({ userId: 'memcheck-tester' });
  beforeAll(async () => {
    core = await testCore({ SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
  });
  afterAll(() => core.close());

  it('is a slow command', () => {
    expect(core.router.command('memcheck')?.slow).toBe(true);
  });

  it('runs inline code and shows the variables table', async () => {
    const reply = await core.router.handleText('/memcheck a = [1, 2, 3]; b = a', caller);
    expect(reply.title).toBe('Memory report');
    expect(reply.tone).toBe('success');
    expect(reply.body).toContain('✅ Ran fine');
    expect(reply.body).toMatch(/a\s+list\s+44\s+92\s+2\s+b/);
    expect(reply.footer).toContain('32-bit WebAssembly');
  }, 60_000);

  it('checks a pasted ```python block without the command', async () => {
    const code = ['class Node:', '    def __init__(self):', '        self.next = None', 'a = Node()', 'b = Node()', 'a.next = b', 'b.next = a'].join('\n');
    const reply = await core.router.handleText(`\`\`\`python\n${code}\n\`\`\``, caller);
    expect(reply.body).toContain('a.next → b.next → a');
    expect(reply.body).toContain('Read lesson 7');
  }, 60_000);

  it('reports errors with their line', async () => {
    const reply = await core.router.handleText('/memcheck x = 1 / 0', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain('❌ Raised an error** · `ZeroDivisionError: division by zero` (line 1)');
  }, 60_000);

  it('asks for code when there is none', async () => {
    const reply = await core.router.handleText('/memcheck', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain('put some Python after /memcheck');
  });
});
