// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T (diagonal d, off-diagonal e).
//
// Choice: divide and conquer (Cuppen 1981, as LAPACK dstedc / dlaed0–dlaed4) above DC_SMLSIZ, implicit QL with
// Wilkinson shifts (dsteqr) for the leaves and small orders. QL with vectors applies ~3n² rotations to n-vectors,
// ~6n³ flops of rotation updates that cannot use gemm; divide and conquer spends its O(n³) in two gemms per merge
// (fewer flops still when eigenvalues deflate): measured on the tridiagonal of a random n = 50 matrix 108 µs vs
// 126 µs for QL with vectors, n = 100 393 vs 763 µs, n = 200 1.9 vs 2.6 ms.
// The values-only mode uses the root-free PWK form of QL (dsterf: no square root in the sweep).
//
// Divide and conquer: T = diag(T₁, T₂) + ρ u uᵀ, u = e_k ± e_{k+1} (the "tear" subtracts |e_k| from d_k, d_{k+1}).
// With T_i = Q_i D_i Q_iᵀ, T = Q (D + ρ z zᵀ) Qᵀ, z = Qᵀu (the last row of Q₁ and the first row of Q₂).
//  - deflation (dlaed2): ρ|z_j| ≤ tol drops j; two poles closer than tol/|cs| are rotated so one z_j vanishes;
//  - secular equation (dlaed4): each root λ_i of f(λ) = 1/ρ + Σ z_j²/(d_j − λ) in (d_i, d_{i+1}) is found with the
//    origin at the nearer pole, so d_j − λ_i = (d_j − d_origin) − τ keeps its relative accuracy; the iteration is
//    the Bunch–Nielsen–Sorensen rational model (the poles ≤ d_i and ≥ d_{i+1} each approximated by one pole plus a
//    constant, fitted to value and slope), kept inside a bisection bracket;
//  - vectors (dlaed3): z is recomputed from the computed roots by the Löwner formula (Gu & Eisenstat 1994),
//    ẑ_j² = ∏_i (λ_i − d_j) / ∏_{i≠j} (d_i − d_j), and u_i = (ẑ_j / (d_j − λ_i))_j / ‖·‖: exactly the eigenvectors of a
//    nearby rank-one update, so they are numerically orthogonal however close the roots are;
//  - the new eigenvectors Q·U in two gemms, one per half, over only the columns that are nonzero there
//    (LAPACK's column types: from T₁ only, from both after a deflating rotation, from T₂ only).
// Storage: the eigenvectors as ROWS of qt (n×n row-major, i.e. column-major Q), so deflating rotations and
// QL rotations combine contiguous rows (f64x2).
// see: Cuppen 1981; Bunch, Nielsen & Sorensen 1978 (secular equation); Gu & Eisenstat 1995 ("A divide-and-conquer
//      algorithm for the symmetric tridiagonal eigenproblem", SIMAX 16); LAPACK dstedc, dlaed0–dlaed4, dsteqr;
//      Wilkinson shift / implicit QL: Bowdler, Martin, Reinsch & Wilkinson 1968 (tql2).
// Accuracy: eigenvalues within O(nε)‖T‖ (absolute); ‖TQ − QΛ‖ = O(nε)‖T‖ and ‖QᵀQ − I‖ = O(nε).

import { madd, nmadd } from '../simd';
import { dgemm, dgemmWorkSize } from '../blas/blas';

const EPS: f64 = 2.220446049250313e-16; // 2^-52
// Subproblems up to this order are solved by QL (LAPACK's SMLSIZ is 25). Leaves of 16 to 48 measured equal within
// noise (n = 100: 392–400 µs); 64 was slower (454 µs).
export const DC_SMLSIZ: i32 = 32;
// QL iterations allowed per eigenvalue (dsteqr's MAXIT is 30).
const QL_MAXIT: i32 = 30;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }
// @ts-ignore: decorator
@inline function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function sti(p: usize, i: i32, x: i32): void { store<i32>(p + (<usize>i << 2), x); }

// √(a² + b²) without overflow or harmful underflow (LAPACK dlapy2): the plain formula while a² + b² lies well inside
// the normal range (its rounding there is that of the plain formula: same bits), else scaled by the larger of |a|, |b|
// — a graded T (entries 1 and 1e-156, 1e-310) made p² overflow in the Wilkinson shift and p² + e² underflow to 0 in
// the sweep, and QL returned NaN and ∞.
// @ts-ignore: decorator
@inline
function hypot(a: f64, b: f64): f64 {
  const t = a * a + b * b;
  if (t < 1e290 && t > 1e-290) return sqrt<f64>(t);
  const x = abs<f64>(a), y = abs<f64>(b);
  const w = max<f64>(x, y), z = min<f64>(x, y);
  if (z == 0.0) return w;
  const q = z / w;
  return w * sqrt<f64>(1.0 + q * q);
}

