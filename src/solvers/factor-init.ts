// Initializations U0 ∈ R^{n×d} of the factored solvers (docs/algorithms/solvers.md).
import { ImplicitRegError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { Rng, checkSeed, gaussianMatrix } from '../core/random.js';
import { checkFinite, checkMatrix, checkNumber, checkOneOf, checkOptions, checkSymmetric, describe } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';

/** How U0 ∈ R^{n×d} is chosen. */
export type FactorInit =
  | {
    /** Gaussian entries scaled to ‖U0‖_F = scale; with rank k < d, U0 = G1 G2ᵀ (G1 n×k, G2 d×k) rescaled. */
    kind: 'gaussian';
    /** The Frobenius norm ‖U0‖_F (≥ 0). */
    scale: number;
    /** Seed of the {@link Rng} that draws the entries. */
    seed: number;
    /** Rank k ≤ d of U0 (default d: a full Gaussian matrix). */
    rank?: number;
  }
  | {
    /** U0 = α·[I_d; 0] (so X0 = α²I when d = n). */
    kind: 'identity';
    /** The scale α. */
    alpha: number;
  }
  | {
    /** U0 = V_d diag(√max(λ, 0)) from the top-d eigenpairs of X (e.g. the SVD initialization of Gunasekar Fig. 1). */
    kind: 'svd';
    /** The symmetric n×n matrix whose top-d eigenpairs give U0. */
    X: Matrix;
  }
  | {
    /** U0 given (copied). */
    kind: 'given';
    /** U0 itself (n×d). */
    U: Matrix;
  };

/**
 * Build U0 (n×d) from an initialization spec; `name` is the argument's name in error messages.
 * @example initialFactor(ir, 10, 10, { kind: 'gaussian', scale: 1e-3, seed: 1 }) // ‖U0‖_F = 1e-3
 */
export function initialFactor(ir: Kernels, n: number, d: number, init: FactorInit, name = 'init'): Matrix {
  const fn = 'initialFactor';
  checkNumber(fn, 'n', n, { integer: true, min: 1, max: 2 ** 24 });
  if (!Number.isInteger(d) || d < 1 || d > n) throw new ImplicitRegError('shape', `${fn}: argument d must be an integer in [1, n = ${n}], got ${describe(d)}`);
  checkOptions(fn, name, init, true);
  const kind = checkOneOf(fn, `${name}.kind`, init.kind, ['gaussian', 'identity', 'svd', 'given'] as const);
  if (kind === 'gaussian') {
    const g = init as Extract<FactorInit, { kind: 'gaussian' }>;
    const scale = checkNumber(fn, `${name}.scale`, g.scale, { min: 0 });
    checkSeed(fn, `${name}.seed`, g.seed);
    const k = g.rank === undefined ? d : checkNumber(fn, `${name}.rank`, g.rank, { integer: true, min: 1, max: d });
    const rng = new Rng(g.seed);
    const U = k < d ? ir.matmul(gaussianMatrix(rng, n, k), gaussianMatrix(rng, d, k), { transB: true }) : gaussianMatrix(rng, n, d);
    let f = 0;
    for (const v of U.data) f += v * v;
    const c = f > 0 ? scale / Math.sqrt(f) : 0;
    for (let i = 0; i < U.data.length; i++) U.data[i] *= c;
    return U;
  }
  if (kind === 'identity') {
    const alpha = checkNumber(fn, `${name}.alpha`, (init as { alpha: unknown }).alpha);
    const U = matrix(n, d);
    for (let i = 0; i < d; i++) U.data[i * d + i] = alpha;
    return U;
  }
  if (kind === 'svd') {
    const X = (init as { X: Matrix }).X;
    checkMatrix(fn, `${name}.X`, X);
    if (X.rows !== n || X.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument ${name}.X must be ${n}×${n}, got ${X.rows}×${X.cols}`);
    checkFinite(fn, `${name}.X`, X.data);
    checkSymmetric(fn, `${name}.X`, X);
    const { values, vectors } = ir.eigh(X);
    const U = matrix(n, d);
    for (let j = 0; j < d; j++) {
      const col = n - 1 - j; // top eigenpairs (values ascending)
      const s = Math.sqrt(Math.max(values[col], 0));
      for (let i = 0; i < n; i++) U.data[i * d + j] = vectors.data[i * n + col] * s;
    }
    return U;
  }
  const U = (init as { U: Matrix }).U;
  checkMatrix(fn, `${name}.U`, U);
  if (U.rows !== n || U.cols !== d) throw new ImplicitRegError('shape', `${fn}: argument ${name}.U must be ${n}×${d}, got ${U.rows}×${U.cols}`);
  checkFinite(fn, `${name}.U`, U.data);
  return matrix(n, d, U.data);
}
