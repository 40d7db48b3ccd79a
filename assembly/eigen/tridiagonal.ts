// Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ, and the back-transformation
// V := Q Z, in the manner of LAPACK dsytrd / dlatrd / dsytd2 and dormtr / dlarft / dlarfb.
// see: LAPACK 3.x dsytrd (uplo = 'L'), dlatrd, dsytd2, dlarfg, dlarft ('F', 'C'), dlarfb, dormtr;
//      Dongarra, Sorensen & Hammarling 1989 ("Block reduction of matrices to condensed forms"): the panel keeps
//      W with A22·v − V(Wᵀv) − W(Vᵀv), the trailing matrix is updated once per panel by A22 −= V Wᵀ + W Vᵀ.
// Storage: row-major and full. Row j of column-major LAPACK lower storage is our row j: the reflector that clears
// A[j, j+2:n] is kept in that row (v_j[j+1] = 1 implied, v_j[j+2:n] = A[j, j+2:n]), contiguous, so the panel's
// Householder vectors are the rows of Vᵀ and the back-transformation's Yᵀ without a transpose. Only the upper
// triangle (row r, columns ≥ r) of the trailing matrix is kept current: A22·v reads each stored entry once for both
// halves (two rows per pass, f64x2), and the trailing update C −= [V W]·[Wᵀ; Vᵀ] (dsyr2k) is one gemm per strip of
// TRD_NB rows over the columns right of the strip's diagonal block, on blas.ts's direct (unpacked) path.
// Accuracy: backward stable, Q T Qᵀ = A + δA with ‖δA‖ ≤ O(n ε)‖A‖ (Wilkinson; Higham 2002, §19.3).

import { madd } from '../simd';
import { dgemm, dgemmWorkSize } from '../blas/blas';

// Panel width of the blocked reduction and of the block reflectors in the back-transformation.
export const TRD_NB: i32 = 16;
// Trailing orders up to this are reduced unblocked (dsytd2): a panel then costs more than it saves.
export const TRD_NX: i32 = 128;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// Σ x_i y_i over n entries (two f64x2 accumulators; unaligned loads are fine in wasm).
// @ts-ignore: decorator
@inline
function dot(n: i32, x: usize, y: usize): f64 {
  let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    a0 = madd(v128.load(x + o), v128.load(y + o), a0);
    a1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), a1);
  }
  a0 = f64x2.add(a0, a1);
  let s = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  // scalar clean-up for n mod 4
  for (; i < n; i++) s += ld(x, i) * ld(y, i);
  return s;
}

// y += αx over n entries.
// @ts-ignore: decorator
@inline
function axpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
  }
  // scalar clean-up for odd n
  if (i < n) st(y, i, ld(y, i) + alpha * ld(x, i));
}

// y −= αx + βz over n entries (the two halves of a symmetric rank-2 update of one row).
// @ts-ignore: decorator
@inline
function axpy2(n: i32, alpha: f64, x: usize, beta: f64, z: usize, y: usize): void {
  const a = f64x2.splat(alpha), b = f64x2.splat(beta);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.sub(v128.load(y + o), madd(b, v128.load(z + o), f64x2.mul(a, v128.load(x + o)))));
  }
  // scalar clean-up for odd n
  if (i < n) st(y, i, ld(y, i) - (alpha * ld(x, i) + beta * ld(z, i)));
}

