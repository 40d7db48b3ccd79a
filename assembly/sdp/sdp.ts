// Semidefinite programs min ⟨C, X⟩ s.t. A(X) = b, X ⪰ 0 (dual: max bᵀy s.t. S = C − A*(y) ⪰ 0) by the
// alternating-direction augmented Lagrangian method on the dual, the whole run in one call.
// see: Wen, Goldfarb & Yin 2010, "Alternating direction augmented Lagrangian methods for semidefinite
//      programming", Math. Prog. Comp. 2, Alg. 1 (ADAL): with penalty μ and multiplier X,
//        y ← −(AA*)⁻¹(μ(A(X) − b) + A(S − C)),   V ← C − A*(y) − μX,
//        S ← Π₊(V) = V₊,   X̃ ← (S − V)/μ = −V₋/μ,   X ← (1 − ρ)X + ρX̃   (ρ = 1.6: their step length, Thm. 2)
//      (X̃ ⪰ 0 and S ⪰ 0 hold exactly at every iterate; X̃ is the iterate reported and tested, X only drives the
//      next step; ρ = 1.6 over ρ = 1 measured 162 → 139 iterations on n = 50, m = 300 Gaussian sensing, 488 → 423 on
//      a 30×30 completion, and a mean of 596 → 563 over 1 500 grid instances with the same statuses);
//      AA* is factored once (Cholesky); V₊/V₋ from one warm-started Jacobi eigendecomposition per iteration.
// Residuals (relative): primal ‖A(X̃) − b‖/(1 + ‖b‖), dual ‖C − A*(y) − S‖_F/(1 + ‖C‖_F) = μ‖X − X̃‖_F/(1 + ‖C‖_F),
// gap |⟨C, X⟩ − bᵀy|/(1 + |⟨C, X⟩| + |bᵀy|). μ is balanced between the two residuals (Boyd et al. 2011, §3.4.1),
// with a hysteresis that makes the changes ever rarer (see the update at the end of the loop): ADMM converges for a
// fixed μ, but μ switched back and forth indefinitely can settle into a limit cycle instead.
// Infeasibility: successive differences of (y, X) converge to certificates (Banjac et al. 2019):
//   primal infeasible: δy with A*(δy) ⪯ 0 and bᵀδy > 0;  dual infeasible: δX ⪰ 0 with A(δX) = 0 and ⟨C, δX⟩ < 0.

import { ddot, dgemm, dgemmWorkSize } from '../blas/blas';
import { tick } from '../host';
import { dsyevj, dsyevjWarm, dsyevjWarmWorkSize, dsyevjWorkSize } from '../eigen/jacobi';
import { dsyevd, dsyevdSelect, dsyevdWorkSize, SELECT_SMALLER } from '../eigen/syevd';
import { OP_ENTRY, opAdjoint, opApply, opGram, opKind, opM, opN, sensingWorkSize } from '../operators/sensing';

export const SDP_OPTIMAL: i32 = 0;
export const SDP_MAX_ITER: i32 = 1;
export const SDP_PRIMAL_INFEASIBLE: i32 = 2;
export const SDP_DUAL_INFEASIBLE: i32 = 3;
export const SDP_GRAM_SINGULAR: i32 = 4;
export const SDP_EIGH_FAILED: i32 = 5;
export const SDP_INTERRUPTED: i32 = 6; // the host asked to stop (time budget, AbortSignal): the iterate is consistent

// stats layout
// Step length ρ of the X-update (Wen, Goldfarb & Yin 2010, Alg. 2 and Thm. 2: convergence for ρ ∈ (0, (1+√5)/2)).
export const SDP_RELAXATION: f64 = 1.6;

export const SDP_STATS: i32 = 10; // iterations, pinf, dinf, gap, ⟨C,X⟩, bᵀy, μ, evidence value, eigh sweeps total, —

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Doubles of workspace sdpADMM needs (entry operators: AA* is diagonal, m doubles instead of m²). */
export function sdpWorkSize(n: i32, m: i32, kind: i32): i32 {
  const nn = n * n;
  const gram = kind == OP_ENTRY ? m : m * m;
  // Gram/Cholesky, 6 vectors of m, 8 matrices of n², eigen scratch, operator scratch, gemm
  return gram + 6 * m + 8 * nn + 2 * n + eigenWorkSize(n) + dgemmWorkSize() + 32;
}

