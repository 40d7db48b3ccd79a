// Browser entry: the .wasm is fetched next to the package; the exact `new URL('…', import.meta.url)` literal
// lets bundlers (Vite, webpack, esbuild) see and emit the file. No top-level await, no bare import specifiers
// (so a page can import dist/browser.js with no bundler and no import map).
import { compileResponse, instantiateModule, instantiateModuleSync } from './wasm/instantiate-web.js';
import type { Kernels } from './kernels/kernels.js';

export * from './api.js';
export { BrowserPool, type BrowserPoolOptions, type GridProgress, type PoolTask, type SweepResult, type TrajectoryProgress } from './browser/pool.js';
export { exploreProblem, exploreTrajectory, chunkBounds, type ExploreSpec, type ExploreChunk, type ExploreProblem } from './solvers/explore.js';

/** URL of the release .wasm. */
export const wasmUrl: URL = new URL('../build/implicit-reg.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;
let ready: Promise<Kernels> | undefined;

/**
 * The compiled module (fetched and compiled once); hand it to workers, which instantiate it with `initSync`.
 * @example const pool = new BrowserPool({ module: await wasmModule() })
 */
export function wasmModule(): Promise<WebAssembly.Module> {
  return (compiled ??= compileResponse(fetch(wasmUrl)));
}

/**
 * Fetch, compile and instantiate the kernels (idempotent).
 * @example const ir = await init(); ir.expm(matrix(1, 1, [1])) // [[e]]
 */
export function init(): Promise<Kernels> {
  return (ready ??= wasmModule().then(instantiateModule));
}

/** Synchronous instantiation from bytes or a compiled module (for Web Workers). Each call is a new instance. */
export function initSync(source: BufferSource | WebAssembly.Module): Kernels {
  return instantiateModuleSync(source);
}
