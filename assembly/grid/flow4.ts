// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of a 4×4 completion instance (k ≤ 10 observed entries, U ∈ R^{4×4}) as a
// right-hand side for the one step control (src/kernels/ode/control.ts through assembly/ode/stepper.ts): Dormand–Prince,
// Rodas5P with this analytic Jacobian in the stiff tail — the census's 4×4 flows (assembly/grid/census.ts), as
// assembly/grid/flow3.ts is the 3×3 grid's. Specialised to n = 4: the dimension is the constant 16 (the stage loops
// compile with constant bounds) and a row of U is exactly two f64x2 lanes, at byte offset 32·row.
// The arithmetic is the general entry-operator flow's (assembly/solvers/flows.ts) up to the order of the sums inside
// a row product (lanes (0, 2) and (1, 3) first), so both follow the same trajectory to rounding
// (test/grid/census.test.ts compares them).

import { integrate } from '../../src/kernels/ode/control';
import { addObservationJacobian } from './completion-jacobian';
import { STIFF_NONE, STIFF_RODAS, Stepper, stepperWorkSize } from '../ode/stepper';
import { convergedOrGoOn, S_CONVERGED, Settle } from '../solvers/status';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** The most observations a 4×4 instance has (every entry of the upper triangle). */
export const FLOW4_MAX_OBS: i32 = 10;

// one observation: r = u_j·u_k − y; du_j −= r u_j (j = k), or du_j −= ½r u_k and du_k −= ½r u_j. Rows at 32·row.
// @ts-ignore: decorator
@inline function observe4(u: usize, du: usize, oj: usize, ok: usize, y: f64): f64 {
  const aj0 = v128.load(u + oj), aj1 = v128.load(u + oj, 16);
  const ak0 = v128.load(u + ok), ak1 = v128.load(u + ok, 16);
  const p = f64x2.add(f64x2.mul(aj0, ak0), f64x2.mul(aj1, ak1));
  const r = f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1) - y;
  if (oj == ok) {
    const rv = f64x2.splat(r);
    v128.store(du + oj, f64x2.sub(v128.load(du + oj), f64x2.mul(rv, aj0)));
    v128.store(du + oj, f64x2.sub(v128.load(du + oj, 16), f64x2.mul(rv, aj1)), 16);
  } else {
    const hv = f64x2.splat(0.5 * r);
    v128.store(du + oj, f64x2.sub(v128.load(du + oj), f64x2.mul(hv, ak0)));
    v128.store(du + oj, f64x2.sub(v128.load(du + oj, 16), f64x2.mul(hv, ak1)), 16);
    v128.store(du + ok, f64x2.sub(v128.load(du + ok), f64x2.mul(hv, aj0)));
    v128.store(du + ok, f64x2.sub(v128.load(du + ok, 16), f64x2.mul(hv, aj1)), 16);
  }
  return r;
}

/**
 * du := −A*(A(UUᵀ) − y)U for m ≤ 10 observed entries of a symmetric 4×4 (rows j_i, k_i as byte offsets 32·row,
 * values y_i), and its Jacobian for the stiff tail. Stop rule (assembly/solvers/status.ts): L ≤ ltol, or — the data
 * fitted, L ≤ fitLoss — ‖∇L‖_F ≤ gtol or tr X settled over a doubling of t.
 */
export class Completion4Rhs {
  m: i32 = 0;
  oj: StaticArray<usize> = new StaticArray<usize>(FLOW4_MAX_OBS);
  ok: StaticArray<usize> = new StaticArray<usize>(FLOW4_MAX_OBS);
  y: StaticArray<f64> = new StaticArray<f64>(FLOW4_MAX_OBS);
  // loss, ‖∇L‖_F and tr X at the last evaluation made with `last` set
  loss: f64 = 0.0;
  grad: f64 = 0.0;
  trace: f64 = 0.0;
  gtol: f64 = 0.0;
  ltol: f64 = 0.0;
  fitLoss: f64 = 0.0;
  settle: Settle = new Settle();
  gbuf: StaticArray<f64> = new StaticArray<f64>(16);

  // @ts-ignore: decorator
  @inline dim(): i32 { return 16; }

