// Worker of the grid runner: one wasm instance per worker thread, one grid range per task.
import { initSync } from '../node.js';
import { runGrid3, type Grid3Options } from '../grid/grid3.js';

const ir = initSync();

/** Piscina task: records for [start, start + count) (transferred back, not copied). */
export default function task({ start, count, opts }: { start: number; count: number; opts: Grid3Options }): Float64Array {
  return runGrid3(ir, start, count, opts);
}
