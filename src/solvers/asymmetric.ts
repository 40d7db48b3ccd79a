// Asymmetric factorization X̃ = UVᵀ (U n1×d, V n2×d) as the symmetric problem on the lift W = [U; V]
// with A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]], so ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩ (SPEC §1). GD on the lift is GD on (U, V):
// ∇_U L = ½Ã*(r)V, ∇_V L = ½Ã*(r)ᵀU for L = ¼‖Ã(UVᵀ) − y‖²; a paper's GD on ½‖·‖² with step η' is η = 2η' here.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import type { DenseOperator, EntryOperator } from '../operators/operator.js';
import type { AsymEntryOperator } from '../operators/problems.js';
import { factoredGD, initialFactor, type FactoredGDOptions, type FactoredResult } from './solvers.js';

/** m dense measurements Ã_i ∈ R^{n1×n2}, stored back to back (m·n1·n2, row-major). */
export interface DenseAsymOperator {
  kind: 'dense-asym';
  n1: number;
  n2: number;
  m: number;
  mats: Float64Array;
}

/** Entry (completion) measurements of X̃ (defined with the generators): observation i reads X̃[rows[i], cols[i]]. */
export type EntryAsymOperator = AsymEntryOperator;

/** The lift of an asymmetric operator to the symmetric (n1 + n2) problem. */
export function liftAsymmetric(op: DenseAsymOperator | EntryAsymOperator): DenseOperator | EntryOperator {
  const { n1, n2, m } = op;
  const n = n1 + n2;
  if (op.kind === 'entry-asym') {
    const cols = new Int32Array(m);
    for (let i = 0; i < m; i++) cols[i] = op.cols[i] + n1;
    return { kind: 'entry', n, m, rows: Int32Array.from(op.rows), cols };
  }
  if (op.mats.length !== m * n1 * n2) {
    throw new ImplicitRegError('shape', `liftAsymmetric: argument op.mats must hold m·n1·n2 = ${m * n1 * n2} entries, got ${op.mats.length}`);
  }
  // packed upper triangle of A_i: entry (j, n1 + k) carries the doubled weight 2·½Ã_jk = Ã_jk; all else 0
  const P = (n * (n + 1)) / 2;
  const packed = new Float64Array(m * P);
  const rowStart = (j: number) => j * n - (j * (j - 1)) / 2; // packed index of (j, j)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n1; j++) {
      const base = i * P + rowStart(j) + (n1 - j);
      for (let k = 0; k < n2; k++) packed[base + k] = op.mats[i * n1 * n2 + j * n2 + k];
    }
  }
  return { kind: 'dense', n, m, packed };
}

/** factoredGD's options, with an asymmetric operator; d defaults to min(n1, n2) and init is that of W = [U; V]. */
export interface AsymmetricGDOptions extends Omit<FactoredGDOptions, 'op'> {
  op: DenseAsymOperator | EntryAsymOperator;
}

export interface AsymmetricResult extends Omit<FactoredResult, 'U'> {
  U: Matrix;
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
  const { n1, n2 } = o.op;
  const n = n1 + n2;
  const d = o.d ?? Math.min(n1, n2);
  const lifted = liftAsymmetric(o.op);
  const W0 = initialFactor(ir, n, d, o.init);
  const run = factoredGD(ir, { ...o, op: lifted, d, init: { kind: 'given', U: W0 } });
  const U = matrix(n1, d, run.U.data.subarray(0, n1 * d));
  const V = matrix(n2, d, run.U.data.subarray(n1 * d, n * d));
  const X = ir.matmul(U, V, { transB: true });
  return { ...run, U, V, X, halfFrobenius: run.trace / 2 };
}
