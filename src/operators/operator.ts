// Measurement operators (docs/model.md) and their upload into wasm memory. The plain objects are what the problem
// generators return; an OperatorHandle holds the same data in wasm memory (descriptor + arrays) so that solvers
// and repeated calls cross the boundary without copying the operator again.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkFinite, checkMatrix, checkSymmetric, checkVector, describe } from '../core/validate.js';

/** m dense symmetric A_i, packed: row i holds the upper triangle of A_i (P = n(n+1)/2 entries) with off-diagonal weights doubled. */
export interface DenseOperator {
  /** Discriminant: dense measurement matrices. */
  kind: 'dense';
  /** Order of the unknown X (n×n). */
  n: number;
  /** Number of measurements. */
  m: number;
  /** m·n(n+1)/2 doubles: row i is the packed upper triangle of A_i, off-diagonal entries doubled. */
  packed: Float64Array;
}

/** Completion: observation i reads entry (rows[i], cols[i]) of symmetric X (A_i never materialized). */
export interface EntryOperator {
  /** Discriminant: entry observations (matrix completion). */
  kind: 'entry';
  /** Order of the unknown X (n×n). */
  n: number;
  /** Number of observations. */
  m: number;
  /** Row index of each observation, in [0, n). */
  rows: Int32Array;
  /** Column index of each observation, in [0, n). */
  cols: Int32Array;
}

/** Commuting: A_i = V diag(d_i) Vᵀ with one orthogonal V (n×n); d is m×n row-major. */
export interface CommutingOperator {
  /** Discriminant: simultaneously diagonalizable measurement matrices. */
  kind: 'commuting';
  /** Order of the unknown X (n×n). */
  n: number;
  /** Number of measurements. */
  m: number;
  /** The shared orthogonal eigenbasis (n×n). */
  V: Matrix;
  /** The eigenvalues of the A_i: m×n row-major, row i = d_i. */
  d: Float64Array;
}

/**
 * A linear measurement operator A: Sym(n) → Rᵐ, A(X)_i = ⟨A_i, X⟩ with symmetric A_i, in one of three storage forms
 * (discriminated by `kind`). The solvers take it plain or uploaded as an {@link OperatorHandle}.
 */
export type SensingOperator = DenseOperator | EntryOperator | CommutingOperator;

const KIND_ID = { dense: 0, entry: 1, commuting: 2 } as const;

