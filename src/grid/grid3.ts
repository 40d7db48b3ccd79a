// The exhaustive 3×3 grid (docs/algorithms/grid.md, Gunasekar et al. 2017 Fig. 4): one wasm call per range of instances.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkSeed } from '../core/random.js';
import { checkNumber, checkNumberList, checkOneOf, checkOptions, INT32_MAX, optionalNumber, optionalTolerance } from '../core/validate.js';
import type { RunControl } from '../kernels/run.js';

/** Doubles per (instance, α) record: feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev. */
export const GRID_FIELDS = 8;
/** Number of grid instances: 15 masks × 10⁴ value tuples (instance ids 0 … 149 999, see gridInstance). */
export const GRID_SIZE = 150_000;

/** Record status codes (the solvers' vocabulary; 'infeasible': no flow was run). */
export const GRID_STATUS = {
  /** The flow fitted the data and settled (see SolverStatus 'converged'). */
  converged: 0,
  /** The flow reached tMax with the gradient still above gtol. */
  tMax: 1,
  /** The flow's step cap (maxSteps). */
  maxSteps: 2,
  /** A non-finite value: the flow blew up. */
  diverged: 3,
  /** The cap was reached at an unfitted point with ‖∇L‖ ≤ gtol (a saddle or spurious point). */
  stationary: 4,
  /** The step control asked for a step below 10 ulp(t). */
  stepTooSmall: 5,
  /** The instance has no PSD completion: no flow was run, the record's other fields are zero. */
  infeasible: -1,
} as const;

/** Options of the grid's flows (defaults in gridDefaults). */
export interface Grid3Options {
  /** Initialization scales ‖U0‖_F (the paper's Fig. 4: 1e-5, 1e-3, 1). */
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
  /** 'auto' (default): Rodas5P in the stiff tail; 'dopri': Dormand–Prince throughout. */
  method?: 'auto' | 'dopri';
  /** Time limit of each flow (default 1e12); flows reaching it are reported with status tMax (or stationary). */
  tMax?: number;
  /**
   * Relative step-control tolerance (default 1e-9; with atol's default, Δ is within ~1e-10 of a Radau reference at rtol
   * 1e-13).
   */
  rtol?: number;
  /** Absolute step-control tolerance (default 1e-12). */
  atol?: number;
  /** Step cap of each flow (default 10⁷). */
  maxSteps?: number;
}

/** Resolved options with every default filled in (what a run's output records). */
export function gridDefaults(o: Grid3Options, fn = 'gridDefaults', name = 'o'): Required<Grid3Options> {
  checkOptions(fn, name, o, true);
  const alphas = checkNumberList(fn, `${name}.alphas`, o.alphas, { gt: 0 });
  const seed = o.seed ?? 0;
  checkSeed(fn, `${name}.seed`, seed);
  return {
    alphas, seed, gtol: optionalTolerance(fn, `${name}.gtol`, o.gtol, 1e-13), ltol: optionalTolerance(fn, `${name}.ltol`, o.ltol, 1e-20),
    fitTol: optionalNumber(fn, `${name}.fitTol`, o.fitTol, 1e-4, { min: 0, lt: 1 }),
    qtol: optionalNumber(fn, `${name}.qtol`, o.qtol, 1e-10, { min: 0, lt: 1 }),
    method: checkOneOf(fn, `${name}.method`, o.method, ['auto', 'dopri'] as const, 'auto'),
    tMax: optionalNumber(fn, `${name}.tMax`, o.tMax, 1e12, { gt: 0 }),
    rtol: optionalNumber(fn, `${name}.rtol`, o.rtol, 1e-9, { min: 2.220446049250313e-14, lt: 1 }),
    atol: optionalNumber(fn, `${name}.atol`, o.atol, 1e-12, { gt: 0 }), maxSteps: optionalNumber(fn, `${name}.maxSteps`, o.maxSteps, 10_000_000, { integer: true, min: 1, max: INT32_MAX }),
  };
}

/**
 * Records for instances [start, start + count) × alphas (instance-major, GRID_FIELDS doubles each), in one call.
 * With a time budget or an AbortSignal (opts is a RunControl; progress in instances) a stopped call returns the
 * records of the instances it finished: a shorter array (length / (alphas.length·GRID_FIELDS) instances, from start).
 * @example runGrid3(ir, 0, 1000, { alphas: [1e-3] })
 */
export function runGrid3(ir: Kernels, start: number, count: number, opts: Grid3Options & RunControl): Float64Array {
  const fn = 'runGrid3';
  checkNumber(fn, 'start', start, { integer: true, min: 0, max: GRID_SIZE });
  checkNumber(fn, 'count', count, { integer: true, min: 0, max: GRID_SIZE - start });
  const o = gridDefaults(opts, fn, 'opts');
  const hp = ir.heap;
  const len = count * o.alphas.length * GRID_FIELDS;
  const pa = hp.alloc(o.alphas.length);
  const po = hp.alloc(len + 1);
  const pw = hp.alloc(ir.raw.grid3WorkSize());
  try {
    hp.write(pa, o.alphas);
    const { value: done } = ir.runs.run(fn, opts, () => ir.raw.grid3Run(start, count, pa, o.alphas.length, o.seed, o.gtol, o.ltol,
      o.fitTol, o.qtol, o.method === 'auto' ? 1 : 0, o.tMax, o.rtol, o.atol, o.maxSteps, po, pw), 'opts');
    return hp.read(po, Math.min(done, count) * o.alphas.length * GRID_FIELDS);
  } finally {
    hp.free(pa); hp.free(po); hp.free(pw);
  }
}

/** The U0 the grid uses for (seed, instance, α index) — to reproduce one instance with the general solvers. */
export function gridInitialU(ir: Kernels, seed: number, id: number, alphaIndex: number, alpha: number): Matrix {
  const fn = 'gridInitialU';
  checkSeed(fn, 'seed', seed);
  checkNumber(fn, 'id', id, { integer: true, min: 0, max: GRID_SIZE - 1 });
  checkNumber(fn, 'alphaIndex', alphaIndex, { integer: true, min: 0, max: INT32_MAX });
  checkNumber(fn, 'alpha', alpha, { gt: 0 });
  const p = ir.heap.alloc(9);
  try {
    ir.raw.grid3InitialU(seed, id, alphaIndex, alpha, p);
    const U = matrix(3, 3, ir.heap.read(p, 9));
    // ‖U0‖_F = alpha: entries overflow only for alpha near the largest double
    if (!U.data.every(Number.isFinite)) throw new ImplicitRegError('overflow', `${fn}: U0 with ‖U0‖_F = ${alpha} is not representable entrywise`);
    return U;
  } finally {
    ir.heap.free(p);
  }
}
