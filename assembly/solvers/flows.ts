// Continuous-time and exponential-integrator dynamics of X = UUᵀ under L(U) = ¼‖A(UUᵀ) − y‖².
// - gradient flow U̇ = −A*(r)U by Dormand–Prince 5(4) (rk45Core), stopped at ‖∇L‖_F ≤ gtol or L ≤ ltol or t = tMax;
// - time-ordered exponential (Gunasekar et al. 2017, eq. 12): U ← E U, E = expm(−η A*(r(UUᵀ))).
// see: SPEC §4; Gunasekar et al. 2017 §3 (the flow and its exponential form).

import { recordSample, writeIterStats } from './history';
import { ddot, dgemm, dgemmWorkSize, dscal } from '../blas/blas';
import { dexpm, dexpmWorkSize } from '../expm/expm';
import { RK_MAX_STEPS, RK_NONFINITE, RK_REACHED_T1, RK_STEP_TOO_SMALL, RK_STOPPED, rk45Core, rk45WorkSize, STATS_LEN } from '../ode/rk45';
import { flow3, flow3SetObservations } from '../grid/flow3';
import { OP_ENTRY, gradFactored, iterateState, opA, opAdjoint, opB, opKind, opM, opN, sensingWorkSize, stateGradNorm, stateTrace } from '../operators/sensing';

export const FLOW_CONVERGED: i32 = 0;
export const FLOW_MAX_ITER: i32 = 1;
export const FLOW_DIVERGED: i32 = 2;
export const FLOW_T_MAX: i32 = 3;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// Flow context (f64 slots): [0] op, [1] y, [2] d, [3] r buffer, [4] operator work, [5] ltol, [6] last loss,
// [7] last ‖∇L‖_F, [8] gtol, [9] L(U0)
const CTX_SIZE: i32 = 10;

function flowRhs(t: f64, u: usize, du: usize, nd: i32, ctx: usize): void {
  const op = <usize>ld(ctx, 0);
  const loss = gradFactored(op, <usize>ld(ctx, 1), u, <i32>ld(ctx, 2), <usize>ld(ctx, 3), du, <usize>ld(ctx, 4));
  st(ctx, 6, loss);
  let g2 = 0.0;
  for (let i = 0; i < nd; i++) {
    const g = ld(du, i);
    g2 += g * g;
    st(du, i, -g);
  }
  st(ctx, 7, sqrt<f64>(g2));
}

// L ≤ ltol, or ‖∇L‖_F ≤ gtol once L ≤ L(U0)/2: near the saddle U = 0 the gradient is small too (‖∇L(U0)‖ ≈
// ‖A*(y)‖·‖U0‖), and a tiny initialization must not count as convergence
function flowStop(ctx: usize): bool {
  const loss = ld(ctx, 6);
  return loss <= ld(ctx, 5) || (ld(ctx, 7) <= ld(ctx, 8) && loss <= 0.5 * ld(ctx, 9));
}

/** Doubles of workspace gradientFlow needs. */
export function gradientFlowWorkSize(n: i32, d: i32, m: i32): i32 {
  return CTX_SIZE + m + rk45WorkSize(n * d) + sensingWorkSize(n, d) + 8;
}

/**
 * Integrate U̇ = −∇L(U) from U (n×d, in place) with RK45 (rtol, atol) until ‖∇L‖_F ≤ gtol or L ≤ ltol
 * (FLOW_CONVERGED), t = tMax (FLOW_T_MAX), maxSteps (FLOW_MAX_ITER) or a non-finite state (FLOW_DIVERGED).
 * Snapshots of U at the times tEval (nEval) go to uEval (nEval × n·d). stats: [t, steps, rejected, nfev, h, ‖∇L‖_F, L].
 */
