// The isolation layers of docs/ARCHITECTURE.md ("The sandbox"), each checked on a real child: empty
// environment, private working directory, Node flags, network namespace, Python cut off from JS,
// and a pristine interpreter for every run.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { CHILD_NICENESS } from '../../sandbox/process.js';
import { check, py, testSandbox } from './helpers.js';

const SECRET = 'memtutor-test-secret-7f3a';
let sandbox: Sandbox;
let childPid: number;

beforeAll(async () => {
  process.env.MEMTUTOR_SANDBOX_TEST_SECRET = SECRET;
  sandbox = testSandbox({ poolSize: 1 });
  await sandbox.start();
  childPid = sandbox.status().children[0]!.pid!;
}, 120_000);
afterAll(async () => {
  delete process.env.MEMTUTOR_SANDBOX_TEST_SECRET;
  await sandbox.close();
});

const onLinux = process.platform === 'linux';

describe('the child process', () => {
  it.runIf(onLinux)('has an empty environment: no secret of the bot', () => {
    const environ = readFileSync(`/proc/${childPid}/environ`, 'utf8');
    expect(environ).not.toContain(SECRET);
    const names = environ.split('\0').filter(Boolean).map((entry) => entry.split('=')[0]);
    expect(names.every((name) => name?.startsWith('NODE_CHANNEL_'))).toBe(true);
  });

  it.runIf(onLinux)('runs in a private temporary working directory', () => {
    const cwd = readlinkSync(`/proc/${childPid}/cwd`);
    expect(cwd.startsWith(os.tmpdir())).toBe(true);
    expect(cwd).toContain('memtutor-sandbox-');
  });

  it.runIf(onLinux)('runs with code generation from strings off and the permission model on', () => {
    const args = readFileSync(`/proc/${childPid}/cmdline`, 'utf8').split('\0');
    expect(args).toContain('--disallow-code-generation-from-strings');
    expect(args).toContain('--experimental-permission');
    expect(args.some((a) => a.startsWith('--allow-fs-write'))).toBe(false);
    expect(args.some((a) => a.startsWith('--allow-child-process'))).toBe(false);
  });

  it.runIf(onLinux)('runs every thread at the sandbox niceness, so the bot keeps the CPU first', () => {
    const niceness = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const tasks = readdirSync(`/proc/${childPid}/task`);
    expect(tasks.length).toBeGreaterThan(1);
    for (const task of tasks) expect(niceness(readFileSync(`/proc/${childPid}/task/${task}/stat`, 'utf8')), `thread ${task}`).toBe(CHILD_NICENESS);
  });

  it.runIf(onLinux)('lives in its own network namespace when the host allows one', () => {
    if (!sandbox.isolation.networkNamespace) return;
    expect(readlinkSync(`/proc/${childPid}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
  });
});

describe('what the snippet can reach', () => {
  it('cannot connect to a listener on 127.0.0.1', async () => {
    if (!sandbox.isolation.networkNamespace) return;
    const connections: net.Socket[] = [];
    const server = net.createServer((socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const report = await check(sandbox, py('import socket', 's = socket.socket()', 's.settimeout(2)', `s.connect(("127.0.0.1", ${port}))`, 'print("connected")'));
      expect(report.stdout).not.toContain('connected');
      expect(report.status).toBe('error');
      expect(connections).toHaveLength(0);
    } finally {
      server.close();
    }
  });

  it('cannot import js, pyodide_js or ctypes', async () => {
    for (const module of ['js', 'pyodide_js', 'ctypes', '_testinternalcapi']) {
      const report = await check(sandbox, `import ${module}\n`);
      expect(report.status, module).toBe('error');
      expect(report.error?.type, module).toMatch(/ImportError|ModuleNotFoundError/);
    }
  });

  it('sees no host environment or host files', async () => {
    const report = await check(sandbox, py('import os', 'print(sorted(os.environ))', 'print(os.path.exists("/etc/passwd"), os.path.exists("/work"))'));
    expect(report.stdout).not.toContain(SECRET);
    expect(report.stdout).not.toContain('MEMTUTOR');
    expect(report.stdout).toContain('False False');
  });
});

describe('every run starts pristine', () => {
  it('keeps nothing of the previous run: files, modules, builtins, globals', async () => {
    const first = await check(
      sandbox,
      py('import builtins, sys', 'builtins.leaked = 1', 'sys.modules["planted"] = sys', 'open("/tmp/left-behind", "w").write("x")', 'sys.path.append("/evil")', 'import json', 'json.dumps = None'),
    );
    expect(first.status).toBe('ok');
    const second = await check(
      sandbox,
      py('import builtins, sys, os, json', 'print(hasattr(builtins, "leaked"), "planted" in sys.modules, os.path.exists("/tmp/left-behind"), "/evil" in sys.path, json.dumps is None)'),
    );
    expect(second.stdout).toBe('False False False False False\n');
  });
});
