// LU factorization with partial pivoting of a small dense matrix and the triangular solves, for the stiff integrator
// (assembly/ode/rodas.ts: one factorization of W = I/(hγ) − J per step, six solves).
// see: Golub & Van Loan 2013, Alg. 3.4.1 (gaxpy LU with partial pivoting); LAPACK dgetrf/dgetrs (names, pivot format).

import { madd } from '../simd';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/**
 * A = P·L·U in place (A n×n row-major; L unit lower below the diagonal, U on and above); piv[k] (i32) is the row
 * swapped with row k at step k. Returns 0, or k + 1 when the pivot of column k is exactly zero (A singular).
 */
export function dgetrf(n: i32, a: usize, piv: usize): i32 {
  const nb = <usize>n << 3;
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = abs<f64>(ld(a, k * n + k));
    for (let i = k + 1; i < n; i++) {
      const v = abs<f64>(ld(a, i * n + k));
      if (v > big) { big = v; p = i; }
    }
    store<i32>(piv + (<usize>k << 2), p);
    if (big == 0.0) return k + 1;
    const rk = a + <usize>k * nb;
    if (p != k) {
      const rp = a + <usize>p * nb;
      for (let j = 0; j < n; j++) { const t = ld(rk, j); st(rk, j, ld(rp, j)); st(rp, j, t); }
    }
    const inv = 1.0 / ld(rk, k);
    for (let i = k + 1; i < n; i++) {
      const ri = a + <usize>i * nb;
      const l = ld(ri, k) * inv;
      st(ri, k, l);
      if (l != 0.0) for (let j = k + 1; j < n; j++) st(ri, j, ld(ri, j) - l * ld(rk, j));
    }
  }
  return 0;
}

/** Solve A x = b in place (b := x) with the factors of dgetrf. */
export function dgetrs(n: i32, a: usize, piv: usize, b: usize): void {
  for (let k = 0; k < n; k++) {
    const p = load<i32>(piv + (<usize>k << 2));
    if (p != k) { const t = ld(b, k); st(b, k, ld(b, p)); st(b, p, t); }
  }
  // L y = Pb (unit diagonal), then U x = y
  for (let i = 1; i < n; i++) {
    let s = ld(b, i);
    const ri = a + (<usize>(i * n) << 3);
    for (let j = 0; j < i; j++) s -= ld(ri, j) * ld(b, j);
    st(b, i, s);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = ld(b, i);
    const ri = a + (<usize>(i * n) << 3);
    for (let j = i + 1; j < n; j++) s -= ld(ri, j) * ld(b, j);
    st(b, i, s / ld(ri, i));
  }
}

/**
 * A := A⁻¹ in place by Gauss–Jordan elimination with partial pivoting (A n×n row-major; piv n i32 of scratch).
 * Returns 0, or k + 1 when the pivot of column k is exactly zero (A singular). For the small systems of the stiff
 * integrator: each later solve is then a matrix–vector product (dgemvRows), whose rows are independent and run on
 * f64x2 lanes, where the triangular solves of dgetrs are a chain of dependent scalar operations.
 * see: Golub & Van Loan 2013, §3.2.11 (Gauss–Jordan); Higham 2002, §14.4 (its stability with partial pivoting).
 */
export function dgeinv(n: i32, a: usize, piv: usize): i32 {
  const nb = <usize>n << 3;
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = abs<f64>(ld(a, k * n + k));
    for (let i = k + 1; i < n; i++) {
      const v = abs<f64>(ld(a, i * n + k));
      if (v > big) { big = v; p = i; }
    }
    store<i32>(piv + (<usize>k << 2), p);
    if (big == 0.0) return k + 1;
    const rk = a + <usize>k * nb;
    if (p != k) {
      const rp = a + <usize>p * nb;
      for (let j = 0; j < n; j++) { const t = ld(rk, j); st(rk, j, ld(rp, j)); st(rp, j, t); }
    }
    // row k := row k / a_kk, with the pivot's own column becoming 1/a_kk
    const inv = 1.0 / ld(rk, k);
    st(rk, k, 1.0);
    scaleRow(n, rk, inv);
    // every other row: row i −= a_ik·row k, its column k becoming −a_ik/a_kk
    for (let i = 0; i < n; i++) {
      if (i == k) continue;
      const ri = a + <usize>i * nb;
      const f = ld(ri, k);
      if (f == 0.0) continue;
      st(ri, k, 0.0);
      axpyRow(n, -f, rk, ri);
    }
  }
  // undo the row interchanges as column interchanges, last first
  for (let k = n - 1; k >= 0; k--) {
    const p = load<i32>(piv + (<usize>k << 2));
    if (p == k) continue;
    for (let i = 0; i < n; i++) {
      const t = ld(a, i * n + k);
      st(a, i * n + k, ld(a, i * n + p));
      st(a, i * n + p, t);
    }
  }
  return 0;
}

// x := αx over n doubles, two lanes at a time
// @ts-ignore: decorator
@inline function scaleRow(n: i32, x: usize, alpha: f64): void {
  const av = f64x2.splat(alpha);
  let j = 0;
  for (; j + 2 <= n; j += 2) v128.store(x + (<usize>j << 3), f64x2.mul(av, v128.load(x + (<usize>j << 3))));
  if (j < n) st(x, j, alpha * ld(x, j));
}

// y := y + αx over n doubles, two lanes at a time
// @ts-ignore: decorator
@inline function axpyRow(n: i32, alpha: f64, x: usize, y: usize): void {
  const av = f64x2.splat(alpha);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, madd(av, v128.load(x + o), v128.load(y + o)));
  }
  if (j < n) st(y, j, ld(y, j) + alpha * ld(x, j));
}

/** y := A·x for A n×n row-major (rows on f64x2 lanes; y and x distinct). */
// @ts-ignore: decorator
@inline export function dgemvRows(n: i32, a: usize, x: usize, y: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const r = a + <usize>i * nb;
    let acc = f64x2.splat(0.0);
    let j = 0;
    for (; j + 2 <= n; j += 2) { const o = <usize>j << 3; acc = madd(v128.load(r + o), v128.load(x + o), acc); }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (j < n) s += ld(r, j) * ld(x, j);
    st(y, i, s);
  }
}
