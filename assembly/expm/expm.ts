// Matrix exponential by scaling and squaring with diagonal Padé approximants r_m, m ∈ {3, 5, 7, 9, 13}: the degree m
// and the number of squarings s come from backward-error bounds in d_p = ‖A^p‖₁^{1/p} (α_p = max(d_p, d_{p+1}))
// instead of ‖A‖₁, so that badly scaled and strongly non-normal matrices are not overscaled, plus the correction
// ℓ(A, m) that adds squarings when rounding errors in evaluating r_m could exceed the truncation error.
// Triangular A: the diagonal and first super- (sub-)diagonal of every squared iterate are recomputed from their
// closed forms. Diagonal A: exp of the diagonal.
// see: Al-Mohy & Higham 2009, "A new scaling and squaring algorithm for the matrix exponential", SIAM J. Matrix
//      Anal. Appl. 31(3), 970–989, Alg. 6.1 and Code Fragment 2.1 — the algorithm of MATLAB's and SciPy's expm
//      (scipy/linalg/_matfuncs.py, scipy/linalg/src/_matfuncs_expm.c);
//      Higham 2005, SIAM J. Matrix Anal. Appl. 26(4), §2 (Padé coefficients, evaluation schemes, θ_3 … θ_9).
// The norms ‖A^p‖₁ are exact (formed powers) for n < NORMEST_MIN_N and block 1-norm estimates (normest.ts) above;
// a power is only formed or estimated when the cheap bounds d_p ≤ ‖A‖₁, d_{2k} ≤ ‖A²‖₁^{1/2}, d_8 ≤ d_4,
// ‖A^{p+q}‖ ≤ ‖A^p‖‖A^q‖ cannot settle the test that needs it, so the choice of (m, s) is that of the
// algorithm with exact norms, at less cost. r_m = (V − U)⁻¹(V + U) is solved by blocked LU with partial
// pivoting (lu.ts).

import { dgemm, dgemmWorkSize } from '../blas/blas';
import { luSolveAugmented } from '../blas/lu';
import { dnormest1, dnormest1WorkSize } from './normest';

// θ_m, m ≤ 9: the largest α_p = max(d_p, d_{p+1}) at which the backward-error bound Σ_k |c_k| α_p^{k−1} of
// r_m(2^{-s}A) equals u = 2^-53 (Higham 2005, Table 2.3). θ_13 = 4.25 rather than 5.37, as in Al-Mohy &
// Higham 2009, Alg. 6.1 (and SciPy's and MATLAB's expm): the bound there is 2.0e-3·u. Both checked in
// test/kernels/expm-amh.test.ts from a 50-digit series.
const THETA3: f64 = 1.495585217958292e-2;
const THETA5: f64 = 2.539398330063230e-1;
const THETA7: f64 = 9.504178996162932e-1;
const THETA9: f64 = 2.097847961257068e0;
const THETA13: f64 = 4.25;

// log2(1/|c_{2m+1}|), 1/|c_{2m+1}| = (2m)!(2m+1)!/(m!)² = 100800, 10059033600, 4487938430976000,
// 5914384781877411840000, 113250775606021113483283660800000000 for m = 3, 5, 7, 9, 13; c_{2m+1} is the leading
// coefficient of the backward error function log(e^{-x} r_m(x)) = Σ c_k x^k (rounded from 40-digit values).
// see: Al-Mohy & Higham 2009, §5, ℓ(A, m) in Alg. 6.1.
const LOG2DEN3: f64 = 16.62113611327464;
const LOG2DEN5: f64 = 33.227772656854164;
const LOG2DEN7: f64 = 51.994974307382165;
const LOG2DEN9: f64 = 72.32471809893495;
const LOG2DEN13: f64 = 116.447004251763;

// Padé coefficients b_j = (2m − j)! m! / ((2m)! j! (m − j)!), scaled to integers (exact in double).
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

/**
 * From this order on, ‖A^p‖₁ is estimated (block 1-norm estimator, normest.ts) instead of formed. Measured (Zen 4,
 * Node 20), one n³ product vs one estimate of ‖B·B‖₁: n = 30: 5.3 vs 5.4 µs; 40: 11.4 vs 10.2; 64: 58 vs 20;
 * 100: 137 vs 46.
 */
const NORMEST_MIN_N: i32 = 40;

/** Status codes of dexpm. */
export const EXPM_OK: i32 = 0;
export const EXPM_NONFINITE_INPUT: i32 = -1;
export const EXPM_OVERFLOW: i32 = -2;
export const EXPM_SINGULAR: i32 = -3;

// internal: a formed power or an estimate overflowed; the caller scales A down and chooses again
const PRESCALE: i32 = -100;
// ‖A‖₁ after that scaling: every power up to A^10 and every estimator product then stays below 2^1000
const PRESCALE_LOG2: i32 = 100;

