// Symmetric eigendecomposition by cyclic Jacobi with a relative threshold.
// see: Rutishauser 1966 (Handbook for Automatic Computation II/1, "jacobi"): rotation in the
//      τ = s/(1+c) form; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR":
//      an off-diagonal entry is negligible when |a_pq| ≤ ε·sqrt(|a_pp a_qq|), which gives each
//      eigenvalue of a graded positive definite matrix to high relative accuracy.
// Storage: the working matrix B (full, row-major) and Vᵀ (rows are eigenvectors) so that both the
// row rotation of B and the eigenvector update touch contiguous rows: SIMD f64x2.

import { dgemm, dgemmWorkSize } from '../blas/blas';
import { dsyevj3Batch } from './jacobi3';

const EPS: f64 = 2.220446049250313e-16; // 2^-52
// Above this |θ|, θ² would overflow: use t ≈ 1/(2θ) (Rutishauser).
const THETA_BIG: f64 = 1.0e150;

/** Doubles of workspace `dsyevj` needs for order n. */
export function dsyevjWorkSize(n: i32): i32 {
  // B and Vᵀ padded to even order N, the sort buffer, and the round schedule (3N f64 + 2N i32); ≥ 48 for the 3×3 batch kernel
  const N = n + (n & 1);
  return max(2 * N * N + N + 4 * N + 8, 48);
}

