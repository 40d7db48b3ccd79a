// Exact minimum-trace PSD completion of a symmetric 3×3 with exactly two unknown entries (docs/algorithms/grid.md).
// The observed pattern is always chordal, so a PSD completion exists iff every fully observed principal block is
// PSD (Grone, Johnson, Sá & Wolkowicz 1984), and the maximal λ_min over completions follows from Cauchy
// interlacing. With two unknowns there are four classes (for the 15 masks: 3 + 3 + 6 + 3):
//   (a) two diagonal entries x = X_jj, z = X_kk unknown, X_ll = c known:
//       feasible iff c > 0; λ* = c (a supremum, approached as x, z → ∞); with w = X_jk − X_jl X_kl / c the Schur
//       complement gives min (x + z) = (X_jl² + X_kl²)/c + 2|w| at x = X_jl²/c + |w|, z = X_kl²/c + |w|.
//   (b1) diagonal X_jj and the off-diagonal X_kl not touching j: cliques {j,k}, {j,l}: feasible iff X_kk, X_ll > 0;
//       λ* = min(X_kk, X_ll); min X_jj = max(X_jk²/X_kk, X_jl²/X_ll), completed by X_kl = X_jk X_jl / X_jj.
//   (b2) diagonal X_jj and an off-diagonal X_jk touching j: cliques {k,l}, {j,l}: feasible iff [[X_kk, X_kl],
//       [X_kl, X_ll]] ⪰ 0; λ* = λ_min of that block; min X_jj = X_jl²/X_ll, completed by X_jk = X_jl X_lk / X_ll.
//   (c) two off-diagonals X_jk, X_jl unknown (all diagonals known): trace fixed; feasible iff [[X_kk, X_kl],
//       [X_kl, X_ll]] ⪰ 0 and X_jj ≥ 0; λ* = min(λ_min(block), X_jj); the zero completion is a minimizer.
// Tolerance (docs/algorithms/grid.md): feasible iff λ* ≥ −1e-9; borderline (every PSD completion singular) iff also |λ*| ≤ 1e-9.
import { ImplicitRegError } from '../core/errors.js';
import { checkVector } from '../core/validate.js';

/** The 6 unique entries of a symmetric 3×3 in docs/algorithms/grid.md's order: (0,0), (1,1), (2,2), (0,1), (0,2), (1,2). */
export const ENTRIES3: ReadonlyArray<readonly [number, number]> = [[0, 0], [1, 1], [2, 2], [0, 1], [0, 2], [1, 2]];

/** Feasibility tolerance on λ* = sup over completions of λ_min (docs/algorithms/grid.md). */
export const FEASIBILITY_TOL = 1e-9;

/** The exact minimum-trace PSD completion of a 3×3 instance (see {@link completion3}). */
export interface Completion3 {
  /** A PSD completion exists, up to the tolerance: λ* ≥ −FEASIBILITY_TOL. */
  feasible: boolean;
  /** Every PSD completion is singular: |λ*| ≤ 1e-9 (and feasible). */
  borderline: boolean;
  /** λ* = sup over completions of λ_min(X). */
  lambdaStar: number;
  /** Minimum trace over PSD completions (NaN when infeasible). */
  minTrace: number;
  /** A minimizer, row-major 3×3 (zeros when infeasible). */
  X: Float64Array;
}

const lminSym2 = (p: number, q: number, r: number): number => 0.5 * (p + q) - Math.hypot(0.5 * (p - q), r); // λ_min [[p, r], [r, q]]

/**
 * Exact min-trace PSD completion. `observed` lists 4 distinct indices into ENTRIES3, `values` their values.
 * @example completion3([0, 3, 5, 2], [0.8, -0.3, 0.5, 0.6]) // mask (0,0),(0,1),(1,2),(2,2)
 */
