// Asymmetric factorization X̃ = UVᵀ (U n1×d, V n2×d) as the symmetric problem on the lift W = [U; V]
// with A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]], so ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩ (docs/model.md). GD on the lift is GD on (U, V):
// ∇_U L = ½Ã*(r)V, ∇_V L = ½Ã*(r)ᵀU for L = ¼‖Ã(UVᵀ) − y‖²; a paper's GD on ½‖·‖² with step η' is η = 2η' here.
import { checkNumber, checkOptions } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkAsymOperator, liftAsymmetric, type DenseAsymOperator, type EntryAsymOperator } from '../operators/lift.js';
import { factoredGD, type FactoredGDOptions, type FactoredResult } from './gd.js';
import { initialFactor } from './factor-init.js';

/** factoredGD's options, with an asymmetric operator; d defaults to min(n1, n2) and init is that of W = [U; V]. */
export interface AsymmetricGDOptions extends Omit<FactoredGDOptions, 'op'> {
  /** The asymmetric measurement operator of X̃ (n1×n2). */
  op: DenseAsymOperator | EntryAsymOperator;
}

/** Result of asymmetricGD: factoredGD's on the lift, with W = [U; V] split and X̃ = UVᵀ formed. */
export interface AsymmetricResult extends Omit<FactoredResult, 'U'> {
  /** The left factor U (n1×d). */
  U: Matrix;
  /** The right factor V (n2×d). */
  V: Matrix;
  /** X̃ = UVᵀ. */
  X: Matrix;
  /** ½‖W‖_F² = ½(‖U‖_F² + ‖V‖_F²) ≥ ‖UVᵀ‖_*, with equality at balanced factors. */
  halfFrobenius: number;
}

/**
 * Gradient descent on (U, V) for X̃ = UVᵀ, through the symmetric lift.
 * @example asymmetricGD(ir, { op, y, init: { kind: 'gaussian', scale: 1e-3, seed: 1 }, eta: 1e-2, maxIter: 10000 })
 */
export function asymmetricGD(ir: Kernels, o: AsymmetricGDOptions): AsymmetricResult {
  const fn = 'asymmetricGD';
  checkOptions(fn, 'options', o, true);
  checkAsymOperator(fn, o.op, 'options.op');
  const { n1, n2 } = o.op;
  const n = n1 + n2;
  const d = o.d === undefined ? Math.min(n1, n2) : checkNumber(fn, 'options.d', o.d, { integer: true, min: 1, max: n });
  const lifted = liftAsymmetric(o.op);
  const W0 = initialFactor(ir, n, d, o.init, 'options.init');
  const run = factoredGD(ir, { ...o, op: lifted, d, init: { kind: 'given', U: W0 } });
  const U = matrix(n1, d, run.U.data.subarray(0, n1 * d));
  const V = matrix(n2, d, run.U.data.subarray(n1 * d, n * d));
  const X = ir.matmul(U, V, { transB: true });
  return { ...run, U, V, X, halfFrobenius: run.trace / 2 };
}