// rows x, y of len entries: x' = c x − s y, y' = s x + c y
// @ts-ignore: decorator
@inline
function rotRows(len: i32, x: usize, y: usize, c: f64, s: f64): void {
  const cv = f64x2.splat(c), sv = f64x2.splat(s);
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const a = v128.load(x + o), b = v128.load(y + o);
    v128.store(x + o, nmadd(sv, b, f64x2.mul(cv, a)));
    v128.store(y + o, madd(cv, b, f64x2.mul(sv, a)));
  }
  // scalar clean-up for odd len
  if (k < len) {
    const a = ld(x, k), b = ld(y, k);
    st(x, k, c * a - s * b);
    st(y, k, s * a + c * b);
  }
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e) of order n: d becomes the eigenvalues, ascending.
 * With vectors (qt ≠ 0), the rotations are applied to rows 0..n−1 of qt (row stride ldq, n columns from qt), whose
 * rows then hold the eigenvectors of T times the incoming rows, in the order of d. e (n doubles: e[n−1] is used as
 * scratch) is destroyed. Returns the number of QL iterations, or −1 if an eigenvalue took more than 30.
 * see: Bowdler, Martin, Reinsch & Wilkinson 1968 (tql1/tql2); LAPACK dsteqr (compz = 'I'/'N').
 */
export function dsteqr(n: i32, d: usize, e: usize, qt: usize, ldq: i32): i32 {
  if (n <= 0) return 0;
  st(e, n - 1, 0.0);
  const ldb = <usize>ldq << 3;
  let f = 0.0, tst1 = 0.0;
  let iters = 0;
  for (let l = 0; l < n; l++) {
    tst1 = max<f64>(tst1, abs<f64>(ld(d, l)) + abs<f64>(ld(e, l)));
    let m = l;
    while (m < n - 1 && abs<f64>(ld(e, m)) > EPS * tst1) m++;
    if (m > l) {
      let it = 0;
      do {
        if (++it > QL_MAXIT) return -1;
        iters++;
        // Wilkinson shift from the leading 2×2 block
        let g = ld(d, l);
        let p = (ld(d, l + 1) - g) / (2.0 * ld(e, l));
        let r = hypot(p, 1.0);
        if (p < 0.0) r = -r;
        st(d, l, ld(e, l) / (p + r));
        st(d, l + 1, ld(e, l) * (p + r));
        const dl1 = ld(d, l + 1);
        let h = g - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h);
        f += h;
        // implicit QL sweep from m up to l
        p = ld(d, m);
        let c = 1.0, c2 = 1.0, c3 = 1.0;
        const el1 = ld(e, l + 1);
        let s = 0.0, s2 = 0.0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          const ei = ld(e, i);
          g = c * ei;
          h = c * p;
          r = hypot(p, ei);
          st(e, i + 1, s * r);
          s = ei / r;
          c = p / r;
          const di = ld(d, i);
          p = c * di - s * g;
          st(d, i + 1, h + s * (c * g + s * di));
          if (qt != 0) {
            // rows i, i+1: q_{i+1}' = s q_i + c q_{i+1}, q_i' = c q_i − s q_{i+1}
            rotRows(n, qt + <usize>i * ldb, qt + <usize>(i + 1) * ldb, c, s);
          }
        }
        p = -s * s2 * c3 * el1 * ld(e, l) / dl1;
        st(e, l, s * p);
        st(d, l, c * p);
      } while (abs<f64>(ld(e, l)) > EPS * tst1);
    }
    st(d, l, ld(d, l) + f);
    st(e, l, 0.0);
  }
  // selection sort, ascending, rows of qt along (O(n²) compares, ≤ n row swaps)
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = ld(d, i);
    for (let j = i + 1; j < n; j++) if (ld(d, j) < p) { k = j; p = ld(d, j); }
    if (k != i) {
      st(d, k, ld(d, i));
      st(d, i, p);
      if (qt != 0) swapRows(n, qt + <usize>i * ldb, qt + <usize>k * ldb);
    }
  }
  return iters;
}

/**
 * Eigenvalues of the symmetric tridiagonal (d: n, e: n−1, both destroyed) by the root-free QL iteration of Pal,
 * Walker and Kahan on the squares e_i²: no square root and one division pair per rotation, where the QL of dsteqr
 * takes a square root and two divisions in a longer dependent chain. d becomes the eigenvalues, ascending.
 * Returns the number of QL sweeps, or −1 if more than 30n were needed.
 * see: LAPACK dsterf; Parlett 1980, "The Symmetric Eigenvalue Problem", §8.15 (the PWK variant of QL).
 */