// Rotate rows p and q of an n-column row-major array: x' = x − s(y + τx), y' = y + s(x − τy).
// Unrolled to two f64x2 per row per iteration (loop overhead was a third of the instructions).
// @ts-ignore: decorator
@inline
function rotateRows(n: i32, rp: usize, rq: usize, s: f64, tau: f64): void {
  const sv = f64x2.splat(s);
  const tv = f64x2.splat(tau);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 3;
    const x0 = v128.load(rp + o);
    const y0 = v128.load(rq + o);
    const x1 = v128.load(rp + o, 16);
    const y1 = v128.load(rq + o, 16);
    v128.store(rp + o, f64x2.sub(x0, f64x2.mul(sv, f64x2.add(y0, f64x2.mul(tv, x0)))));
    v128.store(rq + o, f64x2.add(y0, f64x2.mul(sv, f64x2.sub(x0, f64x2.mul(tv, y0)))));
    v128.store(rp + o, f64x2.sub(x1, f64x2.mul(sv, f64x2.add(y1, f64x2.mul(tv, x1)))), 16);
    v128.store(rq + o, f64x2.add(y1, f64x2.mul(sv, f64x2.sub(x1, f64x2.mul(tv, y1)))), 16);
  }
  if (k + 2 <= n) {
    const o = <usize>k << 3;
    const x = v128.load(rp + o);
    const y = v128.load(rq + o);
    v128.store(rp + o, f64x2.sub(x, f64x2.mul(sv, f64x2.add(y, f64x2.mul(tv, x)))));
    v128.store(rq + o, f64x2.add(y, f64x2.mul(sv, f64x2.sub(x, f64x2.mul(tv, y)))));
    k += 2;
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

// In-place transpose of an N×N row-major matrix (N even) by 2×2 blocks: two f64x2 shuffles per block pair.
function transposeEven(N: i32, b: usize): void {
  const nb = <usize>N << 3;
  for (let i = 0; i < N; i += 2) {
    const ri = b + <usize>i * nb;
    // diagonal block: swap its two off-diagonal entries
    const x = ri + (<usize>(i + 1) << 3);
    const y = ri + nb + (<usize>i << 3);
    const tmp = load<f64>(x);
    store<f64>(x, load<f64>(y));
    store<f64>(y, tmp);
    for (let j = i + 2; j < N; j += 2) {
      const rj = b + <usize>j * nb;
      const pij = ri + (<usize>j << 3);
      const pji = rj + (<usize>i << 3);
      const r0 = v128.load(pij);
      const r1 = v128.load(pij + nb);
      const s0 = v128.load(pji);
      const s1 = v128.load(pji + nb);
      v128.store(pij, v128.shuffle<f64>(s0, s1, 0, 2));
      v128.store(pij + nb, v128.shuffle<f64>(s0, s1, 1, 3));
      v128.store(pji, v128.shuffle<f64>(r0, r1, 0, 2));
      v128.store(pji + nb, v128.shuffle<f64>(r0, r1, 1, 3));
    }
  }
}

// Jacobi sweeps on B (N×N, N = n rounded up to even, overwritten; its diagonal becomes the eigenvalues)
// accumulating the rotations into the rows of vt (N×N). For odd n the padding index n has a zero row and
// column and never rotates.
// Ordering: round-robin tournament (Brent & Luk 1985; convergence of such parallel orderings: Luk & Park 1989).
// Each round's pairs are disjoint, so all their rotation parameters come from the round-start matrix (independent
// sqrt/div chains that pipeline), and the whole round J is applied as B ← Jᵀ(JᵀB)ᵀ: a row phase, an in-place
// transpose and a second row phase — all contiguous SIMD, where rotation-at-a-time updates write 2n scattered
// column entries per rotation. Rounds with few live rotations use the rotation-at-a-time update (cheaper then).
// `sched` holds N/2 × 6 f64 parameters, N/2 × 2 i32 pairs and N i32 tournament positions.
// Returns sweeps used, or −1 if maxSweeps passed without convergence.
function jacobiSweeps(n: i32, N: i32, b: usize, vt: usize, maxSweeps: i32, sched: usize): i32 {
  const nb = <usize>N << 3;
  const half = N >> 1;
  const prm = sched; // half × (t, s, τ, a_pp', a_qq', unused) f64
  const pairs = prm + (<usize>(half * 6) << 3); // half × (p, q) i32
  const pos = pairs + (<usize>(half * 2) << 2); // N i32
  for (let i = 0; i < N; i++) store<i32>(pos + (<usize>i << 2), i);
  // below this many live rotations a round is applied rotation by rotation
  const fewLive = max(2, N >> 3);
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotations = 0;
    for (let round = 0; round < N - 1; round++) {
      // 1. parameters of every pair of this round (independent: no two pairs share an index)
      let live = 0;
      for (let i = 0; i < half; i++) {
        let p = load<i32>(pos + (<usize>i << 2));
        let q = load<i32>(pos + (<usize>(N - 1 - i) << 2));
        if (p >= n || q >= n) continue; // the padding index
        if (p > q) { const x = p; p = q; q = x; }
        const pq = b + <usize>p * nb + (<usize>q << 3);
        const qp = b + <usize>q * nb + (<usize>p << 3);
        const apq = load<f64>(pq);
        if (apq == 0.0) continue;
        const app = load<f64>(b + <usize>p * nb + (<usize>p << 3));
        const aqq = load<f64>(b + <usize>q * nb + (<usize>q << 3));
        if (abs<f64>(apq) <= EPS * sqrt<f64>(abs<f64>(app)) * sqrt<f64>(abs<f64>(aqq))) {
          // negligible in the relative sense: drop it (changes eigenvalues by O(ε) relatively)
          store<f64>(pq, 0.0);
          store<f64>(qp, 0.0);
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
          store<f64>(qp, 0.0);
          continue;
        }
        const c = 1.0 / sqrt<f64>(t * t + 1.0);
        const sn = t * c;
        const slot = prm + (<usize>(live * 6) << 3);
        store<f64>(slot, t);
        store<f64>(slot, sn, 8);
        store<f64>(slot, sn / (1.0 + c), 16);
        store<f64>(slot, app - t * apq, 24);
        store<f64>(slot, aqq + t * apq, 32);
        store<i32>(pairs + (<usize>(live * 2) << 2), p);
        store<i32>(pairs + (<usize>(live * 2) << 2), q, 4);
        live++;
      }
      if (live > 0) {
        if (live >= fewLive) {
          // 2a. whole round: B ← Jᵀ B, B ← Bᵀ, B ← Jᵀ B (= JᵀBJ since B is symmetric)
          for (let r = 0; r < live; r++) applyRows(b, nb, N, prm, pairs, r);
          transposeEven(N, b);
          for (let r = 0; r < live; r++) applyRows(b, nb, N, prm, pairs, r);
        } else {
          // 2b. rotation by rotation: rows p, q, then columns p, q by symmetry
          for (let r = 0; r < live; r++) {
            applyRows(b, nb, N, prm, pairs, r);
            const p = load<i32>(pairs + (<usize>(r * 2) << 2));
            const q = load<i32>(pairs + (<usize>(r * 2) << 2), 4);
            const rp = b + <usize>p * nb;
            const rq = b + <usize>q * nb;
            for (let k = 0; k < n; k++) {
              const rk = b + <usize>k * nb;
              store<f64>(rk + (<usize>p << 3), load<f64>(rp + (<usize>k << 3)));
              store<f64>(rk + (<usize>q << 3), load<f64>(rq + (<usize>k << 3)));
            }
          }
        }
        // 3. the 2×2 blocks exactly: diagonal from the round-start values, a_pq = a_qp = 0
        for (let r = 0; r < live; r++) {
          const slot = prm + (<usize>(r * 6) << 3);
          const p = load<i32>(pairs + (<usize>(r * 2) << 2));
          const q = load<i32>(pairs + (<usize>(r * 2) << 2), 4);
          store<f64>(b + <usize>p * nb + (<usize>p << 3), load<f64>(slot, 24));
          store<f64>(b + <usize>q * nb + (<usize>q << 3), load<f64>(slot, 32));
          store<f64>(b + <usize>p * nb + (<usize>q << 3), 0.0);
          store<f64>(b + <usize>q * nb + (<usize>p << 3), 0.0);
          // eigenvectors: rows p, q of Vᵀ
          rotateRows(N, vt + <usize>p * nb, vt + <usize>q * nb, load<f64>(slot, 8), load<f64>(slot, 16));
        }
      }
      // 4. next round: keep pos[0], rotate pos[1..N−1] by one (the circle method)
      const last = load<i32>(pos + (<usize>(N - 1) << 2));
      for (let i = N - 1; i > 1; i--) store<i32>(pos + (<usize>i << 2), load<i32>(pos + (<usize>(i - 1) << 2)));
      if (N > 1) store<i32>(pos + 4, last);
    }
    if (rotations == 0) return sweep;
  }
  return -1;
}