// w := A v for symmetric A (m×m, row stride lda) stored by its upper triangle (row r, columns c ≥ r; the rest is not
// read): each stored a_rc (c > r) adds a_rc·v_c to w_r (a dot product along the row) and a_rc·v_r to w_c (an axpy
// along the row), two rows per pass so the loads of v and w serve both.
function symvUpper(m: i32, a: usize, lda: i32, v: usize, w: usize): void {
  const ldb = <usize>lda << 3;
  memory.fill(w, 0, <usize>m << 3);
  let r = 0;
  for (; r + 2 <= m; r += 2) {
    const r0 = a + <usize>r * ldb, r1 = r0 + ldb;
    const v0 = ld(v, r), v1 = ld(v, r + 1);
    const a00 = ld(r0, r), a01 = ld(r0, r + 1), a11 = ld(r1, r + 1);
    const x0 = f64x2.splat(v0), x1 = f64x2.splat(v1);
    let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
    let c = r + 2;
    for (; c + 2 <= m; c += 2) {
      const o = <usize>c << 3;
      const vc = v128.load(v + o);
      const p0 = v128.load(r0 + o), p1 = v128.load(r1 + o);
      s0 = madd(p0, vc, s0);
      s1 = madd(p1, vc, s1);
      v128.store(w + o, f64x2.add(v128.load(w + o), madd(p1, x1, f64x2.mul(p0, x0))));
    }
    let t0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + a00 * v0 + a01 * v1;
    let t1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1) + a01 * v0 + a11 * v1;
    // scalar clean-up for an odd column count
    if (c < m) {
      const vc = ld(v, c), p0 = ld(r0, c), p1 = ld(r1, c);
      t0 += p0 * vc;
      t1 += p1 * vc;
      st(w, c, ld(w, c) + p0 * v0 + p1 * v1);
    }
    st(w, r, ld(w, r) + t0);
    st(w, r + 1, ld(w, r + 1) + t1);
  }
  if (r < m) st(w, r, ld(w, r) + ld(a + <usize>r * ldb, r) * ld(v, r));
}

// w_r := Σ_c A[r, c] v_c for m rows of A (row stride lda doubles) and m columns: four rows per pass share the
// loads of v (gemv with contiguous rows).
function symvFull(m: i32, a: usize, lda: i32, v: usize, w: usize): void {
  const ldb = <usize>lda << 3;
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    const r0 = a + <usize>r * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
    let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
    let c = 0;
    for (; c + 2 <= m; c += 2) {
      const o = <usize>c << 3;
      const x = v128.load(v + o);
      s0 = madd(v128.load(r0 + o), x, s0);
      s1 = madd(v128.load(r1 + o), x, s1);
      s2 = madd(v128.load(r2 + o), x, s2);
      s3 = madd(v128.load(r3 + o), x, s3);
    }
    let t0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    let t1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    let t2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    let t3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    // scalar clean-up for odd m
    if (c < m) {
      const x = ld(v, c);
      t0 += ld(r0, c) * x; t1 += ld(r1, c) * x; t2 += ld(r2, c) * x; t3 += ld(r3, c) * x;
    }
    st(w, r, t0); st(w, r + 1, t1); st(w, r + 2, t2); st(w, r + 3, t3);
  }
  for (; r < m; r++) st(w, r, dot(m, a + <usize>r * ldb, v));
}

// 2^600 and 2^−600: the scaling of a column whose squares underflow (exact: powers of two)
const TINY_UP: f64 = 4.149515568880993e180;
const TINY_DOWN: f64 = 2.409919865102884e-181;

// dlarfg on x (m entries, contiguous): H = I − τ v vᵀ with H x = β e₁, v₀ = 1 stored over x₀, v₁.. over x₁..
// Returns τ and writes β to *beta. τ = 0 (H = I) when x₁.. is zero. The caller keeps ‖x‖ below overflow (dsyevd
// scales A first), so ‖x‖² is summed directly; but a column of a graded A can still be tiny next to ‖A‖: when
// α² + ‖x₁..‖² < 1e-290 its squares have lost bits to gradual underflow (1e-160² keeps ~3 digits) and H would not
// be orthogonal (eigenvalues off by 1e-5·‖A‖), so that column is worked on as 2^600·x (exact), as dlarfg rescales.
// @ts-ignore: decorator
@inline
function householder(m: i32, x: usize, beta: usize): f64 {
  let alpha = ld(x, 0);
  let xn2 = m > 1 ? dot(m - 1, x + 8, x + 8) : 0.0;
  if (xn2 == 0.0) {
    store<f64>(beta, alpha);
    st(x, 0, 1.0);
    return 0.0;
  }
  let down = 1.0;
  if (alpha * alpha + xn2 < 1e-290) {
    const uv = f64x2.splat(TINY_UP);
    let j = 1;
    for (; j + 2 <= m; j += 2) v128.store(x + (<usize>j << 3), f64x2.mul(uv, v128.load(x + (<usize>j << 3))));
    if (j < m) st(x, j, TINY_UP * ld(x, j));
    alpha *= TINY_UP;
    xn2 = dot(m - 1, x + 8, x + 8);
    down = TINY_DOWN;
  }
  let b = sqrt<f64>(alpha * alpha + xn2);
  if (alpha >= 0.0) b = -b;
  const tau = (b - alpha) / b;
  const s = 1.0 / (alpha - b);
  const sv = f64x2.splat(s);
  let i = 1;
  for (; i + 2 <= m; i += 2) v128.store(x + (<usize>i << 3), f64x2.mul(sv, v128.load(x + (<usize>i << 3))));
  // scalar clean-up
  if (i < m) st(x, i, s * ld(x, i));
  st(x, 0, 1.0);
  store<f64>(beta, b * down);
  return tau;
}

