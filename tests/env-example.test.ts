import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/config.js';

describe('.env.example', () => {
  const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const documented = lines.map((line, i) => ({ name: /^([A-Z0-9_]+)=/.exec(line)?.[1], comment: lines[i - 1] ?? '' })).filter((v) => v.name);

  it('lists every configuration variable exactly once, each under a comment', () => {
    const names = documented.map((v) => v.name);
    expect([...names].sort()).toEqual(Object.keys(envSchema.shape).sort());
    for (const variable of documented) expect(variable.comment, variable.name).toMatch(/^# \S/);
  });
});
