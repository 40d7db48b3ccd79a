// Plain-TypeScript twin of assembly/expm/expm.ts dexpm: scaling and squaring with diagonal Padé approximants r_m,
// m ∈ {3, 5, 7, 9, 13}, degree and squarings from backward-error bounds in d_p = ‖A^p‖₁^{1/p} and the correction
// ℓ(A, m); triangular input with the diagonal and first off-diagonal recomputed at every squaring; diagonal input
// exactly. The same decisions as the wasm kernel (the same bounds, the same norm estimates above the same order).
// see: Al-Mohy & Higham 2009, "A new scaling and squaring algorithm for the matrix exponential", SIAM J. Matrix
//      Anal. Appl. 31(3), Alg. 6.1 and Code Fragment 2.1; Higham 2005, SIAM J. Matrix Anal. Appl. 26(4), §2.
// r_m(A) = (V − U)⁻¹(V + U) with U the odd and V the even part of the Padé numerator p_m(A) = Σ b_j A^j;
// the solve is LU with partial pivoting on [V − U | V + U] (Golub & Van Loan 2013, Alg. 3.4.1), unblocked here.
import { ImplicitRegError } from '../../core/errors.js';
import { allocF64 } from '../../core/f64pool.js';
import type { Matrix } from '../../core/matrix.js';
import { checkFinite, checkSquare } from '../../core/validate.js';
import { gemmInto } from './blas.js';
import { normest1Plain } from './normest.js';

// θ_m (Higham 2005, Table 2.3; θ_13 = 4.25 as in Al-Mohy & Higham 2009, Alg. 6.1), as in the wasm kernel.
const THETA3 = 1.495585217958292e-2;
const THETA5 = 2.53939833006323e-1;
const THETA7 = 9.504178996162932e-1;
const THETA9 = 2.097847961257068;
const THETA13 = 4.25;

// 1/|c_{2m+1}| = (2m)!(2m+1)!/(m!)² and its log2 (rounded from 40-digit values), as in the wasm kernel
// (Al-Mohy & Higham 2009, ℓ(A, m) in Alg. 6.1).
const ELLDEN3 = 100800;
const ELLDEN5 = 10059033600;
const ELLDEN7 = 4487938430976000;
const ELLDEN9 = 5914384781877411840000;
const ELLDEN13 = 113250775606021113483283660800000000;
const LOG2DEN: Record<number, number> = {
  3: 16.62113611327464, 5: 33.227772656854164, 7: 51.994974307382165, 9: 72.32471809893495, 13: 116.447004251763,
};

// Padé coefficients b_j = (2m − j)! m! / ((2m)! j! (m − j)!), scaled to integers (exact in double).
const B3 = [120, 60, 12, 1];
const B5 = [30240, 15120, 3360, 420, 30, 1];
const B7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];
const B9 = [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1];
const B13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
  670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];

/** The twin's tables by degree m (θ_m, 1/|c_{2m+1}|, Padé b_j), for tests of the tables themselves. */
export const EXPM_TABLES: {
  theta: Record<number, number>;
  ellDen: Record<number, number>;
  log2Den: Record<number, number>;
  b: Record<number, readonly number[]>;
} = {
  theta: { 3: THETA3, 5: THETA5, 7: THETA7, 9: THETA9, 13: THETA13 },
  ellDen: { 3: ELLDEN3, 5: ELLDEN5, 7: ELLDEN7, 9: ELLDEN9, 13: ELLDEN13 },
  log2Den: LOG2DEN,
  b: { 3: B3, 5: B5, 7: B7, 9: B9, 13: B13 },
};

/** From this order on, ‖A^p‖₁ is estimated instead of formed (the wasm kernel's NORMEST_MIN_N). */
const NORMEST_MIN_N = 40;
const PRESCALE_LOG2 = 100;

class Overflow extends Error {}

