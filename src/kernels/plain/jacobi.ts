// Plain-TypeScript twin of assembly/jacobi.ts dsyevj: cyclic Jacobi with a relative threshold.
// see: Rutishauser 1966 (Handbook for Automatic Computation II/1, "jacobi"): rotation in the
//      τ = s/(1+c) form; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR", Alg. 4.1:
//      an off-diagonal entry is negligible when |a_pq| ≤ ε·sqrt(|a_pp a_qq|).
// Row-cyclic ordering (p, q) = (0, 1), (0, 2), …, (n−2, n−1) with rotation-at-a-time updates of the working
// matrix B (full, row-major) and of Vᵀ (by rows): the reference form of the algorithm. The wasm kernel computes
// the same rotations and threshold; where it visits the pairs in the same order the results are bitwise equal,
// and a different cyclic ordering there (e.g. round-robin for SIMD) changes them only by rounding.
import { ImplicitRegError } from '../../core/errors.js';
import { allocF64 } from '../../core/f64pool.js';
import type { Matrix } from '../../core/matrix.js';
import { checkCount, checkFinite, checkSquare, checkSymmetric } from '../../core/validate.js';

const EPS = 2.220446049250313e-16; // 2^-52
// Above this |θ|, θ² would overflow: use t ≈ 1/(2θ) (Rutishauser).
const THETA_BIG = 1.0e150;

/** Result of `eighPlain`: A = V diag(values) Vᵀ. */
export interface EighPlain {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors; column j pairs values[j]. */
  vectors: Matrix;
  /** Jacobi sweeps used (the last one makes no rotation). */
  sweeps: number;
}

/**
 * Symmetric eigendecomposition A = V diag(values) Vᵀ by cyclic Jacobi, in plain TypeScript (the twin of
 * `Kernels.eigh` without wasm). Values ascending; column j of `vectors` pairs values[j].
 * Eigenvalues to within O(nε)‖A‖₂; graded positive definite matrices to high relative accuracy.
 * Throws ImplicitRegError 'convergence' when `maxSweeps` (default 60) sweeps do not suffice.
 * @example eighPlain(matrix(2, 2, [2, 1, 1, 2])).values // Float64Array [1, 3]
 */
export function eighPlain(a: Matrix, maxSweeps = 60): EighPlain {
  const fn = 'eighPlain';
  checkSquare(fn, 'a', a);
  checkFinite(fn, 'a', a.data);
  checkSymmetric(fn, 'a', a);
  checkCount(fn, 'maxSweeps', maxSweeps, 1);
  const n = a.rows;
  // B, Vᵀ and the sort scratch carved from one array (each typed-array allocation above 64 bytes costs V8 an
  // off-heap buffer; small ones come from the package's pool, see f64pool.ts)
  const nn = n * n;
  const work = allocF64(2 * nn + n);
  const b = work.subarray(0, nn);
  const vt = work.subarray(nn, 2 * nn);
  const d = work.subarray(2 * nn);
  b.set(a.data);
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  const sweeps = jacobiSweeps(n, b, vt, maxSweeps);
  if (sweeps < 0) {
    throw new ImplicitRegError('convergence', `${fn}: Jacobi did not converge within maxSweeps = ${maxSweeps} sweeps (n = ${n})`);
  }
  // sort the diagonal ascending (repeated minimum: stable for ties, as in the wasm kernel)
  const values = allocF64(n);
  const vectors = allocF64(nn);
  for (let i = 0; i < n; i++) d[i] = b[i * n + i];
  for (let j = 0; j < n; j++) {
    let m = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (d[i] < best) {
        best = d[i];
        m = i;
      }
    }
    values[j] = best;
    d[m] = Infinity;
    for (let i = 0; i < n; i++) vectors[i * n + j] = vt[m * n + i];
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(values[j])) throw new ImplicitRegError('overflow', `${fn}: the rotations overflow double precision (entries near 1e154 or beyond); Kernels.eigh scales such matrices`);
  }
  return { values, vectors: { rows: n, cols: n, data: vectors }, sweeps };
}

// Rotate rows p and q (offsets rp, rq) of an n-column row-major array: x' = x − s(y + τx), y' = y + s(x − τy).
function rotateRows(n: number, x: Float64Array, rp: number, rq: number, s: number, tau: number): void {
  for (let k = 0; k < n; k++) {
    const u = x[rp + k];
    const v = x[rq + k];
    x[rp + k] = u - s * (v + tau * u);
    x[rq + k] = v + s * (u - tau * v);
  }
}

// Sweeps on B (overwritten; its diagonal becomes the eigenvalues), rotations accumulated into the rows of vt.
// Returns the sweeps used, or −1 if maxSweeps passed without a rotation-free sweep.
function jacobiSweeps(n: number, b: Float64Array, vt: Float64Array, maxSweeps: number): number {
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      const rp = p * n;
      for (let q = p + 1; q < n; q++) {
        const rq = q * n;
        const apq = b[rp + q];
        if (apq === 0) continue;
        const app = b[rp + p];
        const aqq = b[rq + q];
        // sqrt(|a_pp|)·sqrt(|a_qq|): the product under one root could overflow or underflow
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) {
          // negligible in the relative sense: drop it (changes eigenvalues by O(ε) relatively)
          b[rp + q] = 0;
          b[rq + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const at = Math.abs(theta);
        let t: number;
        if (at > THETA_BIG) t = 0.5 / theta;
        else {
          t = 1 / (at + Math.sqrt(at * at + 1));
          if (theta < 0) t = -t;
        }
        rotations++;
        if (t === 0) {
          b[rp + q] = 0;
          b[rq + p] = 0;
          continue;
        }
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        // rows p, q of B (the four entries at p, q are overwritten exactly below), then columns by symmetry
        rotateRows(n, b, rp, rq, s, tau);
        for (let k = 0; k < n; k++) {
          b[k * n + p] = b[rp + k];
          b[k * n + q] = b[rq + k];
        }
        b[rp + p] = app - t * apq;
        b[rq + q] = aqq + t * apq;
        b[rp + q] = 0;
        b[rq + p] = 0;
        rotateRows(n, vt, rp, rq, s, tau);
      }
    }
    if (rotations === 0) return sweep;
  }
  return -1;
}
