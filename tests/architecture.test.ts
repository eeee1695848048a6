// The layering DESIGN.md promises, checked on the source: the core never reaches a platform.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('keeps src/core free of platform libraries and adapters', () => {
    const forbidden = /^(discord\.js|@slack\/|@discordjs\/|node:readline|readline)|\/adapters\//;
    const offenders = sourceFiles('src/core').flatMap((file) =>
      imports(file).filter((spec) => forbidden.test(spec)).map((spec) => `${path.relative(REPO_ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
