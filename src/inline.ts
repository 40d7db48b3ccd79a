// Zero-config entry (`implicit-reg/inline`): the release .wasm (portable and FMA) is embedded as base64 in a generated module
// (scripts/inline-wasm.mjs writes dist/inline-wasm.js at build time), so nothing is fetched and no bundler needs to
// know about a .wasm asset. `init` compiles asynchronously (browsers refuse synchronous compilation of large modules
// on the main thread); `initSync()` compiles the embedded bytes synchronously (fine in workers and in Node).
import { wasmBase64, wasmFmaBase64 } from './inline-wasm.js';
import type { WasmBuild } from './wasm/builds.js';
import { ImplicitRegError } from './core/errors.js';
import { makeLoaders } from './kernels/init.js';

export * from './api.js';
export type { InitOptions, Loaders, WasmSource } from './kernels/init.js';
export { BrowserPool, type BrowserPoolOptions, type GridProgress, type PoolTask, type SweepResult, type TrajectoryProgress } from './browser/pool.js';
export { exploreProblem, exploreTrajectory, chunkBounds, type ExploreSpec, type ExploreChunk, type ExploreProblem } from './solvers/explore.js';

/** Decode base64 without Buffer (not in browsers) and without a per-character string round trip. */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function embedded(build: WasmBuild): Uint8Array<ArrayBuffer> {
  if (build === 'debug') throw new ImplicitRegError('value', "init: the inline entry embeds only the release builds (portable and FMA); import 'implicit-reg' for the debug build");
  return decodeBase64(build === 'fma' ? wasmFmaBase64 : wasmBase64);
}

const loaders = makeLoaders(
  (build) => WebAssembly.compile(embedded(build)).catch((e: unknown) => {
    throw e instanceof ImplicitRegError ? e : new ImplicitRegError('load', `init: compiling the embedded wasm failed: ${String(e)}`);
  }),
  embedded,
);

/** {@inheritDoc Loaders.init} */
export const init = loaders.init;
/** {@inheritDoc Loaders.initSync} */
export const initSync = loaders.initSync;
/** {@inheritDoc Loaders.wasmModule} */
export const wasmModule = loaders.wasmModule;
