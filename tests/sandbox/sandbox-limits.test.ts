// What the sandbox cannot do (keyboard, files, packages, network, threads): each is said as a hint
// before it fails, and the error reads as CPython on Linux would print it.
import { describe, expect, it } from 'vitest';
import { check, py, sandboxForFile, testSandbox } from './helpers.js';

const sandbox = sandboxForFile(() => testSandbox());

async function limitCase(code: string) {
  const report = await check(sandbox, code);
  return { hints: report.hints.map(({ id, line, message }) => ({ id, line, message })), error: report.error };
}

describe('sandbox limits', () => {
  it('input(): no stdin, said so', async () => {
    const { hints, error } = await limitCase(py('name = input("name? ")'));
    expect(hints).toEqual([expect.objectContaining({ id: 'sandbox-no-stdin', line: 1 })]);
    expect(hints[0]?.message).toMatch(/no keyboard \(stdin\)/);
    expect(error).not.toBeNull();
  });

  it('reading a file that was never written: empty file system, Linux errno', async () => {
    const { hints, error } = await limitCase(py('with open("x") as f:', '    data = f.read()'));
    expect(hints).toEqual([expect.objectContaining({ id: 'sandbox-empty-files', line: 1 })]);
    expect(error?.type).toBe('FileNotFoundError');
    expect(error?.message).toBe("[Errno 2] No such file or directory: 'x'");
    expect(error?.traceback).toMatch(/FileNotFoundError: \[Errno 2\] No such file or directory: 'x'$/);
    expect(error?.traceback).not.toContain('44');
  });

  it('other OS errors get the Linux number too (a directory opened as a file)', async () => {
    const { error } = await limitCase(py('import os', 'os.mkdir("d")', 'open("d")'));
    expect(error?.message).toBe("[Errno 21] Is a directory: 'd'");
  });

  it('a file the program wrote first reads fine, without the hint', async () => {
    const { hints, error } = await limitCase(py('with open("x", "w") as f:', '    f.write("hi")', 'with open("x") as f:', '    text = f.read()'));
    expect(hints).toEqual([]);
    expect(error).toBeNull();
  });

  it.each([['numpy', 'import numpy as np'], ['requests', 'from requests import get']])('%s: only the standard library', async (name, line) => {
    const { hints, error } = await limitCase(py(line));
    expect(hints).toEqual([expect.objectContaining({ id: 'sandbox-not-stdlib', line: 1 })]);
    expect(hints[0]?.message).toContain(`\`${name}\``);
    expect(hints[0]?.message).toContain('only the standard library is available in the sandbox');
    expect(error?.type).toBe('ModuleNotFoundError');
  });

  it('network calls: the sandbox has no network', async () => {
    const { hints, error } = await limitCase(py('import urllib.request', 'page = urllib.request.urlopen("http://example.com")'));
    expect(hints).toEqual([expect.objectContaining({ id: 'sandbox-no-network', line: 1 })]);
    expect(hints[0]?.message).toContain('the sandbox has no network');
    expect(error).not.toBeNull();
  });

  it('threads and subprocesses: one thread, one process', async () => {
    const threads = await limitCase(py('import threading', 't = threading.Thread(target=print)', 't.start()'));
    expect(threads.hints).toEqual([expect.objectContaining({ id: 'sandbox-no-threads', line: 1 })]);
    expect(threads.error).not.toBeNull();
    const processes = await limitCase(py('import subprocess', 'subprocess.run(["ls"])'));
    expect(processes.hints).toEqual([expect.objectContaining({ id: 'sandbox-no-threads', line: 1 })]);
    expect(processes.error).not.toBeNull();
  });

  it('standard-library imports that work stay quiet', async () => {
    const { hints, error } = await limitCase(py('import json, collections', 'from urllib.parse import quote', 'text = quote(json.dumps([1]))'));
    expect(hints).toEqual([]);
    expect(error).toBeNull();
  });
});
