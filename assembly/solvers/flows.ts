// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of L(U) = ¼‖A(UUᵀ) − y‖² by the package's one step control
// (src/kernels/ode/control.ts): Dormand–Prince, switching to Rodas5P with the analytic Jacobian in the stiff tail
// where the Jacobian is affordable (n·d ≤ STIFF_MAX_DIM). A 3×3 completion with four observations (the grid's case)
// runs the same control on the specialised right-hand side of assembly/grid/flow3.ts.
// see: docs/algorithms/solvers.md; Gunasekar et al. 2017 §3 (the flow).

import { integrate, ODE_DONE, ODE_INTERRUPTED, ODE_MAX_STEPS, ODE_STEP_TOO_SMALL, ODE_STOPPED } from '../../src/kernels/ode/control';
import { dgemm, dgemmWorkSize } from '../blas/blas';
import { FLOW3_WORK, flow3, flow3SetObservations } from '../grid/flow3';
import { tick } from '../host';
import { norm2 } from '../ode/stages';
import { STATS_LEN, STIFF_NONE, STIFF_RKC, STIFF_RODAS, Stepper, stepperWorkSize } from '../ode/stepper';
import { OP_ENTRY, gradFactored, opA, opAdjoint, opApply, opB, opKind, opM, opN, sensingWorkSize } from '../operators/sensing';
import { capStatus, convergedOrGoOn, S_CONVERGED, S_DIVERGED, S_INTERRUPTED, S_MAX_ITER, S_STEP_TOO_SMALL, S_TMAX, Settle } from './status';

/** The largest n·d for which stiff tails get Rodas5P steps (a dense n·d × n·d Jacobian and LU per step); RKC beyond. */
export const STIFF_MAX_DIM: i32 = 100;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/**
 * du := −∇L(U) for an operator in wasm memory, and its Jacobian. Stop rule (status.ts): L ≤ ltol, or — the data
 * fitted, L ≤ fitLoss — ‖∇L‖_F ≤ gtol or tr X settled over a doubling of t. Near the saddle U = 0 the gradient is
 * small too (‖∇L(U0)‖ ≈ ‖A*(y)‖·‖U0‖): a tiny initialization must not count as convergence, hence the fit.
 */
class FlowRhs {
  op: usize = 0; y: usize = 0; d: i32 = 0; r: usize = 0; inner: usize = 0;
  nd: i32 = 0;
  ltol: f64 = 0.0; gtol: f64 = 0.0; fitLoss: f64 = 0.0;
  settle: Settle = new Settle();
  // loss, ‖∇L‖_F and tr X at the last evaluation made with `last` set
  loss: f64 = Infinity; grad: f64 = Infinity; trace: f64 = 0.0;
  // the Jacobian's scratch: X and Z (n² each), M and Y (n² each), s (m)
  jw: usize = 0;

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
      let tr = 0.0;
      for (let i = 0; i < this.nd; i++) tr += ld(u, i) * ld(u, i);
      this.trace = tr;
    }
  }

  /**
   * J = ∂f/∂U column by column: for Δ = e_a e_bᵀ, J·vec(Δ) = −ZΔ − A*(A(ΔUᵀ + UΔᵀ))U with Z = A*(A(UUᵀ) − y) —
   * the exact directional derivative through the operator's own apply and adjoint (no differencing).
   */
  jacobian(t: f64, u: usize, jac: usize): void {
    const op = this.op, n = opN(op), m = opM(op), d = this.d, nd = this.nd;
    const nn = n * n;
    const X = this.jw, Z = X + (<usize>nn << 3), M = Z + (<usize>nn << 3), Y = M + (<usize>nn << 3);
    const s = Y + (<usize>nn << 3), gw = s + (<usize>(m + 1) << 3);
    // Z = A*(A(UUᵀ) − y)
    dgemm(0, 1, n, n, d, 1.0, u, d, u, d, 0.0, X, n, gw);
    opApply(op, X, s, this.inner);
    for (let i = 0; i < m; i++) st(s, i, ld(s, i) - ld(this.y, i));
    opAdjoint(op, s, Z, this.inner);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < d; b++) {
        // M = ΔUᵀ + UΔᵀ: row a is U[:, b]ᵀ, column a is U[:, b], summed on the diagonal
        memory.fill(M, 0, <usize>nn << 3);
        for (let q = 0; q < n; q++) {
          const v = ld(u, q * d + b);
          st(M, a * n + q, ld(M, a * n + q) + v);
          st(M, q * n + a, ld(M, q * n + a) + v);
        }
        opApply(op, M, s, this.inner);
        opAdjoint(op, s, Y, this.inner);
        // column c = a·d + b of J: −(Z e_a) e_bᵀ − Y U
        const c = a * d + b;
        for (let p = 0; p < n; p++) {
          for (let q = 0; q < d; q++) {
            let v = 0.0;
            for (let l = 0; l < n; l++) v += ld(Y, p * n + l) * ld(u, l * d + q);
            if (q == b) v += ld(Z, p * n + a);
            st(jac, (p * d + q) * nd + c, -v);
          }
        }
      }
    }
  }

  fnorm(k1: usize): f64 { return norm2(this.nd, k1); }
  tick(t: f64, t0: f64, t1: f64): bool { return tick(t - t0, t1 - t0); }

  // the settle test may ask for samples closer in t than the stiff steps would take them
  maxStep(t: f64): f64 { return this.settle.maxStep(t); }

  stop(t: f64): bool {
    return convergedOrGoOn(this.loss, this.grad, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED
      || this.settle.check(t, this.trace, this.grad, this.loss <= this.fitLoss);
  }
}

