import { ImplicitRegError } from './errors.js';
import { allocF64 } from './f64pool.js';
import { checkAllocation, checkMatrix, checkNumber, checkVector, describe } from './validate.js';

/**
 * A dense matrix: row-major f64 storage, entry (i, j) at data[i * cols + j]. The package's small results (≤ 128
 * entries) are views into a shared slab (see `matrix`): transfer `data.slice()` to a worker, never `data.buffer`.
 */
export interface Matrix {
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  cols: number;
  /** The rows·cols entries, row-major: entry (i, j) at `data[i * cols + j]`. */
  data: Float64Array;
}

/**
 * Build a matrix. Without data it is zero; data (array or Float64Array of length rows·cols, row-major) is copied.
 * A matrix beyond 2³⁰ entries (8 GiB) is an ImplicitRegError('memory') stating the size.
 *
 * Small results share storage: matrices of ≤ 128 entries (here and in every result of the package) are views into
 * a shared 8 KiB slab, so `data.buffer` may hold other arrays too (`data.byteLength !== data.buffer.byteLength`).
 * Reading and writing `data` is safe; to transfer one to a worker (postMessage with a transfer list), transfer a copy
 * (`data.slice()`), never `data.buffer`, which would detach the other arrays of the slab.
 * @example matrix(2, 2, [1, 2, 3, 4]) // [[1, 2], [3, 4]]
 */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  checkNumber('matrix', 'rows', rows, { integer: true, min: 0 });
  checkNumber('matrix', 'cols', cols, { integer: true, min: 0 });
  checkAllocation('matrix', `a ${rows}×${cols} matrix`, rows * cols);
  if (data !== undefined) {
    checkVector('matrix', 'data', data);
    if (data.length !== rows * cols) throw new ImplicitRegError('shape', `matrix: argument data must have rows·cols = ${rows}·${cols} = ${rows * cols} entries, got ${data.length}`);
  }
  const out = allocF64(rows * cols);
  if (data !== undefined) out.set(data);
  return { rows, cols, data: out };
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  checkNumber('identity', 'n', n, { integer: true, min: 0 });
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Build a matrix from an array of rows (a convenience for small literals; storage is still row-major). */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  if (!Array.isArray(rows)) throw new ImplicitRegError('shape', `fromRows: argument rows must be an array of rows, got ${describe(rows)}`);
  const r = rows.length;
  for (let i = 0; i < r; i++) checkVector('fromRows', `row ${i}`, rows[i]);
  const c = r === 0 ? 0 : rows[0].length;
  const m = matrix(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new ImplicitRegError('shape', `fromRows: row ${i} has ${rows[i].length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
  }
  return m;
}

/** Aᵀ as a new matrix. */
export function transpose(a: Matrix): Matrix {
  checkMatrix('transpose', 'a', a);
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** Frobenius norm ‖A‖_F (scaled to avoid overflow). */
export function frobenius(a: Matrix | Float64Array): number {
  if (!(a instanceof Float64Array)) checkMatrix('frobenius', 'a', a);
  const d = a instanceof Float64Array ? a : a.data;
  let scale = 0;
  for (let i = 0; i < d.length; i++) scale = Math.max(scale, Math.abs(d[i]));
  if (scale === 0) return 0;
  if (!Number.isFinite(scale)) throw new ImplicitRegError('nonfinite', `frobenius: argument a must be finite, got ${scale}`);
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}
