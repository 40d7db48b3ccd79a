// LU factorization with partial pivoting of a small dense matrix and the triangular solves, for the stiff integrator
// (assembly/ode/rodas.ts: one factorization of W = I/(hγ) − J per step, six solves).
// see: Golub & Van Loan 2013, Alg. 3.4.1 (gaxpy LU with partial pivoting); LAPACK dgetrf/dgetrs (names, pivot format).

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
