// How a sandbox child is started: which OS and Node isolation layers wrap it. Each layer is
// described in docs/ARCHITECTURE.md ("The sandbox") and tested in tests/sandbox/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface IsolationInfo {
  /** The child runs in its own network namespace (`unshare -rn`): no interface but a downed loopback. */
  networkNamespace: boolean;
  /** Why there is no network namespace, when there is none. */
  networkNamespaceProblem: string | null;
  permissionModel: true;
  codeGenerationFromStrings: false;
  emptyEnvironment: true;
  privateWorkingDirectory: true;
}

export interface ChildPaths {
  /** Pyodide's package directory, with a trailing slash (Pyodide's indexURL). */
  pyodideDir: string;
  pyodideUrl: string;
  pyodideVersion: string;
  childDir: string;
  runner: string;
}

const require = createRequire(import.meta.url);

export function childPaths(): ChildPaths {
  const packageJson = require.resolve('pyodide/package.json');
  const pyodideDir = path.dirname(packageJson) + path.sep;
  const childDir = fileURLToPath(new URL('./child/', import.meta.url));
  const { version } = require('pyodide/package.json') as { version: string };
  return {
    pyodideDir,
    pyodideUrl: pathToFileURL(path.join(pyodideDir, 'pyodide.mjs')).href,
    pyodideVersion: version,
    childDir,
    runner: path.join(childDir, 'runner.mjs'),
  };
}

let detected: Pick<IsolationInfo, 'networkNamespace' | 'networkNamespaceProblem'> | undefined;

/** Tries `unshare -rn true` once per process: user + network namespaces need no privileges where allowed. */
export function detectNetworkNamespace(): Pick<IsolationInfo, 'networkNamespace' | 'networkNamespaceProblem'> {
  if (detected) return detected;
  if (process.platform !== 'linux') {
    detected = { networkNamespace: false, networkNamespaceProblem: `network namespaces need Linux (this is ${process.platform})` };
    return detected;
  }
  const probe = spawnSync('unshare', ['-rn', 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000, env: {} });
  const problem = probe.error
    ? `unshare could not start (${probe.error.message})`
    : probe.status !== 0
      ? `unshare -rn failed: ${probe.stderr.toString().trim().slice(0, 200) || `exit ${probe.status}`}`
      : null;
  detected = { networkNamespace: problem === null, networkNamespaceProblem: problem };
  return detected;
}

/**
 * Test-only: behave as on a host without network namespaces (macOS, most containers), so tests can
 * show that the layers inside the child hold on their own. Never called by the bot; no setting reaches it.
 */
export function simulateMissingNetworkNamespaceForTests(): void {
  detected = { networkNamespace: false, networkNamespaceProblem: 'switched off by a test' };
}

export function isolationInfo(): IsolationInfo {
  return {
    ...detectNetworkNamespace(),
    permissionModel: true,
    codeGenerationFromStrings: false,
    emptyEnvironment: true,
    privateWorkingDirectory: true,
  };
}

/** The command line of a child: [unshare -rn] node <lockdown flags> runner.mjs <config>. */
export function childCommand(paths: ChildPaths, readable: readonly string[], config: object): { command: string; args: string[] } {
  const nodeArgs = [
    '--disallow-code-generation-from-strings',
    '--experimental-permission',
    `--allow-fs-read=${paths.pyodideDir}*`,
    `--allow-fs-read=${paths.childDir}*`,
    ...readable.map((file) => `--allow-fs-read=${file}`),
    // Python runs in a worker thread so the main thread can interrupt and terminate it.
    '--allow-worker',
    '--no-warnings',
    '--max-old-space-size=128',
    paths.runner,
    JSON.stringify(config),
  ];
  if (detectNetworkNamespace().networkNamespace) {
    return { command: 'unshare', args: ['-rn', process.execPath, ...nodeArgs] };
  }
  return { command: process.execPath, args: nodeArgs };
}