export function dsterf(n: i32, d: usize, e: usize): i32 {
  if (n <= 0) return 0;
  // squares, with e²[n−1] = 0 as the sentinel
  let tst = 0.0;
  for (let i = 0; i < n - 1; i++) {
    const x = ld(e, i);
    tst = max<f64>(tst, abs<f64>(ld(d, i)) + abs<f64>(x));
    st(e, i, x * x);
  }
  tst = max<f64>(tst, abs<f64>(ld(d, n - 1)));
  st(e, n - 1, 0.0);
  // absolute splitting test |e_m| ≤ ε·max_i(|d_i| + |e_i|) on the squares (the test of dsteqr's QL)
  const small = (EPS * tst) * (EPS * tst);
  let sweeps = 0;
  const maxSweeps = 30 * n;
  let l = 0;
  while (l < n) {
    let m = l;
    while (m < n - 1 && ld(e, m) > small) m++;
    if (m == l) { l++; continue; }
    if (m == l + 1) {
      // 2×2 block: its eigenvalues directly
      const a = ld(d, l), c = ld(d, l + 1), b2 = ld(e, l);
      const h = 0.5 * (a - c);
      const r = sqrt<f64>(h * h + b2);
      const mid = 0.5 * (a + c);
      // the larger-magnitude root without cancellation, the other from the determinant
      let r1: f64, r2: f64;
      if (mid >= 0.0) { r1 = mid + r; r2 = r1 != 0.0 ? (a * c - b2) / r1 : mid - r; }
      else { r2 = mid - r; r1 = r2 != 0.0 ? (a * c - b2) / r2 : mid + r; }
      st(d, l, min<f64>(r1, r2));
      st(d, l + 1, max<f64>(r1, r2));
      st(e, l, 0.0);
      l += 2;
      continue;
    }
    if (++sweeps > maxSweeps) return -1;
    // Wilkinson-type shift from the leading 2×2 block
    const rte = sqrt<f64>(ld(e, l));
    let sigma = (ld(d, l + 1) - ld(d, l)) / (2.0 * rte);
    let r = sqrt<f64>(sigma * sigma + 1.0);
    sigma = ld(d, l) - rte / (sigma + (sigma >= 0.0 ? r : -r));
    // root-free QL sweep from m up to l
    let c = 1.0, s = 0.0;
    let gamma = ld(d, m) - sigma;
    let p = gamma * gamma;
    // γ²/c = γ²·r/p: the reciprocals 1/r and 1/p (the latter off the dependent chain p → r → c → γ → p) replace
    // dsterf's three divisions p/r, bb/r, γ²/c by two
    for (let i = m - 1; i >= l; i--) {
      const bb = ld(e, i);
      const ip = 1.0 / p;
      r = p + bb;
      if (i != m - 1) st(e, i + 1, s * r);
      const oldc = c;
      const ir = 1.0 / r;
      c = p * ir;
      s = bb * ir;
      const oldgam = gamma;
      const alpha = ld(d, i);
      gamma = c * (alpha - sigma) - s * oldgam;
      st(d, i + 1, oldgam + (alpha - gamma));
      p = c != 0.0 ? (gamma * gamma) * (r * ip) : oldc * bb;
    }
    st(e, l, s * p);
    st(d, l, sigma + gamma);
  }
  // insertion sort, ascending
  for (let i = 1; i < n; i++) {
    const x = ld(d, i);
    let j = i - 1;
    while (j >= 0 && ld(d, j) > x) { st(d, j + 1, ld(d, j)); j--; }
    st(d, j + 1, x);
  }
  return sweeps;
}

function swapRows(len: i32, x: usize, y: usize): void {
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const a = v128.load(x + o);
    v128.store(x + o, v128.load(y + o));
    v128.store(y + o, a);
  }
  if (k < len) {
    const a = ld(x, k);
    st(x, k, ld(y, k));
    st(y, k, a);
  }
}

/** Doubles of workspace `dstedc` needs for order n (part of it is used as i32). */
export function dstedcWorkSize(n: i32): i32 {
  // subproblem sizes (n), then per merge: Δ (n²), U (n²), the old rows split by half (n²), gemm output + deflated
  // rows (n²), 6 vectors of n doubles and 5 of n i32
  return 4 * n * n + 12 * n + 32 + dgemmWorkSize();
}

