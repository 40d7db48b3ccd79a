// Zero-config entry (`implicit-reg/inline`): the release .wasm is embedded as base64 in a generated module
// (scripts/inline-wasm.mjs writes dist/inline-wasm.js at build time), so nothing is fetched and no bundler needs to
// know about a .wasm asset. Always compiled asynchronously: browsers refuse synchronous compilation of large modules
// on the main thread, and WebAssembly.compile keeps the page responsive.
import { wasmBase64 } from './inline-wasm.js';
import { ImplicitRegError } from './core/errors.js';
import { instantiateModule, instantiateModuleSync } from './wasm/instantiate-web.js';
import type { Kernels } from './kernels/kernels.js';

export * from './api.js';
export { BrowserPool, type BrowserPoolOptions, type GridProgress, type PoolTask, type SweepResult, type TrajectoryProgress } from './browser/pool.js';
export { exploreProblem, exploreTrajectory, chunkBounds, type ExploreSpec, type ExploreChunk, type ExploreProblem } from './solvers/explore.js';

/** Decode base64 without Buffer (not in browsers) and without a per-character string round trip. */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let compiled: Promise<WebAssembly.Module> | undefined;
let ready: Promise<Kernels> | undefined;

/**
 * The compiled embedded module (compiled once, asynchronously); hand it to workers.
 * @example const pool = new BrowserPool({ module: await wasmModule() })
 */
export function wasmModule(): Promise<WebAssembly.Module> {
  return (compiled ??= WebAssembly.compile(decodeBase64(wasmBase64)).catch((e: unknown) => {
    throw new ImplicitRegError('load', `init: compiling the embedded wasm failed: ${String(e)}`);
  }));
}

/**
 * Compile the embedded wasm and instantiate the kernels (idempotent).
 * @example const ir = await init(); ir.eigh(matrix(2, 2, [2, 1, 1, 2]))
 */
export function init(): Promise<Kernels> {
  return (ready ??= wasmModule().then(instantiateModule));
}

/** Synchronous instantiation from a module compiled by `wasmModule()` (for Web Workers). Each call is a new instance. */
export function initSync(module: WebAssembly.Module): Kernels {
  return instantiateModuleSync(module);
}
