// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of L(U) = ¼‖A(UUᵀ) − y‖² by the package's one Dormand–Prince control
// (src/kernels/ode/dopri.ts), with this flow as the right-hand side; a 3×3 completion with four observations (the
// grid's case) runs the same control on the specialised right-hand side of assembly/grid/flow3.ts.
// see: SPEC §4; Gunasekar et al. 2017 §3 (the flow).

import { dopri, DOPRI_DONE, DOPRI_MAX_STEPS, DOPRI_STOPPED } from '../../src/kernels/ode/dopri';
import { flow3, flow3SetObservations } from '../grid/flow3';
import { norm2 } from '../ode/stages';
import { STATS_LEN, Stepper, stepperWorkSize } from '../ode/stepper';
import { OP_ENTRY, gradFactored, opA, opB, opKind, opM, opN, sensingWorkSize } from '../operators/sensing';

export const FLOW_CONVERGED: i32 = 0;
export const FLOW_MAX_ITER: i32 = 1;
export const FLOW_DIVERGED: i32 = 2;
export const FLOW_T_MAX: i32 = 3;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/**
 * du := −∇L(U) for an operator in wasm memory. Stop rule: L ≤ ltol, or ‖∇L‖_F ≤ gtol once L ≤ L(U0)/2 — near the
 * saddle U = 0 the gradient is small too (‖∇L(U0)‖ ≈ ‖A*(y)‖·‖U0‖), and a tiny initialization must not count as
 * convergence.
 */
class FlowRhs {
  op: usize = 0; y: usize = 0; d: i32 = 0; r: usize = 0; inner: usize = 0;
  nd: i32 = 0;
  ltol: f64 = 0.0; gtol: f64 = 0.0; loss0: f64 = 0.0;
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

  stop(): bool {
    return this.loss <= this.ltol || (this.grad <= this.gtol && this.loss <= 0.5 * this.loss0);
  }
}

const flowStepper = new Stepper<FlowRhs>(new FlowRhs());

/** Doubles of workspace gradientFlow needs. */
export function gradientFlowWorkSize(n: i32, d: i32, m: i32): i32 {
  return m + 1 + stepperWorkSize(n * d) + sensingWorkSize(n, d) + 8;
}

/**
 * Integrate U̇ = −∇L(U) from U (n×d, in place) with RK45 (rtol, atol) until ‖∇L‖_F ≤ gtol or L ≤ ltol
 * (FLOW_CONVERGED), t = tMax (FLOW_T_MAX), maxSteps (FLOW_MAX_ITER) or a non-finite state or vanishing step
 * (FLOW_DIVERGED). Snapshots of U at the times tEval (nEval) go to uEval (nEval × n·d).
 * stats: [t, steps, rejected, nfev, h, ‖∇L‖_F, L].
 */
export function gradientFlow(
  op: usize, y: usize, u: usize, d: i32, tMax: f64, rtol: f64, atol: f64, gtol: f64, ltol: f64, maxSteps: i32,
  tEval: usize, nEval: i32, uEval: usize, stats: usize, work: usize,
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
    code = <f64>flow3(u, tMax, rtol, atol, maxSteps, gtol, ltol, 0.5, stats, rkw);
  } else {
    const f = flowStepper.rhs;
    f.op = op; f.y = y; f.d = d; f.r = r; f.inner = opw; f.nd = nd; f.ltol = ltol; f.gtol = gtol;
    f.loss = Infinity; f.grad = Infinity;
    f.loss0 = gradFactored(op, y, u, d, r, rkw, opw); // L(U0)
    flowStepper.bind(u, rkw, tEval, nEval, uEval, stats);
    code = dopri(flowStepper, 0.0, tMax, rtol, atol, 0.0, 0.0, <f64>maxSteps, 0.0);
  }
  // the loss and gradient norm at the final state (re-evaluated: exact for whatever stopped the run)
  const g = rkw; // stage buffer k1 is free now
  st(stats, STATS_LEN, gradFactored(op, y, u, d, r, g, opw));
  let g2 = 0.0;
  for (let i = 0; i < nd; i++) g2 += ld(g, i) * ld(g, i);
  st(stats, 5, sqrt<f64>(g2));
  if (code == DOPRI_STOPPED) return FLOW_CONVERGED;
  if (code == DOPRI_DONE) return FLOW_T_MAX;
  if (code == DOPRI_MAX_STEPS) return FLOW_MAX_ITER;
  return FLOW_DIVERGED;
}