/** Doubles of workspace dexpm needs for order n (8 n×n buffers, the estimator's and ℓ's vectors, gemm packing). */
export function dexpmWorkSize(n: i32): i32 {
  return 8 * n * n + 2 * n + 8 + dnormest1WorkSize(n) + dgemmWorkSize();
}

// ---------------------------------------------------------------------------------------------------------
// Per-call state of the degree choice (the kernel is single-threaded; every field is reset by prepare()).

let gN: i32 = 0;
let gA: usize = 0, gAbsT: usize = 0, gA2: usize = 0, gA4: usize = 0, gA6: usize = 0, gW: usize = 0, gVec: usize = 0, gEst: usize = 0, gGw: usize = 0;
let nrmA: f64 = 0.0, log2A: f64 = 0.0, n2: f64 = 0.0, n4: f64 = 0.0, n6: f64 = 0.0, n8: f64 = 0.0;
let d4: f64 = 0.0, d6: f64 = 0.0, d8: f64 = 0.0, d10: f64 = 0.0;
let haveA4 = false, haveA6 = false, haveD6 = false, haveD8 = false, haveD10 = false;
let a8InW = false; // A⁸ formed exactly in the first n² of W (reused by r_9)
let bound2: f64 = 0.0; // min(‖A‖₁, ‖A²‖₁^{1/2}) ≥ d_p for every even p ≥ 2
let selM: i32 = 0, selS: i32 = 0;
// ℓ: 1ᵀ|A|^k = 2^ellExp · v with max(v) = ellTop ∈ [1, 2) (v in gVec), k = ellPow; ellZero once |A|^k = 0
let ellPow: i32 = 0, ellExp: i32 = 0, ellTop: f64 = 1.0, ellZero = false;

// @ts-ignore: decorator
@inline
function mm(n: i32, x: usize, y: usize, z: usize, gw: usize): void {
  dgemm(0, 0, n, n, n, 1.0, x, n, y, n, 0.0, z, n, gw);
}

// 2^e for −1022 ≤ e ≤ 1023, exactly
// @ts-ignore: decorator
@inline
function pow2(e: i32): f64 {
  return reinterpret<f64>(<u64>(1023 + e) << 52);
}

// x · 2^e for any e (steps of at most 2^±1000, so every factor is a normal double)
function ldexp(x: f64, e: i32): f64 {
  while (e > 1000) { x *= pow2(1000); e -= 1000; }
  while (e < -1000) { x *= pow2(-1000); e += 1000; }
  return x * pow2(e);
}

// x := 2^e x over len entries
function scale2(len: i32, x: usize, e: i32): void {
  while (e != 0) {
    const step = e > 1000 ? 1000 : e < -1000 ? -1000 : e;
    const f = f64x2.splat(pow2(step));
    let i = 0;
    for (; i + 2 <= len; i += 2) {
      const o = <usize>i << 3;
      v128.store(x + o, f64x2.mul(f, v128.load(x + o)));
    }
    if (i < len) store<f64>(x + (<usize>i << 3), pow2(step) * load<f64>(x + (<usize>i << 3)));
    e -= step;
  }
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
  // scalar clean-up for odd n²
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

// W = [L | R] (n×2n, leading dimension 2n) in one pass over A6, A4, A2:
//   L := [Y_L +] c6 A6 + c4 A4 + c2 A2 + cI I,  R := [Y_R +] d6 A6 + d4 A4 + d2 A2 + dI I
// with Y (n×2n, leading dimension 2n; null: absent) — the sums in lincomb's order.
function lincombPair(n: i32, w: usize, c6: f64, c4: f64, c2: f64, cI: f64, d6: f64, d4: f64, d2: f64, dI: f64,
  a6: usize, a4: usize, a2: usize, y: usize): void {
  const rb = <usize>n << 3, ldb = rb << 1;
  const vc6 = f64x2.splat(c6), vc4 = f64x2.splat(c4), vc2 = f64x2.splat(c2);
  const vd6 = f64x2.splat(d6), vd4 = f64x2.splat(d4), vd2 = f64x2.splat(d2);
  for (let i = 0; i < n; i++) {
    const r6 = a6 + <usize>i * rb, r4 = a4 + <usize>i * rb, r2 = a2 + <usize>i * rb;
    const wl = w + <usize>i * ldb, wr = wl + rb;
    const yl = y + <usize>i * ldb, yr = yl + rb;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const x6 = v128.load(r6 + o), x4 = v128.load(r4 + o), x2 = v128.load(r2 + o);
      // (0 + x = x exactly: without Y the sums are lincomb's)
      const l0 = y ? v128.load(yl + o) : f64x2.splat(0.0), r0 = y ? v128.load(yr + o) : f64x2.splat(0.0);
      v128.store(wl + o, f64x2.add(f64x2.add(f64x2.add(l0, f64x2.mul(vc6, x6)), f64x2.mul(vc4, x4)), f64x2.mul(vc2, x2)));
      v128.store(wr + o, f64x2.add(f64x2.add(f64x2.add(r0, f64x2.mul(vd6, x6)), f64x2.mul(vd4, x4)), f64x2.mul(vd2, x2)));
    }
    // scalar clean-up for odd n
    if (j < n) {
      const o = <usize>j << 3;
      const x6 = load<f64>(r6 + o), x4 = load<f64>(r4 + o), x2 = load<f64>(r2 + o);
      const l0 = y ? load<f64>(yl + o) : 0.0, r0 = y ? load<f64>(yr + o) : 0.0;
      store<f64>(wl + o, l0 + c6 * x6 + c4 * x4 + c2 * x2);
      store<f64>(wr + o, r0 + d6 * x6 + d4 * x4 + d2 * x2);
    }
    const od = <usize>i << 3;
    if (cI != 0.0) store<f64>(wl + od, load<f64>(wl + od) + cI);
    if (dI != 0.0) store<f64>(wr + od, load<f64>(wr + od) + dI);
  }
}