  eval(t: f64, u: usize, du: usize, last: bool): void {
    const zero = f64x2.splat(0.0);
    v128.store(du, zero); v128.store(du, zero, 16); v128.store(du, zero, 32); v128.store(du, zero, 48);
    v128.store(du, zero, 64); v128.store(du, zero, 80); v128.store(du, zero, 96); v128.store(du, zero, 112);
    let loss = 0.0;
    const m = this.m;
    for (let i = 0; i < m; i++) {
      const r = observe4(u, du, unchecked(this.oj[i]), unchecked(this.ok[i]), unchecked(this.y[i]));
      loss += r * r;
    }
    if (last) {
      this.loss = 0.25 * loss;
      let g = f64x2.splat(0.0), s = f64x2.splat(0.0);
      for (let q = 0; q < 8; q++) {
        const o = <usize>q << 4;
        const dv = v128.load(du + o), uv = v128.load(u + o);
        g = f64x2.add(g, f64x2.mul(dv, dv));
        s = f64x2.add(s, f64x2.mul(uv, uv));
      }
      this.grad = sqrt<f64>(f64x2.extract_lane(g, 0) + f64x2.extract_lane(g, 1));
      this.trace = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    }
  }

  /**
   * J = ∂f/∂U = −Z⊗I₄ − 2Σ_i g_i g_iᵀ (16×16, row-major in vec(U) = rows of U), with Z = A*(r) and g_i = vec(E_i U),
   * E_i the i-th observation's symmetric matrix: the negative Hessian of L, symmetric.
   */
  jacobian(t: f64, u: usize, jac: usize): void {
    memory.fill(jac, 0, 256 << 3);
    const m = this.m;
    for (let i = 0; i < m; i++) this.observeJac(u, jac, unchecked(this.oj[i]), unchecked(this.ok[i]), unchecked(this.y[i]));
  }

  // one observation's part of J (rows of U at byte offsets 32·row)
  // @ts-ignore: decorator
  @inline private observeJac(u: usize, jac: usize, oj: usize, ok: usize, y: f64): void {
    addObservationJacobian(4, u, jac, changetype<usize>(this.gbuf), <i32>(oj >> 5), <i32>(ok >> 5), y);
  }

  fnorm(k1: usize): f64 { return this.grad; } // k1 = the last `last` evaluation (FSAL)

  // the census's flows are bounded by tMax and maxSteps; the census asks the host once per instance instead
  tick(t: f64, t0: f64, t1: f64): bool { return false; }

  // the settle test may ask for samples closer in t than the stiff steps would take them
  maxStep(t: f64): f64 { return this.settle.maxStep(t); }

  stop(t: f64): bool {
    return convergedOrGoOn(this.loss, this.grad, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED
      || this.settle.check(t, this.trace, this.grad, this.loss <= this.fitLoss);
  }
}

const flow4Stepper = new Stepper<Completion4Rhs>(new Completion4Rhs());

/** Doubles of workspace flow4 needs: stepperWorkSize(16, STIFF_RODAS). */
export function flow4WorkSize(): i32 { return stepperWorkSize(16, STIFF_RODAS); }

/** ‖∇L‖_F at the end of the last flow4 run. */
export function flow4Grad(): f64 { return flow4Stepper.rhs.grad; }

/** L at the end of the last flow4 run. */
export function flow4Loss(): f64 { return flow4Stepper.rhs.loss; }

/** Set the instance's m ≤ 10 observations: rows, columns (m i32 each) and values (m doubles). */
export function flow4SetObservations(m: i32, rows: usize, cols: usize, y: usize): void {
  const r = flow4Stepper.rhs;
  r.m = m;
  for (let i = 0; i < m; i++) {
    unchecked(r.oj[i] = <usize>(load<i32>(rows + (<usize>i << 2)) << 5));
    unchecked(r.ok[i] = <usize>(load<i32>(cols + (<usize>i << 2)) << 5));
    unchecked(r.y[i] = ld(y, i));
  }
}

/**
 * Integrate from t = 0 (U, 16 doubles, row-major, 16-byte aligned, updated in place) until the stop rule (L ≤ ltol;
 * or, fitted — L ≤ fitLoss — ‖∇L‖_F ≤ gtol or tr X settled to qtol over a doubling of t) or t = tMax, switching to
 * Rodas5P in the stiff tail when `stiff`. Returns an ODE_* status; stats as the Stepper's (STATS_LEN doubles).
 * Observations from flow4SetObservations; work holds flow4WorkSize() doubles, 16-byte aligned.
 */
export function flow4(
  u: usize, tMax: f64, rtol: f64, atol: f64, maxSteps: i32, gtol: f64, ltol: f64, fitLoss: f64, qtol: f64, stiff: bool,
  stats: usize, work: usize,
): i32 {
  const s = flow4Stepper;
  const r = s.rhs;
  r.gtol = gtol;
  r.ltol = ltol;
  r.fitLoss = fitLoss;
  r.settle.reset(qtol);
  s.bind(u, work, 0, 0, 0, stats, stiff ? STIFF_RODAS : STIFF_NONE);
  return <i32>integrate(s, 0.0, tMax, rtol, atol, 0.0, 0.0, <f64>maxSteps, 0.0);
}