/** Doubles of workspace `dsytrd` needs for order n. */
export function dsytrdWorkSize(n: i32): i32 {
  // wᵀ panel (nb × n), [V W] (n × 2nb), [Wᵀ; Vᵀ] (2nb × n), one vector, gemm
  return 5 * TRD_NB * n + n + 8 + dgemmWorkSize();
}

/**
 * Q T Qᵀ = A: A (n×n symmetric, full, row-major) is overwritten by the reflectors (row j holds v_j[j+2:n]; the
 * entry A[j, j+1] becomes 1), d (n) receives diag(T), e (n−1) its off-diagonal, tau (n−1) the reflector scalars
 * (Q = H₀H₁⋯H_{n−2}, H_j = I − τ_j v_j v_jᵀ). `work` holds dsytrdWorkSize(n) doubles.
 * see: LAPACK dsytrd / dlatrd / dsytd2 (uplo = 'L'); Dongarra, Sorensen & Hammarling 1989.
 */
export function dsytrd(n: i32, a: usize, d: usize, e: usize, tau: usize, work: usize): void {
  if (n <= 0) return;
  const nb8 = <usize>n << 3;
  const wt = work; // nb × n: row i = w of panel step i
  const pm = wt + (<usize>(TRD_NB * n) << 3); // [V W], nt × 2nb
  const rm = pm + (<usize>(2 * TRD_NB * n) << 3); // [Wᵀ; Vᵀ], 2nb × nt
  const vec = rm + (<usize>(2 * TRD_NB * n) << 3); // n
  const gw = vec + (<usize>(n + 8) << 3);
  const betap = vec; // scratch for β (overwritten before vec is used)
  let k = 0;
  // blocked panels while the trailing order exceeds TRD_NX
  for (; n - k > TRD_NX; k += TRD_NB) {
    const nb = TRD_NB;
    for (let i = 0; i < nb; i++) {
      const j = k + i;
      const rowj = a + <usize>j * nb8;
      const len = n - j;
      // 1. bring row j (columns j..n−1) up to date with the panel's earlier reflectors:
      //    a_j −= Σ_p v_p[j]·w_p + w_p[j]·v_p
      for (let p = 0; p < i; p++) {
        const vp = a + <usize>(k + p) * nb8 + (<usize>j << 3);
        const wp = wt + <usize>p * nb8 + (<usize>j << 3);
        axpy2(len, load<f64>(vp), wp, load<f64>(wp), vp, rowj + (<usize>j << 3));
      }
      st(d, j, ld(rowj, j));
      // 2. reflector clearing row j beyond the superdiagonal
      const m = n - j - 1;
      const x = rowj + (<usize>(j + 1) << 3);
      const t = householder(m, x, betap);
      st(e, j, load<f64>(betap));
      st(tau, j, t);
      // 3. w = τ(A22 v − V(Wᵀv) − W(Vᵀv)); w −= ½τ(wᵀv) v
      const w = wt + <usize>i * nb8 + (<usize>(j + 1) << 3);
      if (t == 0.0) {
        memory.fill(w, 0, <usize>m << 3);
        continue;
      }
      symvUpper(m, a + <usize>(j + 1) * nb8 + (<usize>(j + 1) << 3), n, x, w);
      for (let p = 0; p < i; p++) {
        const vp = a + <usize>(k + p) * nb8 + (<usize>(j + 1) << 3);
        const wp = wt + <usize>p * nb8 + (<usize>(j + 1) << 3);
        axpy2(m, dot(m, wp, x), vp, dot(m, vp, x), wp, w);
      }
      const tv = f64x2.splat(t);
      let c = 0;
      for (; c + 2 <= m; c += 2) v128.store(w + (<usize>c << 3), f64x2.mul(tv, v128.load(w + (<usize>c << 3))));
      if (c < m) st(w, c, t * ld(w, c));
      axpy(m, -0.5 * t * dot(m, w, x), x, w);
    }
    // trailing update A22 −= V Wᵀ + W Vᵀ = [V W]·[Wᵀ; Vᵀ] over rows/columns k+nb..n−1
    const t0 = k + nb;
    const nt = n - t0;
    const nb2 = 2 * nb;
    for (let r = 0; r < nt; r++) {
      const prow = pm + <usize>(r * nb2) * 8;
      for (let p = 0; p < nb; p++) {
        st(prow, p, ld(a + <usize>(k + p) * nb8, t0 + r));
        st(prow, nb + p, ld(wt + <usize>p * nb8, t0 + r));
      }
    }
    const ntb = <usize>nt << 3;
    for (let p = 0; p < nb; p++) {
      memory.copy(rm + <usize>p * ntb, wt + <usize>p * nb8 + (<usize>t0 << 3), ntb);
      memory.copy(rm + <usize>(nb + p) * ntb, a + <usize>(k + p) * nb8 + (<usize>t0 << 3), ntb);
    }
    // upper triangle only: per strip of nb rows, the columns from the strip's diagonal block rightwards
    for (let r0 = 0; r0 < nt; r0 += nb) {
      const hs = min(nb, nt - r0);
      dgemm(0, 0, hs, nt - r0, nb2, -1.0, pm + <usize>(r0 * nb2) * 8, nb2, rm + (<usize>r0 << 3), nt, 1.0,
        a + <usize>(t0 + r0) * nb8 + (<usize>(t0 + r0) << 3), n, gw);
    }
  }
  // unblocked (dsytd2) for the rest
  for (let j = k; j < n - 1; j++) {
    const rowj = a + <usize>j * nb8;
    st(d, j, ld(rowj, j));
    const m = n - j - 1;
    const x = rowj + (<usize>(j + 1) << 3);
    const t = householder(m, x, betap);
    st(e, j, load<f64>(betap));
    st(tau, j, t);
    if (t == 0.0) continue;
    const w = vec + 16; // m doubles (vec[0..1] hold β)
    const a22 = a + <usize>(j + 1) * nb8 + (<usize>(j + 1) << 3);
    symvUpper(m, a22, n, x, w);
    const tv = f64x2.splat(t);
    let c = 0;
    for (; c + 2 <= m; c += 2) v128.store(w + (<usize>c << 3), f64x2.mul(tv, v128.load(w + (<usize>c << 3))));
    if (c < m) st(w, c, t * ld(w, c));
    axpy(m, -0.5 * t * dot(m, w, x), x, w);
    // A22 −= v wᵀ + w vᵀ on the upper triangle, row by row
    for (let r = 0; r < m; r++) {
      const o = <usize>r << 3;
      axpy2(m - r, ld(x, r), w + o, ld(w, r), x + o, a22 + <usize>r * nb8 + o);
    }
  }
  st(d, n - 1, ld(a + <usize>(n - 1) * nb8, n - 1));
}

