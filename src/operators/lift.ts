// Asymmetric measurements of X̃ ∈ R^{n1×n2} and their symmetric lift (the one lift of the package): on W = [U; V] ∈
// R^{(n1+n2)×d}, A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]] gives ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩, so an asymmetric problem is the
// symmetric problem on the lift, and ‖X̃‖_* = min ½‖W‖_F² over lifts with UVᵀ = X̃.
import { ImplicitRegError } from '../core/errors.js';
import type { DenseOperator, EntryOperator } from './operator.js';

/** Asymmetric completion (n1×n2 unknown X̃): observation i reads X̃[rows[i], cols[i]] (Ã_i = e_j e_kᵀ). */
export interface AsymEntryOperator {
  kind: 'entry-asym';
  n1: number;
  n2: number;
  m: number;
  rows: Int32Array;
  cols: Int32Array;
}

/** The same type under the name the solvers use. */
export type EntryAsymOperator = AsymEntryOperator;

/** m dense measurements Ã_i ∈ R^{n1×n2}, stored back to back (m·n1·n2, row-major). */
export interface DenseAsymOperator {
  kind: 'dense-asym';
  n1: number;
  n2: number;
  m: number;
  mats: Float64Array;
}

/**
 * The lift of an asymmetric operator to the symmetric (n1 + n2) problem: an entry operator with rows = j and
 * cols = n1 + k for a completion (observations `y`, when the operator carries them, are copied along), a packed dense
 * operator for dense Ã_i.
 * @example const sym = liftAsymmetric(asymmetricCompletion(train)) // sym.kind === 'entry', sym.n = n1 + n2
 */
export function liftAsymmetric<T extends DenseAsymOperator | (AsymEntryOperator & { y?: Float64Array })>(
  op: T,
): T extends AsymEntryOperator ? EntryOperator & { y?: Float64Array } : DenseOperator {
  type Out = T extends AsymEntryOperator ? EntryOperator & { y?: Float64Array } : DenseOperator;
  const { n1, n2, m } = op;
  const n = n1 + n2;
  if (op.kind === 'entry-asym') {
    const cols = new Int32Array(m);
    for (let i = 0; i < m; i++) cols[i] = op.cols[i] + n1;
    const out: EntryOperator & { y?: Float64Array } = { kind: 'entry', n, m, rows: Int32Array.from(op.rows), cols };
    if (op.y) out.y = Float64Array.from(op.y);
    return out as Out;
  }
  if (op.kind !== 'dense-asym') {
    throw new ImplicitRegError('value', `liftAsymmetric: argument op.kind must be 'entry-asym' or 'dense-asym', got ${(op as { kind?: unknown }).kind}`);
  }
  if (!(op.mats instanceof Float64Array) || op.mats.length !== m * n1 * n2) {
    throw new ImplicitRegError('shape', `liftAsymmetric: argument op.mats must hold m·n1·n2 = ${m * n1 * n2} entries, got ${op.mats?.length}`);
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
  return { kind: 'dense', n, m, packed } as Out;
}