// ‖X‖₁ = max_j Σ_i |x_ij| (NaN propagates), column sums accumulated row by row into t (n doubles)
function norm1(n: i32, x: usize, t: usize): f64 {
  for (let j = 0; j < n; j++) store<f64>(t + (<usize>j << 3), 0.0);
  const rb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rb;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      v128.store(t + o, f64x2.add(v128.load(t + o), f64x2.abs(v128.load(row + o))));
    }
    if (j < n) store<f64>(t + (<usize>j << 3), load<f64>(t + (<usize>j << 3)) + abs<f64>(load<f64>(row + (<usize>j << 3))));
  }
  let best = 0.0;
  for (let j = 0; j < n; j++) {
    const s = load<f64>(t + (<usize>j << 3));
    if (!(s <= best)) best = s;
  }
  return best;
}

function allFinite(len: i32, x: usize): bool {
  let acc = f64x2.splat(0.0);
  let i = 0;
  for (; i + 2 <= len; i += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(x + (<usize>i << 3)), f64x2.splat(0.0)));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < len; i++) s += load<f64>(x + (<usize>i << 3)) * 0.0; // NaN iff some entry is NaN/±Inf
  return s == 0.0;
}

// ---------------------------------------------------------------------------------------------------------
// ℓ(A, m) = max(⌈log2(α/u)/(2m)⌉, 0), α = |c_{2m+1}| ‖|A|^{2m+1}‖₁ / ‖A‖₁ (Al-Mohy & Higham 2009, Alg. 6.1).
// ‖|A|^k‖₁ = max_j (1ᵀ|A|^k)_j exactly, by k products with |A| (SciPy's _matfuncs_expm.c does the same); the row
// vector is renormalized to max 1 after each product and its scale kept as a power of two, so neither
// overflow nor underflow can occur for any A.