/** Check an operator's shapes and values; throws an ImplicitRegError naming the field. */
export function checkOperator(fn: string, op: SensingOperator, name = 'op'): void {
  const bad = (what: string) => new ImplicitRegError('shape', `${fn}: argument ${name}${what}`);
  // own keys only: `'toString' in KIND_ID` is true through the prototype
  if (!op || typeof op !== 'object' || typeof op.kind !== 'string' || !Object.hasOwn(KIND_ID, op.kind)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name}${op && typeof op === 'object' ? '.kind' : ''} must be ${op && typeof op === 'object' ? "'dense', 'entry' or 'commuting'" : 'an operator object'}, got ${describe(op && typeof op === 'object' ? (op as { kind?: unknown }).kind : op)}`);
  }
  const { n, m } = op;
  if (!Number.isInteger(n) || n < 1) throw bad(`.n must be a positive integer, got ${n}`);
  if (!Number.isInteger(m) || m < 1) throw bad(`.m must be a positive integer, got ${m}`);
  // the solvers keep n×n iterates in the wasm32 memory (4 GiB)
  if (n * n > 2 ** 29) throw new ImplicitRegError('memory', `${fn}: argument ${name}.n = ${n}: one ${n}×${n} iterate needs ${(n * n * 8 / 2 ** 30).toPrecision(3)} GiB, beyond the 4 GiB wasm32 memory`);
  if (op.kind === 'dense') {
    const P = (n * (n + 1)) / 2;
    if (!(op.packed instanceof Float64Array) || op.packed.length !== m * P) {
      throw bad(`.packed must be a Float64Array of m·n(n+1)/2 = ${m * P} entries, got ${op.packed?.length}`);
    }
    checkFinite(fn, `${name}.packed`, op.packed);
  } else if (op.kind === 'entry') {
    if (!(op.rows instanceof Int32Array) || op.rows.length !== m) throw bad(`.rows must be an Int32Array of length m = ${m}, got ${op.rows?.length}`);
    if (!(op.cols instanceof Int32Array) || op.cols.length !== m) throw bad(`.cols must be an Int32Array of length m = ${m}, got ${op.cols?.length}`);
    for (let i = 0; i < m; i++) {
      if (op.rows[i] < 0 || op.rows[i] >= n || op.cols[i] < 0 || op.cols[i] >= n) {
        throw new ImplicitRegError('value', `${fn}: argument ${name} entry ${i} = (${op.rows[i]}, ${op.cols[i]}) lies outside a ${n}×${n} matrix (n = ${n})`);
      }
    }
  } else {
    checkMatrix(fn, `${name}.V`, op.V);
    if (op.V.rows !== n || op.V.cols !== n) throw bad(`.V must be ${n}×${n}, got ${op.V.rows}×${op.V.cols}`);
    checkFinite(fn, `${name}.V`, op.V.data);
    if (!(op.d instanceof Float64Array) || op.d.length !== m * n) throw bad(`.d must be a Float64Array of m·n = ${m * n} entries, got ${op.d?.length}`);
    checkFinite(fn, `${name}.d`, op.d);
  }
}

/** The first two measurements of an entry operator that read the same entry ((j,k) and (k,j) count as one), or null. */
export function firstDuplicateEntry(op: EntryOperator): [number, number] | null {
  const seen = new Map<number, number>();
  for (let i = 0; i < op.m; i++) {
    const a = Math.min(op.rows[i], op.cols[i]);
    const b = Math.max(op.rows[i], op.cols[i]);
    const j = seen.get(a * op.n + b);
    if (j !== undefined) return [j, i];
    seen.set(a * op.n + b, i);
  }
  return null;
}

/** An operator resident in wasm memory. Free it when done (solvers given a plain operator do this themselves). */
export class OperatorHandle {
  /** The uploaded operator's kind. */
  readonly kind: SensingOperator['kind'];
  /** Order of the unknown X (n×n). */
  readonly n: number;
  /** Number of measurements. */
  readonly m: number;
  /** Byte pointer of the descriptor (5 i32: kind, n, m, ptr a, ptr b). */
  readonly ptr: number;
  /** Entry operators: the first pair of measurements (i < j) that read the same entry, or null. */
  readonly duplicate: [number, number] | null;
  private blocks: number[];
  private readonly ir: Kernels;

  constructor(ir: Kernels, op: SensingOperator, fn = 'OperatorHandle', name = 'op') {
    checkOperator(fn, op, name);
    this.ir = ir;
    this.kind = op.kind;
    this.n = op.n;
    this.m = op.m;
    const h = ir.heap;
    let a = 0;
    let b = 0;
    if (op.kind === 'dense') {
      a = h.alloc(op.packed.length);
      h.write(a, op.packed);
    } else if (op.kind === 'entry') {
      a = h.alloc(Math.ceil(op.m / 2));
      b = h.alloc(Math.ceil(op.m / 2));
      h.i32.set(op.rows, a >>> 2);
      h.i32.set(op.cols, b >>> 2);
    } else {
      a = h.alloc(op.n * op.n);
      b = h.alloc(op.d.length);
      h.write(a, op.V.data);
      h.write(b, op.d);
    }
    this.duplicate = op.kind === 'entry' ? firstDuplicateEntry(op) : null;
    this.ptr = h.alloc(4);
    h.i32.set([KIND_ID[op.kind], op.n, op.m, a, b], this.ptr >>> 2);
    this.blocks = [a, b, this.ptr];
  }

  /** Release the wasm memory (idempotent). */
  free(): void {
    for (const p of this.blocks) this.ir.heap.free(p);
    this.blocks = [];
  }

  /** Whether {@link OperatorHandle.free} has been called (a freed handle may not be passed to any function). */
  get freed(): boolean {
    return this.blocks.length === 0;
  }
}

/** Upload `op` unless it is already a handle; `release()` frees what was uploaded here. */
export function withOperator(ir: Kernels, op: SensingOperator | OperatorHandle, fn: string, name = 'op'): { h: OperatorHandle; release(): void } {
  if (op instanceof OperatorHandle) {
    if (op.freed) throw new ImplicitRegError('state', `${fn}: argument ${name} is an OperatorHandle that has been freed`);
    return { h: op, release: () => {} };
  }
  const h = new OperatorHandle(ir, op, fn, name);
  return { h, release: () => h.free() };
}

/** y = A(X) for symmetric X (n×n), evaluated in wasm. */
export function applyOperator(ir: Kernels, op: SensingOperator | OperatorHandle, X: Matrix): Float64Array {
  const fn = 'applyOperator';
  const { h, release } = withOperator(ir, op, fn);
  try {
    checkMatrix(fn, 'X', X);
    if (X.rows !== h.n || X.cols !== h.n) throw new ImplicitRegError('shape', `${fn}: argument X must be ${h.n}×${h.n}, got ${X.rows}×${X.cols}`);
    checkFinite(fn, 'X', X.data);
    checkSymmetric(fn, 'X', X);
    const hp = ir.heap;
    const px = hp.alloc(h.n * h.n);
    const py = hp.alloc(h.m);
    const pw = hp.alloc(ir.raw.sensingWorkSize(h.n, 1));
    hp.write(px, X.data);
    ir.raw.sensingApply(h.ptr, px, py, pw);
    const y = hp.read(py, h.m);
    hp.free(px); hp.free(py); hp.free(pw);
    return y;
  } finally {
    release();
  }
}

/** A*(r) = Σ r_i A_i (n×n symmetric), evaluated in wasm. */
export function adjointOperator(ir: Kernels, op: SensingOperator | OperatorHandle, r: ArrayLike<number>): Matrix {
  const fn = 'adjointOperator';
  const { h, release } = withOperator(ir, op, fn);
  try {
    checkVector(fn, 'r', r as Float64Array, h.m);
    checkFinite(fn, 'r', r);
    const hp = ir.heap;
    const pr = hp.alloc(h.m);
    const pz = hp.alloc(h.n * h.n);
    const pw = hp.alloc(ir.raw.sensingWorkSize(h.n, 1));
    hp.write(pr, r);
    ir.raw.sensingAdjoint(h.ptr, pr, pz, pw);
    const z = matrix(h.n, h.n);
    hp.readInto(pz, z.data);
    hp.free(pr); hp.free(pz); hp.free(pw);
    return z;
  } finally {
    release();
  }
}

/** The Gram matrix AA* (m×m), (AA*)_ij = ⟨A_i, A_j⟩. */
export function gramOperator(ir: Kernels, op: SensingOperator | OperatorHandle): Matrix {
  const { h, release } = withOperator(ir, op, 'gramOperator');
  try {
    const hp = ir.heap;
    const pg = hp.alloc(h.m * h.m);
    const pw = hp.alloc(ir.raw.sensingWorkSize(h.n, 1));
    ir.raw.sensingGram(h.ptr, pg, pw);
    const g = matrix(h.m, h.m);
    hp.readInto(pg, g.data);
    hp.free(pg); hp.free(pw);
    return g;
  } finally {
    release();
  }
}

/** L(U) = ¼‖A(UUᵀ) − y‖², its gradient A*(r)U and the residual r, for U n×d. */
export function lossAndGradient(
  ir: Kernels, op: SensingOperator | OperatorHandle, y: ArrayLike<number>, U: Matrix,
): {
  /** L(U) = ¼‖r‖². */
  loss: number;
  /** ∇L(U) = A*(r)U (n×d). */
  gradient: Matrix;
  /** r = A(UUᵀ) − y (m). */
  residual: Float64Array;
} {
  const fn = 'lossAndGradient';
  const { h, release } = withOperator(ir, op, fn);
  try {
    checkVector(fn, 'y', y as Float64Array, h.m);
    checkFinite(fn, 'y', y);
    checkMatrix(fn, 'U', U);
    if (U.rows !== h.n || U.cols < 1) throw new ImplicitRegError('shape', `${fn}: argument U must be ${h.n}×d with d ≥ 1, got ${U.rows}×${U.cols}`);
    checkFinite(fn, 'U', U.data);
    const d = U.cols;
    const hp = ir.heap;
    const py = hp.alloc(h.m);
    const pu = hp.alloc(h.n * d);
    const pr = hp.alloc(h.m);
    const pg = hp.alloc(h.n * d);
    const pw = hp.alloc(ir.raw.sensingWorkSize(h.n, d));
    hp.write(py, y);
    hp.write(pu, U.data);
    const loss = ir.raw.sensingGrad(h.ptr, py, pu, d, pr, pg, pw);
    const gradient = matrix(h.n, d);
    hp.readInto(pg, gradient.data);
    const residual = hp.read(pr, h.m);
    for (const p of [py, pu, pr, pg, pw]) hp.free(p);
    if (!Number.isFinite(loss) || !gradient.data.every(Number.isFinite)) {
      throw new ImplicitRegError('overflow', `${fn}: L(U) or ∇L overflows double precision (the entries of U, y or A are too large); scale them down`);
    }
    return { loss, gradient, residual };
  } finally {
    release();
  }
}
