// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of a 3×3 completion instance (four observed entries) as a right-hand side
// for the one Dormand–Prince control (src/kernels/ode/dopri.ts through assembly/ode/stepper.ts). Specialised to this
// system: the dimension is the constant 9 (the stage loops compile with constant bounds), U's rows live in f64x2
// lanes (columns 0–1) plus a scalar (column 2), and the loss and ‖∇L‖ are computed only where the stop rule reads
// them. The arithmetic is that of the general entry-operator flow (assembly/solvers/flows.ts) — the same operations in
// the same order, lane by lane — so both take the same steps (test/grid/grid3.test.ts compares them bit for bit).
// Why specialise: the grid makes ~2·10⁹ right-hand-side evaluations, and the general path's indirect calls, i32
// decoding of the observations and 9-iteration loops cost more than the flops.

import { integrate } from '../../src/kernels/ode/control';
import { addObservationJacobian } from './completion-jacobian';
import { nmadd } from '../simd';
import { STIFF_NONE, STIFF_RODAS, Stepper } from '../ode/stepper';
import { convergedOrGoOn, S_CONVERGED, Settle } from '../solvers/status';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// one observation's contribution, accumulated in du: r = u_j·u_k − y; du_j −= r u_j (j = k), or du_j −= ½r u_k and
// du_k −= ½r u_j. A row is an f64x2 (columns 0–1) at byte offset 24·row and a scalar (column 2) at 24·row + 16.
// @ts-ignore: decorator
@inline function observe(u: usize, du: usize, oj: usize, ok: usize, y: f64): f64 {
  const aj = v128.load(u + oj), ak = v128.load(u + ok);
  const cj = load<f64>(u + oj, 16), ck = load<f64>(u + ok, 16);
  const p = f64x2.mul(aj, ak);
  const r = f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1) + cj * ck - y;
  if (oj == ok) {
    v128.store(du + oj, nmadd(f64x2.splat(r), aj, v128.load(du + oj)));
    store<f64>(du + oj, load<f64>(du + oj, 16) - r * cj, 16);
  } else {
    const h = 0.5 * r;
    const hv = f64x2.splat(h);
    v128.store(du + oj, nmadd(hv, ak, v128.load(du + oj)));
    store<f64>(du + oj, load<f64>(du + oj, 16) - h * ck, 16);
    v128.store(du + ok, nmadd(hv, aj, v128.load(du + ok)));
    store<f64>(du + ok, load<f64>(du + ok, 16) - h * cj, 16);
  }
  return r;
}

/**
 * du := −A*(A(UUᵀ) − y)U for four observed entries (rows j_i, k_i as byte offsets 24·row, values y_i), and its
 * Jacobian for the stiff tail. Stop rule (assembly/solvers/status.ts): L ≤ ltol, or — the data fitted, L ≤ fitLoss —
 * ‖∇L‖_F ≤ gtol or tr X settled over a doubling of t.
 */
export class Completion3Rhs {
  oj0: usize = 0; ok0: usize = 0; oj1: usize = 0; ok1: usize = 0; oj2: usize = 0; ok2: usize = 0; oj3: usize = 0; ok3: usize = 0;
  y0: f64 = 0.0; y1: f64 = 0.0; y2: f64 = 0.0; y3: f64 = 0.0;
  // loss, ‖∇L‖_F and tr X at the last evaluation made with `last` set
  loss: f64 = 0.0;
  grad: f64 = 0.0;
  trace: f64 = 0.0;
  gtol: f64 = 0.0;
  ltol: f64 = 0.0;
  fitLoss: f64 = 0.0;
  settle: Settle = new Settle();

  // @ts-ignore: decorator
  @inline dim(): i32 { return 9; }

  eval(t: f64, u: usize, du: usize, last: bool): void {
    const zero = f64x2.splat(0.0);
    v128.store(du, zero); v128.store(du, zero, 16); v128.store(du, zero, 32); v128.store(du, zero, 48);
    st(du, 8, 0.0);
    const r0 = observe(u, du, this.oj0, this.ok0, this.y0);
    const r1 = observe(u, du, this.oj1, this.ok1, this.y1);
    const r2 = observe(u, du, this.oj2, this.ok2, this.y2);
    const r3 = observe(u, du, this.oj3, this.ok3, this.y3);
    if (last) {
      let loss = 0.0;
      loss += r0 * r0; loss += r1 * r1; loss += r2 * r2; loss += r3 * r3;
      this.loss = 0.25 * loss;
      let g2 = 0.0;
      for (let q = 0; q < 9; q++) g2 += ld(du, q) * ld(du, q);
      this.grad = sqrt<f64>(g2);
      let tr = 0.0;
      for (let q = 0; q < 9; q++) tr += ld(u, q) * ld(u, q);
      this.trace = tr;
    }
  }

