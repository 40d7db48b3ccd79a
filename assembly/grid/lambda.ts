// Feasibility of a PSD completion problem, exactly (n ≤ 4): λ* = sup over completions X of λ_min(X) — docs/algorithms/grid.md's
// quantity: feasible iff λ* ≥ −1e-9, borderline iff also |λ*| ≤ 1e-9 — and whether a PSD completion attains the
// data (a borderline instance can be feasible by λ* only in the limit, when some X_ff → ∞).
//   Free diagonals. An index f whose diagonal is unobserved drops out of λ*: λ_min of the whole is at most that of
// the rest (interlacing), and any completion of the rest with λ_min > t extends to one of the whole with λ_min > t by
// a large X_ff (Schur complement). So λ* = λ*(D), D the indices with observed diagonals (λ* = +∞ when D is empty).
//   Chordal patterns (Grone, Johnson, Sá & Wolkowicz 1984, Thm. 7, applied to X − tI): the observed graph on D is
// chordal ⇒ λ* = min over its maximal cliques C of λ_min(X_C). Every graph on ≤ 3 vertices is; on 4 the only one that
// is not is the 4-cycle, whose two missing edges (p, q), (a, b) leave λ*(w) = min(λ_min X_{pqa}(w), λ_min X_{pqb}(w))
// with X_pq = w chordal again: λ* = max_w λ*(w), a concave function of one variable (λ_min of an affine matrix
// function is concave), maximized by golden-section search to ~1e-15.
//   Certificates. λ* < −1e-9 comes with a dual (Farkas) certificate: Z = vvᵀ, v the unit eigenvector of λ_min(X_C),
// is PSD, supported on observed entries (X_C is fully observed) and ⟨Z, X⟩ = λ_min(X_C) < 0 for every completion X —
// no PSD X has that; on the 4-cycle Z = θ v₁v₁ᵀ + (1 − θ) v₂v₂ᵀ at the maximizing chord, the combination that cancels
// Z_pq. λ* itself is ⟨Z, data⟩ with tr Z = 1.
//   Attainment. With all diagonals observed the feasible set is compact and λ* ≥ 0 is attained. With free diagonals
// and λ* > 0, a PSD completion exists (the construction above). With |λ*| ≤ 1e-9 every completion X satisfies Xz = 0
// for each null vector z of a singular clique block (zᵀXz = zᵀX_C z = 0), and for a chordal pattern the completions of
// the D-block of maximal rank have exactly the span N of these null vectors as kernel; a free-diagonal index f then
// fits iff its row's entries on D can be completed into N⊥: the linear system Nᵀb_f = 0 in the unobserved entries of
// b_f is consistent (least squares by modified Gram–Schmidt, residual ≤ 1e-9·(1 + ‖rhs‖)). Else the instance is
// feasible only in the limit: no PSD completion attains it, there is no minimum trace and no flow can fit it.
// see: Grone, Johnson, Sá & Wolkowicz 1984, "Positive definite completions of partial Hermitian matrices"; Borwein &
//      Wolkowicz 1981 (facial reduction: the exposing vectors zzᵀ).

import { dsyevj, dsyevjWorkSize } from '../eigen/jacobi';

/** docs/algorithms/grid.md's tolerance on λ*. */
export const LAMBDA_TOL: f64 = 1e-9;
/** Statuses of completionLambda. */
export const LAMBDA_OK: i32 = 0;
export const LAMBDA_UNSUPPORTED: i32 = -1; // a non-chordal pattern other than the 4-cycle (n = 5)
export const LAMBDA_EIGH_FAILED: i32 = -2;

const MAXN: i32 = 5;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// scratch: one block, its eigenvalues and vectors, Jacobi's workspace, the null vectors found (rows of n doubles)
const blk = new StaticArray<f64>(MAXN * MAXN);
const wv = new StaticArray<f64>(MAXN);
const vv = new StaticArray<f64>(MAXN * MAXN);
const ework = new StaticArray<f64>(max(dsyevjWorkSize(MAXN), 64));
const MAX_NULL: i32 = 40;
const nullv = new StaticArray<f64>(MAX_NULL * MAXN);
let nNull = 0;
// the minimizing block's eigenvector (the certificate's v) and set
let certSet = 0;

