// Symmetric eigendecomposition through the tridiagonal form: the driver of LAPACK dsyevd.
//   A = Q T Qᵀ (dsytrd, blocked Householder) → T = Z Λ Zᵀ (dstedc: divide and conquer, QL leaves) → V = Q Z (dormtr).
// Values only: dsytrd, then the root-free QL of Pal–Walker–Kahan (dsterf, O(n²)): no Q, no Z, no back-transformation.
// A whose largest entry lies outside [2^-250, 2^250] is first scaled by a power of two into [1, 2) (exact), which
// keeps ‖x‖² of the Householder vectors in range for any finite A (dsyevd likewise scales outside [√smlnum, rmax]);
// inside that range A is used as given, so no entry loses bits to gradual underflow.
// see: LAPACK dsyevd; Demmel 1997, "Applied Numerical Linear Algebra", §5.3.
// Accuracy: |λ̂_i − λ_i| ≤ O(nε)‖A‖₂; ‖AV − VΛ‖ = O(nε)‖A‖; ‖VᵀV − I‖ = O(nε) (backward stable steps).

import { dsytrd, dsytrdWorkSize, dormtr, dormtrWorkSize } from './tridiagonal';
import { dstedc, dstedcWorkSize, dsterf } from './dstedc';
import { dstein, sturmCount } from './dstein';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

const SCALE_LO: f64 = 5.527147875260445e-76; // 2^-250
const SCALE_HI: f64 = 1.809251394333066e75; // 2^250

// @ts-ignore: decorator
@inline function even(x: i32): i32 { return x + (x & 1); }

/** Doubles of workspace `dsyevd` needs for order n (wantVectors = 0: values only). */
export function dsyevdWorkSize(n: i32, wantVectors: i32): i32 {
  const head = n * n + 3 * even(n) + 8; // the reduced matrix, d, e, τ
  if (wantVectors == 0) return head + dsytrdWorkSize(n);
  return head + n * n + max(max(dsytrdWorkSize(n), dstedcWorkSize(n)), dormtrWorkSize(n));
}

/**
 * A = V diag(w) Vᵀ for symmetric A (n×n row-major, read only): w ascending, column j of V pairs w[j]; with
 * wantVectors = 0 only w is computed (v is not touched and may be 0). `work` holds dsyevdWorkSize(n, wantVectors)
 * doubles. Returns 0, or −1 if a QL iteration did not converge (30 iterations per eigenvalue).
 * see: LAPACK dsyevd (dsytrd + dstedc + dormtr; dsterf for values only).
 */
export function dsyevd(n: i32, a: usize, w: usize, v: usize, work: usize, wantVectors: i32): i32 {
  if (n <= 0) return 0;
  const nn = <usize>(n * n);
  const b = work;
  const d = b + (nn << 3);
  const e = d + (<usize>even(n) << 3);
  const tau = e + (<usize>even(n) << 3);
  const rest = tau + (<usize>even(n) << 3) + 64;
  // scale by the power of two that brings max|a_ij| into [1, 2)
  let big = 0.0;
  for (let i = 0; i < <i32>nn; i++) big = max<f64>(big, abs<f64>(ld(a, i)));
  let sc = 1.0;
  if (big > 0.0 && (big < SCALE_LO || big > SCALE_HI)) {
    const bits = reinterpret<u64>(big) & 0x7ff0000000000000;
    if (bits != 0) sc = reinterpret<f64>(bits);
  }
  const isc = 1.0 / sc;
  for (let i = 0; i < <i32>nn; i++) st(b, i, ld(a, i) * isc);
  const want = wantVectors != 0;
  const qt = rest;
  const scratch = want ? qt + (nn << 3) : rest;
  dsytrd(n, b, d, e, tau, scratch);
  let status = 0;
  if (!want) {
    if (dsterf(n, d, e) < 0) status = -1;
  } else {
    if (dstedc(n, d, e, qt, scratch) < 0) status = -1;
    // V = Q Z: Z (row-major, column j = eigenvector j of T) is qtᵀ
    const nb = <usize>n << 3;
    for (let i = 0; i < n; i++) {
      const src = qt + <usize>i * nb;
      for (let j = 0; j < n; j++) store<f64>(v + <usize>j * nb + (<usize>i << 3), load<f64>(src + (<usize>j << 3)));
    }
    dormtr(n, b, tau, v, n, scratch);
  }
  for (let i = 0; i < n; i++) st(w, i, ld(d, i) * sc);
  return status;
}

/** dsyevdSelect's classes: all vectors, those of λ < 0, of λ > 0, or of the smaller of those two classes. */
export const SELECT_ALL: i32 = 0;
export const SELECT_NEGATIVE: i32 = 1;
export const SELECT_POSITIVE: i32 = 2;
export const SELECT_SMALLER: i32 = 3;