/**
 * T = Q diag(d) Qᵀ for the symmetric tridiagonal (d: n, e: n−1; both destroyed): d becomes the eigenvalues,
 * ascending, and row j of qt (n×n, row-major, overwritten) the eigenvector of d[j] (qt holds Qᵀ).
 * Unreduced blocks (|e_i| > ε·sqrt(|d_i d_{i+1}|)) are solved separately, by QL up to DC_SMLSIZ and by divide and
 * conquer above. `work` holds dstedcWorkSize(n) doubles. Returns 0, or −1 if a QL leaf did not converge.
 * see: LAPACK dstedc (compz = 'I'), dlaed0, dlaed1; Cuppen 1981; Gu & Eisenstat 1995.
 */
export function dstedc(n: i32, d: usize, e: usize, qt: usize, work: usize): i32 {
  if (n <= 0) return 0;
  const nb = <usize>n << 3;
  memory.fill(qt, 0, <usize>n * nb);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n - 1) {
      const tiny = EPS * sqrt<f64>(abs<f64>(ld(d, end))) * sqrt<f64>(abs<f64>(ld(d, end + 1)));
      if (abs<f64>(ld(e, end)) <= tiny) break;
      end++;
    }
    const m = end - start + 1;
    const q0 = qt + <usize>start * nb + (<usize>start << 3);
    if (m <= DC_SMLSIZ) {
      for (let i = 0; i < m; i++) st(q0 + <usize>i * nb, i, 1.0);
      // e[end] is this block's split point (or past the end): QL uses it as scratch, so keep it
      const keep = end < n - 1 ? ld(e, end) : 0.0;
      if (dsteqr(m, d + (<usize>start << 3), e + (<usize>start << 3), q0, n) < 0) return -1;
      if (end < n - 1) st(e, end, keep);
    } else {
      // scale the block to unit max-norm (exact: a power of two) so the secular equations work near 1
      let big = 0.0;
      for (let i = start; i <= end; i++) big = max<f64>(big, abs<f64>(ld(d, i)));
      for (let i = start; i < end; i++) big = max<f64>(big, abs<f64>(ld(e, i)));
      const sc = pow2Near(big);
      const isc = 1.0 / sc;
      for (let i = start; i <= end; i++) st(d, i, ld(d, i) * isc);
      for (let i = start; i < end; i++) st(e, i, ld(e, i) * isc);
      if (divideConquer(m, d + (<usize>start << 3), e + (<usize>start << 3), q0, n, work) < 0) return -1;
      for (let i = start; i <= end; i++) st(d, i, ld(d, i) * sc);
    }
    start = end + 1;
  }
  // blocks are sorted each: sort all ascending with their rows (selection, ≤ n row swaps)
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = ld(d, i);
    for (let j = i + 1; j < n; j++) if (ld(d, j) < p) { k = j; p = ld(d, j); }
    if (k != i) {
      st(d, k, ld(d, i));
      st(d, i, p);
      swapRows(n, qt + <usize>i * nb, qt + <usize>k * nb);
    }
  }
  return 0;
}

// The power of two nearest x > 0 from below (1 for x = 0): scaling by it is exact.
function pow2Near(x: f64): f64 {
  if (!(x > 0.0)) return 1.0;
  const bits = reinterpret<u64>(x) & 0x7ff0000000000000;
  if (bits == 0) return 1.0; // subnormal: leave as is
  return reinterpret<f64>(bits);
}

// Divide and conquer on one unreduced block of order m (d, e at the block, q0 its diagonal block of qt with
// row stride ldq). Subproblems halve down to ≤ DC_SMLSIZ (dlaed0's balanced tree), leaves by QL, then merges level
// by level.
function divideConquer(m: i32, d: usize, e: usize, q0: usize, ldq: i32, work: usize): i32 {
  const ldb = <usize>ldq << 3;
  // subproblem sizes (i32, up to m entries): halve every level until all ≤ DC_SMLSIZ
  const sizes = work;
  work += <usize>(m + (m & 1)) << 3;
  sti(sizes, 0, m);
  let subs = 1;
  while (ldi(sizes, subs - 1) > DC_SMLSIZ) {
    for (let j = subs - 1; j >= 0; j--) {
      const s = ldi(sizes, j);
      sti(sizes, 2 * j + 1, (s + 1) >> 1);
      sti(sizes, 2 * j, s >> 1);
    }
    subs *= 2;
  }
  // tears at the boundaries, then the leaves by QL on identity blocks
  let lo = 0;
  for (let j = 0; j < subs; j++) {
    const s = ldi(sizes, j);
    const b = lo + s - 1;
    if (j < subs - 1) {
      const r = abs<f64>(ld(e, b));
      st(d, b, ld(d, b) - r);
      st(d, b + 1, ld(d, b + 1) - r);
    }
    lo += s;
  }
  lo = 0;
  const esc = work; // leaf copy of e (QL's e needs a trailing scratch entry)
  for (let j = 0; j < subs; j++) {
    const s = ldi(sizes, j);
    const ql = q0 + <usize>lo * ldb + (<usize>lo << 3);
    for (let i = 0; i < s; i++) st(ql + <usize>i * ldb, i, 1.0);
    for (let i = 0; i < s - 1; i++) st(esc, i, ld(e, lo + i));
    if (dsteqr(s, d + (<usize>lo << 3), esc, ql, ldq) < 0) return -1;
    lo += s;
  }
  // merge pairs, level by level
  while (subs > 1) {
    lo = 0;
    for (let j = 0; j < subs; j += 2) {
      const n1 = ldi(sizes, j), n2 = ldi(sizes, j + 1);
      merge(n1, n2, d + (<usize>lo << 3), ld(e, lo + n1 - 1), q0 + <usize>lo * ldb + (<usize>lo << 3), ldq, work);
      sti(sizes, j >> 1, n1 + n2);
      lo += n1 + n2;
    }
    subs >>= 1;
  }
  return 0;
}

