// The grids the chunked-job layer can run, by name: which instance ids, how many doubles a chunk stores, the resolved
// options and the one call that computes a chunk. Every engine — worker threads, shards and array jobs, the PostgreSQL
// queue — runs a registered grid unchanged.
//   grid3   the exhaustive 3×3 grid (docs/algorithms/grid.md): a chunk stores its instances' records (GRID_FIELDS doubles per α);
//   census  the census of small completion problems (src/grid/census.ts, docs/census.md): ids of the options' k, and
//           a chunk stores a fixed-size tally (src/grid/census-summary.ts) — the full 4×4 census has ~10⁸ instances.
import { GRID_FIELDS, GRID_SIZE, gridDefaults, runGrid3, type Grid3Options } from '../grid/grid3.js';
import { censusDefaults, censusRange, runCensus, CENSUS_FIELDS, type CensusOptions } from '../grid/census.js';
import { tallyRecords, tallySize } from '../grid/census-summary.js';
import type { Kernels } from '../kernels/kernels.js';

/** Options of any grid: the 3×3 grid's, with the census's fields where the grid is the census. */
export type GridOptions = Grid3Options & CensusOptions;

/** How the chunked-job layer runs one grid: its ids, record size, defaults and chunk computation. */
export interface GridKind {
  /** The grid's instance ids for these options: [first, end). */
  range(options: GridOptions): [number, number];
  /** Doubles per (instance, α) record (what `run` returns per instance unless `chunkDoubles` says otherwise). */
  fields: number;
  /** Doubles a chunk of `count` instances stores, when it is not count × α × fields (a tally). */
  chunkDoubles?(options: GridOptions, count: number): number;
  /** Every option resolved, so that equal runs have equal specs (and job ids). */
  defaults(options: GridOptions): Required<Grid3Options>;
  /** A chunk's output for instances [start, start + count); depends on (options, instance) only. */
  run(ir: Kernels, start: number, count: number, options: GridOptions): Float64Array;
}

/** The registered grids: 'grid3' (the exhaustive 3×3 grid) and 'census' (the census of small completion problems). */
export type GridName = 'grid3' | 'census';

/**
 * The registered grids by name. 'grid3': a chunk stores its instances' records (GRID_FIELDS doubles per α); 'census':
 * ids of the options' k, and a chunk stores a fixed-size tally (tallySize doubles) that merges by addition.
 */
export const GRIDS: Record<GridName, GridKind> = {
  grid3: { range: () => [0, GRID_SIZE], fields: GRID_FIELDS, defaults: gridDefaults, run: runGrid3 },
  census: {
    range: censusRange,
    fields: CENSUS_FIELDS,
    chunkDoubles: (o) => tallySize(o),
    defaults: censusDefaults,
    run: (ir, start, count, o) => tallyRecords(o, start, runCensus(ir, start, count, o)),
  },
};