// eigendecomposition of the principal block of `known` on the index set `set` (cnt indices); false if Jacobi failed
function blockEig(n: i32, known: usize, set: i32, cnt: i32): bool {
  const b = changetype<usize>(blk);
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (!(set & (1 << i))) continue;
    let c = 0;
    for (let j = 0; j < n; j++) {
      if (!(set & (1 << j))) continue;
      st(b, r * cnt + c, ld(known, i * n + j));
      c++;
    }
    r++;
  }
  return dsyevj(cnt, b, changetype<usize>(wv), changetype<usize>(vv), changetype<usize>(ework), 60) >= 0;
}

// λ_min of the block on `set` (−∞ as a failure marker never arises for ≤ 5×5 within 60 sweeps; NaN if it did)
function blockMin(n: i32, known: usize, set: i32, cnt: i32): f64 {
  if (cnt == 1) return ld(known, (31 - clz<i32>(set)) * (n + 1));
  return blockEig(n, known, set, cnt) ? unchecked(wv[0]) : NaN;
}

// is the graph (adjacency bitmasks adj[i], vertex set `set`) chordal? Eliminate simplicial vertices (≤ 5 vertices).
function chordal(n: i32, adj: usize, set: i32): bool {
  let left = set;
  for (let round = 0; round < n && left != 0; round++) {
    let found = -1;
    for (let v = 0; v < n && found < 0; v++) {
      if (!(left & (1 << v))) continue;
      const nb = load<i32>(adj + (<usize>v << 2)) & left & ~(1 << v);
      // simplicial: its neighbours are pairwise adjacent
      let ok = true;
      for (let a = 0; a < n && ok; a++) {
        if (!(nb & (1 << a))) continue;
        if ((load<i32>(adj + (<usize>a << 2)) & nb) != (nb & ~(1 << a))) ok = false;
      }
      if (ok) found = v;
    }
    if (found < 0) return false;
    left &= ~(1 << found);
  }
  return true;
}

/**
 * λ* and attainment of the completion problem `known` (n×n row-major, NaN = unobserved, symmetric), n ≤ 5.
 * out: [0] λ* (+∞ when no diagonal is observed), [1] 1 if a PSD completion attains the data (meaningful when
 * λ* ≥ −1e-9), [2] 1 if every diagonal is observed (tr X is then constant on the feasible set). adj: n i32 of scratch.
 * Returns LAMBDA_OK, LAMBDA_UNSUPPORTED (a non-chordal pattern other than the 4-cycle) or LAMBDA_EIGH_FAILED.
 */
export function completionLambda(n: i32, known: usize, out: usize, adj: usize): i32 {
  let dset = 0;
  for (let i = 0; i < n; i++) if (!isNaN(ld(known, i * (n + 1)))) dset |= 1 << i;
  for (let i = 0; i < n; i++) {
    let a = 0;
    for (let j = 0; j < n; j++) if (j != i && !isNaN(ld(known, i * n + j))) a |= 1 << j;
    store<i32>(adj + (<usize>i << 2), a);
  }
  const full = (1 << n) - 1;
  st(out, 2, dset == full ? 1.0 : 0.0);
  nNull = 0;
  certSet = 0;
  if (dset == 0) { st(out, 0, Infinity); st(out, 1, 1.0); return LAMBDA_OK; }
  let lam = Infinity;
  if (chordal(n, adj, dset)) {
    // maximal cliques of the observed graph on D
    for (let s = 1; s <= full; s++) {
      if ((s & dset) != s) continue;
      let clique = true;
      let cnt = 0;
      for (let i = 0; i < n && clique; i++) {
        if (!(s & (1 << i))) continue;
        cnt++;
        if ((load<i32>(adj + (<usize>i << 2)) & s) != (s & ~(1 << i))) clique = false;
      }
      if (!clique) continue;
      let maximal = true;
      for (let v = 0; v < n && maximal; v++) {
        if (!(dset & (1 << v)) || (s & (1 << v))) continue;
        if ((load<i32>(adj + (<usize>v << 2)) & s) == s) maximal = false;
      }
      if (!maximal) continue;
      let lmin: f64;
      if (cnt == 1) {
        lmin = ld(known, (31 - clz<i32>(s)) * (n + 1));
        if (abs<f64>(lmin) <= LAMBDA_TOL) pushNull1(n, 31 - clz<i32>(s));
      } else {
        if (!blockEig(n, known, s, cnt)) return LAMBDA_EIGH_FAILED;
        lmin = unchecked(wv[0]);
        for (let c = 0; c < cnt; c++) if (unchecked(wv[c]) <= LAMBDA_TOL) pushNullCol(n, s, cnt, c);
      }
      if (lmin < lam) { lam = lmin; certSet = s; }
    }
  } else if (n == 4 && popcnt<i32>(dset) == 4) {
    // the 4-cycle: every vertex has degree 2 (a chordless 4-vertex graph with a cycle is exactly C4)
    lam = cycleLambda(known, adj);
    if (isNaN(lam)) return LAMBDA_EIGH_FAILED;
  } else {
    return LAMBDA_UNSUPPORTED;
  }
  st(out, 0, lam);
  if (dset == full || lam > LAMBDA_TOL || lam < -LAMBDA_TOL) { st(out, 1, 1.0); return LAMBDA_OK; }
  st(out, 1, freeRowsFit(n, known, dset) ? 1.0 : 0.0);
  return LAMBDA_OK;
}

