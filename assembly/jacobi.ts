// Symmetric eigendecomposition by cyclic Jacobi with a relative threshold.
// see: Rutishauser 1966 (Handbook for Automatic Computation II/1, "jacobi"): rotation in the
//      τ = s/(1+c) form; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR":
//      an off-diagonal entry is negligible when |a_pq| ≤ ε·sqrt(|a_pp a_qq|), which gives each
//      eigenvalue of a graded positive definite matrix to high relative accuracy.
// Storage: the working matrix B (full, row-major) and Vᵀ (rows are eigenvectors) so that both the
// row rotation of B and the eigenvector update touch contiguous rows: SIMD f64x2.

import { dgemm, dgemmWorkSize } from './blas';
import { dsyevj3Batch } from './jacobi3';

const EPS: f64 = 2.220446049250313e-16; // 2^-52
// Above this |θ|, θ² would overflow: use t ≈ 1/(2θ) (Rutishauser).
const THETA_BIG: f64 = 1.0e150;

/** Doubles of workspace `dsyevj` needs for order n. */
export function dsyevjWorkSize(n: i32): i32 {
  return max(2 * n * n + n, 48); // 48: the two-lane 3×3 batch kernel's registers spill area
}

// Rotate rows p and q of an n-column row-major array: x' = x − s(y + τx), y' = y + s(x − τy).
// @ts-ignore: decorator
@inline
function rotateRows(n: i32, rp: usize, rq: usize, s: f64, tau: f64): void {
  const sv = f64x2.splat(s);
  const tv = f64x2.splat(tau);
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    const o = <usize>k << 3;
    const x = v128.load(rp + o);
    const y = v128.load(rq + o);
    v128.store(rp + o, f64x2.sub(x, f64x2.mul(sv, f64x2.add(y, f64x2.mul(tv, x)))));
    v128.store(rq + o, f64x2.add(y, f64x2.mul(sv, f64x2.sub(x, f64x2.mul(tv, y)))));
  }
  // scalar clean-up for odd n
  if (k < n) {
    const o = <usize>k << 3;
    const x = load<f64>(rp + o);
    const y = load<f64>(rq + o);
    store<f64>(rp + o, x - s * (y + tau * x));
    store<f64>(rq + o, y + s * (x - tau * y));
  }
}

// Jacobi sweeps on B (n×n, overwritten; its diagonal becomes the eigenvalues) accumulating the
// rotations into vt (rows). Returns sweeps used, or −1 if maxSweeps passed without convergence.
function jacobiSweeps(n: i32, b: usize, vt: usize, maxSweeps: i32): i32 {
  const nb = <usize>n << 3;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      const rp = b + <usize>p * nb;
      const pp = rp + (<usize>p << 3);
      for (let q = p + 1; q < n; q++) {
        const rq = b + <usize>q * nb;
        const pq = rp + (<usize>q << 3);
        const qq = rq + (<usize>q << 3);
        const apq = load<f64>(pq);
        if (apq == 0.0) continue;
        const app = load<f64>(pp);
        const aqq = load<f64>(qq);
        if (abs<f64>(apq) <= EPS * sqrt<f64>(abs<f64>(app)) * sqrt<f64>(abs<f64>(aqq))) {
          // negligible in the relative sense: drop it (changes eigenvalues by O(ε) relatively)
          store<f64>(pq, 0.0);
          store<f64>(rq + (<usize>p << 3), 0.0);
          continue;
        }
        const theta = (aqq - app) / (2.0 * apq);
        let t: f64;
        const at = abs<f64>(theta);
        if (at > THETA_BIG) t = 0.5 / theta;
        else {
          t = 1.0 / (at + sqrt<f64>(at * at + 1.0));
          if (theta < 0.0) t = -t;
        }
        rotations++;
        if (t == 0.0) {
          store<f64>(pq, 0.0);
          store<f64>(rq + (<usize>p << 3), 0.0);
          continue;
        }
        const c = 1.0 / sqrt<f64>(t * t + 1.0);
        const s = t * c;
        const tau = s / (1.0 + c);
        // rows p, q of B (the full row; the four entries at p, q are overwritten exactly below)
        rotateRows(n, rp, rq, s, tau);
        // columns p, q by symmetry
        for (let k = 0; k < n; k++) {
          const rk = b + <usize>k * nb;
          store<f64>(rk + (<usize>p << 3), load<f64>(rp + (<usize>k << 3)));
          store<f64>(rk + (<usize>q << 3), load<f64>(rq + (<usize>k << 3)));
        }
        store<f64>(pp, app - t * apq);
        store<f64>(qq, aqq + t * apq);
        store<f64>(pq, 0.0);
        store<f64>(rq + (<usize>p << 3), 0.0);
        // eigenvectors: rows p, q of Vᵀ
        rotateRows(n, vt + <usize>p * nb, vt + <usize>q * nb, s, tau);
      }
    }
    if (rotations == 0) return sweep;
  }
  return -1;
}

