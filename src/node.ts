// Node entry: the .wasm shipped in the package is read from disk. No top-level await.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { instantiateKernels, instantiateKernelsSync } from './wasm/instantiate.js';
import type { Kernels } from './kernels/kernels.js';

export * from './api.js';
// Node only (worker threads, files)
export { runGridJob, mergeShards, readCheckpoint, checkpointPath, shardChunks, assemble, type GridJob } from './runner/grid-runner.js';

const RELEASE = new URL('../build/implicit-reg.wasm', import.meta.url);
const DEBUG = new URL('../build/implicit-reg-debug.wasm', import.meta.url);

let ready: Promise<Kernels> | undefined;
let readyDebug: Promise<Kernels> | undefined;

/**
 * Load and instantiate the kernels (idempotent: every call returns the same instance).
 * `debug: true` loads the build with AssemblyScript assertions on (slower; for diagnosing kernels).
 * @example const ir = await init(); ir.eigh(matrix(2, 2, [2, 1, 1, 2]))
 */
export function init(opts: { debug?: boolean } = {}): Promise<Kernels> {
  if (opts.debug) return (readyDebug ??= readFile(DEBUG).then((b) => instantiateKernels(b)));
  return (ready ??= readFile(RELEASE).then((b) => instantiateKernels(b)));
}

/**
 * Synchronous instantiation, e.g. in a worker: from given bytes or a compiled module, else from the shipped file.
 * Each call creates a new instance with its own memory.
 */
export function initSync(source?: BufferSource | WebAssembly.Module): Kernels {
  return instantiateKernelsSync(source ?? readFileSync(RELEASE));
}

/** Path of the shipped release .wasm (for workers that compile it themselves). */
export const wasmUrl: URL = RELEASE;