/** The null vectors of the singular clique blocks found by the last completionLambda (rows of n doubles). */
export function lambdaNullCount(): i32 { return nNull; }
export function lambdaNullVectors(): usize { return changetype<usize>(nullv); }

function pushNull1(n: i32, i: i32): void {
  if (nNull >= MAX_NULL) return;
  const z = changetype<usize>(nullv) + (<usize>(nNull * n) << 3);
  for (let j = 0; j < n; j++) st(z, j, j == i ? 1.0 : 0.0);
  nNull++;
}

// column c of the last blockEig's eigenvectors, embedded on `set`
function pushNullCol(n: i32, set: i32, cnt: i32, c: i32): void {
  if (nNull >= MAX_NULL) return;
  const z = changetype<usize>(nullv) + (<usize>(nNull * n) << 3);
  let r = 0;
  for (let j = 0; j < n; j++) {
    if (set & (1 << j)) { st(z, j, unchecked(vv[r * cnt + c])); r++; } else st(z, j, 0.0);
  }
  nNull++;
}

// every free-diagonal row f: is Σ_{j free} z_j b_j = −Σ_{j observed} z_j X_fj, for each null vector z, consistent?
const gsq = new StaticArray<f64>(MAX_NULL * MAXN); // orthonormalized columns (one per free j), each of nNull doubles
const rhs = new StaticArray<f64>(MAX_NULL);
function freeRowsFit(n: i32, known: usize, dset: i32): bool {
  for (let f = 0; f < n; f++) {
    if (dset & (1 << f)) continue;
    let rn = 0.0;
    for (let t = 0; t < nNull; t++) {
      let s = 0.0;
      for (let j = 0; j < n; j++) {
        if (!(dset & (1 << j))) continue;
        const x = ld(known, f * n + j);
        if (!isNaN(x)) s -= unchecked(nullv[t * n + j]) * x;
      }
      unchecked(rhs[t] = s);
      rn += s * s;
    }
    // orthonormal basis of the columns z_·j over the free j (modified Gram–Schmidt), then the residual of rhs
    let ncol = 0;
    for (let j = 0; j < n; j++) {
      if (!(dset & (1 << j)) || !isNaN(ld(known, f * n + j))) continue;
      const col = changetype<usize>(gsq) + (<usize>(ncol * MAX_NULL) << 3);
      let big = 0.0;
      for (let t = 0; t < nNull; t++) { const x = unchecked(nullv[t * n + j]); st(col, t, x); big = max<f64>(big, abs<f64>(x)); }
      for (let c = 0; c < ncol; c++) {
        const q = changetype<usize>(gsq) + (<usize>(c * MAX_NULL) << 3);
        let d = 0.0;
        for (let t = 0; t < nNull; t++) d += ld(q, t) * ld(col, t);
        for (let t = 0; t < nNull; t++) st(col, t, ld(col, t) - d * ld(q, t));
      }
      let nn = 0.0;
      for (let t = 0; t < nNull; t++) nn += ld(col, t) * ld(col, t);
      nn = sqrt<f64>(nn);
      if (nn <= 1e-12 * max<f64>(big, 1.0)) continue; // dependent column
      for (let t = 0; t < nNull; t++) st(col, t, ld(col, t) / nn);
      ncol++;
    }
    for (let c = 0; c < ncol; c++) {
      const q = changetype<usize>(gsq) + (<usize>(c * MAX_NULL) << 3);
      let d = 0.0;
      for (let t = 0; t < nNull; t++) d += ld(q, t) * unchecked(rhs[t]);
      for (let t = 0; t < nNull; t++) unchecked(rhs[t] = unchecked(rhs[t]) - d * ld(q, t));
    }
    let res = 0.0;
    for (let t = 0; t < nNull; t++) res += unchecked(rhs[t]) * unchecked(rhs[t]);
    if (sqrt<f64>(res) > LAMBDA_TOL * (1.0 + sqrt<f64>(rn))) return false;
  }
  return true;
}

