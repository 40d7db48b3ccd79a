// The package's one LU: solve Q X = P for an n×n Q and n right-hand sides P (the Padé denominator of expm; the
// Rosenbrock matrix W of the stiff integrator with P = I for n > 16, whose inverse then makes each stage's solve a
// matrix–vector product; for n ≤ 16, gaussJordanSmall at the end of this file), stored side by side as one n×2n row-major augmented matrix W = [Q | P] (leading dimension 2n): Gaussian elimination with partial pivoting on
// W (pivots chosen in the first n columns, whole rows swapped), then back substitution with the triangular
// factor. Blocked right-looking, as LAPACK dgetrf/dgetrs: a panel of nb columns is factored with rank-1 updates
// confined to the panel, its nb rows are finished with the unit lower triangular L11, and all rows below — the
// rest of Q and all of P at once — get one rank-nb update W22 −= L21·W12 (dgemm for n ≥ GEMM_MIN_N; below, a
// rank-4 row kernel, R pivot rows per pass over each row). The back substitution is blocked the same way from
// the bottom. Every triangular solve with a diagonal block also goes through the rank-4 row kernel.
// see: Golub & Van Loan 2013, Alg. 3.4.1 (gaxpy LU with partial pivoting) and §3.2.11 (block LU, delayed updates);
//      LAPACK dgetrf / dgetrs.

import { dgemm } from './blas';
import { madd } from '../simd';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// Pivot rows per pass of the row kernel (rank-R updates; R = 8 spills registers in V8: 631 vs 428 µs at n = 100).
const R: i32 = 4;
// Panel width and the order from which the trailing updates are rank-NB dgemm calls. Measured, µs per solve
// (Zen 4, Node 20; rank-4 kernel only / dgemm with NB = 16): n = 30: 13 / 18; n = 40: 27 / 23; n = 50: 51 / 43;
// n = 100: 356 / 272; n = 150: 1157 / 843. NB = 24 and 32 at n = 100: 276–289 / 285–296 (noise ±5 %).
const GEMM_MIN_N: i32 = 40;
const NB: i32 = 16;

/**
 * W = [Q | P] (n×2n, leading dimension 2n) := [U | Q⁻¹P] with PQ = LU; X = Q⁻¹P is left in columns n … 2n−1.
 * Returns false if a pivot is exactly zero (Q singular).
 * see: Golub & Van Loan 2013, Alg. 3.4.1 and §3.2.11.
 */
