// The grids the chunked-job layer can run, by name: how many instances, how many doubles per (instance, α) record,
// the resolved options and the one call that computes a range. A new enumeration (the 4×4 census) registers here
// and every engine — worker threads, shards and array jobs, the PostgreSQL queue — runs it unchanged.
import { GRID_FIELDS, GRID_SIZE, gridDefaults, runGrid3, type Grid3Options } from '../grid/grid3.js';
import type { Kernels } from '../kernels/kernels.js';

export interface GridKind {
  /** Instances in the whole grid (ids 0 … size − 1). */
  size: number;
  /** Doubles per (instance, α) record. */
  fields: number;
  /** Every option resolved, so that equal runs have equal specs (and job ids). */
  defaults(options: Grid3Options): Required<Grid3Options>;
  /** Records of instances [start, start + count) × alphas, instance-major; depends on (options, instance) only. */
  run(ir: Kernels, start: number, count: number, options: Grid3Options): Float64Array;
}

export const GRIDS = {
  grid3: { size: GRID_SIZE, fields: GRID_FIELDS, defaults: gridDefaults, run: runGrid3 },
} satisfies Record<string, GridKind>;

export type GridName = keyof typeof GRIDS;