// golden section: λ* = max_w min(λ_min X_{pqa}(w), λ_min X_{pqb}(w)) on the 4-cycle, (p, q) and (a, b) its chords
const INV_PHI: f64 = 0.6180339887498949; // (√5 − 1)/2
function cycleLambda(known: usize, adj: usize): f64 {
  let p = 0, q = 0;
  // the first missing pair (p, q); the other two vertices a, b
  for (let i = 0; i < 4; i++) {
    const a = load<i32>(adj + (<usize>i << 2));
    for (let j = i + 1; j < 4; j++) if (!(a & (1 << j))) { p = i; q = j; i = 4; break; }
  }
  let a = -1, b = -1;
  for (let v = 0; v < 4; v++) if (v != p && v != q) { if (a < 0) a = v; else b = v; }
  const sa = (1 << p) | (1 << q) | (1 << a), sb = (1 << p) | (1 << q) | (1 << b);
  // λ* ≤ the diagonal entries and λ_min of the four observed edges: an infeasible bound needs no search (its
  // eigenvector is the certificate; the value reported is then that bound, < −1e-9, not λ* itself)
  let bound = Infinity;
  for (let v = 0; v < 4; v++) bound = min<f64>(bound, ld(known, v * 5));
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) {
      if ((i == p && j == q) || (i == min(a, b) && j == max(a, b))) continue;
      const x = ld(known, i * 5), z = ld(known, j * 5), e = ld(known, i * 4 + j), h = 0.5 * (x - z);
      bound = min<f64>(bound, 0.5 * (x + z) - sqrt<f64>(h * h + e * e));
    }
  }
  if (bound < -LAMBDA_TOL) return bound;
  // the maximizer lies where the 2×2 block [[X_pp, w], [w, X_qq]] is not too indefinite: λ_min of that block is at most
  // ½(X_pp + X_qq) − |w|, so |w| ≤ ½(X_pp + X_qq) − λ*(0) + 1 brackets it
  const f0 = cycleAt(known, p, q, sa, sb, 0.0);
  if (isNaN(f0)) return NaN;
  const r = max<f64>(0.0, 0.5 * (ld(known, p * 5) + ld(known, q * 5)) - f0) + 1.0;
  let lo = -r, hi = r;
  let x1 = hi - INV_PHI * (hi - lo), x2 = lo + INV_PHI * (hi - lo);
  let f1 = cycleAt(known, p, q, sa, sb, x1), f2 = cycleAt(known, p, q, sa, sb, x2);
  for (let it = 0; it < 90 && hi - lo > 1e-14 * r; it++) {
    if (f1 < f2) { lo = x1; x1 = x2; f1 = f2; x2 = lo + INV_PHI * (hi - lo); f2 = cycleAt(known, p, q, sa, sb, x2); }
    else { hi = x2; x2 = x1; f2 = f1; x1 = hi - INV_PHI * (hi - lo); f1 = cycleAt(known, p, q, sa, sb, x1); }
  }
  const best = max<f64>(max<f64>(f1, f2), f0);
  // restore the missing entry
  st(known, p * 4 + q, NaN); st(known, q * 4 + p, NaN);
  return best;
}

function cycleAt(known: usize, p: i32, q: i32, sa: i32, sb: i32, w: f64): f64 {
  st(known, p * 4 + q, w); st(known, q * 4 + p, w);
  return min<f64>(blockMin(4, known, sa, 3), blockMin(4, known, sb, 3));
}
