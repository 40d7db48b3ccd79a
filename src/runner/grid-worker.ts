// Worker thread of the Node grid runner: one wasm instance per thread, from the module the runner compiled once and
// passed as workerData; one grid range per task.
import { workerData } from 'node:worker_threads';
import { Kernels } from '../kernels/kernels.js';
import { instantiateSync } from '../wasm/instantiate.js';
import { runGrid3, type Grid3Options } from '../grid/grid3.js';

const ir = new Kernels(instantiateSync((workerData as { module: WebAssembly.Module }).module));

/** Piscina task: records for [start, start + count) (transferred back, not copied). */
export default function task({ start, count, opts }: { start: number; count: number; opts: Grid3Options }): Float64Array {
  return runGrid3(ir, start, count, opts);
}
