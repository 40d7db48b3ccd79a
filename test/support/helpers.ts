// Test references in plain TypeScript. Nothing here calls the package's kernels: these are the
// independent side of every comparison (seeded generator, naive products, norms, small factorizations).
import { expect } from 'vitest';
import { ImplicitRegError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import type { DenseOperator, SensingOperator } from '../../src/operators/operator.js';

/** Unit roundoff u = 2^-53 (|fl(x) − x| ≤ u|x|). */
export const U = 2 ** -53;
/** Machine epsilon ε = 2^-52 = 2u. */
export const EPS = 2 ** -52;

/** γ_k = k·u / (1 − k·u) (Higham 2002, §3.1): |fl(Σ_{i≤k} x_i y_i) − Σ x_i y_i| ≤ γ_k Σ|x_i y_i|. */
export function gamma(k: number): number {
  return (k * U) / (1 - k * U);
}

// The seeded generator lives in rng.ts (no vitest import there, so scripts outside the test runner can use it).
import { Rng } from './rng.js';
export { Rng };

// ------------------------------------------------------------------------------------------------
// Matrices (row-major { rows, cols, data }, the package's layout) built and combined in plain TS.

export function mat(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  const d = new Float64Array(rows * cols);
  if (data) d.set(data);
  return { rows, cols, data: d };
}

export function eye(n: number): Matrix {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function diag(values: ArrayLike<number>): Matrix {
  const n = values.length;
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = values[i];
  return m;
}

export function gaussMatrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const m = mat(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.gauss();
  return m;
}

/** (G + Gᵀ)/2 with G Gaussian: exactly symmetric. */
export function randomSymmetric(rng: Rng, n: number, scale = 1): Matrix {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = scale * (i === j ? rng.gauss() : rng.gauss() / Math.SQRT2);
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
  }
  return m;
}

/**
 * A seeded orthogonal matrix: the Q of a Gaussian matrix by modified Gram–Schmidt, run twice
 * ("twice is enough", Giraud et al. 2005) so that ‖QᵀQ − I‖ is a small multiple of u.
 */
export function randomOrthogonal(rng: Rng, n: number): Matrix {
  const g = gaussMatrix(rng, n, n);
  return mgsQ(mgsQ(g));
}

/** Q from modified Gram–Schmidt on the columns of a square matrix. */
export function mgsQ(a: Matrix): Matrix {
  const n = a.rows;
  const m = a.cols;
  const q = mat(n, m, a.data);
  const d = q.data;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) {
      let r = 0;
      for (let i = 0; i < n; i++) r += d[i * m + k] * d[i * m + j];
      for (let i = 0; i < n; i++) d[i * m + j] -= r * d[i * m + k];
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i * m + j] * d[i * m + j];
    s = Math.sqrt(s);
    for (let i = 0; i < n; i++) d[i * m + j] /= s;
  }
  return q;
}

/** Q·diag(λ)·Qᵀ, symmetrized exactly (entry (i, j) and (j, i) are the same computed number). */
export function qdqt(q: Matrix, lambda: ArrayLike<number>): Matrix {
  const n = q.rows;
  const out = mat(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q.data[i * n + k] * lambda[k] * q.data[j * n + k];
      out.data[i * n + j] = s;
      out.data[j * n + i] = s;
    }
  }
  return out;
}

/** Naive triple loop C = op(A)·op(B) (the reference product). */
export function naiveMatmul(a: Matrix, b: Matrix, transA = false, transB = false): Matrix {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const ea = (i: number, p: number) => (transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p]);
  const eb = (p: number, j: number) => (transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j]);
  const c = mat(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += ea(i, p) * eb(p, j);
      c.data[i * n + j] = s;
    }
  }
  return c;
}

export function transposeOf(a: Matrix): Matrix {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

export function absOf(a: Matrix): Matrix {
  return mat(a.rows, a.cols, a.data.map(Math.abs));
}

export function sub(a: Matrix, b: Matrix): Matrix {
  return mat(a.rows, a.cols, a.data.map((x, i) => x - b.data[i]));
}

export function scale(a: Matrix, s: number): Matrix {
  return mat(a.rows, a.cols, a.data.map((x) => s * x));
}

/** Frobenius norm (straight sum of squares; the test matrices are far from overflow/underflow). */
export function frob(a: Matrix | ArrayLike<number>): number {
  const d = 'data' in a ? a.data : a;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

export function maxAbs(a: Matrix | ArrayLike<number>): number {
  const d = 'data' in a ? a.data : a;
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]));
  return m;
}

/** max_i |x_i − y_i|. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** ‖A‖₁: largest column sum of |a_ij|. */
export function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.abs(a.data[i * a.cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** det by LU with partial pivoting (Golub & Van Loan Alg. 3.4.1). */
export function detLU(a: Matrix): number {
  const n = a.rows;
  const d = Float64Array.from(a.data);
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(d[i * n + k]) > Math.abs(d[p * n + k])) p = i;
    if (d[p * n + k] === 0) return 0;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = d[k * n + j];
        d[k * n + j] = d[p * n + j];
        d[p * n + j] = t;
      }
      det = -det;
    }
    const piv = d[k * n + k];
    det *= piv;
    for (let i = k + 1; i < n; i++) {
      const l = d[i * n + k] / piv;
      for (let j = k + 1; j < n; j++) d[i * n + j] -= l * d[k * n + j];
    }
  }
  return det;
}

