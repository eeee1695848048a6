import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineCommand } from '../../src/core/commands/definition.js';
import { Router } from '../../src/core/router.js';
import { LessonLibrary } from '../../src/core/lessons/library.js';
import { Outbox } from '../../src/core/outbox.js';
import type { Services } from '../../src/core/services.js';
import { createLogger } from '../../src/logger.js';
import { testCaller } from '../support/core.js';

const echo = defineCommand({
  name: 'echo',
  description: 'Echo a count',
  usage: '/echo <count>',
  options: z.object({ count: z.coerce.number().int().min(1) }),
  parseText: (text) => ({ count: text.trim() || undefined }),
  run: ({ count }) => ({ body: `count=${count}` }),
});

const broken = defineCommand({
  name: 'broken',
  description: 'Always fails',
  usage: '/broken',
  options: z.object({}),
  parseText: () => ({}),
  run: () => {
    throw new Error('internal detail at /secret/path.ts:12');
  },
});

const ping = defineAction({ prefix: 'ping', run: (args) => ({ body: `pong ${args.join(',')}` }) });

// The router touches only the logger; the store and quiz services are not needed here.
const services = { logger: createLogger('silent'), lessons: new LessonLibrary([]), outbox: new Outbox() } as Services;
const router = new Router([echo, broken], [ping], services);
const caller = testCaller();

describe('Router', () => {
  it('runs a command from a text line', async () => {
    expect((await router.handleText('/echo 3', caller)).body).toBe('count=3');
    expect((await router.handleText('  /ECHO 4  ', caller)).body).toBe('count=4');
  });

  it('answers bad options with the problem and the usage line', async () => {
    const missing = await router.handleText('/echo', caller);
    expect(missing.tone).toBe('error');
    expect(missing.body).toContain('Count is required');
    expect(missing.body).toContain('Usage: `/echo <count>`');
    const notNumber = await router.handleText('/echo lots', caller);
    expect(notNumber.body).toContain('Count must be a number');
  });

  it('answers an unknown command with the list of commands', async () => {
    const reply = await router.handleText('/nope', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain('/echo');
    expect(reply.body).toContain('/help');
  });

  it('turns a failing handler into a friendly reply without internals', async () => {
    const reply = await router.handleText('/broken', caller);
    expect(reply.tone).toBe('error');
    expect(reply.body).toMatch(/something went wrong/i);
    expect(reply.body).not.toContain('/secret/path');
  });

  it('validates structured options the same way', async () => {
    expect((await router.handleCommand('echo', { count: 2 }, caller)).body).toBe('count=2');
    expect((await router.handleCommand('echo', { count: -1 }, caller)).tone).toBe('error');
    expect((await router.handleCommand('missing', {}, caller)).tone).toBe('error');
  });

  it('routes actions by prefix and explains expired ones', async () => {
    expect((await router.handleAction('ping:a:b', caller)).body).toBe('pong a,b');
    expect((await router.handleAction('gone:1', caller)).body).toMatch(/expired/);
  });

  it('points plain chat text to /help', async () => {
    const reply = await router.handleText('hello there', caller);
    expect(reply.body).toContain('/help');
  });
});