  /**
   * J = ∂f/∂U = −Z⊗I₃ − 2Σ_i g_i g_iᵀ (9×9, row-major in vec(U) = rows of U), with Z = A*(r) and g_i = vec(E_i U),
   * E_i the i-th observation's symmetric matrix: the negative Hessian of L, symmetric.
   */
  jacobian(t: f64, u: usize, jac: usize): void {
    memory.fill(jac, 0, 81 << 3);
    this.observeJac(u, jac, this.oj0, this.ok0, this.y0);
    this.observeJac(u, jac, this.oj1, this.ok1, this.y1);
    this.observeJac(u, jac, this.oj2, this.ok2, this.y2);
    this.observeJac(u, jac, this.oj3, this.ok3, this.y3);
  }

  // one observation's part of J (rows of U at byte offsets 24·row)
  // @ts-ignore: decorator
  @inline private observeJac(u: usize, jac: usize, oj: usize, ok: usize, y: f64): void {
    addObservationJacobian(3, u, jac, changetype<usize>(this.gbuf), <i32>(oj / 24), <i32>(ok / 24), y);
  }
  gbuf: StaticArray<f64> = new StaticArray<f64>(9);

  fnorm(k1: usize): f64 { return this.grad; } // k1 = the last `last` evaluation (FSAL)

  // the grid's flows are bounded by tMax and maxSteps; the grid asks the host once per instance instead
  tick(t: f64, t0: f64, t1: f64): bool { return false; }

  // the settle test may ask for samples closer in t than the stiff steps would take them
  maxStep(t: f64): f64 { return this.settle.maxStep(t); }

  stop(t: f64): bool {
    return convergedOrGoOn(this.loss, this.grad, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED
      || this.settle.check(t, this.trace, this.grad, this.loss <= this.fitLoss);
  }
}

const flow3Stepper = new Stepper<Completion3Rhs>(new Completion3Rhs());

/** Doubles of workspace flow3 needs: stepperWorkSize(9, STIFF_RODAS) (gemm's workspace unused at n = 9). */
export const FLOW3_WORK: i32 = 110 + 3 * 81 + 4;

/** ‖∇L‖_F at the end of the last flow3 run. */
export function flow3Grad(): f64 { return flow3Stepper.rhs.grad; }

/** Set the instance's four observations (rows, columns, values). */
export function flow3SetObservations(j0: i32, k0: i32, v0: f64, j1: i32, k1: i32, v1: f64, j2: i32, k2: i32, v2: f64, j3: i32, k3: i32, v3: f64): void {
  const r = flow3Stepper.rhs;
  r.oj0 = <usize>(24 * j0); r.ok0 = <usize>(24 * k0); r.y0 = v0;
  r.oj1 = <usize>(24 * j1); r.ok1 = <usize>(24 * k1); r.y1 = v1;
  r.oj2 = <usize>(24 * j2); r.ok2 = <usize>(24 * k2); r.y2 = v2;
  r.oj3 = <usize>(24 * j3); r.ok3 = <usize>(24 * k3); r.y3 = v3;
}

/**
 * Integrate from t = 0 (U, 9 doubles, updated in place) until the stop rule (L ≤ ltol; or, fitted — L ≤ fitLoss —
 * ‖∇L‖_F ≤ gtol or tr X settled to qtol over a doubling of t) or t = tMax, switching to Rodas5P in the stiff tail when
 * `stiff`; the error norm per component, or on the whole of U with `normControl` (see Stepper). Returns an ODE_* status; stats as the Stepper's (STATS_LEN doubles); the loss and ‖∇L‖ at the end in
 * flow3Loss(), flow3Grad(). Observations from flow3SetObservations; work holds FLOW3_WORK doubles.
 */
export function flow3(
  u: usize, tMax: f64, rtol: f64, atol: f64, maxSteps: i32, gtol: f64, ltol: f64, fitLoss: f64, qtol: f64, stiff: bool,
  stats: usize, work: usize, normControl: bool = false,
): i32 {
  const s = flow3Stepper;
  const r = s.rhs;
  r.gtol = gtol;
  r.ltol = ltol;
  r.fitLoss = fitLoss;
  r.settle.reset(qtol);
  s.bind(u, work, 0, 0, 0, stats, stiff ? STIFF_RODAS : STIFF_NONE, normControl);
  return <i32>integrate(s, 0.0, tMax, rtol, atol, 0.0, 0.0, <f64>maxSteps, 0.0);
}

/** L at the end of the last flow3 run. */
export function flow3Loss(): f64 { return flow3Stepper.rhs.loss; }