/**
 * exp(A) by scaling and squaring with Padé degree 3/5/7/9/13 chosen as in Al-Mohy & Higham 2009 (Alg. 6.1), in
 * plain TypeScript (the twin of `Kernels.expm` without wasm; the same choices of degree and squarings).
 * Backward error ≤ 2^-53 in exact arithmetic; forward error ≈ κ_exp(A)·u. Diagonal A: exp of each entry.
 * Throws ImplicitRegError 'overflow' when exp(A) is not representable and 'singular' for a singular Padé denominator.
 * @example expmPlain(matrix(2, 2, [0, 1, -1, 0])) // [[cos 1, sin 1], [−sin 1, cos 1]]
 */
export function expmPlain(a: Matrix): Matrix {
  const fn = 'expmPlain';
  checkSquare(fn, 'a', a);
  checkFinite(fn, 'a', a.data);
  const n = a.rows;
  const nn = n * n;
  const out = allocF64(nn);
  const tri = structure(n, a.data);
  if (tri === 3) {
    for (let i = 0; i < n; i++) out[i * (n + 1)] = Math.exp(a.data[i * (n + 1)]);
    checkOverflow(fn, out);
    return { rows: n, cols: n, data: out };
  }
  // one allocation for every buffer (each typed array above 64 bytes costs V8 an off-heap buffer, ~1 µs)
  const work = new Float64Array(14 * nn + 2 * n);
  const st = new Selection(n, a.data, work);
  const { m, s } = st.choose();
  const { A, A2 } = st;
  const A4 = m >= 5 ? st.ensureA4() : A2; // r_3 needs no A⁴
  const A6 = st.A6;
  const U = slot(work, nn, 6);
  const V = slot(work, nn, 7);
  const T = slot(work, nn, 8);
  if (m === 3) {
    lincomb(n, T, [B3[3], A2], B3[1]);
    gemmInto(n, n, n, A, T, U);
    lincomb(n, V, [B3[2], A2], B3[0]);
  } else if (m === 5) {
    lincomb(n, T, [B5[5], A4, B5[3], A2], B5[1]);
    gemmInto(n, n, n, A, T, U);
    lincomb(n, V, [B5[4], A4, B5[2], A2], B5[0]);
  } else if (m === 7) {
    lincomb(n, T, [B7[7], A6, B7[5], A4, B7[3], A2], B7[1]);
    gemmInto(n, n, n, A, T, U);
    lincomb(n, V, [B7[6], A6, B7[4], A4, B7[2], A2], B7[0]);
  } else if (m === 9) {
    const A8 = slot(work, nn, 4); // formed by the degree choice when n < NORMEST_MIN_N needed d_8
    if (!st.a8Formed) gemmInto(n, n, n, A4, A4, A8);
    lincomb(n, T, [B9[9], A8, B9[7], A6, B9[5], A4, B9[3], A2], B9[1]);
    gemmInto(n, n, n, A, T, U);
    lincomb(n, V, [B9[8], A8, B9[6], A6, B9[4], A4, B9[2], A2], B9[0]);
  } else {
    if (s > 0) {
      scale2(A, -s);
      if (6 * s <= 1000) {
        scale2(A2, -2 * s);
        scale2(A4, -4 * s);
        scale2(A6, -6 * s);
      } else {
        gemmInto(n, n, n, A, A, A2);
        gemmInto(n, n, n, A2, A2, A4);
        gemmInto(n, n, n, A2, A4, A6);
      }
    }
    const P = slot(work, nn, 9);
    // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
    lincomb(n, T, [B13[13], A6, B13[11], A4, B13[9], A2], 0);
    gemmInto(n, n, n, A6, T, P);
    lincomb(n, T, [1, P, B13[7], A6, B13[5], A4, B13[3], A2], B13[1]);
    gemmInto(n, n, n, A, T, U);
    // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
    lincomb(n, T, [B13[12], A6, B13[10], A4, B13[8], A2], 0);
    gemmInto(n, n, n, A6, T, P);
    lincomb(n, V, [1, P, B13[6], A6, B13[4], A4, B13[2], A2], B13[0]);
  }
  // [V − U | V + U] → [· | (V − U)⁻¹(V + U)]
  const W = work.subarray(12 * nn, 14 * nn);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      W[2 * n * i + j] = V[i * n + j] - U[i * n + j];
      W[2 * n * i + n + j] = V[i * n + j] + U[i * n + j];
    }
  }
  if (!luSolveAugmented(n, W)) throw new ImplicitRegError('singular', `${fn}: the Padé denominator is singular`);
  let X = slot(work, nn, 10);
  for (let i = 0; i < n; i++) X.set(W.subarray(2 * n * i + n, 2 * n * i + 2 * n), i * n);
  const total = st.prescale + s;
  if (tri !== 0) {
    triZero(n, X, tri);
    triFix(n, X, a.data, tri, total);
  }
  let Y = slot(work, nn, 11);
  for (let k = 0; k < total; k++) {
    gemmInto(n, n, n, X, X, Y);
    if (tri !== 0) triFix(n, Y, a.data, tri, total - 1 - k);
    const t = X;
    X = Y;
    Y = t;
  }
  out.set(X);
  checkOverflow(fn, out);
  return { rows: n, cols: n, data: out };
}

