import { ImplicitRegError } from './errors.js';
import { allocF64 } from './f64pool.js';

/** A dense matrix: row-major f64 storage, entry (i, j) at data[i * cols + j]. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Build a matrix. Without data it is zero; data (array or Float64Array of length rows·cols, row-major) is copied.
 * Small matrices share pooled storage (`data.buffer` may hold other arrays too; `data` itself is private).
 * @example matrix(2, 2, [1, 2, 3, 4]) // [[1, 2], [3, 4]]
 */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ImplicitRegError('shape', `matrix: rows and cols must be non-negative integers, got ${rows}×${cols}`);
  }
  const out = allocF64(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new ImplicitRegError('shape', `matrix: data must have rows·cols = ${rows * cols} entries, got ${data.length}`);
    }
    out.set(data);
  }
  return { rows, cols, data: out };
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Build a matrix from an array of rows (a convenience for small literals; storage is still row-major). */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const r = rows.length;
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
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** Frobenius norm ‖A‖_F (scaled to avoid overflow). */
export function frobenius(a: Matrix | Float64Array): number {
  const d = a instanceof Float64Array ? a : a.data;
  let scale = 0;
  for (let i = 0; i < d.length; i++) scale = Math.max(scale, Math.abs(d[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}
