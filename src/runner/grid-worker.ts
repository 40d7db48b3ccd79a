// Worker thread of the chunk pool (src/runner/pool.ts): one wasm instance per thread, from the module the pool
// compiled once and passed as workerData; one chunk per task.
import { workerData } from 'node:worker_threads';
import { Kernels } from '../kernels/kernels.js';
import { instantiateSync } from '../wasm/instantiate.js';
import { GRIDS } from './grids.js';
import type { ChunkTask } from './pool.js';

const ir = new Kernels(instantiateSync((workerData as { module: WebAssembly.Module }).module));

/** Piscina task: the chunk's records. */
export default function task({ grid, start, count, options }: ChunkTask): Float64Array {
  return GRIDS[grid].run(ir, start, count, options);
}
