// Argument checks shared by the typed layer: every message names the function, the argument, what was
// expected and what was given (STYLE: errors).
import { ImplicitRegError } from './errors.js';
import type { Matrix } from './matrix.js';

/** Asymmetry tolerance for symmetric-input kernels: max|a_ij − a_ji| ≤ 1e-12 · max|a_ij|. */
export const SYMMETRY_TOL = 1e-12;

export function checkMatrix(fn: string, name: string, a: Matrix): void {
  if (a === null || typeof a !== 'object' || !(a.data instanceof Float64Array)) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be a Matrix { rows, cols, data: Float64Array }, got ${describe(a)}`);
  }
  if (!Number.isInteger(a.rows) || !Number.isInteger(a.cols) || a.rows < 0 || a.cols < 0 || a.data.length !== a.rows * a.cols) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must have data.length = rows·cols, got ${a.rows}×${a.cols} with ${a.data.length} entries`);
  }
}

export function checkNonEmpty(fn: string, name: string, a: Matrix): void {
  if (a.rows === 0 || a.cols === 0) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be non-empty, got ${a.rows}×${a.cols}`);
  }
}

export function checkSquare(fn: string, name: string, a: Matrix): void {
  checkMatrix(fn, name, a);
  checkNonEmpty(fn, name, a);
  if (a.rows !== a.cols) throw new ImplicitRegError('shape', `${fn}: argument ${name} must be square, got ${a.rows}×${a.cols}`);
}

export function checkFinite(fn: string, name: string, d: ArrayLike<number>): void {
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (x - x !== 0) {
      throw new ImplicitRegError('nonfinite', `${fn}: argument ${name} must be finite, got ${x} at index ${i}`);
    }
  }
}

/** Relative asymmetry max|a_ij − a_ji| / max|a_ij| of a square matrix (0 for the zero matrix). */
export function asymmetry(a: Matrix): number {
  const n = a.rows;
  const d = a.data;
  let big = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      big = Math.max(big, Math.abs(d[i * n + j]));
      if (j > i) diff = Math.max(diff, Math.abs(d[i * n + j] - d[j * n + i]));
    }
  }
  return big === 0 ? 0 : diff / big;
}

export function checkSymmetric(fn: string, name: string, a: Matrix): void {
  const r = asymmetry(a);
  if (r > SYMMETRY_TOL) {
    throw new ImplicitRegError('symmetry', `${fn}: argument ${name} must be symmetric (relative asymmetry ≤ ${SYMMETRY_TOL}), got ${r.toExponential(2)}`);
  }
}

export function checkVector(fn: string, name: string, x: unknown, length?: number): asserts x is Float64Array | number[] {
  if (!(x instanceof Float64Array) && !Array.isArray(x)) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must be a Float64Array or number[], got ${describe(x)}`);
  }
  if (length !== undefined && x.length !== length) {
    throw new ImplicitRegError('shape', `${fn}: argument ${name} must have length ${length}, got ${x.length}`);
  }
}

export function checkPositive(fn: string, name: string, x: number): void {
  if (!(typeof x === 'number' && x > 0 && Number.isFinite(x))) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be a positive finite number, got ${x}`);
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return typeof x;
}