export function gradientFlow(
  op: usize, y: usize, u: usize, d: i32, tMax: f64, rtol: f64, atol: f64, gtol: f64, ltol: f64, maxSteps: i32,
  tEval: usize, nEval: i32, uEval: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nd = n * d;
  const ctx = work;
  const r = ctx + (<usize>CTX_SIZE << 3);
  const rkw = r + (<usize>(m + (m & 1)) << 3);
  const opw = rkw + (<usize>rk45WorkSize(nd) << 3);
  st(ctx, 0, <f64>op);
  st(ctx, 1, <f64>y);
  st(ctx, 2, <f64>d);
  st(ctx, 3, <f64>r);
  st(ctx, 4, <f64>opw);
  st(ctx, 5, ltol);
  st(ctx, 8, gtol);
  st(ctx, 9, gradFactored(op, y, u, d, r, rkw, opw)); // L(U0)
  st(ctx, 6, Infinity);
  st(ctx, 7, Infinity);
  let code: i32;
  if (nEval == 0 && opKind(op) == OP_ENTRY && n == 3 && m == 4 && d == 3) {
    // a 3×3 completion with four observations (the grid's case): the specialised integrator, same arithmetic
    const rows = opA(op), cols = opB(op);
    flow3SetObservations(
      load<i32>(rows), load<i32>(cols), ld(y, 0), load<i32>(rows, 4), load<i32>(cols, 4), ld(y, 1),
      load<i32>(rows, 8), load<i32>(cols, 8), ld(y, 2), load<i32>(rows, 12), load<i32>(cols, 12), ld(y, 3),
    );
    code = flow3(u, tMax, rtol, atol, maxSteps, gtol, ltol, 0.5, stats, rkw);
  } else {
    code = rk45Core(flowRhs, flowStop, ctx, nd, u, 0.0, tMax, rtol, atol, 0.0, 0.0, maxSteps, 0.0, tEval, nEval, uEval, stats, rkw);
  }
  // the loss and gradient norm at the final state (re-evaluated: exact for whatever stopped the run)
  const g = rkw; // stage buffer k1 is free now
  st(stats, STATS_LEN, gradFactored(op, y, u, d, r, g, opw));
  let g2 = 0.0;
  for (let i = 0; i < nd; i++) g2 += ld(g, i) * ld(g, i);
  st(stats, 5, sqrt<f64>(g2));
  if (code == RK_STOPPED) return FLOW_CONVERGED;
  if (code == RK_REACHED_T1) return FLOW_T_MAX;
  if (code == RK_MAX_STEPS) return FLOW_MAX_ITER;
  if (code == RK_NONFINITE || code == RK_STEP_TOO_SMALL) return FLOW_DIVERGED;
  return FLOW_DIVERGED;
}

/** Doubles of workspace timeOrderedExp needs. */
export function timeOrderedExpWorkSize(n: i32, d: i32, m: i32): i32 {
  return 2 * m + 3 * n * n + 2 * n * d + max(dexpmWorkSize(n), sensingWorkSize(n, d)) + dgemmWorkSize() + 8;
}

/**
 * Time-ordered exponential: U ← expm(−η A*(r))·U with r = A(UUᵀ) − y, i.e. X ← E X E (Gunasekar eq. 12).
 * Stops like factoredGD (L ≤ ltol or ‖∇L‖_F ≤ gtol; maxIter; non-finite or L > divergeLoss, returning the last
 * finite iterate). History records [iteration, L, ‖∇L‖_F, tr X, η] at the sorted sample iterations.
 * stats: [iterations, L, ‖∇L‖_F, tr X, records].
 */
export function timeOrderedExp(
  op: usize, y: usize, u: usize, d: i32, eta: f64, maxIter: i32, ltol: f64, gtol: f64, divergeLoss: f64,
  samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nd = n * d, nn = n * n;
  const ndb = <usize>nd << 3;
  const r = work;
  const g = r + (<usize>(2 * m) << 3);
  const z = g + ndb;
  const e = z + (<usize>nn << 3);
  const up = e + (<usize>nn << 3);
  const inner = up + ndb;
  const gw = inner + (<usize>max(dexpmWorkSize(n), sensingWorkSize(n, d)) << 3);
  let next = 0, status = FLOW_MAX_ITER;
  let loss = 0.0, gn = 0.0, tr = 0.0;
  let k = 0;
  let failedAt = -1;
  for (; ; k++) {
    loss = iterateState(op, y, u, d, r, g, inner, 0);
    gn = stateGradNorm;
    tr = stateTrace;
    if (!isFinite(loss) || !isFinite(gn) || loss > divergeLoss) {
      status = FLOW_DIVERGED;
      failedAt = k;
      if (k > 0) {
        // hand back the last finite iterate, with its own (finite) loss, gradient norm and trace
        loss = iterateState(op, y, u, d, r, g, inner, up);
        gn = stateGradNorm;
        tr = stateTrace;
        k--;
      }
      break;
    }
    next = recordSample(samples, nSamples, next, k, hist, loss, gn, tr, eta);
    if (loss <= ltol || gn <= gtol) { status = FLOW_CONVERGED; break; }
    if (k >= maxIter) { status = FLOW_MAX_ITER; break; }
    // E = expm(−η A*(r)); U ← E U
    opAdjoint(op, r, z, inner);
    dscal(nn, -eta, z);
    const s = dexpm(n, z, e, inner);
    if (s < 0) { status = FLOW_DIVERGED; failedAt = k + 1; break; } // U is still iterate k (finite)
    memory.copy(up, u, ndb);
    dgemm(0, 0, n, d, n, 1.0, e, n, up, d, 0.0, u, d, gw);
  }
  writeIterStats(stats, k, loss, gn, tr, next, failedAt);
  return status;
}
