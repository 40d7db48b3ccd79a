// Browser entry: the .wasm is fetched next to the package; the exact `new URL('…', import.meta.url)` literal
// lets bundlers (Vite, webpack, esbuild) see and emit the file. No top-level await, no bare import specifiers
// (so a page can import dist/browser.js with no bundler and no import map).
import { makeLoaders } from './kernels/init.js';
import { compileResponse } from './wasm/instantiate.js';
import type { WasmBuild } from './wasm/builds.js';

export * from './api.js';
export type { InitOptions, Loaders, WasmSource } from './kernels/init.js';
export { BrowserPool, type BrowserPoolOptions, type GridProgress, type PoolTask, type SweepResult, type TrajectoryProgress } from './browser/pool.js';
export { exploreProblem, exploreTrajectory, chunkBounds, type ExploreSpec, type ExploreChunk, type ExploreProblem } from './solvers/explore.js';

/** URL of the portable release .wasm. */
export const wasmUrl: URL = new URL('../build/implicit-reg.wasm', import.meta.url);
// each literal in full, so that bundlers emit all three files
const url = (build: WasmBuild): URL => (build === 'fma' ? new URL('../build/implicit-reg-fma.wasm', import.meta.url)
  : build === 'debug' ? new URL('../build/implicit-reg-debug.wasm', import.meta.url) : wasmUrl);

// no synchronous default: a page cannot fetch synchronously
const loaders = makeLoaders((build) => compileResponse(fetch(url(build))));

/** {@inheritDoc Loaders.init} */
export const init = loaders.init;
/** {@inheritDoc Loaders.initSync} */
export const initSync = loaders.initSync;
/** {@inheritDoc Loaders.wasmModule} */
export const wasmModule = loaders.wasmModule;
