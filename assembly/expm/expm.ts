// Matrix exponential by scaling and squaring with diagonal Padé approximants.
// see: Higham 2005, "The scaling and squaring method for the matrix exponential revisited",
//      SIAM J. Matrix Anal. Appl. 26(4), Alg. 2.3 (degrees 3/5/7/9/13, θ_m from Table 2.3);
//      the same algorithm as MATLAB expm (2005–2008) and SciPy's degree selection before Al-Mohy–Higham 2009.
// The rational function r_m = (V − U)⁻¹(V + U) is evaluated with LU and partial pivoting (Golub & Van Loan Alg. 3.4.1).

import { dgemm, dgemmWorkSize, dscal } from '../blas/blas';

// θ_m: the largest ‖A‖₁ for which the backward error of r_m is below 2^-53 (Higham 2005, Table 2.3).
const THETA3: f64 = 1.495585217958292e-2;
const THETA5: f64 = 2.539398330063230e-1;
const THETA7: f64 = 9.504178996162932e-1;
const THETA9: f64 = 2.097847961257068e0;
const THETA13: f64 = 5.371920351148152e0;

// Padé coefficients b_j (exact integers, stored as doubles without rounding).
const B3: StaticArray<f64> = [120.0, 60.0, 12.0, 1.0];
const B5: StaticArray<f64> = [30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0];
const B7: StaticArray<f64> = [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0];
const B9: StaticArray<f64> = [
  17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0, 110880.0, 3960.0, 90.0, 1.0,
];
const B13: StaticArray<f64> = [
  64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
  10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0,
];

/** Status codes of dexpm. */
export const EXPM_OK: i32 = 0;
export const EXPM_NONFINITE_INPUT: i32 = -1;
export const EXPM_OVERFLOW: i32 = -2;
export const EXPM_SINGULAR: i32 = -3;

/** Doubles of workspace dexpm needs for order n (8 n×n buffers, pivots, gemm packing). */
export function dexpmWorkSize(n: i32): i32 {
  return 8 * n * n + n + dgemmWorkSize();
}

// @ts-ignore: decorator
@inline
function mm(n: i32, x: usize, y: usize, z: usize, gw: usize): void {
  dgemm(0, 0, n, n, n, 1.0, x, n, y, n, 0.0, z, n, gw);
}

// z := Σ_j c_j X_j + c_I I over up to four matrices (null pointers skipped)
function lincomb(n: i32, z: usize, c1: f64, x1: usize, c2: f64, x2: usize, c3: f64, x3: usize, c4: f64, x4: usize, cI: f64): void {
  const nn = n * n;
  const v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3), v4 = f64x2.splat(c4);
  let i = 0;
  for (; i + 2 <= nn; i += 2) {
    const o = <usize>i << 3;
    let acc = f64x2.mul(v1, v128.load(x1 + o));
    if (x2) acc = f64x2.add(acc, f64x2.mul(v2, v128.load(x2 + o)));
    if (x3) acc = f64x2.add(acc, f64x2.mul(v3, v128.load(x3 + o)));
    if (x4) acc = f64x2.add(acc, f64x2.mul(v4, v128.load(x4 + o)));
    v128.store(z + o, acc);
  }
  for (; i < nn; i++) {
    const o = <usize>i << 3;
    let acc = c1 * load<f64>(x1 + o);
    if (x2) acc += c2 * load<f64>(x2 + o);
    if (x3) acc += c3 * load<f64>(x3 + o);
    if (x4) acc += c4 * load<f64>(x4 + o);
    store<f64>(z + o, acc);
  }
  if (cI != 0.0) {
    for (let d = 0; d < n; d++) {
      const o = (<usize>d * <usize>(n + 1)) << 3;
      store<f64>(z + o, load<f64>(z + o) + cI);
    }
  }
}

function norm1(n: i32, a: usize): f64 {
  // max column sum of |a_ij|
  let best = 0.0;
  for (let j = 0; j < n; j++) {
    let s = 0.0;
    for (let i = 0; i < n; i++) s += abs<f64>(load<f64>(a + ((<usize>i * <usize>n + <usize>j) << 3)));
    if (!(s <= best)) best = s; // NaN propagates
  }
  return best;
}