// Orders from which the projection uses the tridiagonal path (dsyevdSelect: vectors of the smaller sign class only,
// one rank-k product) instead of warm-started Jacobi (all vectors, two n³ products). Measured per ADMM iteration on
// uniform completions with a rank-3 truth (same iterations either way): n = 3 Jacobi 3.7 µs vs 2.7, n = 5 3.1 vs
// 2.6, n = 6 3.6 vs 2.9, n = 10 9.9 vs 7.1, n = 20 54 vs 32, n = 30 161 vs 76; n = 200 (m = 6 000) 2.55 s → 0.70 s.
// Below 6 the gain is under 1 µs per iteration, and Jacobi keeps the tiny problems (the 3×3 grid's cross-checks)
// bit-identical to before.
export const SDP_TRIDIAGONAL_MIN_N: i32 = 6;

function eigenWorkSize(n: i32): i32 {
  const jac = max(max(dsyevjWarmWorkSize(n), dsyevjWorkSize(n)), sensingWorkSize(n, 1));
  return n >= SDP_TRIDIAGONAL_MIN_N ? max(jac, dsyevdWorkSize(n, 1)) : jac;
}

// Entry operators with distinct entries: AA* = diag(1 for a diagonal entry, ½ otherwise); L holds that diagonal.
function entryGramDiagonal(op: usize, d: usize): void {
  const m = opM(op);
  const rows = <usize>load<i32>(op, 12), cols = <usize>load<i32>(op, 16);
  for (let i = 0; i < m; i++) st(d, i, load<i32>(rows + (<usize>i << 2)) == load<i32>(cols + (<usize>i << 2)) ? 1.0 : 0.5);
}

// Solve (AA*)x = x in place: Cholesky factor (dense) or the diagonal (entry operators).
// @ts-ignore: decorator
@inline
function gramSolve(diag: bool, m: i32, l: usize, x: usize): void {
  if (diag) {
    for (let i = 0; i < m; i++) st(x, i, ld(x, i) / ld(l, i));
  } else {
    cholSolve(m, l, x);
  }
}

/** In-place Cholesky G = LLᵀ (lower triangle of G, row-major m×m). Returns false if G is not positive definite. */
function cholesky(m: i32, g: usize): bool {
  for (let j = 0; j < m; j++) {
    const gjj = ld(g, j * m + j);
    let s = gjj;
    for (let k = 0; k < j; k++) { const l = ld(g, j * m + k); s -= l * l; }
    // a pivot that cancels to rounding level (dependent measurements) counts as singular
    if (!(s > 1e-12 * gjj)) return false;
    const d = sqrt<f64>(s);
    st(g, j * m + j, d);
    const inv = 1.0 / d;
    for (let i = j + 1; i < m; i++) {
      // row-major: L_ik for k < j are contiguous in row i and row j
      const t = ld(g, i * m + j) - ddot(j, g + ((<usize>i * <usize>m) << 3), g + ((<usize>j * <usize>m) << 3));
      st(g, i * m + j, t * inv);
    }
  }
  return true;
}

/** Solve LLᵀx = x in place (L from cholesky). */
function cholSolve(m: i32, l: usize, x: usize): void {
  for (let i = 0; i < m; i++) {
    const s = ld(x, i) - ddot(i, l + ((<usize>i * <usize>m) << 3), x);
    st(x, i, s / ld(l, i * m + i));
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = ld(x, i);
    for (let k = i + 1; k < m; k++) s -= ld(l, k * m + i) * ld(x, k);
    st(x, i, s / ld(l, i * m + i));
  }
}

function norm2(len: i32, x: usize): f64 { return sqrt<f64>(ddot(len, x, x)); }

/**
 * Solve min ⟨C, X⟩ s.t. A(X) = b, X ⪰ 0 from X, y, S given in x, yv, s (zero for a cold start; a previous solution
 * warm-starts). mu0 > 0 is the initial penalty (mu0 < 0: automatic, from the scales of C, b and AA*); tol the target of all three relative residuals.
 * Every `checkEvery` iterations the successive differences are tested as infeasibility certificates.
 * Returns a status (SDP_*); stats receives SDP_STATS doubles.
 */