// |A|ᵀ packed for w = |A|ᵀv: strips of four rows of |A|ᵀ (four columns of A), each strip a run of 8-double
// groups [row 0 pair, row 1 pair, row 2 pair, row 3 pair] for consecutive pairs of v, zero-padded to nR = 4⌈n/4⌉
// rows and nC = 2⌈n/2⌉ columns (≤ 2n² doubles for n ≥ 5: it lives in U and V, free during the degree choice).
// One pointer walks each strip, so the inner loop is five loads and eight flops per eight multiply-adds.
function packAbsT(n: i32): void {
  const nC = (n + 1) & ~1, nR = (n + 3) & ~3;
  const rb = <usize>n << 3;
  for (let j0 = 0; j0 < nR; j0 += 4) {
    const strip = gAbsT + (<usize>(j0 * nC) << 3);
    for (let i = 0; i < nC; i += 2) {
      const g = strip + (<usize>(i * 4) << 3);
      for (let r = 0; r < 4; r++) {
        const j = j0 + r;
        const x0 = j < n ? abs<f64>(load<f64>(gA + <usize>i * rb + (<usize>j << 3))) : 0.0;
        const x1 = j < n && i + 1 < n ? abs<f64>(load<f64>(gA + <usize>(i + 1) * rb + (<usize>j << 3))) : 0.0;
        store<f64>(g + (<usize>r << 4), x0);
        store<f64>(g + (<usize>r << 4), x1, 8);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function ellAdvance(k: i32): void {
  const n = gN;
  const v = gVec, w = gVec + (<usize>(n + 2) << 3);
  const rb = <usize>n << 3;
  const packed = n >= 5;
  const nC = (n + 1) & ~1;
  if (ellPow == 0 && packed) {
    packAbsT(n);
    if (nC > n) store<f64>(v + (<usize>n << 3), 0.0); // v's pad entry
  }
  while (ellPow < k && !ellZero) {
    let mx = 0.0;
    if (packed) {
      // w := |A|ᵀ v, a strip (four entries of w) at a time
      for (let j0 = 0; j0 < n; j0 += 4) {
        let p = gAbsT + (<usize>(j0 * nC) << 3);
        let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
        for (let i = 0; i < nC; i += 2) {
          const vv = v128.load(v + (<usize>i << 3));
          a0 = f64x2.add(a0, f64x2.mul(v128.load(p), vv));
          a1 = f64x2.add(a1, f64x2.mul(v128.load(p, 16), vv));
          a2 = f64x2.add(a2, f64x2.mul(v128.load(p, 32), vv));
          a3 = f64x2.add(a3, f64x2.mul(v128.load(p, 48), vv));
          p += 64;
        }
        const s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
        const s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
        const s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
        const s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
        const wo = w + (<usize>j0 << 3);
        // the padded rows give 0, and w has room for them
        store<f64>(wo, s0); store<f64>(wo, s1, 8); store<f64>(wo, s2, 16); store<f64>(wo, s3, 24);
        mx = max(mx, max(max(s0, s1), max(s2, s3)));
      }
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0.0;
        for (let i = 0; i < n; i++) s += load<f64>(v + (<usize>i << 3)) * abs<f64>(load<f64>(gA + <usize>i * rb + (<usize>j << 3)));
        store<f64>(w + (<usize>j << 3), s);
        mx = max(mx, s);
      }
    }
    ellPow++;
    if (mx == 0.0) { ellZero = true; break; }
    // v := 2^{-e} w with 2^e ≤ max(w) < 2^{e+1}: exact (a power of two), no log per product
    let e = <i32>((reinterpret<u64>(mx) >> 52) & 0x7ff) - 1023;
    if (e == -1023) e = <i32>((reinterpret<u64>(mx * pow2(600)) >> 52) & 0x7ff) - 1623; // subnormal max
    ellExp += e;
    ellTop = e > -1000 && e < 1000 ? pow2(-e) * mx : ldexp(mx, -e); // ∈ [1, 2), exact
    if (e > -1000 && e < 1000) {
      const f = pow2(-e);
      for (let i = 0; i < n; i++) store<f64>(v + (<usize>i << 3), f * load<f64>(w + (<usize>i << 3)));
    } else {
      for (let i = 0; i < n; i++) store<f64>(v + (<usize>i << 3), ldexp(load<f64>(w + (<usize>i << 3)), -e));
    }
  }
}

// ℓ(2^{-s}A, m) = max(⌈x⌉, 0), x = log2(α/u)/(2m) with
// log2(α/u) = log2‖|A|^{2m+1}‖ − (2m+1)s − (log2‖A‖ − s) + log2|c_{2m+1}| + 53.
// Only as many products with |A| as the answer needs: after k of them ‖|A|^{2m+1}‖ ≤ ‖|A|^k‖ ‖A‖^{2m+1−k}, and
// once that bound gives x ≤ 0, ℓ = 0 is certain (the same value as with all 2m+1 products).
function ell(m: i32, log2den: f64, s: i32): i32 {
  const p = 2 * m + 1;
  for (;;) {
    if (ellZero) return 0;
    // x ≤ 0 ⟺ log2‖|A|^k‖ ≤ r, log2‖|A|^k‖ = ellExp + log2(ellTop) ∈ [ellExp, ellExp + 1)
    const r = <f64>(2 * m * s) + log2A + log2den - 53.0 - <f64>(p - ellPow) * log2A;
    if (ellPow < p && <f64>ellExp + 1.0 <= r) return 0;
    if (ellPow >= p || <f64>ellExp <= r) {
      const x = (<f64>ellExp + Math.log2(ellTop) - r) / <f64>(2 * m);
      if (!(x > 0.0)) return 0;
      if (ellPow >= p) return <i32>min(Math.ceil(x), 2000.0);
    }
    ellAdvance(ellPow + 1);
  }
  return 0; // unreachable
}

// ---------------------------------------------------------------------------------------------------------
// The norms d_p, formed or estimated on demand.

// A⁴ = (A²)², d_4 exactly. False if it overflowed.
function ensureA4(): bool {
  if (haveA4) return true;
  mm(gN, gA2, gA2, gA4, gGw);
  n4 = norm1(gN, gA4, gEst);
  haveA4 = true;
  d4 = Math.sqrt(Math.sqrt(n4)); // (sqrt is correctly rounded here and in JS: the twin gets the same bits)
  return isFinite(n4);
}

// A⁶ = A²A⁴, d_6 exactly (replacing an estimate). False if it overflowed.
function ensureA6(): bool {
  if (haveA6) return true;
  if (!ensureA4()) return false;
  mm(gN, gA2, gA4, gA6, gGw);
  n6 = norm1(gN, gA6, gEst);
  haveA6 = true;
  haveD6 = true;
  d6 = Math.pow(n6, 1.0 / 6.0);
  return isFinite(n6);
}

// d_6: exact from A⁶ for small n, else estimated from A²·A⁴
function computeD6(): bool {
  if (haveD6) return true;
  if (gN < NORMEST_MIN_N) return ensureA6();
  const e = dnormest1(gN, 2, gA2, gA4, 0, gEst);
  d6 = Math.pow(e, 1.0 / 6.0);
  haveD6 = true;
  return isFinite(e);
}

// d_8: exact from A⁸ = (A⁴)² (kept in W for r_9) for small n, else estimated from A⁴·A⁴
function computeD8(): bool {
  if (haveD8) return true;
  haveD8 = true;
  if (gN < NORMEST_MIN_N) {
    mm(gN, gA4, gA4, gW, gGw);
    n8 = norm1(gN, gW, gEst);
    a8InW = true;
    d8 = Math.sqrt(Math.sqrt(Math.sqrt(n8)));
    return isFinite(n8);
  }
  const e = dnormest1(gN, 2, gA4, gA4, 0, gEst);
  d8 = Math.sqrt(Math.sqrt(Math.sqrt(e)));
  return isFinite(e);
}

// d_10: exact from A¹⁰ = A⁴A⁶ for small n, else estimated from A⁴·A⁶
function computeD10(): bool {
  if (haveD10) return true;
  haveD10 = true;
  if (gN < NORMEST_MIN_N) {
    const a10 = gW + (<usize>(gN * gN) << 3); // the second half of W: A⁸ may occupy the first
    mm(gN, gA4, gA6, a10, gGw);
    const e = norm1(gN, a10, gEst);
    d10 = Math.pow(e, 0.1);
    return isFinite(e);
  }
  const e = dnormest1(gN, 2, gA4, gA6, 0, gEst);
  d10 = Math.pow(e, 0.1);
  return isFinite(e);
}

// Is η = max(d_4, d_6) ≤ θ? 1 yes, 0 no, PRESCALE on overflow.
function eta46Within(theta: f64): i32 {
  if (bound2 <= theta) return 1;
  if (!ensureA4()) return PRESCALE;
  if (d4 > theta) return 0;
  if (!haveD6 && min(bound2, Math.pow(n2 * n4, 1.0 / 6.0)) <= theta) return 1;
  if (!computeD6()) return PRESCALE;
  return d6 <= theta ? 1 : 0;
}

// Is η₃ = max(d_6, d_8) ≤ θ? (A⁶ formed) 1 yes, 0 no, PRESCALE on overflow.
function eta68Within(theta: f64): i32 {
  if (d6 > theta) return 0;
  if (!haveD8 && min(min(bound2, d4), Math.sqrt(Math.sqrt(Math.sqrt(n2 * n6)))) <= theta) return 1;
  if (!computeD8()) return PRESCALE;
  return d8 <= theta ? 1 : 0;
}

// s from η: max(⌈log2(η/θ13)⌉, 0)
function sOfEta(eta: f64): i32 {
  if (!(eta > THETA13)) return 0;
  return <i32>min(Math.ceil(Math.log2(eta / THETA13)), 2000.0);
}

/**
 * Choose (m, s) for the working copy A (with A² formed in gA2): Al-Mohy & Higham 2009, Alg. 6.1, lines 1–15.
 * Returns m, PRESCALE if a power overflowed; s in selS.
 */
function select(): i32 {
  const n = gN;
  nrmA = norm1(n, gA, gEst);
  mm(n, gA, gA, gA2, gGw);
  n2 = norm1(n, gA2, gEst);
  if (!isFinite(n2)) return PRESCALE;
  bound2 = min(nrmA, Math.sqrt(n2));
  log2A = Math.log2(nrmA);
  haveA4 = false; haveA6 = false; haveD6 = false; haveD8 = false; haveD10 = false; a8InW = false;
  ellPow = 0; ellExp = 0; ellTop = 1.0; ellZero = false;
  for (let j = 0; j < n; j++) store<f64>(gVec + (<usize>j << 3), 1.0);
  selS = 0;
  // m = 3, 5: η = max(d_4, d_6); m = 7, 9: η₃ = max(d_6, d_8) with d_6 exact. Each test is "η ≤ θ_m and
  // ℓ(A, m) = 0"; ℓ is tested first: its products with |A| are needed up to the final m anyway, while an η test
  // may form or estimate a power that a positive ℓ makes useless.
  let t = 0;
  if (ell(3, LOG2DEN3, 0) == 0) {
    t = eta46Within(THETA3);
    if (t != 0) return t < 0 ? t : 3;
  }
  if (ell(5, LOG2DEN5, 0) == 0) {
    t = eta46Within(THETA5);
    if (t != 0) return t < 0 ? t : 5;
  }
  if (!ensureA6()) return PRESCALE;
  if (ell(7, LOG2DEN7, 0) == 0) {
    t = eta68Within(THETA7);
    if (t != 0) return t < 0 ? t : 7;
  }
  if (ell(9, LOG2DEN9, 0) == 0) {
    t = eta68Within(THETA9);
    if (t != 0) return t < 0 ? t : 9;
  }
  // m = 13: η₅ = min(η₃, η₄), η₃ = max(d_6, d_8), η₄ = max(d_8, d_10); s = max(⌈log2(η₅/θ13)⌉, 0) + ℓ(2^{-s}A, 13).
  // Upper bounds first (d_8 ≤ min(d_4, (‖A²‖‖A⁶‖)^{1/8}), d_10 ≤ (‖A⁴‖‖A⁶‖)^{1/10}); a norm is computed only if
  // its value can change s.
  let u8 = haveD8 ? d8 : min(min(bound2, d4), Math.sqrt(Math.sqrt(Math.sqrt(n2 * n6))));
  let u10 = min(bound2, Math.pow(n4 * n6, 0.1));
  if (a8InW) u10 = min(u10, Math.pow(n2 * n8, 0.1));
  let s = 0;
  if (sOfEta(min(max(d6, u8), max(u8, u10))) > 0) {
    if (!computeD8()) return PRESCALE;
    let eta5 = d8;
    if (d6 > d8 && u10 > d8 && sOfEta(min(d6, u10)) != sOfEta(d8)) {
      // η₅ = min(d_6, max(d_8, d_10)) lies in [d_8, min(d_6, u10)] and those give different s
      if (!computeD10()) return PRESCALE;
      eta5 = min(d6, max(d8, d10));
    }
    s = sOfEta(eta5);
  }
  selS = s + ell(13, LOG2DEN13, s);
  return 13;
}

// ---------------------------------------------------------------------------------------------------------
// Triangular input (Al-Mohy & Higham 2009, Code Fragment 2.1): after r_m and after every squaring, the diagonal
// and the first super- (tri = 1) or sub-diagonal (tri = 2) of X ≈ exp(2^{-j}A) are replaced by their exact values.

// exp([[λ1, t], [0, λ2]])₁₂ = t (e^{λ2} − e^{λ1})/(λ2 − λ1) = t e^{max λ} (−expm1(−|λ2 − λ1|))/|λ2 − λ1|:
// no cancellation for close λ and no 0·∞ for far ones (e.g. λ1 = −1e300, λ2 = −1).
// see: Higham 2008, "Functions of Matrices", (10.42) (the same divided difference written with sinh).
function expOffDiag(l1: f64, l2: f64, t: f64): f64 {
  const h = abs<f64>(0.5 * l2 - 0.5 * l1); // half the gap (halves first: no overflow)
  const lmax = max(l1, l2);
  if (h == 0.0) return t * Math.exp(lmax);
  return t * Math.exp(lmax) * (-Math.expm1(-2.0 * h) / (2.0 * h));
}

function triFix(n: i32, x: usize, ldx: i32, a: usize, tri: i32, j: i32): void {
  const ldxb = <usize>ldx << 3, rb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    store<f64>(x + <usize>i * ldxb + (<usize>i << 3), Math.exp(ldexp(load<f64>(a + <usize>i * rb + (<usize>i << 3)), -j)));
  }
  for (let i = 0; i + 1 < n; i++) {
    const l1 = ldexp(load<f64>(a + <usize>i * rb + (<usize>i << 3)), -j);
    const l2 = ldexp(load<f64>(a + <usize>(i + 1) * rb + (<usize>(i + 1) << 3)), -j);
    if (tri == 1) {
      const t = ldexp(load<f64>(a + <usize>i * rb + (<usize>(i + 1) << 3)), -j);
      store<f64>(x + <usize>i * ldxb + (<usize>(i + 1) << 3), expOffDiag(l1, l2, t));
    } else {
      const t = ldexp(load<f64>(a + <usize>(i + 1) * rb + (<usize>i << 3)), -j);
      store<f64>(x + <usize>(i + 1) * ldxb + (<usize>i << 3), expOffDiag(l1, l2, t));
    }
  }
}

// zero the strict lower (tri = 1) or upper (tri = 2) triangle of X (rounding in a pivoted solve may leave dust)
function triZero(n: i32, x: usize, ldx: i32, tri: i32): void {
  const ldxb = <usize>ldx << 3;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if ((tri == 1 && j < i) || (tri == 2 && j > i)) store<f64>(x + <usize>i * ldxb + (<usize>j << 3), 0.0);
    }
  }
}

