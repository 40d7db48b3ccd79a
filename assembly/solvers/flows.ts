// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of L(U) = ¼‖A(UUᵀ) − y‖² by the package's one Dormand–Prince control
// (src/kernels/ode/dopri.ts), with this flow as the right-hand side; a 3×3 completion with four observations (the
// grid's case) runs the same control on the specialised right-hand side of assembly/grid/flow3.ts.
// see: SPEC §4; Gunasekar et al. 2017 §3 (the flow).

import { dopri, DOPRI_DONE, DOPRI_INTERRUPTED, DOPRI_MAX_STEPS, DOPRI_STEP_TOO_SMALL, DOPRI_STOPPED } from '../../src/kernels/ode/dopri';
import { flow3, flow3SetObservations } from '../grid/flow3';
import { tick } from '../host';
import { norm2 } from '../ode/stages';
import { capStatus, convergedOrGoOn, S_CONVERGED, S_DIVERGED, S_INTERRUPTED, S_MAX_ITER, S_STEP_TOO_SMALL, S_TMAX } from './status';
import { STATS_LEN, Stepper, stepperWorkSize } from '../ode/stepper';
import { OP_ENTRY, gradFactored, opA, opB, opKind, opM, opN, sensingWorkSize } from '../operators/sensing';



// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/**
 * du := −∇L(U) for an operator in wasm memory. Stop rule (status.ts): L ≤ ltol, or ‖∇L‖_F ≤ gtol once the data are
 * fitted (L ≤ fitLoss) — near the saddle U = 0 the gradient is small too (‖∇L(U0)‖ ≈ ‖A*(y)‖·‖U0‖), and a tiny
 * initialization must not count as convergence.
 */
class FlowRhs {
  op: usize = 0; y: usize = 0; d: i32 = 0; r: usize = 0; inner: usize = 0;
  nd: i32 = 0;
  ltol: f64 = 0.0; gtol: f64 = 0.0; fitLoss: f64 = 0.0;
  // loss and ‖∇L‖_F at the last evaluation made with `last` set
  loss: f64 = Infinity; grad: f64 = Infinity;

  dim(): i32 { return this.nd; }

  eval(t: f64, u: usize, du: usize, last: bool): void {
    const loss = gradFactored(this.op, this.y, u, this.d, this.r, du, this.inner);
    let g2 = 0.0;
    for (let i = 0; i < this.nd; i++) {
      const g = ld(du, i);
      g2 += g * g;
      st(du, i, -g);
    }
    if (last) {
      this.loss = loss;
      this.grad = sqrt<f64>(g2);
    }
  }

  fnorm(k1: usize): f64 { return norm2(this.nd, k1); }
  tick(t: f64, t0: f64, t1: f64): bool { return tick(t - t0, t1 - t0); }

  stop(): bool {
    return convergedOrGoOn(this.loss, this.grad, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED;
  }
}

const flowStepper = new Stepper<FlowRhs>(new FlowRhs());

/** Doubles of workspace gradientFlow needs. */
export function gradientFlowWorkSize(n: i32, d: i32, m: i32): i32 {
  return m + 1 + stepperWorkSize(n * d) + sensingWorkSize(n, d) + 8;
}

/**
 * Integrate U̇ = −∇L(U) from U (n×d, in place) with RK45 (rtol, atol) until the rule of status.ts stops it (fitLoss =
 * ¼(fitTol·‖y‖)²), t = tMax (S_TMAX, or S_STATIONARY at an unfitted point with ‖∇L‖ ≤ gtol), maxSteps (S_MAX_ITER),
 * a vanishing step (S_STEP_TOO_SMALL), a non-finite state (S_DIVERGED) or the host's tick (S_INTERRUPTED). Snapshots
 * of U at the times tEval (nEval) go to uEval (nEval × n·d). stats: [t, steps, rejected, nfev, h, ‖∇L‖_F, L].
 */
export function gradientFlow(
  op: usize, y: usize, u: usize, d: i32, tMax: f64, rtol: f64, atol: f64, gtol: f64, ltol: f64, fitLoss: f64,
  maxSteps: i32, tEval: usize, nEval: i32, uEval: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nd = n * d;
  const r = work;
  const rkw = r + (<usize>(m + 1 + ((m + 1) & 1)) << 3);
  const opw = rkw + (<usize>stepperWorkSize(nd) << 3);
  let code: f64;
  if (nEval == 0 && opKind(op) == OP_ENTRY && n == 3 && m == 4 && d == 3) {
    // a 3×3 completion with four observations (the grid's case): the specialised right-hand side, same arithmetic
    const rows = opA(op), cols = opB(op);
    flow3SetObservations(
      load<i32>(rows), load<i32>(cols), ld(y, 0), load<i32>(rows, 4), load<i32>(cols, 4), ld(y, 1),
      load<i32>(rows, 8), load<i32>(cols, 8), ld(y, 2), load<i32>(rows, 12), load<i32>(cols, 12), ld(y, 3),
    );
    code = <f64>flow3(u, tMax, rtol, atol, maxSteps, gtol, ltol, fitLoss, 0.0, stats, rkw);
  } else {
    const f = flowStepper.rhs;
    f.op = op; f.y = y; f.d = d; f.r = r; f.inner = opw; f.nd = nd; f.ltol = ltol; f.gtol = gtol; f.fitLoss = fitLoss;
    f.loss = Infinity; f.grad = Infinity;
    flowStepper.bind(u, rkw, tEval, nEval, uEval, stats);
    code = dopri(flowStepper, 0.0, tMax, rtol, atol, 0.0, 0.0, <f64>maxSteps, 0.0);
  }
  // the loss and gradient norm at the final state (re-evaluated: exact for whatever stopped the run)
  const g = rkw; // stage buffer k1 is free now
  st(stats, STATS_LEN, gradFactored(op, y, u, d, r, g, opw));
  let g2 = 0.0;
  for (let i = 0; i < nd; i++) g2 += ld(g, i) * ld(g, i);
  const gn = sqrt<f64>(g2);
  st(stats, 5, gn);
  if (code == DOPRI_STOPPED) return S_CONVERGED;
  if (code == DOPRI_DONE) return capStatus(S_TMAX, gn, gtol);
  if (code == DOPRI_MAX_STEPS) return capStatus(S_MAX_ITER, gn, gtol);
  if (code == DOPRI_INTERRUPTED) return S_INTERRUPTED;
  if (code == DOPRI_STEP_TOO_SMALL) return S_STEP_TOO_SMALL;
  return S_DIVERGED;
}
