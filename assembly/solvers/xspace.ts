// Gradient descent in X space: X ← X − η A*(A(X) − y) from the X given (X0 = 0 converges to the minimum-Frobenius
// solution, the pseudo-inverse solution), optionally projected onto the PSD cone after every step
// (X ← Π_PSD(·), Gunasekar et al. 2017's X_gd). Π_PSD clamps the eigenvalues at 0; the eigenbasis of the previous
// iterate warm-starts Jacobi.
// see: SPEC §4 (X-space GD).

import { recordSample, writeIterStats } from './history';
import { ddot, dgemm, dgemmWorkSize } from '../blas/blas';
import { dsyevj, dsyevjWarm, dsyevjWarmWorkSize, dsyevjWorkSize } from '../eigen/jacobi';
import { opAdjoint, opApply, opM, opN, sensingWorkSize } from '../operators/sensing';

export const XGD_CONVERGED: i32 = 0;
export const XGD_MAX_ITER: i32 = 1;
export const XGD_DIVERGED: i32 = 2;
export const XGD_EIGH_FAILED: i32 = 3;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Doubles of workspace xSpaceGD needs. */
export function xSpaceWorkSize(n: i32, m: i32): i32 {
  const nn = n * n;
  return m + 1 + 5 * nn + n + max(max(sensingWorkSize(n, 1), dsyevjWarmWorkSize(n)), dsyevjWorkSize(n)) + dgemmWorkSize() + 8;
}

/**
 * Run X-space GD on X (n×n symmetric, in place). project = 1 applies Π_PSD after every step.
 * Stops: L = ¼‖A(X) − y‖² ≤ ltol or ‖A*(r)‖_F ≤ gtol (XGD_CONVERGED), maxIter (XGD_MAX_ITER), a non-finite value or
 * L > divergeLoss (XGD_DIVERGED, X the last finite iterate), or a Jacobi failure (XGD_EIGH_FAILED).
 * History records [iteration, L, ‖A*(r)‖_F, tr X, η] at the sorted sample iterations; stats the same five at the end.
 */
export function xSpaceGD(
  op: usize, y: usize, x: usize, eta: f64, project: i32, maxIter: i32, ltol: f64, gtol: f64, divergeLoss: f64,
  samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nn = n * n;
  const nnb = <usize>nn << 3;
  const r = work;
  const z = r + (<usize>(m + 1 + ((m + 1) & 1)) << 3);
  const xp = z + nnb; // previous iterate
  const va = xp + nnb; // eigenbasis ping-pong
  const vb = va + nnb;
  const t = vb + nnb;
  const w = t + nnb;
  const inner = w + (<usize>(n + (n & 1)) << 3);
  const gw = inner + (<usize>max(max(sensingWorkSize(n, 1), dsyevjWarmWorkSize(n)), dsyevjWorkSize(n)) << 3);
  let vCur = va, vNext = vb, haveBasis = false;
  let next = 0, status = XGD_MAX_ITER;
  let loss = 0.0, zn = 0.0, tr = 0.0;
  let prevLoss = 0.0, prevZn = 0.0, prevTr = 0.0;
  let k = 0;
  let failedAt = -1;
  for (; ; k++) {
    opApply(op, x, r, inner);
    let s = 0.0;
    for (let i = 0; i < m; i++) {
      const ri = ld(r, i) - ld(y, i);
      st(r, i, ri);
      s += ri * ri;
    }
    loss = 0.25 * s;
    opAdjoint(op, r, z, inner);
    zn = sqrt<f64>(ddot(nn, z, z));
    tr = 0.0;
    for (let i = 0; i < n; i++) tr += ld(x, i * n + i);
    if (!isFinite(loss) || !isFinite(zn) || loss > divergeLoss) {
      status = XGD_DIVERGED;
      failedAt = k;
      if (k > 0) {
        // hand back the last finite iterate with its own figures
        memory.copy(x, xp, nnb);
        loss = prevLoss; zn = prevZn; tr = prevTr;
        k--;
      }
      break;
    }
    next = recordSample(samples, nSamples, next, k, hist, loss, zn, tr, eta);
    if (loss <= ltol || zn <= gtol) { status = XGD_CONVERGED; break; }
    if (k >= maxIter) { status = XGD_MAX_ITER; break; }
    memory.copy(xp, x, nnb);
    prevLoss = loss; prevZn = zn; prevTr = tr;
    for (let i = 0; i < nn; i++) st(x, i, ld(x, i) - eta * ld(z, i));
    if (project != 0) {
      const sw = haveBasis ? dsyevjWarm(n, x, vCur, w, vNext, inner, 60) : dsyevj(n, x, w, vNext, inner, 60);
      if (sw < 0) { status = XGD_EIGH_FAILED; memory.copy(x, xp, nnb); break; }
      haveBasis = true;
      const tmp = vCur; vCur = vNext; vNext = tmp;
      // X = V diag(max(λ, 0)) Vᵀ, then symmetrized (the two triangles round differently)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) st(t, i * n + j, ld(vCur, i * n + j) * max<f64>(ld(w, j), 0.0));
      }
      dgemm(0, 1, n, n, n, 1.0, t, n, vCur, n, 0.0, x, n, gw);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const v = 0.5 * (ld(x, i * n + j) + ld(x, j * n + i));
          st(x, i * n + j, v);
          st(x, j * n + i, v);
        }
      }
    }
  }
  writeIterStats(stats, k, loss, zn, tr, next, failedAt);
  return status;
}