export function sdpADMM(
  op: usize, b: usize, c: usize, x: usize, yv: usize, s: usize, mu0: f64, tol: f64, maxIter: i32, checkEvery: i32,
  stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nn = n * n;
  const nnb = <usize>nn << 3;
  const mb = <usize>(m + (m & 1)) << 3;
  const diag = opKind(op) == OP_ENTRY;
  const gramLen = diag ? m : m * m;
  const L = work;
  const t1 = L + (<usize>(gramLen + (gramLen & 1)) << 3);
  const t2 = t1 + mb;
  const yPrev = t2 + mb;
  const ax = yPrev + mb;
  const dyv = ax + mb;
  const t3 = dyv + mb;
  const V = t3 + mb;
  const Z = V + nnb;
  const Xp = Z + nnb;
  const Q = Z + nnb * 2; // eigenvectors (current)
  const Q2 = Q + nnb; // eigenvectors (next)
  const T = Q2 + nnb;
  const DX = T + nnb;
  const XR = DX + nnb; // the relaxed iterate X^k that the next y- and V-updates use
  const w = XR + nnb;
  const inner = w + (<usize>(2 * n) << 3);
  const gw = inner + (<usize>eigenWorkSize(n) << 3);
  const tridiagonal = n >= SDP_TRIDIAGONAL_MIN_N;

  // mean diagonal of AA* (the squared size of a measurement), for the automatic initial penalty below
  let gramMean = 0.0;
  if (diag) {
    entryGramDiagonal(op, L); // distinct entries (the TypeScript side resolves duplicates first)
    for (let i = 0; i < m; i++) gramMean += ld(L, i);
  } else {
    opGram(op, L, inner);
    for (let i = 0; i < m; i++) gramMean += ld(L, i * m + i);
    if (!cholesky(m, L)) return SDP_GRAM_SINGULAR;
  }
  gramMean /= <f64>max(m, 1);
  const nb = norm2(m, b);
  const nc = norm2(nn, c);
  // mu0 < 0: automatic. The first dual step is ν ≈ μ(AA*)⁻¹b, so A*(ν) has size ≈ μ‖b‖/√(mean diag AA*); μ0 =
  // ‖C‖_F·√(mean diag AA*)/‖b‖ makes it the size of C. Used when it is more than 100× off 1 (a badly scaled problem:
  // Gaussian sensing at n = 400 has AA* ≈ n²I, and from μ = 1 the iterate stays X = 0 for the ~170 iterations the
  // residual balancing needs to double μ up to ~2000); well scaled problems keep μ0 = 1 and their iteration counts.
  let mu = mu0;
  if (mu0 < 0.0) {
    const auto = nb > 0.0 && gramMean > 0.0 ? nc * sqrt<f64>(gramMean) / nb : 1.0;
    mu = auto > 100.0 || auto < 0.01 ? min<f64>(max<f64>(auto, 1e-8), 1e8) : 1.0;
  }
  let pinf = Infinity, dinf = Infinity, gap = Infinity, pobj = 0.0, dobj = 0.0;
  let status = SDP_MAX_ITER;
  let haveBasis = false;
  let cur = Q, nxt = Q2;
  let sweepsTotal = 0;
  let evidence = 0.0;
  let pinfAtCheck = Infinity;
  let k = 0;
  // residual balancing state: consecutive iterations of imbalance each way, the persistence required, last direction
  let up = 0, down = 0, window = 10, lastDir = 0;
  memory.copy(XR, x, nnb);
  for (; k < maxIter; k++) {
    // y ← −(AA*)⁻¹(μ(A(X) − b) + A(S − C)), X the relaxed iterate
    opApply(op, XR, ax, inner);
    for (let i = 0; i < nn; i++) st(T, i, ld(s, i) - ld(c, i));
    opApply(op, T, t1, inner);
    memory.copy(yPrev, yv, <usize>m << 3);
    for (let i = 0; i < m; i++) st(yv, i, -(mu * (ld(ax, i) - ld(b, i)) + ld(t1, i)));
    gramSolve(diag, m, L, yv);
    // V ← C − A*(y) − μX
    opAdjoint(op, yv, Z, inner);
    for (let i = 0; i < nn; i++) st(V, i, ld(c, i) - ld(Z, i) - mu * ld(XR, i));
    // V = QΛQᵀ; S = Q Λ₊ Qᵀ, X = −Q Λ₋ Qᵀ / μ
    if (tridiagonal) {
      // only the eigenvectors of the smaller sign class: Q₋ (k columns) gives X = −Q₋Λ₋Q₋ᵀ/μ and S = V + μX;
      // Q₊ gives S = Q₊Λ₊Q₊ᵀ and X = (S − V)/μ (V = S − μX either way): 2n²k flops instead of 4n³
      const code = dsyevdSelect(n, V, w, nxt, inner, SELECT_SMALLER);
      if (code < 0) { status = SDP_EIGH_FAILED; break; }
      memory.copy(Xp, XR, nnb);
      const kq = code >> 1;
      const positive = (code & 1) != 0;
      const first = positive ? n - kq : 0;
      const imu = 1.0 / mu;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < kq; j++) {
          const l = ld(w, first + j);
          st(T, i * kq + j, ld(nxt, i * kq + j) * (positive ? l : -l * imu));
        }
      }
      const target = positive ? s : x;
      dgemm(0, 1, n, n, kq, 1.0, T, kq, nxt, kq, 0.0, target, n, gw);
      if (positive) for (let i = 0; i < nn; i++) st(x, i, (ld(s, i) - ld(V, i)) * imu);
      else for (let i = 0; i < nn; i++) st(s, i, ld(V, i) + mu * ld(x, i));
    } else {
    const sw = haveBasis ? dsyevjWarm(n, V, cur, w, nxt, inner, 60) : dsyevj(n, V, w, nxt, inner, 60);
    if (sw < 0) { status = SDP_EIGH_FAILED; break; }
    sweepsTotal += sw;
    haveBasis = true;
    const tmp = cur; cur = nxt; nxt = tmp;
    memory.copy(Xp, XR, nnb);
    // S = Q diag(max(λ, 0)) Qᵀ
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) st(T, i * n + j, ld(cur, i * n + j) * max<f64>(ld(w, j), 0.0));
    dgemm(0, 1, n, n, n, 1.0, T, n, cur, n, 0.0, s, n, gw);
    // X = Q diag(max(−λ, 0)/μ) Qᵀ
    const imu = 1.0 / mu;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) st(T, i * n + j, ld(cur, i * n + j) * max<f64>(-ld(w, j), 0.0) * imu);
    dgemm(0, 1, n, n, n, 1.0, T, n, cur, n, 0.0, x, n, gw);
    }
    // exact symmetry (the triangles of a gemm product round differently)
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let v = 0.5 * (ld(s, i * n + j) + ld(s, j * n + i));
        st(s, i * n + j, v); st(s, j * n + i, v);
        v = 0.5 * (ld(x, i * n + j) + ld(x, j * n + i));
        st(x, i * n + j, v); st(x, j * n + i, v);
      }
    }
    // residuals
    opApply(op, x, ax, inner);
    let rp = 0.0;
    for (let i = 0; i < m; i++) { const r = ld(ax, i) - ld(b, i); rp += r * r; }
    pinf = sqrt<f64>(rp) / (1.0 + nb);
    let dx = 0.0;
    for (let i = 0; i < nn; i++) { const dd = ld(x, i) - ld(Xp, i); dx += dd * dd; }
    dinf = mu * sqrt<f64>(dx) / (1.0 + nc);
    pobj = ddot(nn, c, x);
    dobj = ddot(m, b, yv);
    gap = abs<f64>(pobj - dobj) / (1.0 + abs<f64>(pobj) + abs<f64>(dobj));
    if (pinf <= tol && dinf <= tol && gap <= tol) { status = SDP_OPTIMAL; k++; break; }
    // infeasibility certificates from successive differences
    if (checkEvery > 0 && k > 0 && k % checkEvery == 0) {
      // primal: δy = y − y_prev with A*(δy) ⪯ 0 and bᵀδy > 0 (scaled)
      for (let i = 0; i < m; i++) st(dyv, i, ld(yv, i) - ld(yPrev, i));
      const ndy = norm2(m, dyv);
      const bdy = ddot(m, b, dyv);
      if (ndy > 0.0 && bdy > 1e-6 * ndy * (1.0 + nb)) {
        // Farkas: for any feasible X, bᵀδy = ⟨A*(δy), X⟩ ≤ λ_max(A*(δy))·tr X, so ε = λ_max₊/bᵀδy bounds
        // tr X ≥ 1/ε. ε = 0 is an exact certificate of infeasibility. δy approaches a certificate only
        // asymptotically when other multipliers are coupled to the infeasible ones, so a small ε (≤ 1e-3) is
        // accepted once the primal residual has stagnated far above tol; ε is returned as the evidence.
        opAdjoint(op, dyv, Z, inner);
        if ((tridiagonal ? dsyevd(n, Z, w, 0, inner, 0) : dsyevj(n, Z, w, T, inner, 60)) >= 0) {
          let big = 0.0;
          for (let i = 0; i < n; i++) big = max<f64>(big, abs<f64>(ld(w, i)));
          const lmax = ld(w, n - 1);
          const eps = lmax <= 1e-13 * big ? 0.0 : max<f64>(lmax, 0.0) / bdy;
          const stagnant = pinf > 100.0 * tol && abs<f64>(pinf - pinfAtCheck) <= 1e-3 * pinf;
          if (eps == 0.0 || (stagnant && eps <= 1e-3)) {
            evidence = eps;
            status = SDP_PRIMAL_INFEASIBLE; k++; break;
          }
        }
      }
      pinfAtCheck = pinf;
      // dual: δX ⪰ 0 (by construction both X are PSD; δX need not be) with A(δX) ≈ 0 and ⟨C, δX⟩ < 0
      for (let i = 0; i < nn; i++) st(DX, i, ld(x, i) - ld(Xp, i));
      const ndx = norm2(nn, DX);
      const cdx = ddot(nn, c, DX);
      if (ndx > 0.0 && cdx < -1e-6 * ndx * (1.0 + nc)) {
        opApply(op, DX, t3, inner);
        const adx = norm2(m, t3);
        const sw3 = tridiagonal ? dsyevd(n, DX, w, 0, inner, 0) : dsyevj(n, DX, w, T, inner, 60);
        if (sw3 >= 0 && adx <= 1e-6 * abs<f64>(cdx) && ld(w, 0) >= -1e-6 * abs<f64>(cdx)) {
          evidence = cdx / ndx;
          status = SDP_DUAL_INFEASIBLE; k++; break;
        }
      }
    }
    // the host, every 16 iterations (an iteration costs from ~1 µs at n = 3 to ~0.1 s at n = 400)
    // (every iteration from n = 64 on, where one iteration is already ≳ 1 ms, so a time budget is not overrun by 16 of them)
    if ((n >= 64 || (k & 15) == 15) && tick(<f64>k, <f64>maxIter)) { status = SDP_INTERRUPTED; k++; break; }
    // residual balancing: μ scales the primal residual's weight in the y-update. A ratio of 3 (rather than
    // Boyd's 10) halved the mean iterations over 2000 grid instances (2695 → 1382, worst 51363 → 25339) and
    // left n = 50, m = 300 Gaussian sensing unchanged (~160). μ changes only after the imbalance has persisted for
    // `window` consecutive iterations, and every reversal of direction doubles the window: the number of changes in
    // k iterations is then O(log k), so μ is eventually constant and the fixed-μ convergence theory applies. The
    // unconditional every-10-iterations rule it replaces cycled μ between two values forever on some problems
    // (max tr X on Belabbas's 4×4 instances: 19 of 20 seeds at maxIter with residuals ~0.5, a period of 35 000
    // iterations; the LP of commutativeInstance(8, 3, 3): residuals stuck at 2e-3).
    if (pinf > 3.0 * dinf) { up++; down = 0; }
    else if (dinf > 3.0 * pinf) { down++; up = 0; }
    else { up = 0; down = 0; }
    if (up >= window) {
      mu = min<f64>(mu * 2.0, 1e8);
      up = 0;
      if (lastDir < 0 && window < 1 << 29) window <<= 1;
      lastDir = 1;
    } else if (down >= window) {
      mu = max<f64>(mu * 0.5, 1e-8);
      down = 0;
      if (lastDir > 0 && window < 1 << 29) window <<= 1;
      lastDir = -1;
    }
    // over-relaxed step X^{k+1} = (1 − ρ)X^k + ρX̃ (x keeps the PSD X̃: the iterate reported and certified)
    for (let i = 0; i < nn; i++) st(XR, i, (1.0 - SDP_RELAXATION) * ld(Xp, i) + SDP_RELAXATION * ld(x, i));
  }
  st(stats, 0, <f64>k); st(stats, 1, pinf); st(stats, 2, dinf); st(stats, 3, gap);
  st(stats, 4, pobj); st(stats, 5, dobj); st(stats, 6, mu); st(stats, 7, evidence); st(stats, 8, <f64>sweepsTotal);
  return status;
}