// the k-th n×n buffer of the twin's one work array
function slot(work: Float64Array, nn: number, k: number): Float64Array {
  return work.subarray(k * nn, (k + 1) * nn);
}

function checkOverflow(fn: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i] - x[i] !== 0) throw new ImplicitRegError('overflow', `${fn}: exp(A) overflows double precision`);
  }
}

/** The degree choice of Al-Mohy & Higham 2009, Alg. 6.1 (the wasm kernel's select(), step for step). */
class Selection {
  readonly n: number;
  readonly A: Float64Array;
  readonly A2: Float64Array;
  readonly A4: Float64Array;
  readonly A6: Float64Array;
  private readonly A8: Float64Array;
  private readonly A10: Float64Array;
  private haveA4 = false;
  private haveA6 = false;
  a8Formed = false;
  prescale = 0;
  private nrmA = 0;
  private log2A = 0;
  private n2 = 0;
  private n4 = 0;
  private n6 = 0;
  private n8 = 0;
  private d4 = 0;
  private d6 = NaN;
  private d8 = NaN;
  private d10 = NaN;
  private bound2 = 0;
  // ℓ: 1ᵀ|A|^ellPow = 2^ellExp · v, max(v) = ellTop ∈ [1, 2)
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private ellPow = 0;
  private ellExp = 0;
  private ellTop = 1;
  private ellZero = false;

  // buffers: slots 0–5 of `work` (A, A², A⁴, A⁶, A⁸, A¹⁰), the last 2n doubles (ℓ's vectors)
  constructor(n: number, a: Float64Array, work: Float64Array) {
    this.n = n;
    const nn = n * n;
    this.A = slot(work, nn, 0);
    this.A.set(a);
    this.A2 = slot(work, nn, 1);
    this.A4 = slot(work, nn, 2);
    this.A6 = slot(work, nn, 3);
    this.A8 = slot(work, nn, 4);
    this.A10 = slot(work, nn, 5);
    this.v = work.subarray(work.length - 2 * n, work.length - n);
    this.w = work.subarray(work.length - n);
  }

  choose(): { m: number; s: number } {
    try {
      return this.select();
    } catch (e) {
      if (!(e instanceof Overflow)) throw e;
      // ‖A^p‖ overflowed, so ‖A‖₁ > 2^102: choose for 2^{-s0}A with ‖2^{-s0}A‖₁ ≤ 2^100, square s0 more times
      this.prescale = Math.max(1, Math.ceil(Math.log2(this.nrmA)) - PRESCALE_LOG2);
      scale2(this.A, -this.prescale);
      return this.select();
    }
  }