// 0 = full, 1 = upper triangular, 2 = lower triangular, 3 = diagonal
function structure(n: i32, a: usize): i32 {
  let lowerZero = true, upperZero = true;
  const rb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rb;
    for (let j = 0; j < i; j++) if (load<f64>(row + (<usize>j << 3)) != 0.0) { lowerZero = false; break; }
    for (let j = i + 1; j < n; j++) if (load<f64>(row + (<usize>j << 3)) != 0.0) { upperZero = false; break; }
    if (!lowerZero && !upperZero) return 0;
  }
  return lowerZero ? (upperZero ? 3 : 1) : 2;
}

// ---------------------------------------------------------------------------------------------------------

let prescaleS: i32 = 0;

// Carve the workspace, copy A and choose (m, s) (scaling A down first if its powers overflow).
// Returns m (3 … 13) with the total squarings in selS, or PRESCALE never (resolved here).
function prepare(n: i32, a: usize, work: usize): i32 {
  const sz = <usize>(n * n) << 3;
  gN = n;
  gA = work; gA2 = gA + sz; gA4 = gA2 + sz; gA6 = gA4 + sz;
  gAbsT = gA6 + sz; // = U and V: packed |A|ᵀ for ℓ during the degree choice
  gW = gA6 + 3 * sz; // after U and V
  gVec = gW + 2 * sz;
  gEst = gVec + (<usize>(2 * n + 8) << 3); // v (n + 2) and w (n + 6, room for a padded strip)
  gGw = gEst + (<usize>dnormest1WorkSize(n) << 3);
  memory.copy(gA, a, sz);
  prescaleS = 0;
  let m = select();
  if (m == PRESCALE) {
    // ‖A^p‖ overflowed, so ‖A‖₁ > 2^102: choose for 2^{-s0}A with ‖2^{-s0}A‖₁ ≤ 2^100 and square s0 more times
    prescaleS = max(1, <i32>Math.ceil(Math.log2(nrmA)) - PRESCALE_LOG2);
    scale2(n * n, gA, -prescaleS);
    m = select(); // cannot overflow now
  }
  return m;
}

