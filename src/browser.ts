// Browser entry: the .wasm is fetched next to the package; the exact `new URL('…', import.meta.url)` literal
// lets bundlers (Vite, webpack, esbuild) see and emit the file. No top-level await, no bare import specifiers
// (so a page can import dist/browser.js with no bundler and no import map).
import { makeLoaders } from './kernels/init.js';
import { compileResponse } from './wasm/instantiate.js';

export * from './api.js';
export type { InitOptions, Loaders, WasmSource } from './kernels/init.js';
export { BrowserPool, type BrowserPoolOptions, type GridProgress, type PoolTask, type SweepResult, type TrajectoryProgress } from './browser/pool.js';
export { exploreProblem, exploreTrajectory, chunkBounds, type ExploreSpec, type ExploreChunk, type ExploreProblem } from './solvers/explore.js';

/** URL of the release .wasm. */
export const wasmUrl: URL = new URL('../build/implicit-reg.wasm', import.meta.url);
const debugUrl = (): URL => new URL('../build/implicit-reg-debug.wasm', import.meta.url);

// no synchronous default: a page cannot fetch synchronously
const loaders = makeLoaders((build) => compileResponse(fetch(build === 'debug' ? debugUrl() : wasmUrl)));

/** {@inheritDoc Loaders.init} */
export const init = loaders.init;
/** {@inheritDoc Loaders.initSync} */
export const initSync = loaders.initSync;
/** {@inheritDoc Loaders.wasmModule} */
export const wasmModule = loaders.wasmModule;