// Merge two solved halves (orders n1, n2; d ascending in each half; rows of q (stride ldq) the eigenvectors,
// supported on the half's columns) coupled by ρ = the torn off-diagonal: d, q become those of the whole, ascending.
// see: LAPACK dlaed1 (z from Q), dlaed2 (deflation, column types), dlaed3 (Löwner z, eigenvectors, gemms).
function merge(n1: i32, n2: i32, d: usize, rhoIn: f64, q: usize, ldq: i32, work: usize): void {
  const K = n1 + n2;
  const ldb = <usize>ldq << 3;
  const KK = <usize>(K * K) << 3;
  const delta = work; // K×K: row i = d_j − λ_i
  const umat = delta + KK; // Knd×Knd: row i = eigenvector i of D + ρzzᵀ in the grouped order
  const half = umat + KK; // old rows: left halves (k12 × n1), then right halves (k23 × n2)
  const outm = half + KK; // gemm output (Knd × K), then deflated rows (K − Knd) × K
  const z = outm + KK;
  const dl = z + (<usize>K << 3); // non-deflated poles, ascending
  const wz = dl + (<usize>K << 3); // their z
  const zhat = wz + (<usize>K << 3);
  const lam = zhat + (<usize>K << 3); // roots
  const dd = lam + (<usize>K << 3); // working copy of d in merged order
  const idx = dd + (<usize>K << 3); // i32: merged order → original row
  const typ = idx + (<usize>K << 2); // i32 per merged position: 1 left only, 2 both, 3 right only
  const nd = typ + (<usize>K << 2); // i32: non-deflated merged positions, ascending
  const df = nd + (<usize>K << 2); // i32: deflated merged positions
  const grp = df + (<usize>K << 2); // i32: grouped position → index into nd
  const gw = grp + (<usize>K << 2) + 64; // gemm workspace; the 48 bytes below it: secular scratch (see dstedcWorkSize)

  // z = [last row of Q₁ (column n1−1) ; first row of Q₂ (column n1)], with ρ's sign folded into the second half,
  // normalized (‖z‖ = √2) so ρ becomes 2|ρ|
  const r2 = 0.7071067811865476;
  for (let i = 0; i < n1; i++) st(z, i, ld(q + <usize>i * ldb, n1 - 1) * r2);
  const sg = rhoIn < 0.0 ? -r2 : r2;
  for (let i = n1; i < K; i++) st(z, i, ld(q + <usize>i * ldb, n1) * sg);
  const rho = 2.0 * abs<f64>(rhoIn);

  // merged ascending order of the two sorted halves (dlamrg)
  {
    let a = 0, b = n1, k = 0;
    while (a < n1 && b < K) {
      if (ld(d, a) <= ld(d, b)) sti(idx, k++, a++);
      else sti(idx, k++, b++);
    }
    while (a < n1) sti(idx, k++, a++);
    while (b < K) sti(idx, k++, b++);
  }
  for (let k = 0; k < K; k++) {
    const o = ldi(idx, k);
    st(dd, k, ld(d, o));
    sti(typ, k, o < n1 ? 1 : 3);
  }
  // deflation tolerance (dlaed2): 8ε·max(|d|, |z|)
  let dmax = 0.0, zmax = 0.0;
  for (let k = 0; k < K; k++) {
    dmax = max<f64>(dmax, abs<f64>(ld(dd, k)));
    zmax = max<f64>(zmax, abs<f64>(ld(z, ldi(idx, k))));
  }
  const tol = 8.0 * EPS * max<f64>(dmax, zmax);
  let knd = 0, kdf = 0;
  let pj = -1; // the last non-deflated candidate (merged position)
  for (let k = 0; k < K; k++) {
    const zk = ld(z, ldi(idx, k));
    if (rho * abs<f64>(zk) <= tol) { sti(df, kdf++, k); continue; }
    if (pj < 0) { pj = k; continue; }
    // poles pj and k close: rotate so that z_pj vanishes (Givens on their eigenvectors)
    const zp = ld(z, ldi(idx, pj));
    const tz = sqrt<f64>(zp * zp + zk * zk);
    const c = zk / tz;
    const s = -zp / tz;
    const t = ld(dd, k) - ld(dd, pj);
    if (abs<f64>(t * c * s) <= tol) {
      st(z, ldi(idx, k), tz);
      st(z, ldi(idx, pj), 0.0);
      // q_pj' = c q_pj + s q_k, q_k' = c q_k − s q_pj (full rows of the merged block)
      rotRows(K, q + <usize>ldi(idx, pj) * ldb, q + <usize>ldi(idx, k) * ldb, c, -s);
      const dp = ld(dd, pj), dk = ld(dd, k);
      st(dd, pj, dp * c * c + dk * s * s);
      st(dd, k, dp * s * s + dk * c * c);
      if (ldi(typ, pj) != ldi(typ, k)) { sti(typ, pj, 2); sti(typ, k, 2); }
      sti(df, kdf++, pj);
      pj = k;
    } else {
      sti(nd, knd++, pj);
      pj = k;
    }
  }
  if (pj >= 0) sti(nd, knd++, pj);

  // deflated entries: sort ascending by value (insertion; they are nearly sorted)
  for (let a = 1; a < kdf; a++) {
    const x = ldi(df, a);
    const v = ld(dd, x);
    let b = a - 1;
    while (b >= 0 && ld(dd, ldi(df, b)) > v) { sti(df, b + 1, ldi(df, b)); b--; }
    sti(df, b + 1, x);
  }
  const Kb = <usize>K << 3;
  // save the deflated rows (after the gemm output's rows) before q is overwritten
  for (let a = 0; a < kdf; a++) {
    memory.copy(outm + <usize>(knd + a) * Kb, q + <usize>ldi(idx, ldi(df, a)) * ldb, Kb);
  }
  if (knd > 0) {
    // the secular equation on the non-deflated poles
    for (let a = 0; a < knd; a++) {
      st(dl, a, ld(dd, ldi(nd, a)));
      const za = ld(z, ldi(idx, ldi(nd, a)));
      st(wz, a, za);
      st(zhat, a, za * za); // z² for the secular equation (zhat is free until the roots are known)
    }
    const kb = <usize>knd << 3;
    const sums = gw - 48;
    for (let i = 0; i < knd; i++) st(lam, i, secularRoot(knd, i, dl, zhat, rho, delta + <usize>i * kb, sums));
    // Löwner / Gu–Eisenstat: ẑ_j² = −∏_i (d_j − λ_i) / ∏_{i≠j} (d_j − d_i)
    for (let j = 0; j < knd; j++) st(zhat, j, ld(delta + <usize>j * kb, j));
    for (let i = 0; i < knd; i++) {
      const row = delta + <usize>i * kb;
      const di = ld(dl, i);
      // j ≠ i, in two f64x2 runs around the diagonal
      lownerFactors(i, zhat, row, dl, di);
      const o = <usize>(i + 1) << 3;
      lownerFactors(knd - i - 1, zhat + o, row + o, dl + o, di);
    }
    for (let j = 0; j < knd; j++) {
      const r = sqrt<f64>(max<f64>(-ld(zhat, j), 0.0));
      st(zhat, j, ld(wz, j) < 0.0 ? -r : r);
    }
    // grouped order of the non-deflated columns: type 1, then 2, then 3 (LAPACK's ctot)
    let g = 0;
    let k1 = 0, k2 = 0;
    for (let t = 1; t <= 3; t++) {
      for (let a = 0; a < knd; a++) {
        if (ldi(typ, ldi(nd, a)) == t) { sti(grp, g++, a); if (t == 1) k1++; else if (t == 2) k2++; }
      }
    }
    const k12 = k1 + k2, k23 = knd - k1;
    // eigenvectors of D + ρzzᵀ: u_i[j] = ẑ_j/(d_j − λ_i) (in place over row i of Δ, f64x2), normalized, then
    // scattered into the grouped column order
    for (let i = 0; i < knd; i++) {
      const row = delta + <usize>i * kb;
      const urow = umat + <usize>i * kb;
      let sv = f64x2.splat(0.0);
      let c = 0;
      for (; c + 2 <= knd; c += 2) {
        const o = <usize>c << 3;
        const u = f64x2.div(v128.load(zhat + o), v128.load(row + o));
        v128.store(row + o, u);
        sv = madd(u, u, sv);
      }
      let s2 = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
      // scalar clean-up
      if (c < knd) { const u = ld(zhat, c) / ld(row, c); st(row, c, u); s2 += u * u; }
      const inv = 1.0 / sqrt<f64>(s2);
      for (let gg = 0; gg < knd; gg++) st(urow, gg, inv * ld(row, ldi(grp, gg)));
    }
    // old rows restricted to each half: left columns of types 1–2, right columns of types 2–3
    const left = half;
    const right = half + (<usize>(k12 * n1) << 3);
    const n1b = <usize>n1 << 3, n2b = <usize>n2 << 3;
    for (let gg = 0; gg < k12; gg++) {
      memory.copy(left + <usize>gg * n1b, q + <usize>ldi(idx, ldi(nd, ldi(grp, gg))) * ldb, n1b);
    }
    for (let gg = k1; gg < knd; gg++) {
      memory.copy(right + <usize>(gg - k1) * n2b, q + <usize>ldi(idx, ldi(nd, ldi(grp, gg))) * ldb + n1b, n2b);
    }
    // new rows = U · old rows, per half
    dgemm(0, 0, knd, n1, k12, 1.0, umat, knd, left, n1, 0.0, outm, K, gw);
    dgemm(0, 0, knd, n2, k23, 1.0, umat + (<usize>k1 << 3), knd, right, n2, 0.0, outm + n1b, K, gw);
  }
  // write back in ascending order: merge the roots (outm rows 0..knd) with the deflated values (rows knd..K)
  {
    let a = 0, b = 0, k = 0;
    while (a < knd || b < kdf) {
      let fromRoot: bool;
      if (a >= knd) fromRoot = false;
      else if (b >= kdf) fromRoot = true;
      else fromRoot = ld(lam, a) <= ld(dd, ldi(df, b));
      if (fromRoot) {
        st(d, k, ld(lam, a));
        memory.copy(q + <usize>k * ldb, outm + <usize>a * Kb, Kb);
        a++;
      } else {
        st(d, k, ld(dd, ldi(df, b)));
        memory.copy(q + <usize>k * ldb, outm + <usize>(knd + b) * Kb, Kb);
        b++;
      }
      k++;
    }
  }
}