// Sort the diagonal of B ascending into w and write V (column j = eigenvector j) from the rows of vt.
// Selection by repeated minimum: O(n²), stable for ties, negligible next to the sweeps.
function sortInto(n: i32, b: usize, vt: usize, w: usize, v: usize, tmp: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) store<f64>(tmp + (<usize>i << 3), load<f64>(b + <usize>i * nb + (<usize>i << 3)));
  for (let j = 0; j < n; j++) {
    let m = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const x = load<f64>(tmp + (<usize>i << 3));
      if (x < best) { best = x; m = i; }
    }
    store<f64>(w + (<usize>j << 3), best);
    store<f64>(tmp + (<usize>m << 3), Infinity);
    const src = vt + <usize>m * nb;
    for (let i = 0; i < n; i++) store<f64>(v + <usize>i * nb + (<usize>j << 3), load<f64>(src + (<usize>i << 3)));
  }
}

/**
 * A = V diag(w) Vᵀ for symmetric A (n×n row-major, read only): w ascending, column j of V pairs w[j].
 * `work` holds dsyevjWorkSize(n) doubles. Returns the number of sweeps, or −1 if maxSweeps did not suffice.
 * Accuracy: |w − λ| ≤ O(n ε)‖A‖₂; for graded positive definite A each λ to O(n ε) relative (Demmel–Veselić).
 * see: Rutishauser 1966; Demmel & Veselić 1992, Alg. 4.1 (two-sided Jacobi, relative stopping test).
 */
export function dsyevj(n: i32, a: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  const nn = <usize>(n * n);
  const b = work;
  const vt = work + (nn << 3);
  const tmp = vt + (nn << 3);
  memory.copy(b, a, nn << 3);
  identity(n, vt);
  const sweeps = jacobiSweeps(n, b, vt, maxSweeps);
  sortInto(n, b, vt, w, v, tmp);
  return sweeps;
}

function identity(n: i32, x: usize): void {
  const nn = <usize>(n * n);
  memory.fill(x, 0, nn << 3);
  for (let i = 0; i < n; i++) store<f64>(x + ((<usize>i * <usize>(n + 1)) << 3), 1.0);
}

/** Doubles of workspace `dsyevjWarm` needs for order n. */
export function dsyevjWarmWorkSize(n: i32): i32 {
  return 3 * n * n + n + dgemmWorkSize();
}

/**
 * Warm start from an orthogonal V0 close to the eigenbasis (the SDP and time-ordered-exponential case):
 * B = V0ᵀ A V0 is nearly diagonal, so Jacobi needs few sweeps; V = V0 W. Same outputs and status as dsyevj.
 */
export function dsyevjWarm(n: i32, a: usize, v0: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  const nn = <usize>(n * n);
  const b = work;
  const vt = b + (nn << 3);
  const t = vt + (nn << 3);
  const tmp = t + (nn << 3);
  const gw = tmp + (<usize>n << 3);
  // T = A V0; B = V0ᵀ T
  dgemm(0, 0, n, n, n, 1.0, a, n, v0, n, 0.0, t, n, gw);
  dgemm(1, 0, n, n, n, 1.0, v0, n, t, n, 0.0, b, n, gw);
  // symmetrize B (rounding makes it slightly asymmetric): B := (B + Bᵀ)/2
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = b + <usize>i * nb + (<usize>j << 3);
      const y = b + <usize>j * nb + (<usize>i << 3);
      const s = 0.5 * (load<f64>(x) + load<f64>(y));
      store<f64>(x, s);
      store<f64>(y, s);
    }
  }
  identity(n, vt);
  const sweeps = jacobiSweeps(n, b, vt, maxSweeps);
  // V_cols = V0 · W with W columns = rows of vt sorted; sort first into t (as W), then V = V0 W
  sortInto(n, b, vt, w, t, tmp);
  dgemm(0, 0, n, n, n, 1.0, v0, n, t, n, 0.0, v, n, gw);
  return sweeps;
}

/**
 * Batched dsyevj over `count` matrices of order n stored back to back (a, v: count·n² doubles; w: count·n).
 * Returns the largest sweep count, or −(1 + index) of the first matrix that did not converge.
 */
export function dsyevjBatch(count: i32, n: i32, a: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  if (n == 3) return dsyevj3Batch(count, a, w, v, work, maxSweeps);
  const nnb = <usize>(n * n) << 3;
  const nb = <usize>n << 3;
  let most = 0;
  for (let i = 0; i < count; i++) {
    const s = dsyevj(n, a + <usize>i * nnb, w + <usize>i * nb, v + <usize>i * nnb, work, maxSweeps);
    if (s < 0) return -(1 + i);
    if (s > most) most = s;
  }
  return most;
}