  private select(): { m: number; s: number } {
    const n = this.n;
    this.nrmA = norm1(n, this.A);
    gemmInto(n, n, n, this.A, this.A, this.A2);
    this.n2 = finite(norm1(n, this.A2));
    this.bound2 = Math.min(this.nrmA, Math.sqrt(this.n2));
    this.log2A = Math.log2(this.nrmA);
    this.haveA4 = this.haveA6 = this.a8Formed = false;
    this.d6 = this.d8 = this.d10 = NaN;
    this.v.fill(1);
    this.ellPow = 0;
    this.ellExp = 0;
    this.ellTop = 1;
    this.ellZero = false;
    // "η ≤ θ_m and ℓ(A, m) = 0", ℓ first: its products with |A| are needed anyway, an η test may form a power
    if (this.ell(3, 0) === 0 && this.eta46Within(THETA3)) return { m: 3, s: 0 };
    if (this.ell(5, 0) === 0 && this.eta46Within(THETA5)) return { m: 5, s: 0 };
    this.ensureA6();
    if (this.ell(7, 0) === 0 && this.eta68Within(THETA7)) return { m: 7, s: 0 };
    if (this.ell(9, 0) === 0 && this.eta68Within(THETA9)) return { m: 9, s: 0 };
    // m = 13: η₅ = min(max(d_6, d_8), max(d_8, d_10)), norms computed only if they can change s
    const { d4, d6, n2, n4, n6 } = this;
    const u8 = Number.isNaN(this.d8) ? Math.min(this.bound2, d4, Math.sqrt(Math.sqrt(Math.sqrt(n2 * n6)))) : this.d8;
    let u10 = Math.min(this.bound2, Math.pow(n4 * n6, 0.1));
    if (this.a8Formed) u10 = Math.min(u10, Math.pow(n2 * this.n8, 0.1));
    let s = 0;
    if (sOfEta(Math.min(Math.max(d6, u8), Math.max(u8, u10))) > 0) {
      this.computeD8();
      const d8 = this.d8;
      let eta5 = d8;
      if (d6 > d8 && u10 > d8 && sOfEta(Math.min(d6, u10)) !== sOfEta(d8)) {
        this.computeD10();
        eta5 = Math.min(d6, Math.max(d8, this.d10));
      }
      s = sOfEta(eta5);
    }
    return { m: 13, s: s + this.ell(13, s) };
  }

  ensureA4(): Float64Array {
    if (this.haveA4) return this.A4;
    const n = this.n;
    this.haveA4 = true;
    gemmInto(n, n, n, this.A2, this.A2, this.A4);
    this.n4 = finite(norm1(n, this.A4));
    this.d4 = Math.sqrt(Math.sqrt(this.n4)); // as the wasm kernel (sqrt: correctly rounded in both)
    return this.A4;
  }

  private ensureA6(): void {
    if (this.haveA6) return;
    const n = this.n;
    const A4 = this.ensureA4();
    this.haveA6 = true;
    gemmInto(n, n, n, this.A2, A4, this.A6);
    this.n6 = finite(norm1(n, this.A6));
    this.d6 = Math.pow(this.n6, 1 / 6);
  }

  private computeD6(): void {
    if (!Number.isNaN(this.d6)) return;
    if (this.n < NORMEST_MIN_N) return this.ensureA6();
    this.d6 = Math.pow(finite(normest1Plain(this.n, [this.A2, this.A4])), 1 / 6);
  }

  private computeD8(): void {
    if (!Number.isNaN(this.d8)) return;
    const n = this.n;
    if (n < NORMEST_MIN_N) {
      gemmInto(n, n, n, this.A4, this.A4, this.A8);
      this.a8Formed = true;
      this.n8 = finite(norm1(n, this.A8));
      this.d8 = Math.sqrt(Math.sqrt(Math.sqrt(this.n8)));
    } else {
      this.d8 = Math.sqrt(Math.sqrt(Math.sqrt(finite(normest1Plain(n, [this.A4, this.A4])))));
    }
  }

  private computeD10(): void {
    const n = this.n;
    if (n < NORMEST_MIN_N) {
      gemmInto(n, n, n, this.A4, this.A6, this.A10);
      this.d10 = Math.pow(finite(norm1(n, this.A10)), 0.1);
    } else {
      this.d10 = Math.pow(finite(normest1Plain(n, [this.A4, this.A6])), 0.1);
    }
  }

