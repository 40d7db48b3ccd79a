// Asymmetric measurements of X̃ ∈ R^{n1×n2} and their symmetric lift (the one lift of the package): on W = [U; V] ∈
// R^{(n1+n2)×d}, A_i = ½[[0, Ã_i], [Ã_iᵀ, 0]] gives ⟨A_i, WWᵀ⟩ = ⟨Ã_i, UVᵀ⟩, so an asymmetric problem is the
// symmetric problem on the lift, and ‖X̃‖_* = min ½‖W‖_F² over lifts with UVᵀ = X̃.
import { ImplicitRegError } from '../core/errors.js';
import { checkAllocation, checkFinite, checkObject, describe } from '../core/validate.js';
import type { DenseOperator, EntryOperator } from './operator.js';

/** Asymmetric completion (n1×n2 unknown X̃): observation i reads X̃[rows[i], cols[i]] (Ã_i = e_j e_kᵀ). */
export interface AsymEntryOperator {
  /** Discriminant: entry observations of a rectangular X̃. */
  kind: 'entry-asym';
  /** Rows of X̃. */
  n1: number;
  /** Columns of X̃. */
  n2: number;
  /** Number of observations. */
  m: number;
  /** Row index of each observation, in [0, n1). */
  rows: Int32Array;
  /** Column index of each observation, in [0, n2). */
  cols: Int32Array;
}

/** The same type under the name the solvers use. */
export type EntryAsymOperator = AsymEntryOperator;

/** m dense measurements Ã_i ∈ R^{n1×n2}, stored back to back (m·n1·n2, row-major). */
export interface DenseAsymOperator {
  /** Discriminant: dense rectangular measurement matrices. */
  kind: 'dense-asym';
  /** Rows of X̃ (and of each Ã_i). */
  n1: number;
  /** Columns of X̃ (and of each Ã_i). */
  n2: number;
  /** Number of measurements. */
  m: number;
  /** The m matrices Ã_i, back to back: m·n1·n2 doubles, each row-major. */
  mats: Float64Array;
}

/** Check an asymmetric operator ('entry-asym' or 'dense-asym'): sizes, index ranges, finite values. */
export function checkAsymOperator(fn: string, op: DenseAsymOperator | AsymEntryOperator, name = 'op'): void {
  checkObject(fn, name, op);
  if (op.kind !== 'entry-asym' && op.kind !== 'dense-asym') {
    throw new ImplicitRegError('value', `${fn}: argument ${name}.kind must be 'entry-asym' or 'dense-asym', got ${describe((op as { kind?: unknown }).kind)}`);
  }
  for (const key of ['n1', 'n2', 'm'] as const) {
    const v = op[key];
    if (!(Number.isInteger(v) && v > 0 && v <= 2 ** 30)) throw new ImplicitRegError('shape', `${fn}: argument ${name}.${key} must be a positive integer, got ${describe(v)}${Number.isInteger(v) && v > 2 ** 30 ? ' (at most 2³⁰)' : ''}`);
  }
  const { n1, n2, m } = op;
  if (op.kind === 'entry-asym') {
    for (const key of ['rows', 'cols'] as const) {
      if (!(op[key] instanceof Int32Array) || op[key].length !== m) {
        throw new ImplicitRegError('shape', `${fn}: argument ${name}.${key} must be an Int32Array of length m = ${m}, got ${describe(op[key])}`);
      }
    }
    for (let i = 0; i < m; i++) {
      if (op.rows[i] < 0 || op.rows[i] >= n1 || op.cols[i] < 0 || op.cols[i] >= n2) {
        throw new ImplicitRegError('value', `${fn}: argument ${name} entry ${i} = (${op.rows[i]}, ${op.cols[i]}) lies outside an ${n1}×${n2} matrix (n1 = ${n1}, n2 = ${n2})`);
      }
    }
  } else {
    checkAllocation(fn, `${name}.mats`, m * n1 * n2);
    if (!(op.mats instanceof Float64Array) || op.mats.length !== m * n1 * n2) {
      throw new ImplicitRegError('shape', `${fn}: argument ${name}.mats must hold m·n1·n2 = ${m * n1 * n2} entries, got ${describe(op.mats)}`);
    }
    checkFinite(fn, `${name}.mats`, op.mats);
  }
}

/**
 * The lift of an asymmetric operator to the symmetric (n1 + n2) problem: an entry operator with rows = j and
 * cols = n1 + k for a completion (observations `y`, when the operator carries them, are copied along), a packed dense
 * operator for dense Ã_i.
 * @example const sym = liftAsymmetric(asymmetricCompletion(train)) // sym.kind === 'entry', sym.n = n1 + n2
 */
export function liftAsymmetric<T extends DenseAsymOperator | (AsymEntryOperator & {
  /** The observed values, carried over to the lift. */
  y?: Float64Array;
})>(
  op: T,
): T extends AsymEntryOperator ? EntryOperator & {
  /** A copy of the input's observed values, when it had them. */
  y?: Float64Array;
} : DenseOperator {
  type Out = T extends AsymEntryOperator ? EntryOperator & { y?: Float64Array } : DenseOperator;
  checkAsymOperator('liftAsymmetric', op);
  const { n1, n2, m } = op;
  const n = n1 + n2;
  if (op.kind === 'dense-asym') checkAllocation('liftAsymmetric', 'the packed lift', m * ((n * (n + 1)) / 2));
  if (op.kind === 'entry-asym') {
    const cols = new Int32Array(m);
    for (let i = 0; i < m; i++) cols[i] = op.cols[i] + n1;
    const out: EntryOperator & { y?: Float64Array } = { kind: 'entry', n, m, rows: Int32Array.from(op.rows), cols };
    if (op.y) out.y = Float64Array.from(op.y);
    return out as Out;
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