const flowStepper = new Stepper<FlowRhs>(new FlowRhs());

// the stiff method for an n×d flow: Rodas5P where the dense Jacobian is affordable, RKC beyond
function stiffFor(n: i32, d: i32, stiff: i32): i32 {
  return stiff == 0 ? STIFF_NONE : n * d <= STIFF_MAX_DIM ? STIFF_RODAS : STIFF_RKC;
}

/** Doubles of workspace gradientFlow needs (stiff = 1: room for Rodas steps where n·d allows them). */
export function gradientFlowWorkSize(n: i32, d: i32, m: i32, stiff: i32): i32 {
  const st = stiffFor(n, d, stiff);
  const jac = st == STIFF_RODAS ? 4 * n * n + m + 1 + dgemmWorkSize() + 16 : 0;
  return m + 1 + max(stepperWorkSize(n * d, st), FLOW3_WORK) + sensingWorkSize(n, d) + jac + 16;
}

/**
 * Integrate U̇ = −∇L(U) from U (n×d, in place) with the step control (rtol, atol; Rodas5P in stiff stretches when
 * stiff = 1 and n·d ≤ STIFF_MAX_DIM) until the rule of status.ts stops it (fitLoss = ¼(fitTol·‖y‖)², qtol the settle
 * tolerance, 0: off), t = tMax (S_TMAX, or S_STATIONARY at an unfitted point with ‖∇L‖ ≤ gtol), maxSteps
 * (S_MAX_ITER), a vanishing step (S_STEP_TOO_SMALL), a non-finite state (S_DIVERGED) or the host's tick
 * (S_INTERRUPTED). Snapshots of U at the times tEval (nEval) go to uEval (nEval × n·d).
 * stats: the stepper's STATS_LEN doubles, then [STATS_LEN] = L at the end; [5] is ‖∇L‖_F at the end.
 */
export function gradientFlow(
  op: usize, y: usize, u: usize, d: i32, tMax: f64, rtol: f64, atol: f64, gtol: f64, ltol: f64, fitLoss: f64, qtol: f64,
  stiff: i32, maxSteps: i32, tEval: usize, nEval: i32, uEval: usize, stats: usize, work: usize, normControl: i32,
): i32 {
  const n = opN(op), m = opM(op);
  const nd = n * d;
  const st_ = stiffFor(n, d, stiff);
  const r = work;
  const rkw = r + (<usize>(m + 1 + ((m + 1) & 1)) << 3);
  const opw = rkw + (<usize>(max(stepperWorkSize(nd, st_), FLOW3_WORK) + 1) << 3);
  const jw = opw + (<usize>(sensingWorkSize(n, d) + 1) << 3);
  let code: f64;
  if (nEval == 0 && opKind(op) == OP_ENTRY && n == 3 && m == 4 && d == 3) {
    // a 3×3 completion with four observations (the grid's case): the specialised right-hand side, same arithmetic
    const rows = opA(op), cols = opB(op);
    flow3SetObservations(
      load<i32>(rows), load<i32>(cols), ld(y, 0), load<i32>(rows, 4), load<i32>(cols, 4), ld(y, 1),
      load<i32>(rows, 8), load<i32>(cols, 8), ld(y, 2), load<i32>(rows, 12), load<i32>(cols, 12), ld(y, 3),
    );
    code = <f64>flow3(u, tMax, rtol, atol, maxSteps, gtol, ltol, fitLoss, qtol, stiff != 0, stats, rkw, normControl != 0);
  } else {
    const f = flowStepper.rhs;
    f.op = op; f.y = y; f.d = d; f.r = r; f.inner = opw; f.jw = jw; f.nd = nd; f.ltol = ltol; f.gtol = gtol; f.fitLoss = fitLoss;
    f.loss = Infinity; f.grad = Infinity;
    f.settle.reset(qtol);
    flowStepper.bind(u, rkw, tEval, nEval, uEval, stats, st_, normControl != 0);
    code = integrate(flowStepper, 0.0, tMax, rtol, atol, 0.0, 0.0, <f64>maxSteps, 0.0);
  }
  // the loss and gradient norm at the final state (re-evaluated: exact for whatever stopped the run)
  const g = rkw; // stage buffer k1 is free now
  st(stats, STATS_LEN, gradFactored(op, y, u, d, r, g, opw));
  let g2 = 0.0;
  for (let i = 0; i < nd; i++) g2 += ld(g, i) * ld(g, i);
  const gn = sqrt<f64>(g2);
  st(stats, 5, gn);
  if (code == ODE_STOPPED) return S_CONVERGED;
  if (code == ODE_DONE) return capStatus(S_TMAX, gn, gtol);
  if (code == ODE_MAX_STEPS) return capStatus(S_MAX_ITER, gn, gtol);
  if (code == ODE_INTERRUPTED) return S_INTERRUPTED;
  if (code == ODE_STEP_TOO_SMALL) return S_STEP_TOO_SMALL;
  return S_DIVERGED;
}
