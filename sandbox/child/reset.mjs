// Reset in place: the interpreter right after lockdown is the reset point, and after each clean run
// the worker puts back everything a run could have changed, so the next run starts from the same
// state as a never-used worker. Covered here: all of linear memory, the stack pointer, the hiwire
// (externref) table, the Emscripten file system (tree, devices, inode counter, cwd, fd table) and
// the worker's own allowances. JS state outside these is kept unchanged by the gate (gate.mjs).

/**
 * Pyodide frees the Python object behind a collected PyProxy from a FinalizationRegistry callback.
 * After the reset point such a callback would change the restored heap at a random time, so every
 * registry made from here on (Pyodide makes its own when it loads) drops callbacks once `hold()` ran.
 */
export function holdFinalizers() {
  const Registry = globalThis.FinalizationRegistry;
  let held = false;
  globalThis.FinalizationRegistry = class HeldFinalizationRegistry extends Registry {
    constructor(cleanup) {
      super((value) => {
        if (!held) cleanup(value);
      });
    }
  };
  return {
    hold() {
      held = true;
    },
  };
}

/** Everything needed to put the interpreter back; taken once, right after lockdown. */
export function captureResetPoint(pyodide) {
  const module = pyodide._module;
  const memory = module.HEAPU8;
  return {
    memory: memory.slice(),
    stackPointer: module.___stack_pointer.value,
    hiwire: liveHiwireSlots(module),
    functionTableLength: module.wasmTable.length,
    fileSystem: captureFileSystem(module.FS),
  };
}

/**
 * Puts the interpreter back to the reset point. Returns null when done, or why it cannot be (the
 * worker must then be replaced): memory and tables only grow, so growth cannot be undone in place.
 */
export function restoreResetPoint(pyodide, point) {
  const module = pyodide._module;
  if (module.HEAPU8.length !== point.memory.length) return 'memory grew past the reset point';
  if (module.wasmTable.length !== point.functionTableLength) return 'the function table grew';
  restoreFileSystem(module.FS, point.fileSystem);
  for (const [slot, value] of point.hiwire) {
    if (module.__hiwire_set(slot, value) < 0) return `hiwire slot ${slot} could not be restored`;
  }
  module.HEAPU8.set(point.memory);
  module.___stack_pointer.value = point.stackPointer;
  return null;
}

/** How far the hiwire table is scanned for live slots at the reset point (a few are live). */
const HIWIRE_SCAN = 1024;

/**
 * The live slots of Pyodide's externref table and what they hold. Which slots are live is recorded
 * in linear memory (restored with it); the JS values themselves live in the table only.
 */
export function liveHiwireSlots(module) {
  const live = new Map();
  for (let slot = 0; slot < HIWIRE_SCAN; slot++) {
    if (slot > 0 && module.__hiwire_slot_info(slot) === 0) continue;
    try {
      live.set(slot, module.__hiwire_get(slot));
    } catch {
      // not a live slot
    }
  }
  return live;
}

function captureFileSystem(FS) {
  const nodes = [];
  const visit = (node) => {
    const saved = { node, fields: { ...node }, entries: null };
    nodes.push(saved);
    if (FS.isDir(node.mode) && node.contents && typeof node.contents === 'object') {
      saved.entries = { ...node.contents };
      for (const child of Object.values(node.contents)) visit(child);
    }
    if (node.mounted && node.mounted.root !== node) visit(node.mounted.root);
  };
  visit(FS.root);
  return {
    nodes,
    nameTable: [...FS.nameTable],
    streams: FS.streams.map((stream) => stream && { stream, fields: { ...stream }, shared: stream.shared ? { ...stream.shared } : null }),
    scalars: Object.fromEntries(Object.entries(FS).filter(([, value]) => value === null || typeof value !== 'object' && typeof value !== 'function')),
    devices: { ...FS.devices },
    deviceMajor: FS.createDevice.major,
  };
}

function restoreFileSystem(FS, saved) {
  for (const { node, fields, entries } of saved.nodes) {
    for (const key of Object.keys(node)) if (!(key in fields)) delete node[key];
    Object.assign(node, fields);
    if (entries) replaceKeys(node.contents, entries);
  }
  const nameTable = FS.nameTable;
  nameTable.length = saved.nameTable.length;
  for (let i = 0; i < saved.nameTable.length; i++) nameTable[i] = saved.nameTable[i];
  const streams = FS.streams;
  streams.length = saved.streams.length;
  saved.streams.forEach((entry, fd) => {
    streams[fd] = entry?.stream ?? null;
    if (!entry) return;
    Object.assign(entry.stream, entry.fields);
    if (entry.shared) Object.assign(entry.stream.shared, entry.shared);
  });
  Object.assign(FS, saved.scalars);
  replaceKeys(FS.devices, saved.devices);
  FS.createDevice.major = saved.deviceMajor;
}

function replaceKeys(target, source) {
  for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
  Object.assign(target, source);
}
