// Browser entry: the .wasm is fetched next to the package; the exact `new URL('…', import.meta.url)` literal
// lets bundlers (Vite, webpack, esbuild) see and emit the file. No top-level await.
import { instantiateKernels, instantiateKernelsSync } from './instantiate.js';
import type { Kernels } from './kernels.js';

export * from './api.js';

let ready: Promise<Kernels> | undefined;

/**
 * Fetch, compile and instantiate the kernels (idempotent).
 * @example const ir = await init(); ir.expm(matrix(1, 1, [1])) // [[e]]
 */
export function init(): Promise<Kernels> {
  return (ready ??= instantiateKernels(fetch(new URL('../build/implicit-reg.wasm', import.meta.url))));
}

/** Synchronous instantiation from bytes or a compiled module (for Web Workers). Each call is a new instance. */
export function initSync(source: BufferSource | WebAssembly.Module): Kernels {
  return instantiateKernelsSync(source);
}

/** URL of the release .wasm. */
export const wasmUrl: URL = new URL('../build/implicit-reg.wasm', import.meta.url);