  // is max(d_4, d_6) ≤ θ?
  private eta46Within(theta: number): boolean {
    if (this.bound2 <= theta) return true;
    this.ensureA4();
    if (this.d4 > theta) return false;
    if (Number.isNaN(this.d6) && Math.min(this.bound2, Math.pow(this.n2 * this.n4, 1 / 6)) <= theta) return true;
    this.computeD6();
    return this.d6 <= theta;
  }

  // is max(d_6, d_8) ≤ θ? (A⁶ formed)
  private eta68Within(theta: number): boolean {
    if (this.d6 > theta) return false;
    if (Number.isNaN(this.d8) && Math.min(this.bound2, this.d4, Math.sqrt(Math.sqrt(Math.sqrt(this.n2 * this.n6)))) <= theta) return true;
    this.computeD8();
    return this.d8 <= theta;
  }

  // ℓ(2^{-s}A, m) = max(⌈log2(α/u)/(2m)⌉, 0), α = |c_{2m+1}| ‖|2^{-s}A|^{2m+1}‖₁ / ‖2^{-s}A‖₁; products with |A|
  // only until ‖|A|^{2m+1}‖ ≤ ‖|A|^k‖ ‖A‖^{2m+1−k} settles ℓ = 0 (as the wasm kernel)
  private ell(m: number, s: number): number {
    const p = 2 * m + 1;
    const log2A = this.log2A;
    for (;;) {
      if (this.ellZero) return 0;
      const r = 2 * m * s + log2A + LOG2DEN[m] - 53 - (p - this.ellPow) * log2A;
      if (this.ellPow < p && this.ellExp + 1 <= r) return 0;
      if (this.ellPow >= p || this.ellExp <= r) {
        const x = (this.ellExp + Math.log2(this.ellTop) - r) / (2 * m);
        if (!(x > 0)) return 0;
        if (this.ellPow >= p) return Math.min(Math.ceil(x), 2000);
      }
      this.advance();
    }
  }

  // one more product: v := 2^{-e} vᵀ|A| with 2^e ≤ max < 2^{e+1} (exact)
  private advance(): void {
    const n = this.n;
    const A = this.A;
    const v = this.v;
    const w = this.w;
    w.fill(0);
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      for (let j = 0; j < n; j++) w[j] += vi * Math.abs(A[i * n + j]);
    }
    let mx = 0;
    for (let j = 0; j < n; j++) mx = Math.max(mx, w[j]);
    this.ellPow++;
    if (mx === 0) {
      this.ellZero = true;
      return;
    }
    const e = exponentOf(mx);
    this.ellExp += e;
    this.ellTop = ldexp(mx, -e);
    for (let j = 0; j < n; j++) v[j] = ldexp(w[j], -e);
  }
}

const bits = new DataView(new ArrayBuffer(8));

// ⌊log2 x⌋ for finite x > 0, from the exponent field (subnormals: scaled up by 2^600 first)
function exponentOf(x: number): number {
  bits.setFloat64(0, x);
  const e = ((bits.getUint16(0) >> 4) & 0x7ff) - 1023;
  if (e > -1023) return e;
  bits.setFloat64(0, x * 2 ** 600);
  return ((bits.getUint16(0) >> 4) & 0x7ff) - 1623;
}

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new Overflow();
  return x;
}

function sOfEta(eta: number): number {
  return eta > THETA13 ? Math.min(Math.ceil(Math.log2(eta / THETA13)), 2000) : 0;
}

// x := 2^e x (steps of at most 2^±1000: every factor a normal double)
function scale2(x: Float64Array, e: number): void {
  while (e !== 0) {
    const step = Math.max(-1000, Math.min(1000, e));
    const f = 2 ** step;
    for (let i = 0; i < x.length; i++) x[i] *= f;
    e -= step;
  }
}

function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