// ------------------------------------------------------------------------------------------------
// Eigenvalue references.

/**
 * Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `d` and off-diagonal `e`
 * by bisection on Sturm counts (the LDLᵀ recurrence, Kahan 1966 / LAPACK dstebz). The count is exact for
 * a matrix within a few ulps (componentwise) of T, so each value is found to ~ a few ε·‖T‖ absolute;
 * bisection runs until the interval cannot shrink further in floating point.
 */
export function sturmEigenvalues(d: ArrayLike<number>, e: ArrayLike<number>): number[] {
  const n = d.length;
  // Gershgorin bounds
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
  }
  const pivmin = Number.MIN_VALUE * 1e10;
  // number of eigenvalues < x
  const count = (x: number): number => {
    let c = 0;
    let q = d[0] - x;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) c++;
    for (let i = 1; i < n; i++) {
      q = d[i] - x - (e[i - 1] * e[i - 1]) / q;
      if (Math.abs(q) < pivmin) q = -pivmin;
      if (q < 0) c++;
    }
    return c;
  };
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    // the (k+1)-th smallest: count(a) ≤ k < count(b)
    let a = lo;
    let b = hi;
    for (;;) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break;
      if (count(m) > k) b = m;
      else a = m;
    }
    out.push(0.5 * (a + b));
  }
  return out;
}

/** The dense n×n matrix of a symmetric tridiagonal (d, e). */
export function tridiag(d: ArrayLike<number>, e: ArrayLike<number>): Matrix {
  const n = d.length;
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = d[i];
  for (let i = 0; i < n - 1; i++) {
    m.data[i * n + i + 1] = e[i];
    m.data[(i + 1) * n + i] = e[i];
  }
  return m;
}

/**
 * Eigenvalues (ascending) of a symmetric positive definite A to high RELATIVE accuracy:
 * Cholesky A = RᵀR, then one-sided (Hestenes) Jacobi orthogonalizing the columns of R; λ_j = ‖column j‖².
 * For A = D H D (D diagonal, H well conditioned) R = R_H D has graded columns and R D⁻¹ = R_H is well
 * conditioned, so each λ_j comes out with relative error O(n ε κ(H)) (Demmel & Veselić 1992, §4–5).
 * A method different from the kernel's two-sided Jacobi, used as the graded-matrix reference.
 */
export function spdEigenvaluesRelative(a: Matrix): number[] {
  const n = a.rows;
  const A = a.data;
  // Cholesky, upper R (row-major): A = RᵀR
  const R = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= R[k * n + j] * R[k * n + j];
    if (!(s > 0)) throw new Error('spdEigenvaluesRelative: matrix not positive definite');
    const rjj = Math.sqrt(s);
    R[j * n + j] = rjj;
    for (let i = j + 1; i < n; i++) {
      let t = A[j * n + i];
      for (let k = 0; k < j; k++) t -= R[k * n + j] * R[k * n + i];
      R[j * n + i] = t / rjj;
    }
  }
  // one-sided Jacobi on the columns of R
  const col = (j: number, k: number) => R[k * n + j];
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let g = 0;
        for (let k = 0; k < n; k++) {
          const x = col(p, k);
          const y = col(q, k);
          alpha += x * x;
          beta += y * y;
          g += x * y;
        }
        if (Math.abs(g) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < n; k++) {
          const x = R[k * n + p];
          const y = R[k * n + q];
          R[k * n + p] = c * x - s * y;
          R[k * n + q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
    if (sweep === 99) throw new Error('spdEigenvaluesRelative: no convergence');
  }
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += R[k * n + j] * R[k * n + j];
    vals.push(s);
  }
  return vals.sort((x, y) => x - y);
}

/**
 * The n×n Sylvester–Hadamard matrix divided by √n (n a power of 4, so 1/√n is a power of two):
 * an EXACTLY orthogonal matrix with entries ±2^-k, for references free of rounding in Q.
 */
export function hadamardQ(n: number): Matrix {
  let h = [[1]];
  while (h.length < n) {
    const m = h.length;
    const next: number[][] = [];
    for (let i = 0; i < 2 * m; i++) {
      next.push([]);
      for (let j = 0; j < 2 * m; j++) next[i].push(h[i % m][j % m] * (i >= m && j >= m ? -1 : 1));
    }
    h = next;
  }
  const s = 1 / Math.sqrt(n);
  if (!Number.isInteger(Math.log2(s))) throw new Error('hadamardQ: n must be a power of 4');
  const q = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q.data[i * n + j] = s * h[i][j];
  return q;
}

