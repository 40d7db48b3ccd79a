// Node entry: the library, with the .wasm shipped in the package read from disk. No top-level await. The Node grid
// runner (worker threads, checkpoints, shards) is the separate subpath `implicit-reg/runner`, the CLI `implicit-reg`.
import { makeLoaders } from './kernels/init.js';
import { readWasm, readWasmSync, wasmFile } from './wasm/node-files.js';

export * from './api.js';
export type { InitOptions, Loaders, WasmSource } from './kernels/init.js';

const loaders = makeLoaders(async (build) => WebAssembly.compile(await readWasm(build)), readWasmSync);

/** {@inheritDoc Loaders.init} */
export const init = loaders.init;
/** {@inheritDoc Loaders.initSync} */
export const initSync = loaders.initSync;
/** {@inheritDoc Loaders.wasmModule} */
export const wasmModule = loaders.wasmModule;

/** File URL of the shipped portable release .wasm (for tools that load it themselves; `wasmFile('fma')` the FMA build). */
export const wasmUrl: URL = wasmFile('release');
export { wasmFile };
