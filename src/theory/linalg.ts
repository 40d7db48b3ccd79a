// Small dense helpers for the theory checks (sizes m, q ≤ ~50): square solves, the spectrum of a PSD matrix,
// ε-rank and log–log fits. Plain TypeScript: these sit outside every hot loop.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { checkFinite, checkNumber, checkSquare, checkVector } from '../core/validate.js';

/**
 * Solve the square system A x = b (A k×k row-major) by Gaussian elimination with partial pivoting.
 * Throws a 'singular' ImplicitRegError when a pivot vanishes relative to the largest entry of A.
 * @example solveSquare(Float64Array.of(2, 0, 0, 4), [2, 4], 2) // [1, 1]
 */
export function solveSquare(a: ArrayLike<number>, b: ArrayLike<number>, k: number, fn = 'solveSquare'): Float64Array {
  const M = Float64Array.from(a);
  const x = Float64Array.from(b);
  let big = 0;
  for (let i = 0; i < M.length; i++) big = Math.max(big, Math.abs(M[i]));
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r * k + c]) > Math.abs(M[p * k + c])) p = r;
    if (!(Math.abs(M[p * k + c]) > 1e-14 * big)) throw new ImplicitRegError('singular', `${fn}: the ${k}×${k} system is singular (pivot ${M[p * k + c]} in column ${c})`);
    if (p !== c) {
      for (let j = 0; j < k; j++) [M[c * k + j], M[p * k + j]] = [M[p * k + j], M[c * k + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < k; r++) {
      const f = M[r * k + c] / M[c * k + c];
      if (f === 0) continue;
      for (let j = c; j < k; j++) M[r * k + j] -= f * M[c * k + j];
      x[r] -= f * x[c];
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    let s = x[c];
    for (let j = c + 1; j < k; j++) s -= M[c * k + j] * x[j];
    x[c] = s / M[c * k + c];
  }
  return x;
}

/** Eigenvalues of a symmetric matrix, descending (negative rounding noise of a PSD input kept as is). */
export function spectrumDesc(ir: Kernels, x: Matrix): Float64Array {
  return ir.eigh(symmetrized(x)).values.reverse();
}

/** ½(X + Xᵀ): removes the rounding asymmetry of products such as UUᵀ before `eigh`. */
export function symmetrized(x: Matrix): Matrix {
  checkSquare('symmetrized', 'X', x);
  checkFinite('symmetrized', 'X', x.data);
  const n = x.rows;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = 0.5 * (x.data[i * n + j] + x.data[j * n + i]);
  return { rows: n, cols: n, data: d };
}

/**
 * ε-rank of a PSD matrix from its eigenvalues (docs/model.md): the smallest k with ‖X − X_k‖_F ≤ ε‖X‖_F, X_k the best
 * rank-k PSD approximation, i.e. Σ_{j>k} λ_j² ≤ ε² Σ_j λ_j² (λ descending, negatives clipped to 0).
 * @example epsRank([3, 1e-9, 0], 1e-6) // 1
 */
export function epsRank(valuesDesc: ArrayLike<number>, eps: number): number {
  checkVector('epsRank', 'valuesDesc', valuesDesc);
  checkFinite('epsRank', 'valuesDesc', valuesDesc);
  checkNumber('epsRank', 'eps', eps, { min: 0, lt: 1 });
  // scaled by the largest value so that squares of values beyond 1e154 do not overflow (the rank is scale-free)
  let big = 0;
  for (let k = 0; k < valuesDesc.length; k++) big = Math.max(big, valuesDesc[k]);
  const lam = Array.from(valuesDesc, (v) => (big > 0 ? Math.max(v, 0) / big : 0));
  // suffix sums from the small end: subtracting from the total would cancel tails below ε·λ_1²
  const tail = new Float64Array(lam.length + 1);
  for (let k = lam.length - 1; k >= 0; k--) tail[k] = tail[k + 1] + lam[k] * lam[k];
  if (tail[0] === 0) return 0;
  for (let k = 0; k < lam.length; k++) if (tail[k] <= eps * eps * tail[0]) return k;
  return lam.length;
}

/**
 * Least-squares slope and intercept of log y against log x over the pairs with x, y > 0 (NaN when fewer than two).
 * @example logLogSlope([1e-2, 1e-4], [1e-1, 1e-2]) // { slope: 0.5, ... }
 */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number; points: number } {
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0 && y[i] > 0 && Number.isFinite(y[i])) {
      px.push(Math.log(x[i]));
      py.push(Math.log(y[i]));
    }
  }
  const k = px.length;
  if (k < 2) return { slope: NaN, intercept: NaN, points: k };
  const mx = px.reduce((a, b) => a + b, 0) / k;
  const my = py.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (px[i] - mx) * (py[i] - my);
    sxx += (px[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, points: k };
}

export const norm2 = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
};