export function completion3(observed: ArrayLike<number>, values: ArrayLike<number>): Completion3 {
  const fn = 'completion3';
  checkVector(fn, 'observed', observed);
  checkVector(fn, 'values', values);
  if (observed.length !== 4 || values.length !== 4) {
    throw new ImplicitRegError('shape', `${fn}: arguments observed and values must have 4 entries, got ${observed.length} and ${values.length}`);
  }
  const known = new Array<number>(6).fill(NaN);
  for (let i = 0; i < 4; i++) {
    const e = observed[i];
    if (!Number.isInteger(e) || e < 0 || e > 5 || !Number.isNaN(known[e])) {
      throw new ImplicitRegError('value', `${fn}: argument observed must hold 4 distinct indices in 0..5, got ${Array.from(observed).join(',')}`);
    }
    if (!Number.isFinite(values[i])) throw new ImplicitRegError('nonfinite', `${fn}: argument values must be finite, got ${values[i]} at index ${i}`);
    known[e] = values[i];
  }
  const X = new Float64Array(9);
  const idx = (i: number, j: number): number => {
    if (i === j) return i;
    const [a, b] = i < j ? [i, j] : [j, i];
    return a === 0 ? (b === 1 ? 3 : 4) : 5;
  };
  const get = (i: number, j: number): number => known[idx(i, j)];
  const unknownDiag = [0, 1, 2].filter((i) => Number.isNaN(known[i]));
  let lambdaStar: number;
  let fill: Array<[number, number, number]> = []; // (i, j, value) for the unknown entries of the minimizer
  if (unknownDiag.length === 2) {
    // (a)
    const [j, k] = unknownDiag;
    const l = 3 - j - k;
    const c = get(l, l);
    lambdaStar = c;
    const b = get(j, l);
    const e = get(k, l);
    if (c > 0) {
      const w = Math.abs(get(j, k) - (b * e) / c);
      fill = [[j, j, (b * b) / c + w], [k, k, (e * e) / c + w]];
    } else if (c === 0 && b === 0 && e === 0) {
      // row l vanishes: the (j,k) block alone, min x + z = 2|X_jk|
      const w = Math.abs(get(j, k));
      fill = [[j, j, w], [k, k, w]];
    }
  } else if (unknownDiag.length === 1) {
    const j = unknownDiag[0];
    const [k, l] = [0, 1, 2].filter((i) => i !== j);
    if (Number.isNaN(get(k, l))) {
      // (b1): X_kl unknown
      const dk = get(k, k);
      const dl = get(l, l);
      lambdaStar = Math.min(dk, dl);
      if (dk > 0 && dl > 0) {
        const a = get(j, k);
        const b = get(j, l);
        const x = Math.max((a * a) / dk, (b * b) / dl);
        fill = [[j, j, x], [k, l, x > 0 ? (a * b) / x : 0]];
      }
    } else {
      // (b2): X_jk or X_jl unknown; name the unknown one (j, k2) and the known one (j, l2)
      const [k2, l2] = Number.isNaN(get(j, k)) ? [k, l] : [l, k];
      const dk = get(k2, k2);
      const dl = get(l2, l2);
      const e = get(k2, l2);
      lambdaStar = lminSym2(dk, dl, e);
      if (lambdaStar >= -FEASIBILITY_TOL && dl > 0) {
        const b = get(j, l2);
        fill = [[j, j, (b * b) / dl], [j, k2, (b * e) / dl]];
      }
    }
  } else {
    // (c): two off-diagonals unknown; they share the index j
    const offs = [3, 4, 5].filter((e) => Number.isNaN(known[e]));
    const pairs = offs.map((e) => ENTRIES3[e]);
    const j = pairs[0].filter((i) => pairs[1].includes(i))[0];
    const [k, l] = [0, 1, 2].filter((i) => i !== j);
    lambdaStar = Math.min(lminSym2(get(k, k), get(l, l), get(k, l)), get(j, j));
    fill = [[j, k, 0], [j, l, 0]];
  }
  const feasible = lambdaStar >= -FEASIBILITY_TOL;
  const borderline = feasible && Math.abs(lambdaStar) <= FEASIBILITY_TOL;
  // a zero diagonal entry with a nonzero entry in its row is "feasible" by the tolerance on λ* but has no PSD
  // completion (the supremum is not attained): borderline, and there is no minimizer to report — minTrace = +∞.
  // (Unreachable with docs/algorithms/grid.md's values, which are odd multiples of 1/9.)
  if (feasible && fill.length === 0) return { feasible, borderline, lambdaStar, minTrace: Infinity, X };
  if (!feasible) return { feasible, borderline, lambdaStar, minTrace: NaN, X };
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) X[i * 3 + j] = get(i, j);
  for (const [i, j, v] of fill) X[i * 3 + j] = X[j * 3 + i] = v;
  const minTrace = X[0] + X[4] + X[8];
  return { feasible, borderline, lambdaStar, minTrace, X };
}

/** The grid's values v_k = (2k − 9)/9, k = 0…9, each one correctly rounded division (docs/algorithms/grid.md). */
export const GRID_VALUES: readonly number[] = Array.from({ length: 10 }, (_, k) => (2 * k - 9) / 9);

/** The 15 masks: 4-subsets of ENTRIES3 indices in lexicographic (itertools.combinations) order. */
export const GRID_MASKS: ReadonlyArray<readonly number[]> = (() => {
  const out: number[][] = [];
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let c = b + 1; c < 6; c++) for (let d = c + 1; d < 6; d++) out.push([a, b, c, d]);
  return out;
})();

/** Instance id → (mask, value indices): id = 10000·mask + 1000·k0 + 100·k1 + 10·k2 + k3 (first observed slowest). */
export function gridInstance(id: number): {
  /** Index into GRID_MASKS (0 … 14). */
  mask: number;
  /** The mask's 4 observed indices into ENTRIES3. */
  observed: readonly number[];
  /** The 4 value indices into GRID_VALUES, in the order of `observed`. */
  k: number[];
  /** The 4 observed values GRID_VALUES[k[i]]. */
  values: number[];
} {
  if (!Number.isInteger(id) || id < 0 || id >= 150000) throw new ImplicitRegError('value', `gridInstance: argument id must be an integer in [0, 150000), got ${id}`);
  const mask = Math.floor(id / 10000);
  const r = id % 10000;
  const k = [Math.floor(r / 1000), Math.floor(r / 100) % 10, Math.floor(r / 10) % 10, r % 10];
  return { mask, observed: GRID_MASKS[mask], k, values: k.map((q) => GRID_VALUES[q]) };
}