/** Doubles of workspace `dormtr` needs for order n. */
export function dormtrWorkSize(n: i32): i32 {
  // Yᵀ (nb × n), Y (n × nb), T (nb × nb), W (nb × n), gemm
  return 3 * TRD_NB * n + TRD_NB * TRD_NB + 8 + dgemmWorkSize();
}

/**
 * Z := Q Z for Q = H₀H₁⋯H_{n−2} from dsytrd (reflectors in the rows of a, scalars in tau); Z n×ncols row-major.
 * Blocks of TRD_NB reflectors, last block first, each applied as I − Y T Yᵀ (compact WY) by two gemms.
 * see: LAPACK dormtr / dormql-dormqr, dlarft ('F', 'C'), dlarfb; Schreiber & Van Loan 1989 (compact WY).
 */
export function dormtr(n: i32, a: usize, tau: usize, z: usize, ncols: i32, work: usize): void {
  const nr = n - 2; // reflectors 0..n−3 (H_{n−2} is the identity)
  if (nr <= 0 || ncols <= 0) return;
  const nb8 = <usize>n << 3;
  const zb = <usize>ncols << 3;
  const yt = work;
  const ym = yt + (<usize>(TRD_NB * n) << 3);
  const tm = ym + (<usize>(TRD_NB * n) << 3);
  const wm = tm + (<usize>(TRD_NB * TRD_NB) << 3);
  const gw = wm + (<usize>(TRD_NB * n) << 3);
  let j1 = nr;
  while (j1 > 0) {
    const j0 = max(0, j1 - TRD_NB);
    const kb = j1 - j0;
    const m = n - j0 - 1; // rows j0+1..n−1
    const mb = <usize>m << 3;
    // Yᵀ (kb × m): row p = v_{j0+p} on rows j0+1..n−1 (zeros, 1, then the stored entries)
    for (let p = 0; p < kb; p++) {
      const row = yt + <usize>p * mb;
      memory.fill(row, 0, <usize>p << 3);
      st(row, p, 1.0);
      if (m - p - 1 > 0) memory.copy(row + (<usize>(p + 1) << 3), a + <usize>(j0 + p) * nb8 + (<usize>(j0 + p + 2) << 3), <usize>(m - p - 1) << 3);
    }
    // T (kb × kb, upper): T_ii = τ_i, T[0:i, i] = −τ_i T[0:i, 0:i] (Y[:, 0:i]ᵀ v_i)
    const kbb = <usize>kb << 3;
    for (let i = 0; i < kb; i++) {
      const ti = ld(tau, j0 + i);
      const yi = yt + <usize>i * mb + (<usize>i << 3);
      // u_q = v_qᵀ v_i over rows ≥ i (v_i is zero above), stored in column i of T temporarily
      for (let q = 0; q < i; q++) st(tm + <usize>q * kbb, i, dot(m - i, yt + <usize>q * mb + (<usize>i << 3), yi));
      for (let r = 0; r < i; r++) {
        let s = 0.0;
        for (let q = r; q < i; q++) s += ld(tm + <usize>r * kbb, q) * ld(tm + <usize>q * kbb, i);
        st(tm + <usize>r * kbb, i, -ti * s);
      }
      st(tm + <usize>i * kbb, i, ti);
    }
    // column i of T is formed top-down from the u_q of rows r ≤ q < i: row r's entry is read (u_r … u_{i−1}) before
    // it is overwritten, and rows above r no longer need u_r
    // W = Yᵀ Z_sub (kb × ncols)
    const zs = z + <usize>(j0 + 1) * zb;
    dgemm(0, 0, kb, ncols, m, 1.0, yt, m, zs, ncols, 0.0, wm, ncols, gw);
    // W := T W (upper triangular, top-down in place)
    for (let r = 0; r < kb; r++) {
      const wr = wm + <usize>r * zb;
      const trr = ld(tm + <usize>r * kbb, r);
      const tv = f64x2.splat(trr);
      let c = 0;
      for (; c + 2 <= ncols; c += 2) v128.store(wr + (<usize>c << 3), f64x2.mul(tv, v128.load(wr + (<usize>c << 3))));
      if (c < ncols) st(wr, c, trr * ld(wr, c));
      for (let q = r + 1; q < kb; q++) axpy(ncols, ld(tm + <usize>r * kbb, q), wm + <usize>q * zb, wr);
    }
    // Y (m × kb) = (Yᵀ)ᵀ, then Z_sub −= Y W
    for (let p = 0; p < kb; p++) {
      const src = yt + <usize>p * mb;
      for (let r = 0; r < m; r++) st(ym + <usize>r * kbb, p, ld(src, r));
    }
    dgemm(0, 0, m, ncols, kb, -1.0, ym, kb, wm, ncols, 1.0, zs, ncols, gw);
    j1 = j0;
  }
}