/**
 * Solve M X = R in place for n right-hand-side columns (M, R n×n row-major; M overwritten by its LU,
 * R by X). Partial pivoting. Returns false if a pivot is exactly zero.
 * see: Golub & Van Loan 2013, Alg. 3.4.1 (gaxpy LU with partial pivoting).
 */
function luSolve(n: i32, m: usize, r: usize): bool {
  const nb = <usize>n << 3;
  for (let k = 0; k < n; k++) {
    // pivot: largest |m_ik| for i ≥ k
    let piv = k;
    let best = abs<f64>(load<f64>(m + <usize>k * nb + (<usize>k << 3)));
    for (let i = k + 1; i < n; i++) {
      const x = abs<f64>(load<f64>(m + <usize>i * nb + (<usize>k << 3)));
      if (x > best) { best = x; piv = i; }
    }
    if (best == 0.0) return false;
    if (piv != k) {
      swapRows(n, m + <usize>k * nb, m + <usize>piv * nb);
      swapRows(n, r + <usize>k * nb, r + <usize>piv * nb);
    }
    const rk = m + <usize>k * nb;
    const inv = 1.0 / load<f64>(rk + (<usize>k << 3));
    for (let i = k + 1; i < n; i++) {
      const ri = m + <usize>i * nb;
      const l = load<f64>(ri + (<usize>k << 3)) * inv;
      if (l == 0.0) continue;
      store<f64>(ri + (<usize>k << 3), l);
      axpyFrom(n, k + 1, -l, rk, ri);
      axpyFrom(n, 0, -l, r + <usize>k * nb, r + <usize>i * nb);
    }
  }
  // back substitution, all columns at once: X_i = (R_i − Σ_{j>i} U_ij X_j) / U_ii
  for (let i = n - 1; i >= 0; i--) {
    const ri = m + <usize>i * nb;
    const xi = r + <usize>i * nb;
    for (let j = i + 1; j < n; j++) {
      axpyFrom(n, 0, -load<f64>(ri + (<usize>j << 3)), r + <usize>j * nb, xi);
    }
    dscal(n, 1.0 / load<f64>(ri + (<usize>i << 3)), xi);
  }
  return true;
}

