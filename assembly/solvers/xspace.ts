// Gradient descent in X space: X ← X − η A*(A(X) − y) from the X given (X0 = 0 converges to the minimum-Frobenius
// solution, the pseudo-inverse solution), optionally projected onto the PSD cone after every step
// (X ← Π_PSD(·), Gunasekar et al. 2017's X_gd). Π_PSD clamps the eigenvalues at 0; the eigenbasis of the previous
// iterate warm-starts Jacobi.
// see: docs/algorithms/solvers.md (X-space GD).

import { iterate } from './iterate';
import { convergedOrGoOn, S_CONVERGED, S_INNER_FAILED } from './status';
import { ddot, dgemm, dgemmWorkSize } from '../blas/blas';
import { dsyevj, dsyevjWarm, dsyevjWarmWorkSize, dsyevjWorkSize } from '../eigen/jacobi';
import { dsyevdSelect, dsyevdWorkSize, SELECT_SMALLER } from '../eigen/syevd';

// Orders from which Π_PSD uses the tridiagonal path (dsyevdSelect: the vectors of the smaller sign class, one rank-k
// product) instead of warm-started Jacobi (all vectors, one n³ product). Measured per projected step (uniform
// completion, rank-2 truth, 300 steps, same losses): n = 6 Jacobi 2.5 µs vs 4.2 (its iterate had converged: Jacobi
// made no rotation), n = 7 5.1 vs 4.1, n = 9 7.9 vs 5.7, n = 20 52 vs 28, n = 50 600 vs 195, n = 100 4 437 vs 941.
export const XSPACE_TRIDIAGONAL_MIN_N: i32 = 7;
import { opAdjoint, opApply, opM, opN, sensingWorkSize } from '../operators/sensing';


// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

class XSpaceGD {
  op: usize = 0; y: usize = 0; x: usize = 0;
  eta: f64 = 0.0; project: bool = false; ltol: f64 = 0.0; gtol: f64 = 0.0; fitLoss: f64 = 0.0;
  r: usize = 0; z: usize = 0; xp: usize = 0; t: usize = 0; w: usize = 0; inner: usize = 0; gw: usize = 0;
  // eigenbasis ping-pong for the warm-started projection
  vCur: usize = 0; vNext: usize = 0; haveBasis: bool = false;
  zn: f64 = 0.0; tr: f64 = 0.0;

  /** L = ¼‖A(X) − y‖²; also Z = A*(r), ‖Z‖_F and tr X. */
  evaluate(): f64 {
    const op = this.op, n = opN(op), m = opM(op), r = this.r, x = this.x;
    opApply(op, x, r, this.inner);
    let s = 0.0;
    for (let i = 0; i < m; i++) {
      const ri = ld(r, i) - ld(this.y, i);
      st(r, i, ri);
      s += ri * ri;
    }
    opAdjoint(op, r, this.z, this.inner);
    this.zn = sqrt<f64>(ddot(n * n, this.z, this.z));
    let tr = 0.0;
    for (let i = 0; i < n; i++) tr += ld(x, i * n + i);
    this.tr = tr;
    return 0.25 * s;
  }