// Σ ww_j/(δ_j − τ) and Σ ww_j/(δ_j − τ)² over j ∈ [lo, hi), into sums[at], sums[at + 1]: one division per term,
// f64x2 with two lanes of j, a scalar clean-up for an odd range
// @ts-ignore: decorator
@inline
function secularRange(lo: i32, hi: i32, ww: usize, dlt: usize, tau: f64, sums: usize, at: i32): void {
  const tv = f64x2.splat(tau);
  const one = f64x2.splat(1.0);
  let s = f64x2.splat(0.0), d = f64x2.splat(0.0);
  let j = lo;
  for (; j + 2 <= hi; j += 2) {
    const o = <usize>j << 3;
    const r = f64x2.div(one, f64x2.sub(v128.load(dlt + o), tv));
    const t = f64x2.mul(v128.load(ww + o), r);
    s = f64x2.add(s, t);
    d = madd(t, r, d);
  }
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let dsum = f64x2.extract_lane(d, 0) + f64x2.extract_lane(d, 1);
  // scalar clean-up
  if (j < hi) {
    const r = 1.0 / (ld(dlt, j) - tau);
    const t = ld(ww, j) * r;
    sum += t;
    dsum += t * r;
  }
  st(sums, at, sum); st(sums, at + 1, dsum);
}