// exp([[λ1, t], [0, λ2]])₁₂ = t e^{max λ} (−expm1(−|λ2 − λ1|))/|λ2 − λ1| (Higham 2008, (10.42), rearranged)
function expOffDiag(l1: number, l2: number, t: number): number {
  const h = Math.abs(0.5 * l2 - 0.5 * l1);
  const lmax = Math.max(l1, l2);
  if (h === 0) return t * Math.exp(lmax);
  return t * Math.exp(lmax) * (-Math.expm1(-2 * h) / (2 * h));
}

// Code Fragment 2.1: diagonal and first super- (tri = 1) or sub-diagonal (tri = 2) of X ≈ exp(2^{-j}A), exactly
function triFix(n: number, x: Float64Array, a: Float64Array, tri: number, j: number): void {
  for (let i = 0; i < n; i++) x[i * (n + 1)] = Math.exp(ldexp(a[i * (n + 1)], -j));
  for (let i = 0; i + 1 < n; i++) {
    const l1 = ldexp(a[i * (n + 1)], -j);
    const l2 = ldexp(a[(i + 1) * (n + 1)], -j);
    if (tri === 1) x[i * n + i + 1] = expOffDiag(l1, l2, ldexp(a[i * n + i + 1], -j));
    else x[(i + 1) * n + i] = expOffDiag(l1, l2, ldexp(a[(i + 1) * n + i], -j));
  }
}

function triZero(n: number, x: Float64Array, tri: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if ((tri === 1 && j < i) || (tri === 2 && j > i)) x[i * n + j] = 0;
  }
}

// 0 = full, 1 = upper triangular, 2 = lower triangular, 3 = diagonal
function structure(n: number, a: Float64Array): number {
  let lowerZero = true;
  let upperZero = true;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] === 0 || i === j) continue;
      if (j < i) lowerZero = false;
      else upperZero = false;
    }
  }
  return lowerZero ? (upperZero ? 3 : 1) : upperZero ? 2 : 0;
}

// ‖A‖₁: the largest column sum of |a_ij| (NaN propagates).
function norm1(n: number, a: Float64Array): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    if (!(s <= best)) best = s;
  }
  return best;
}

// z := Σ_j c_j X_j + cI·I, terms given as [c1, X1, c2, X2, …] (same summation order as the wasm kernel).
function lincomb(n: number, z: Float64Array, terms: (number | Float64Array)[], cI: number): void {
  const nn = n * n;
  const c1 = terms[0] as number;
  const x1 = terms[1] as Float64Array;
  for (let i = 0; i < nn; i++) z[i] = c1 * x1[i];
  for (let t = 2; t < terms.length; t += 2) {
    const c = terms[t] as number;
    const x = terms[t + 1] as Float64Array;
    for (let i = 0; i < nn; i++) z[i] += c * x[i];
  }
  if (cI !== 0) for (let d = 0; d < n; d++) z[d * (n + 1)] += cI;
}

// [Q | P] (n×2n) → [U | Q⁻¹P], Gaussian elimination with partial pivoting on the augmented matrix, then back
// substitution. Returns false if a pivot is exactly zero. see: Golub & Van Loan 2013, Alg. 3.4.1.
function luSolveAugmented(n: number, w: Float64Array): boolean {
  const ld = 2 * n;
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(w[k * ld + k]);
    for (let i = k + 1; i < n; i++) {
      const x = Math.abs(w[i * ld + k]);
      if (x > best) {
        best = x;
        piv = i;
      }
    }
    if (best === 0) return false;
    if (piv !== k) {
      for (let j = 0; j < ld; j++) {
        const t = w[k * ld + j];
        w[k * ld + j] = w[piv * ld + j];
        w[piv * ld + j] = t;
      }
    }
    const rk = k * ld;
    const inv = 1 / w[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * ld;
      const l = w[ri + k] * inv;
      w[ri + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < ld; j++) w[ri + j] -= l * w[rk + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * ld;
    for (let j = i + 1; j < n; j++) {
      const u = w[ri + j];
      if (u === 0) continue;
      const rj = j * ld;
      for (let c = n; c < ld; c++) w[ri + c] -= u * w[rj + c];
    }
    const piv = w[ri + i];
    for (let c = n; c < ld; c++) w[ri + c] /= piv;
  }
  return true;
}