// Rotate rows p, q of B (pair r of the round) by its (s, τ).
// @ts-ignore: decorator
@inline
function applyRows(b: usize, nb: usize, N: i32, prm: usize, pairs: usize, r: i32): void {
  const slot = prm + (<usize>(r * 6) << 3);
  const p = load<i32>(pairs + (<usize>(r * 2) << 2));
  const q = load<i32>(pairs + (<usize>(r * 2) << 2), 4);
  rotateRows(N, b + <usize>p * nb, b + <usize>q * nb, load<f64>(slot, 8), load<f64>(slot, 16));
}

// Sort the diagonal of B (stride N) ascending into w and write V (n×n, column j = eigenvector j) from the rows of vt.
// Selection by repeated minimum: O(n²), stable for ties, negligible next to the sweeps.
function sortInto(n: i32, N: i32, b: usize, vt: usize, w: usize, v: usize, tmp: usize): void {
  const nb = <usize>N << 3;
  const vb = <usize>n << 3;
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
    for (let i = 0; i < n; i++) store<f64>(v + <usize>i * vb + (<usize>j << 3), load<f64>(src + (<usize>i << 3)));
  }
}

// Copy the n×n matrix a (stride n) into b (stride N ≥ n), zero-padding the extra row and column.
function padInto(n: i32, N: i32, a: usize, b: usize): void {
  memory.fill(b, 0, (<usize>(N * N)) << 3);
  for (let i = 0; i < n; i++) memory.copy(b + ((<usize>i * <usize>N) << 3), a + ((<usize>i * <usize>n) << 3), <usize>n << 3);
}

