// The exhaustive 3×3 grid (SPEC §8, Gunasekar et al. 2017 Fig. 4): one wasm call per range of instances.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';

/** Doubles per (instance, α) record: feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev. */
export const GRID_FIELDS = 8;
export const GRID_SIZE = 150_000;

/** Record status codes (the solvers' vocabulary; 'infeasible': no flow was run). */
export const GRID_STATUS = { converged: 0, tMax: 1, maxSteps: 2, diverged: 3, stationary: 4, stepTooSmall: 5, infeasible: -1 } as const;

/** Options of the grid's flows (defaults in gridDefaults). */
export interface Grid3Options {
  /** Initialization scales ‖U0‖_F (SPEC: 1e-5, 1e-3, 1). */
  alphas: number[];
  /** Base seed of the per-instance initializations (default 0). */
  seed?: number;
  /** With the data fitted, stop at ‖∇L‖_F ≤ gtol (default 1e-13: below it only the settle test decides, see qtol). */
  gtol?: number;
  /** Stop at L ≤ ltol (default 1e-20). */
  ltol?: number;
  /** The data count as fitted when ‖A(X) − y‖ ≤ fitTol·‖y‖ (default 1e-4). */
  fitTol?: number;
  /** With the data fitted, stop once tr X changes by ≤ qtol·tr X over a doubling of t (default 1e-10; 0: off). */
  qtol?: number;
  /** 'auto' (default): Rodas4 in the stiff tail; 'dopri': Dormand–Prince throughout. */
  method?: 'auto' | 'dopri';
  /** Time limit of each flow (default 1e12); flows reaching it are reported with status tMax (or stationary). */
  tMax?: number;
  /** Step-control tolerances (defaults 1e-10, 1e-13). */
  rtol?: number;
  atol?: number;
  /** Step cap of each flow (default 10⁷). */
  maxSteps?: number;
}

/** Resolved options with every default filled in (what a run's output records). */
export function gridDefaults(o: Grid3Options): Required<Grid3Options> {
  return {
    alphas: o.alphas, seed: o.seed ?? 0, gtol: o.gtol ?? 1e-13, ltol: o.ltol ?? 1e-20, fitTol: o.fitTol ?? 1e-4,
    qtol: o.qtol ?? 1e-10, method: o.method ?? 'auto', tMax: o.tMax ?? 1e12,
    rtol: o.rtol ?? 1e-10, atol: o.atol ?? 1e-13, maxSteps: o.maxSteps ?? 10_000_000,
  };
}

/**
 * Records for instances [start, start + count) × alphas (instance-major, GRID_FIELDS doubles each), in one call.
 * @example runGrid3(ir, 0, 1000, { alphas: [1e-3] })
 */
export function runGrid3(ir: Kernels, start: number, count: number, opts: Grid3Options): Float64Array {
  const fn = 'runGrid3';
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > GRID_SIZE) {
    throw new ImplicitRegError('value', `${fn}: arguments start, count must select instances within [0, ${GRID_SIZE}), got ${start}, ${count}`);
  }
  const o = gridDefaults(opts);
  if (o.alphas.length === 0 || !o.alphas.every((a) => a > 0 && Number.isFinite(a))) {
    throw new ImplicitRegError('value', `${fn}: argument alphas must be positive finite numbers, got ${o.alphas.join(',')}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed >= 2 ** 32) throw new ImplicitRegError('value', `${fn}: argument seed must be an integer in [0, 2^32), got ${o.seed}`);
  const hp = ir.heap;
  const len = count * o.alphas.length * GRID_FIELDS;
  const pa = hp.alloc(o.alphas.length);
  const po = hp.alloc(len + 1);
  const pw = hp.alloc(ir.raw.grid3WorkSize());
  try {
    hp.write(pa, o.alphas);
    ir.raw.grid3Run(start, count, pa, o.alphas.length, o.seed, o.gtol, o.ltol, o.fitTol, o.qtol, o.method === 'auto' ? 1 : 0,
      o.tMax, o.rtol, o.atol, o.maxSteps, po, pw);
    return hp.read(po, len);
  } finally {
    hp.free(pa); hp.free(po); hp.free(pw);
  }
}

/** The U0 the grid uses for (seed, instance, α index) — to reproduce one instance with the general solvers. */
export function gridInitialU(ir: Kernels, seed: number, id: number, alphaIndex: number, alpha: number): Matrix {
  const p = ir.heap.alloc(9);
  try {
    ir.raw.grid3InitialU(seed, id, alphaIndex, alpha, p);
    return matrix(3, 3, ir.heap.read(p, 9));
  } finally {
    ir.heap.free(p);
  }
}