/**
 * out := exp(A), A n×n row-major (read only; out may not alias A). `work` holds dexpmWorkSize(n) doubles.
 * Returns the number of squarings s ≥ 0, or EXPM_NONFINITE_INPUT / EXPM_OVERFLOW / EXPM_SINGULAR.
 * Accuracy: backward error ≤ u = 2^-53 in exact arithmetic for the chosen (m, s) (Al-Mohy & Higham 2009, §3–5);
 * forward error ≈ κ_exp(A)·u. Diagonal A: exp of each entry (≤ 1 ulp).
 * see: Al-Mohy & Higham 2009, Alg. 6.1 and Code Fragment 2.1.
 */
export function dexpm(n: i32, a: usize, out: usize, work: usize): i32 {
  if (n <= 0) return 0;
  const nn = n * n;
  const sz = <usize>nn << 3;
  if (!allFinite(nn, a)) return EXPM_NONFINITE_INPUT;
  const tri = structure(n, a);
  if (tri == 3) {
    // diagonal: exp entrywise, exactly as representable (e^{-1e300} = 0 is the correctly rounded value)
    memory.fill(out, 0, sz);
    for (let i = 0; i < n; i++) {
      const o = (<usize>i * <usize>(n + 1)) << 3;
      store<f64>(out + o, Math.exp(load<f64>(a + o)));
    }
    return allFinite(nn, out) ? 0 : EXPM_OVERFLOW;
  }
  const m = prepare(n, a, work);
  const s = selS;
  const A = gA, A2 = gA2, A4 = gA4, A6 = gA6, gw = gGw;
  const U = A6 + sz, V = U + sz, W = gW;
  const W0 = W, W1 = W + sz; // two n×n scratch matrices until W holds [V − U | V + U]
  if (m == 3) {
    lincomb(n, W0, B3[3], A2, 0, 0, 0, 0, 0, 0, B3[1]);
    mm(n, A, W0, U, gw);
    lincomb(n, V, B3[2], A2, 0, 0, 0, 0, 0, 0, B3[0]);
  } else if (m == 5) {
    ensureA4();
    lincomb(n, W0, B5[5], A4, B5[3], A2, 0, 0, 0, 0, B5[1]);
    mm(n, A, W0, U, gw);
    lincomb(n, V, B5[4], A4, B5[2], A2, 0, 0, 0, 0, B5[0]);
  } else if (m == 7) {
    lincomb(n, W0, B7[7], A6, B7[5], A4, B7[3], A2, 0, 0, B7[1]);
    mm(n, A, W0, U, gw);
    lincomb(n, V, B7[6], A6, B7[4], A4, B7[2], A2, 0, 0, B7[0]);
  } else if (m == 9) {
    if (!a8InW) mm(n, A4, A4, W0, gw); // A⁸
    lincomb(n, W1, B9[9], W0, B9[7], A6, B9[5], A4, B9[3], A2, B9[1]);
    mm(n, A, W1, U, gw);
    lincomb(n, V, B9[8], W0, B9[6], A6, B9[4], A4, B9[2], A2, B9[0]);
  } else {
    if (s > 0) {
      scale2(nn, A, -s);
      if (6 * s <= 1000) {
        scale2(nn, A2, -2 * s);
        scale2(nn, A4, -4 * s);
        scale2(nn, A6, -6 * s);
      } else {
        mm(n, A, A, A2, gw);
        mm(n, A2, A2, A4, gw);
        mm(n, A2, A4, A6, gw);
      }
    }
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    // The two products with A6 as one n×2n product (A6 packed once, 5–10 % faster than two at n = 50 … 100):
    // W = [T1 | T2], [U | V] (as one n×2n matrix) = A6·W, then W = [T1' | V] and U = A·T1'.
    lincombPair(n, W, B13[13], B13[11], B13[9], 0.0, B13[12], B13[10], B13[8], 0.0, A6, A4, A2, 0);
    dgemm(0, 0, n, 2 * n, n, 1.0, A6, n, W, 2 * n, 0.0, U, 2 * n, gw);
    lincombPair(n, W, B13[7], B13[5], B13[3], B13[1], B13[6], B13[4], B13[2], B13[0], A6, A4, A2, U);
    dgemm(0, 0, n, n, n, 1.0, A, n, W, 2 * n, 0.0, U, 2 * n, gw);
  }
  // W = [V − U | V + U] (n×2n), then W := [· | (V − U)⁻¹(V + U)]. For m = 13, U and V are rows of n×2n matrices
  // (U the left half of [U | ·], V the right half of W itself: read before written).
  const ld = 2 * n;
  const ldb = <usize>ld << 3, rb = <usize>n << 3;
  const ldu = m == 13 ? ldb : rb;
  const Vp = m == 13 ? W + rb : V;
  for (let i = 0; i < n; i++) {
    const u = U + <usize>i * ldu, v = Vp + <usize>i * ldu, q = W + <usize>i * ldb, p = q + rb;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const uu = v128.load(u + o), vv = v128.load(v + o);
      v128.store(q + o, f64x2.sub(vv, uu));
      v128.store(p + o, f64x2.add(vv, uu));
    }
    if (j < n) {
      const o = <usize>j << 3;
      const uu = load<f64>(u + o), vv = load<f64>(v + o);
      store<f64>(q + o, vv - uu);
      store<f64>(p + o, vv + uu);
    }
  }
  if (!luSolveAugmented(n, W, gw)) return EXPM_SINGULAR;
  const total = prescaleS + s;
  let src = W + rb; // X = r_m(2^{-total}A), leading dimension 2n
  let lds = ld;
  if (tri != 0) {
    triZero(n, src, lds, tri);
    triFix(n, src, lds, a, tri, total);
  }
  // undo the scaling: X ← X² total times (A2 and A4 as ping-pong buffers, the last square into out)
  for (let k = 0; k < total; k++) {
    const dst = k == total - 1 ? out : (k & 1) == 0 ? A2 : A4;
    dgemm(0, 0, n, n, n, 1.0, src, lds, src, lds, 0.0, dst, n, gw);
    if (tri != 0) triFix(n, dst, n, a, tri, total - 1 - k);
    src = dst;
    lds = n;
  }
  if (total == 0) {
    for (let i = 0; i < n; i++) memory.copy(out + <usize>i * rb, src + <usize>i * ldb, rb);
  }
  if (!allFinite(nn, out)) return EXPM_OVERFLOW;
  return total;
}

/**
 * (m, s) that dexpm would use for A: ms[0] := Padé degree m (0 for diagonal A), ms[1] := squarings s (i32 each).
 * Returns EXPM_OK or EXPM_NONFINITE_INPUT. `work` as for dexpm.
 * see: Al-Mohy & Higham 2009, Alg. 6.1, lines 1–15.
 */
export function dexpmParams(n: i32, a: usize, work: usize, ms: usize): i32 {
  store<i32>(ms, 0);
  store<i32>(ms, 0, 4);
  if (n <= 0) return EXPM_OK;
  if (!allFinite(n * n, a)) return EXPM_NONFINITE_INPUT;
  if (structure(n, a) == 3) return EXPM_OK;
  const m = prepare(n, a, work);
  store<i32>(ms, m);
  store<i32>(ms, prescaleS + selS, 4);
  return EXPM_OK;
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