export function luSolveAugmented(n: i32, w: usize, gw: usize): bool {
  const ld = 2 * n;
  const ldb = <usize>ld << 3;
  const nb = n >= GEMM_MIN_N ? NB : R;
  for (let kb = 0; kb < n; kb += nb) {
    const ke = min(kb + nb, n);
    // panel: columns kb … ke−1, rows kb … n−1, rank-1 updates inside the panel only
    for (let k = kb; k < ke; k++) {
      const colk = w + (<usize>k << 3);
      const piv = pivotRow(k, n, colk, ldb);
      if (load<f64>(colk + <usize>piv * ldb) == 0.0) return false;
      if (piv != k) swapRows(ld, w + <usize>k * ldb, w + <usize>piv * ldb);
      const rk = w + <usize>k * ldb;
      const inv = 1.0 / load<f64>(rk + (<usize>k << 3));
      for (let i = k + 1; i < n; i++) {
        const ri = w + <usize>i * ldb;
        const l = load<f64>(ri + (<usize>k << 3)) * inv;
        store<f64>(ri + (<usize>k << 3), l);
        if (l != 0.0) axpyRange(k + 1, ke, -l, rk, ri);
      }
    }
    // pivot rows kb+1 … ke−1, columns ke … 2n−1: apply the unit lower triangular L11⁻¹
    for (let i = kb + 1; i < ke; i++) {
      const ri = w + <usize>i * ldb;
      updateRow(i - kb, ke, ld, ri + (<usize>kb << 3), w + <usize>kb * ldb, ldb, ri);
    }
    if (ke == n) break;
    // rows ke … n−1, columns ke … 2n−1 −= L21 · (pivot rows, columns ke … 2n−1)
    if (nb == R) {
      for (let i = ke; i < n; i++) {
        const ri = w + <usize>i * ldb;
        updateRow(R, ke, ld, ri + (<usize>kb << 3), w + <usize>kb * ldb, ldb, ri);
      }
    } else {
      dgemm(0, 0, n - ke, ld - ke, nb, -1.0, w + <usize>ke * ldb + (<usize>kb << 3), ld,
        w + <usize>kb * ldb + (<usize>ke << 3), ld, 1.0, w + <usize>ke * ldb + (<usize>ke << 3), ld, gw);
    }
  }
  // back substitution U X = Y on columns n … 2n−1, blocks of nb rows from the bottom
  const y = w + (<usize>n << 3);
  for (let kb = ((n - 1) / nb) * nb; kb >= 0; kb -= nb) {
    const ke = min(kb + nb, n);
    for (let i = ke - 1; i >= kb; i--) {
      const ri = w + <usize>i * ldb;
      const yi = y + <usize>i * ldb;
      updateRow(ke - 1 - i, 0, n, ri + (<usize>(i + 1) << 3), y + <usize>(i + 1) * ldb, ldb, yi);
      divRange(n, load<f64>(ri + (<usize>i << 3)), yi); // divide, as dtrsm: one rounding per entry
    }
    if (kb == 0) break;
    // rows above: Y_i −= Σ_{j ∈ block} u_ij X_j
    if (nb == R) {
      for (let i = 0; i < kb; i++) {
        updateRow(ke - kb, 0, n, w + <usize>i * ldb + (<usize>kb << 3), y + <usize>kb * ldb, ldb, y + <usize>i * ldb);
      }
    } else {
      dgemm(0, 0, kb, n, ke - kb, -1.0, w + (<usize>kb << 3), ld, y + <usize>kb * ldb, ld, 1.0, y, ld, gw);
    }
  }
  return true;
}

// y[from:to) −= Σ_{r<k} c_r x_r[from:to), c_r = load(c + 8r), x_r = x + r·ldx: R rows of x per pass over y
function updateRow(k: i32, from: i32, to: i32, c: usize, x: usize, ldx: usize, y: usize): void {
  let r = 0;
  for (; r + R <= k; r += R) {
    const cr = c + (<usize>r << 3), x0 = x + <usize>r * ldx;
    const c0 = f64x2.splat(load<f64>(cr)), c1 = f64x2.splat(load<f64>(cr, 8));
    const c2 = f64x2.splat(load<f64>(cr, 16)), c3 = f64x2.splat(load<f64>(cr, 24));
    const x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
    let j = from;
    for (; j + 2 <= to; j += 2) {
      const o = <usize>j << 3;
      const s0 = f64x2.add(f64x2.mul(c0, v128.load(x0 + o)), f64x2.mul(c1, v128.load(x1 + o)));
      const s1 = f64x2.add(f64x2.mul(c2, v128.load(x2 + o)), f64x2.mul(c3, v128.load(x3 + o)));
      v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.add(s0, s1)));
    }
    // scalar clean-up for an odd remainder
    if (j < to) {
      const o = <usize>j << 3;
      const s = (load<f64>(cr) * load<f64>(x0 + o) + load<f64>(cr, 8) * load<f64>(x1 + o))
        + (load<f64>(cr, 16) * load<f64>(x2 + o) + load<f64>(cr, 24) * load<f64>(x3 + o));
      store<f64>(y + o, load<f64>(y + o) - s);
    }
  }
  // fewer than R rows left: one at a time
  for (; r < k; r++) axpyRange(from, to, -load<f64>(c + (<usize>r << 3)), x + <usize>r * ldx, y);
}

// y[j] += α x[j] for j in [from, to)
// @ts-ignore: decorator
@inline
function axpyRange(from: i32, to: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
  }
  // scalar clean-up for an odd remainder
  if (j < to) {
    const o = <usize>j << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

// x[j] /= d for j in [0, n)
function divRange(n: i32, d: f64, x: usize): void {
  const dv = f64x2.splat(d);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    v128.store(x + o, f64x2.div(v128.load(x + o), dv));
  }
  if (j < n) {
    const o = <usize>j << 3;
    store<f64>(x + o, load<f64>(x + o) / d);
  }
}