// Classes of at most this many eigenpairs are computed by bisection and inverse iteration (O(n) per step) instead
// of divide and conquer on all of T (O(n³)); bisection costs ~50 Sturm counts of O(n) per eigenvalue.
// @ts-ignore: decorator
@inline function invitMax(n: i32): i32 { return max(8, n >> 4); }

/**
 * Eigenvalues of symmetric A (n×n, read only) into w (ascending) and the eigenvectors of one class only into v
 * (n×k row-major, row stride k; column j pairs w[first + j]): the PSD projection's case, where Π(A) = A₊ needs the
 * vectors of the positive or of the negative eigenvalues only (A₊ = V₊Λ₊V₊ᵀ = A − V₋Λ₋V₋ᵀ). `select`: SELECT_ALL
 * (k = n, first = 0), SELECT_NEGATIVE (λ < 0: first = 0), SELECT_POSITIVE (λ > 0, or λ ≥ 0 on the bisection path:
 * first = n − k), SELECT_SMALLER (negative if there are no more negative than positive eigenvalues, else positive).
 * A class of at most max(8, n/16) pairs is found by Sturm-count bisection and inverse iteration on T (dstein); then
 * only w[first..first+k) is set (the rest of w is NaN). Larger classes come from divide and conquer, with all of w.
 * Either way only the k chosen columns are back-transformed (2n²k flops instead of 2n³).
 * `work` holds dsyevdWorkSize(n, 1) doubles.
 * Returns 2k + (1 if the positive class was chosen else 0), or −1 if a QL iteration did not converge.
 * see: LAPACK dsyevd; dsyevr / dstebz + dstein + dormtr (a subset of the spectrum).
 */
export function dsyevdSelect(n: i32, a: usize, w: usize, v: usize, work: usize, select: i32): i32 {
  if (n <= 0) return 0;
  const nn = <usize>(n * n);
  const b = work;
  const d = b + (nn << 3);
  const e = d + (<usize>even(n) << 3);
  const tau = e + (<usize>even(n) << 3);
  const qt = tau + (<usize>even(n) << 3) + 64;
  const scratch = qt + (nn << 3);
  let big = 0.0;
  for (let i = 0; i < <i32>nn; i++) big = max<f64>(big, abs<f64>(ld(a, i)));
  let sc = 1.0;
  if (big > 0.0 && (big < SCALE_LO || big > SCALE_HI)) sc = reinterpret<f64>(reinterpret<u64>(big) & 0x7ff0000000000000);
  const isc = 1.0 / sc;
  for (let i = 0; i < <i32>nn; i++) st(b, i, ld(a, i) * isc);
  dsytrd(n, b, d, e, tau, scratch);
  if (select != SELECT_ALL) {
    // class sizes from one Sturm count at 0 (e² into the scratch)
    let emax2 = 0.0;
    for (let i = 0; i < n - 1; i++) { const x = ld(e, i) * ld(e, i); st(scratch, i, x); emax2 = max<f64>(emax2, x); }
    const neg0 = sturmCount(n, d, scratch, 0.0, max<f64>(2.2250738585072014e-308, 2.2250738585072014e-308 * emax2));
    const pos0 = n - neg0;
    const positive0 = select == SELECT_POSITIVE || (select == SELECT_SMALLER && neg0 > pos0);
    const k0 = positive0 ? pos0 : neg0;
    if (k0 <= invitMax(n)) {
      const first0 = positive0 ? n - k0 : 0;
      for (let i = 0; i < n; i++) st(w, i, NaN);
      const wk = w + (<usize>first0 << 3);
      dstein(n, d, e, first0, k0, wk, v, scratch);
      for (let j = 0; j < k0; j++) st(wk, j, ld(wk, j) * sc);
      dormtr(n, b, tau, v, k0, scratch);
      return 2 * k0 + (positive0 ? 1 : 0);
    }
  }
  if (dstedc(n, d, e, qt, scratch) < 0) return -1;
  for (let i = 0; i < n; i++) st(w, i, ld(d, i) * sc);
  let neg = 0, pos = 0;
  for (let i = 0; i < n; i++) { const x = ld(d, i); if (x < 0.0) neg++; else if (x > 0.0) pos++; }
  let positive = select == SELECT_POSITIVE || (select == SELECT_SMALLER && neg > pos);
  let k = positive ? pos : neg;
  let first = positive ? n - pos : 0;
  if (select == SELECT_ALL) { k = n; first = 0; positive = false; }
  // Z_k (n×k): column j = row first + j of qt
  const nb = <usize>n << 3;
  const kb = <usize>k << 3;
  for (let j = 0; j < k; j++) {
    const src = qt + <usize>(first + j) * nb;
    for (let r = 0; r < n; r++) store<f64>(v + <usize>r * kb + (<usize>j << 3), load<f64>(src + (<usize>r << 3)));
  }
  dormtr(n, b, tau, v, k, scratch);
  return 2 * k + (positive ? 1 : 0);
}
