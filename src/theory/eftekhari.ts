// Diagnostics of Eftekhari & Zygalakis 2021 (docs/theory.md): the effective rank (Def. 2.1) and the geometric-regularity /
// LICQ quantity σ_m(Dg(U)) with Dg(U)[Δ] = A(ΔUᵀ) (eq. 10; Assumption 3.1(ii), Def. A.1).
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { adjointOperator, withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkFinite, checkMatrix, checkOptions, checkSquare, checkSymmetric, describe } from '../core/validate.js';
import { epsRank, spectrumDesc } from './linalg.js';

/**
 * Effective rank of a PSD X (Eftekhari Def. 2.1, made numerical): the smallest r with ‖X − X_r‖_F ≤ eps·‖X‖_F,
 * X_r the best rank-r PSD approximation (eps default 1e-6). Also returns the spectrum (descending).
 * @example effectiveRank(ir, X).rank
 */
export function effectiveRank(ir: Kernels, X: Matrix, o: { eps?: number } = {}): {
  /** The effective rank r. */
  rank: number;
  /** The tolerance used. */
  eps: number;
  /** The eigenvalues of X, descending. */
  spectrum: Float64Array;
} {
  const fn = 'effectiveRank';
  checkSquare(fn, 'X', X);
  checkFinite(fn, 'X', X.data);
  checkOptions(fn, 'o', o);
  const eps = o.eps ?? 1e-6;
  if (!(typeof eps === 'number' && eps > 0 && eps < 1)) throw new ImplicitRegError('value', `${fn}: argument eps must lie in (0, 1), got ${describe(eps)}`);
  checkSymmetric(fn, 'X', X);
  const spectrum = spectrumDesc(ir, X);
  return { rank: epsRank(spectrum, eps), eps, spectrum };
}

/**
 * The singular values of the m × (n·p) Jacobian of Dg(U)[Δ] = A(ΔUᵀ) (row i = vec(A_iU), since ⟨A_i, ΔUᵀ⟩ =
 * ⟨A_iU, Δ⟩ for symmetric A_i), descending, and σ_m — positive iff {A_iU} are linearly independent (LICQ).
 * Computed from the m×m Gram matrix ⟨A_iU, A_jU⟩ by `eigh`: σ_i² to ~m·ε·σ_1², so σ_m is resolved when
 * σ_m ≳ 1e-7·σ_1 (below that it is reported as the rounding floor, not as a trustworthy value).
 * @example sigmaMinDg(ir, gaussianSensing({ n: 30, m: 240, seed: 1 }), U).sigmaM
 */
export function sigmaMinDg(ir: Kernels, op: SensingOperator | OperatorHandle, U: Matrix): {
  /** σ_m, the smallest of the m singular values (0 up to rounding when the A_iU are linearly dependent). */
  sigmaM: number;
  /** The m singular values of the Jacobian, descending. */
  singularValues: Float64Array;
} {
  const fn = 'sigmaMinDg';
  const { h, release } = withOperator(ir, op, fn);
  try {
    checkMatrix(fn, 'U', U);
    if (U.rows !== h.n || U.cols < 1) throw new ImplicitRegError('shape', `${fn}: argument U must be ${h.n}×p with p ≥ 1, got ${U.rows}×${U.cols}`);
    checkFinite(fn, 'U', U.data);
    const { n, m } = h;
    const p = U.cols;
    const J = matrix(m, n * p);
    const e = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      e.fill(0);
      e[i] = 1;
      const Ai = adjointOperator(ir, h, e); // A*(e_i) = A_i
      J.data.set(ir.matmul(Ai, U).data, i * n * p);
    }
    const G = ir.syrk(J); // J Jᵀ
    const lam = spectrumDesc(ir, G);
    const singularValues = lam.map((v) => Math.sqrt(Math.max(v, 0)));
    return { sigmaM: singularValues[m - 1], singularValues };
  } finally {
    release();
  }
}
