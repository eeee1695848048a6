// Verify mode: before a reused worker runs the next program, prove it is back at the reset point.
// Memory by SHA-256, the tables entry by entry, the file system by a manifest of every node (inode,
// mode, times, size, content hash), the fd table, cwd and counters. Any difference → refuse to run.
import { createHash } from 'node:crypto';
import { liveHiwireSlots } from './reset.mjs';

/** What the reset point looks like, taken together with it. */
export function describeResetPoint(pyodide, point) {
  const module = pyodide._module;
  return {
    memorySha256: sha256(point.memory),
    functionTable: tableEntries(module.wasmTable),
    immortal: immortalEntries(module),
    manifest: fileSystemManifest(module.FS),
  };
}

/** The differences between the interpreter now and the reset point (empty when identical). */
export function resetMismatches(pyodide, point, description) {
  const module = pyodide._module;
  const found = [];
  if (module.HEAPU8.length !== point.memory.length) found.push(`memory size ${module.HEAPU8.length} != ${point.memory.length}`);
  else if (sha256(module.HEAPU8) !== description.memorySha256) found.push('memory SHA-256 differs');
  if (module.___stack_pointer.value !== point.stackPointer) found.push('stack pointer differs');
  const hiwire = liveHiwireSlots(module);
  if (hiwire.size !== point.hiwire.size) found.push(`hiwire live slots ${hiwire.size} != ${point.hiwire.size}`);
  for (const [slot, value] of point.hiwire) if (hiwire.get(slot) !== value) found.push(`hiwire slot ${slot} differs`);
  if (!sameEntries(immortalEntries(module), description.immortal)) found.push('immortal table differs');
  if (!sameEntries(tableEntries(module.wasmTable), description.functionTable)) found.push('function table differs');
  const manifest = fileSystemManifest(module.FS);
  for (const [key, value] of Object.entries(description.manifest)) {
    if (manifest[key] !== value) found.push(`file system: ${key} differs`);
  }
  return found;
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function tableEntries(table) {
  const entries = new Array(table.length);
  for (let i = 0; i < table.length; i++) entries[i] = table.get(i);
  return entries;
}

/** Pyodide's immortal externref table: interned values, appended only. */
function immortalEntries(module) {
  const entries = [];
  for (;;) {
    try {
      entries.push(module.__hiwire_immortal_get(entries.length));
    } catch {
      return entries;
    }
  }
}

function sameEntries(a, b) {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** One string per part, so a mismatch names the part: tree, fds, cwd and counters, devices. */
function fileSystemManifest(FS) {
  const tree = [];
  const visit = (node, path) => {
    const content = ArrayBuffer.isView(node.contents) || Array.isArray(node.contents)
      ? sha256(Uint8Array.from(node.contents.subarray?.(0, node.usedBytes) ?? node.contents))
      : '';
    tree.push([path, node.id, node.mode, node.rdev, time(node.atime), time(node.mtime), time(node.ctime), node.usedBytes ?? null, content, node.link ?? null].join(' '));
    if (FS.isDir(node.mode) && node.contents && typeof node.contents === 'object' && !ArrayBuffer.isView(node.contents)) {
      for (const name of Object.keys(node.contents).sort()) visit(node.contents[name], `${path}/${name}`);
    }
    if (node.mounted && node.mounted.root !== node) visit(node.mounted.root, `${path}[mount]`);
  };
  visit(FS.root, '');
  const fds = FS.streams.map((stream, fd) => (stream ? `${fd} ${stream.path} ${stream.flags} ${stream.position} ${stream.node?.id}` : `${fd} -`));
  return {
    tree: sha256(tree.join('\n')),
    fds: fds.join('\n'),
    cwd: FS.cwd(),
    counters: `inode ${FS.nextInode} device ${FS.createDevice.major} names ${FS.nameTable.filter(Boolean).length}`,
    devices: Object.keys(FS.devices).sort().join(' '),
  };
}

function time(value) {
  return value instanceof Date ? value.getTime() : value;
}