/**
 * A = V diag(w) Vᵀ for symmetric A (n×n row-major, read only): w ascending, column j of V pairs w[j].
 * `work` holds dsyevjWorkSize(n) doubles. Returns the number of sweeps, or −1 if maxSweeps did not suffice.
 * Accuracy: |w − λ| ≤ O(n ε)‖A‖₂; for graded positive definite A each λ to O(n ε) relative (Demmel–Veselić).
 * see: Rutishauser 1966; Demmel & Veselić 1992, Alg. 4.1 (two-sided Jacobi, relative stopping test).
 */
export function dsyevj(n: i32, a: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  const N = n + (n & 1);
  const nn = <usize>(N * N);
  const b = work;
  const vt = work + (nn << 3);
  const tmp = vt + (nn << 3);
  const sched = tmp + (<usize>(n + (n & 1)) << 3);
  padInto(n, N, a, b);
  identity(N, vt);
  const sweeps = jacobiSweeps(n, N, b, vt, maxSweeps, sched);
  sortInto(n, N, b, vt, w, v, tmp);
  return sweeps;
}

function identity(n: i32, x: usize): void {
  const nn = <usize>(n * n);
  memory.fill(x, 0, nn << 3);
  for (let i = 0; i < n; i++) store<f64>(x + ((<usize>i * <usize>(n + 1)) << 3), 1.0);
}

/** Doubles of workspace `dsyevjWarm` needs for order n. */
export function dsyevjWarmWorkSize(n: i32): i32 {
  const N = n + (n & 1);
  return 2 * N * N + 2 * n * n + N + 4 * N + 8 + dgemmWorkSize();
}

/**
 * Warm start from an orthogonal V0 close to the eigenbasis (the SDP and time-ordered-exponential case):
 * B = V0ᵀ A V0 is nearly diagonal, so Jacobi needs few sweeps; V = V0 W. Same outputs and status as dsyevj.
 * Accuracy: absolute (the products V0ᵀAV0 round at O(nε)‖A‖), not the relative accuracy of the cold start.
 */
export function dsyevjWarm(n: i32, a: usize, v0: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  const N = n + (n & 1);
  const NN = <usize>(N * N);
  const nn = <usize>(n * n);
  const b = work;
  const vt = b + (NN << 3);
  const t1 = vt + (NN << 3);
  const t2 = t1 + (nn << 3);
  const tmp = t2 + (nn << 3);
  const sched = tmp + (<usize>N << 3);
  const gw = sched + (<usize>(4 * N + 8) << 3);
  // T = A V0; B = V0ᵀ T
  dgemm(0, 0, n, n, n, 1.0, a, n, v0, n, 0.0, t1, n, gw);
  dgemm(1, 0, n, n, n, 1.0, v0, n, t1, n, 0.0, t2, n, gw);
  // rounding makes V0ᵀAV0 slightly asymmetric: use (B + Bᵀ)/2
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = t2 + <usize>i * nb + (<usize>j << 3);
      const y = t2 + <usize>j * nb + (<usize>i << 3);
      const s = 0.5 * (load<f64>(x) + load<f64>(y));
      store<f64>(x, s);
      store<f64>(y, s);
    }
  }
  padInto(n, N, t2, b);
  identity(N, vt);
  const sweeps = jacobiSweeps(n, N, b, vt, maxSweeps, sched);
  // W (columns = sorted rows of vt) into t1, then V = V0 W
  sortInto(n, N, b, vt, w, t1, tmp);
  dgemm(0, 0, n, n, n, 1.0, v0, n, t1, n, 0.0, v, n, gw);
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