// y[j] += α x[j] for j in [from, n)
// @ts-ignore: decorator
@inline
function axpyFrom(n: i32, from: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let j = from;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
  }
  if (j < n) {
    const o = <usize>j << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

function swapRows(n: i32, x: usize, y: usize): void {
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const t = v128.load(x + o);
    v128.store(x + o, v128.load(y + o));
    v128.store(y + o, t);
  }
  if (j < n) {
    const o = <usize>j << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

function allFinite(len: i32, x: usize): bool {
  let acc = 0.0;
  for (let i = 0; i < len; i++) acc += load<f64>(x + (<usize>i << 3)) * 0.0; // NaN iff some entry is NaN/±Inf
  return acc == 0.0;
}

/**
 * out := exp(A), A n×n row-major (read only; out may not alias A). `work` holds dexpmWorkSize(n) doubles.
 * Returns the number of squarings s ≥ 0, or EXPM_NONFINITE_INPUT / EXPM_OVERFLOW / EXPM_SINGULAR.
 * Accuracy: backward error ≤ 2^-53 in exact arithmetic (Higham 2005, Thm. 2.1); forward error ≈ cond_exp(A)·ε.
 * see: Higham 2005, Alg. 2.3.
 */
export function dexpm(n: i32, a: usize, out: usize, work: usize): i32 {
  const nn = <usize>(n * n);
  const sz = nn << 3;
  const A = work;
  const A2 = A + sz;
  const A4 = A2 + sz;
  const A6 = A4 + sz;
  const U = A6 + sz;
  const V = U + sz;
  const T = V + sz;
  const P = T + sz;
  const gw = P + sz + (<usize>n << 3);
  const nrm = norm1(n, a);
  if (!isFinite(nrm)) return EXPM_NONFINITE_INPUT;
  memory.copy(A, a, sz);
  let s = 0;
  if (nrm <= THETA9) {
    mm(n, A, A, A2, gw);
    if (nrm <= THETA3) {
      lincomb(n, T, B3[3], A2, 0, 0, 0, 0, 0, 0, B3[1]);
      lincomb(n, V, B3[2], A2, 0, 0, 0, 0, 0, 0, B3[0]);
    } else {
      mm(n, A2, A2, A4, gw);
      if (nrm <= THETA5) {
        lincomb(n, T, B5[5], A4, B5[3], A2, 0, 0, 0, 0, B5[1]);
        lincomb(n, V, B5[4], A4, B5[2], A2, 0, 0, 0, 0, B5[0]);
      } else {
        mm(n, A2, A4, A6, gw);
        if (nrm <= THETA7) {
          lincomb(n, T, B7[7], A6, B7[5], A4, B7[3], A2, 0, 0, B7[1]);
          lincomb(n, V, B7[6], A6, B7[4], A4, B7[2], A2, 0, 0, B7[0]);
        } else {
          const A8 = P; // P is free until the solve
          mm(n, A4, A4, A8, gw);
          lincomb(n, T, B9[9], A8, B9[7], A6, B9[5], A4, B9[3], A2, B9[1]);
          lincomb(n, V, B9[8], A8, B9[6], A6, B9[4], A4, B9[2], A2, B9[0]);
        }
      }
    }
    mm(n, A, T, U, gw); // U = A · (odd polynomial in A²)
  } else {
    // scale so that ‖A/2^s‖₁ ≤ θ13
    s = <i32>Math.ceil(Math.log2(nrm / THETA13));
    if (s < 0) s = 0;
    dscal(<i32>nn, Math.pow(2.0, <f64>-s), A);
    mm(n, A, A, A2, gw);
    mm(n, A2, A2, A4, gw);
    mm(n, A2, A4, A6, gw);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    lincomb(n, T, B13[13], A6, B13[11], A4, B13[9], A2, 0, 0, 0.0);
    mm(n, A6, T, P, gw);
    lincomb(n, T, 1.0, P, B13[7], A6, B13[5], A4, B13[3], A2, B13[1]);
    mm(n, A, T, U, gw);
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    lincomb(n, T, B13[12], A6, B13[10], A4, B13[8], A2, 0, 0, 0.0);
    mm(n, A6, T, P, gw);
    lincomb(n, V, 1.0, P, B13[6], A6, B13[4], A4, B13[2], A2, B13[0]);
  }
  // (V − U) X = (V + U)
  lincomb(n, T, 1.0, V, -1.0, U, 0, 0, 0, 0, 0.0);
  lincomb(n, P, 1.0, V, 1.0, U, 0, 0, 0, 0, 0.0);
  if (!luSolve(n, T, P)) return EXPM_SINGULAR;
  // undo the scaling: X ← X² s times, ping-ponging between P and T
  let src = P;
  let dst = T;
  for (let k = 0; k < s; k++) {
    mm(n, src, src, dst, gw);
    const tmp = src; src = dst; dst = tmp;
  }
  memory.copy(out, src, sz);
  if (!allFinite(<i32>nn, out)) return EXPM_OVERFLOW;
  return s;
}

/**
 * Batched dexpm over `count` n×n matrices stored back to back (a, out: count·n² doubles).
 * Returns the largest squaring count, or a status < 0 for the first failing matrix; its index in failIndex[0].
 */
export function dexpmBatch(count: i32, n: i32, a: usize, out: usize, work: usize, failIndex: usize): i32 {
  const nnb = <usize>(n * n) << 3;
  let most = 0;
  for (let i = 0; i < count; i++) {
    const s = dexpm(n, a + <usize>i * nnb, out + <usize>i * nnb, work);
    if (s < 0) {
      store<i32>(failIndex, i);
      return s;
    }
    if (s > most) most = s;
  }
  return most;
}