  gradNorm(): f64 { return this.zn; }
  trace(): f64 { return this.tr; }
  converged(loss: f64, gn: f64): bool { return convergedOrGoOn(loss, gn, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED; }
  stepSize(final: bool): f64 { return this.eta; }
  save(): void { memory.copy(this.xp, this.x, <usize>(opN(this.op) * opN(this.op)) << 3); }
  restore(): void { memory.copy(this.x, this.xp, <usize>(opN(this.op) * opN(this.op)) << 3); }

  step(eta: f64): i32 {
    const n = opN(this.op), nn = n * n, x = this.x, z = this.z;
    for (let i = 0; i < nn; i++) st(x, i, ld(x, i) - eta * ld(z, i));
    if (!this.project) return 0;
    const w = this.w, t = this.t;
    if (n >= XSPACE_TRIDIAGONAL_MIN_N) {
      // Π(X) = Q₊Λ₊Q₊ᵀ, or X − Q₋Λ₋Q₋ᵀ when the negative class is the smaller one
      const code = dsyevdSelect(n, x, w, this.vNext, this.inner, SELECT_SMALLER);
      if (code < 0) { this.restore(); return S_INNER_FAILED; }
      const k = code >> 1;
      const positive = (code & 1) != 0;
      const first = positive ? n - k : 0;
      const q = this.vNext;
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) st(t, i * k + j, ld(q, i * k + j) * ld(w, first + j));
      if (positive) dgemm(0, 1, n, n, k, 1.0, t, k, q, k, 0.0, x, n, this.gw);
      else dgemm(0, 1, n, n, k, -1.0, t, k, q, k, 1.0, x, n, this.gw);
      symmetrize(n, x);
      return 0;
    }
    const sw = this.haveBasis ? dsyevjWarm(n, x, this.vCur, w, this.vNext, this.inner, 60) : dsyevj(n, x, w, this.vNext, this.inner, 60);
    if (sw < 0) { this.restore(); return S_INNER_FAILED; }
    this.haveBasis = true;
    const tmp = this.vCur; this.vCur = this.vNext; this.vNext = tmp;
    const v = this.vCur;
    // X = V diag(max(λ, 0)) Vᵀ, then symmetrized (the two triangles round differently)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) st(t, i * n + j, ld(v, i * n + j) * max<f64>(ld(w, j), 0.0));
    }
    dgemm(0, 1, n, n, n, 1.0, t, n, v, n, 0.0, x, n, this.gw);
    symmetrize(n, x);
    return 0;
  }
}

// x := (x + xᵀ)/2 (the two triangles of a gemm product round differently)
function symmetrize(n: i32, x: usize): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = 0.5 * (ld(x, i * n + j) + ld(x, j * n + i));
      st(x, i * n + j, a);
      st(x, j * n + i, a);
    }
  }
}

const xgd = new XSpaceGD();

/** Doubles of workspace xSpaceGD needs. */
export function xSpaceWorkSize(n: i32, m: i32): i32 {
  const nn = n * n;
  return m + 1 + 5 * nn + n + innerSize(n) + dgemmWorkSize() + 8;
}

function innerSize(n: i32): i32 {
  const jac = max(max(sensingWorkSize(n, 1), dsyevjWarmWorkSize(n)), dsyevjWorkSize(n));
  return n >= XSPACE_TRIDIAGONAL_MIN_N ? max(jac, dsyevdWorkSize(n, 1)) : jac;
}

/**
 * Run X-space GD on X (n×n symmetric, in place); project = 1 applies Π_PSD after every step.
 * Stops by the rule of status.ts with L = ¼‖A(X) − y‖² and the gradient A*(r), the loop of iterate.ts, or a Jacobi
 * failure (S_INNER_FAILED).
 * History records [iteration, L, ‖A*(r)‖_F, tr X, η] at the sorted sample iterations; stats the same at the end.
 */
export function xSpaceGD(
  op: usize, y: usize, x: usize, eta: f64, project: i32, maxIter: i32, ltol: f64, gtol: f64, fitLoss: f64,
  divergeLoss: f64, samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nnb = <usize>(n * n) << 3;
  const g = xgd;
  g.op = op; g.y = y; g.x = x; g.eta = eta; g.project = project != 0; g.ltol = ltol; g.gtol = gtol; g.fitLoss = fitLoss;
  g.r = work;
  g.z = g.r + (<usize>(m + 1 + ((m + 1) & 1)) << 3);
  g.xp = g.z + nnb;
  g.vCur = g.xp + nnb;
  g.vNext = g.vCur + nnb;
  g.t = g.vNext + nnb;
  g.w = g.t + nnb;
  g.inner = g.w + (<usize>(n + (n & 1)) << 3);
  g.gw = g.inner + (<usize>innerSize(n) << 3);
  g.haveBasis = false;
  return iterate(g, maxIter, divergeLoss, samples, nSamples, hist, stats);
}
