// The layering docs/ARCHITECTURE.md promises, checked on the source: the core never reaches a
// platform, a store implementation or the sandbox; it sees them only through its own interfaces.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

function imports(file: string): Import[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)(\s+type)?[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => ({ spec: m[3]!, typeOnly: Boolean(m[2]) }));
}

/** The repository-relative path a relative import points at ('' for packages). */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? path.relative(REPO_ROOT, path.resolve(path.dirname(file), spec)) : '';
}

function offenders(dir: string, forbidden: (file: string, found: Import) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    imports(file).filter((found) => forbidden(file, found)).map(({ spec }) => `${path.relative(REPO_ROOT, file)} imports ${spec}`),
  );
}

/** The one door from the core to the sandbox: the report contract's types. */
const REPORT_CONTRACT = path.join('src', 'core', 'memcheck', 'report.ts');

describe('architecture', () => {
  it('keeps src/core free of platform libraries and adapters', () => {
    const forbidden = /^(discord\.js|@slack\/|@discordjs\/|node:readline|readline)|\/adapters\//;
    expect(offenders('src/core', (_file, { spec }) => forbidden.test(spec))).toEqual([]);
  });

  it('keeps src/core from importing a store implementation or the composition root', () => {
    const outside = /^src\/(store|memcheck|app|start)(\/|\.js$)/;
    expect(offenders('src/core', (file, { spec }) => outside.test(target(file, spec)))).toEqual([]);
  });

  it('lets src/core see the sandbox only as the report contract types, in one file', () => {
    const reachesSandbox = (file: string, { spec, typeOnly }: Import) =>
      target(file, spec).startsWith('sandbox') && !(typeOnly && path.relative(REPO_ROOT, file) === REPORT_CONTRACT);
    expect(offenders('src/core', reachesSandbox)).toEqual([]);
  });

  it('keeps sandbox/ self-contained: it imports nothing from src/', () => {
    expect(offenders('sandbox', (file, { spec }) => target(file, spec).startsWith('src'))).toEqual([]);
  });

  it('has no import circles (`npm run circles`: madge over src, sandbox and bench)', () => {
    const circles: unknown = JSON.parse(execFileSync('npm', ['run', '--silent', 'circles', '--', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' }));
    expect(circles).toEqual([]);
  }, 60_000);
});