/** P·Q·S with P a seeded row permutation and S seeded column signs (keeps Q exactly orthogonal). */
export function permuteSign(rng: Rng, q: Matrix): Matrix {
  const n = q.rows;
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const sign = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const out = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = sign[j] * q.data[perm[i] * n + j];
  return out;
}

// ------------------------------------------------------------------------------------------------
// ODE reference.

/**
 * A plain-TS Dormand–Prince 5(4) integrator following SciPy's `RK45` (scipy/integrate/_ivp/rk.py) and
 * Hairer–Nørsett–Wanner I §II.4: FSAL, error norm RMS(err / (atol + rtol·max(|y|, |y_new|))), accept when
 * the norm is < 1, h ← h·clamp(0.9·norm^(−1/5), 0.2, 10) with no growth right after a rejection, Hairer's
 * starting step. The coefficients are those of Dormand & Prince 1980, written out here independently.
 */
export function dopri5Reference(
  f: (t: number, y: Float64Array) => Float64Array,
  t0: number,
  y0: ArrayLike<number>,
  t1: number,
  rtol: number,
  atol: number,
): { t: number; y: Float64Array; steps: number; rejected: number; nfev: number; ok: boolean } {
  const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
  const A = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  ];
  const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
  const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
  const n = y0.length;
  const dir = t1 >= t0 ? 1 : -1;
  let t = t0;
  let y = Float64Array.from(y0);
  let fy = f(t, y);
  let nfev = 1;
  const rms = (v: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v(i) ** 2;
    return Math.sqrt(s / n);
  };
  // Hairer's starting step, error-estimator order 4
  const sc0 = (i: number) => atol + Math.abs(y[i]) * rtol;
  const d0 = rms((i) => y[i] / sc0(i));
  const d1 = rms((i) => fy[i] / sc0(i));
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const f1 = f(t + dir * h0, y.map((v, i) => v + dir * h0 * fy[i]));
  nfev++;
  const d2 = rms((i) => (f1[i] - fy[i]) / sc0(i)) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  let hAbs = Math.min(100 * h0, h1);
  let steps = 0;
  let rejected = 0;
  while (dir * (t1 - t) > 0) {
    let rejectedNow = false;
    for (;;) {
      let tNew = t + dir * hAbs;
      if (dir * (tNew - t1) > 0) tNew = t1;
      const h = tNew - t;
      hAbs = Math.abs(h);
      if (hAbs < 10 * Math.abs(t) * 2 ** -52 || hAbs === 0) return { t, y, steps, rejected, nfev, ok: false };
      const K: Float64Array[] = [fy];
      for (let s = 1; s < 6; s++) {
        const ys = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < s; j++) acc += A[s][j] * K[j][i];
          ys[i] = y[i] + h * acc;
        }
        K.push(f(t + C[s] * h, ys));
      }
      const yNew = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < 6; j++) acc += B[j] * K[j][i];
        yNew[i] = y[i] + h * acc;
      }
      const fNew = f(tNew, yNew);
      K.push(fNew);
      nfev += 6;
      const errNorm = rms((i) => {
        let e = 0;
        for (let j = 0; j < 7; j++) e += E[j] * K[j][i];
        return (h * e) / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i])));
      });
      if (errNorm < 1) {
        let factor = errNorm === 0 ? 10 : Math.min(10, 0.9 * errNorm ** (-1 / 5));
        if (rejectedNow) factor = Math.min(1, factor);
        hAbs *= factor;
        t = tNew;
        y = yNew;
        fy = fNew;
        steps++;
        break;
      }
      hAbs *= Math.max(0.2, 0.9 * errNorm ** (-1 / 5));
      rejected++;
      rejectedNow = true;
    }
  }
  return { t, y, steps, rejected, nfev, ok: true };
}

// ---- shared by the operator and solver suites

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The same operator with every stored number replaced by its absolute value (entry operators are already ≥ 0). */
export function absOperator(op: SensingOperator): SensingOperator {
  if (op.kind === 'dense') return { ...op, packed: absArr(op.packed) };
  if (op.kind === 'commuting') return { ...op, V: absMat(op.V), d: absArr(op.d) };
  return op;
}

/** Pack dense symmetric matrices in the DenseOperator layout (upper triangle row by row, off-diagonals doubled). */
export function packDense(n: number, mats: Matrix[]): DenseOperator {
  const P = (n * (n + 1)) / 2;
  const packed = new Float64Array(mats.length * P);
  let t = 0;
  for (const a of mats) {
    for (let j = 0; j < n; j++) {
      packed[t++] = a.data[j * n + j];
      for (let k = j + 1; k < n; k++) packed[t++] = 2 * a.data[j * n + k];
    }
  }
  return { kind: 'dense', n, m: mats.length, packed };
}

export function thrown(fn: () => unknown): ImplicitRegError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImplicitRegError);
    return e as ImplicitRegError;
  }
  throw new Error('expected an ImplicitRegError, nothing was thrown');
}

export const absArr = (x: ArrayLike<number>): Float64Array => Float64Array.from(x, Math.abs);

export const absMat = (a: Matrix): Matrix => mat(a.rows, a.cols, absArr(a.data));