// partial pivoting: the row i ≥ k with the largest |a_ik| (the first of equals), column k at colk, rows ldb bytes apart
// @ts-ignore: decorator
@inline function pivotRow(k: i32, n: i32, colk: usize, ldb: usize): i32 {
  let p = k;
  let best = abs<f64>(load<f64>(colk + <usize>k * ldb));
  for (let i = k + 1; i < n; i++) {
    const x = abs<f64>(load<f64>(colk + <usize>i * ldb));
    if (x > best) { best = x; p = i; }
  }
  return p;
}

function swapRows(len: i32, x: usize, y: usize): void {
  let j = 0;
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    const t = v128.load(x + o);
    v128.store(x + o, v128.load(y + o));
    v128.store(y + o, t);
  }
  if (j < len) {
    const o = <usize>j << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

/** y := A·x for A n×n row-major with leading dimension lda (rows on f64x2 lanes; y and x distinct). */
// @ts-ignore: decorator
@inline export function dgemvRows(n: i32, a: usize, lda: i32, x: usize, y: usize): void {
  const nb = <usize>lda << 3;
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

/**
 * [W | I] (n×2n, leading dimension 2n) := [I | W⁻¹] by Gauss–Jordan elimination with partial pivoting (whole rows
 * swapped, so the right half ends as W⁻¹ itself). For small n — the Rosenbrock matrix of a 3×3 flow is 9×9 — where the
 * blocked LU's bookkeeping costs more than its arithmetic: here each pivot is one f64x2 pass over each row, the rows
 * independent of each other. Columns left of the pivot's pair are never touched again (they end as I up to the
 * entries of column pairs straddling a pivot, which nothing reads). False if a pivot is zero or not finite.
 * see: Golub & Van Loan 2013, §3.2 (Gauss–Jordan); measured against luSolveAugmented where stepper.ts picks between them.
 */
export function gaussJordanSmall(n: i32, w: usize): bool {
  const ld = 2 * n;
  const ldb = <usize>ld << 3;
  for (let k = 0; k < n; k++) {
    const colk = w + (<usize>k << 3);
    const p = pivotRow(k, n, colk, ldb);
    const best = abs<f64>(load<f64>(colk + <usize>p * ldb));
    if (!(best > 0.0) || !isFinite(best)) return false;
    const rk = w + <usize>k * ldb;
    if (p != k) swapRows(ld, rk, w + <usize>p * ldb);
    const from = <usize>(k & ~1) << 3; // the f64x2 pair holding column k
    const end = <usize>ld << 3;
    const inv = f64x2.splat(1.0 / load<f64>(rk + (<usize>k << 3)));
    for (let o = from; o < end; o += 16) v128.store(rk + o, f64x2.mul(v128.load(rk + o), inv));
    // rows two at a time: each pivot-row pair is loaded once for both
    let i = 0;
    while (i < n) {
      if (i == k) { i++; continue; }
      let i2 = i + 1;
      if (i2 == k) i2++;
      const ri = w + <usize>i * ldb;
      const la = f64x2.splat(load<f64>(ri + (<usize>k << 3)));
      if (i2 < n) {
        const rj = w + <usize>i2 * ldb;
        const lb = f64x2.splat(load<f64>(rj + (<usize>k << 3)));
        for (let o = from; o < end; o += 16) {
          const pv = v128.load(rk + o);
          v128.store(ri + o, f64x2.sub(v128.load(ri + o), f64x2.mul(la, pv)));
          v128.store(rj + o, f64x2.sub(v128.load(rj + o), f64x2.mul(lb, pv)));
        }
      } else {
        for (let o = from; o < end; o += 16) v128.store(ri + o, f64x2.sub(v128.load(ri + o), f64x2.mul(la, v128.load(rk + o))));
      }
      i = i2 + 1;
    }
  }
  return true;
}