// ψ = Σ_{j<split} ww_j/(δ_j − τ) and φ = Σ_{j≥split}, with ψ' and φ' (terms ww_j/(δ_j − τ)²), into sums[0..3]
// @ts-ignore: decorator
@inline
function secularSums(K: i32, split: i32, ww: usize, dlt: usize, tau: f64, sums: usize): void {
  secularRange(0, split, ww, dlt, tau, sums, 0); // psi, psi'
  secularRange(split, K, ww, dlt, tau, sums, 2); // phi, phi'
}

// zh_j *= row_j / (dl_j − di) over len entries (one Löwner product factor per entry), f64x2 with scalar clean-up.
function lownerFactors(len: i32, zh: usize, row: usize, dl: usize, di: f64): void {
  const dv = f64x2.splat(di);
  let j = 0;
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    v128.store(zh + o, f64x2.mul(v128.load(zh + o), f64x2.div(v128.load(row + o), f64x2.sub(v128.load(dl + o), dv))));
  }
  if (j < len) st(zh, j, ld(zh, j) * (ld(row, j) / (ld(dl, j) - di)));
}

// Root i (0-based) of 1/ρ + Σ_j ww_j/(p_j − λ) = 0 for strictly ascending poles p (K of them), ww_j = w_j² > 0,
// ρ > 0: λ_i ∈ (p_i, p_{i+1}) (i < K−1) or (p_{K−1}, p_{K−1} + ρΣww]. Returns λ_i and writes p_j − λ_i to dlt (K),
// computed as (p_j − p_origin) − τ with the origin at the nearer pole. `sums` is 4 doubles of scratch.
// The first iterate is the midpoint of the interval, where f also decides the nearer pole (one pass for both).
// see: Bunch, Nielsen & Sorensen 1978 (the rational model), LAPACK dlaed4 (origin shift, stopping test).
function secularRoot(K: i32, i: i32, p: usize, ww: usize, rho: f64, dlt: usize, sums: usize): f64 {
  const rinv = 1.0 / rho;
  if (K == 1) {
    const t = rho * ld(ww, 0);
    st(dlt, 0, -t);
    return ld(p, 0) + t;
  }
  const last = i == K - 1;
  // the poles ≤ p_i form ψ, the others φ (the last root has no φ)
  const split = i + 1;
  let org = i;
  let lo = 0.0, hi = 0.0, tau = 0.0;
  const pi = ld(p, i);
  for (let j = 0; j < K; j++) st(dlt, j, ld(p, j) - pi);
  if (!last) {
    const gap = ld(dlt, i + 1);
    tau = 0.5 * gap;
    hi = tau;
    secularSums(K, split, ww, dlt, tau, sums);
    if (rinv + ld(sums, 0) + ld(sums, 2) < 0.0) {
      // the root is nearer p_{i+1}: move the origin there
      org = i + 1;
      const pi1 = ld(p, i + 1);
      for (let j = 0; j < K; j++) st(dlt, j, ld(p, j) - pi1);
      tau = -(gap - tau);
      lo = tau;
      hi = 0.0;
    }
  } else {
    let s = 0.0;
    for (let j = 0; j < K; j++) s += ld(ww, j);
    hi = rho * s;
    // make sure f(hi) ≥ 0 (rounding in ρΣww)
    for (let t = 0; t < 60; t++) {
      secularSums(K, split, ww, dlt, hi, sums);
      if (rinv + ld(sums, 0) >= 0.0) break;
      hi *= 2.0;
    }
    tau = 0.5 * hi;
    secularSums(K, split, ww, dlt, tau, sums);
  }
  const di = ld(dlt, i);
  const di1 = last ? 0.0 : ld(dlt, i + 1);
  for (let it = 0; it < 100; it++) {
    if (it > 0) secularSums(K, split, ww, dlt, tau, sums);
    const psi = ld(sums, 0), dpsi = ld(sums, 1), phi = ld(sums, 2), dphi = ld(sums, 3);
    const f = rinv + psi + phi;
    if (f == 0.0) break;
    if (f < 0.0) lo = max<f64>(lo, tau); else hi = min<f64>(hi, tau);
    // stopping test: f is zero to within its own rounding (dlaed4's ERRETM)
    const err = 8.0 * (phi - psi) + rinv + abs<f64>(tau) * (dpsi + dphi);
    if (abs<f64>(f) <= EPS * err) break;
    // rational model c + q/(a1 − η) + s/(a2 − η), fitted to ψ, φ and their slopes at τ
    const a1 = di - tau;
    let eta: f64;
    if (last) {
      const q1 = dpsi * a1 * a1;
      const c = rinv + psi - dpsi * a1;
      eta = c > 0.0 ? a1 + q1 / c : NaN;
    } else {
      const a2 = di1 - tau;
      const q1 = dpsi * a1 * a1;
      const s1 = dphi * a2 * a2;
      const c = rinv + (psi - dpsi * a1) + (phi - dphi * a2);
      // c η² − (c(a1 + a2) + q + s) η + a1 a2 f = 0, the root in (a1, a2)
      const B = c * (a1 + a2) + q1 + s1;
      const C = a1 * a2 * f;
      if (c == 0.0) eta = C / B;
      else {
        let disc = B * B - 4.0 * c * C;
        if (disc < 0.0) disc = 0.0;
        const sq = sqrt<f64>(disc);
        const big = B >= 0.0 ? B + sq : B - sq;
        const e1 = big / (2.0 * c);
        const e2 = big != 0.0 ? 2.0 * C / big : 0.0;
        eta = (e1 > a1 && e1 < a2) ? e1 : e2;
      }
    }
    let tn = tau + eta;
    if (!(tn > lo && tn < hi)) {
      tn = 0.5 * (lo + hi);
      if (!(tn > lo && tn < hi)) break; // the bracket is two adjacent doubles
    }
    if (tn == tau) break;
    tau = tn;
  }
  for (let j = 0; j < K; j++) st(dlt, j, ld(dlt, j) - tau);
  return ld(p, org) + tau;
}
