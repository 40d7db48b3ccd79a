// y' = f(t, y) for the built-in right-hand sides (linear, logistic, diagonal, van der Pol), the whole trajectory in
// one call: the one step control (src/kernels/ode/control.ts) on a Stepper whose right-hand side is a wasm function
// (one indirect call per evaluation) — Dormand–Prince 5(4), or with `stiff` set, switching to Rodas5P (with the
// system's analytic Jacobian) while the problem is stiff. Other solvers bring their own right-hand-side classes
// (assembly/solvers/flows.ts, assembly/grid/flow3.ts).
// see: Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.4; SciPy _ivp/rk.py.

import { integrate } from '../../src/kernels/ode/control';
import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6,
  C2, C3, C4, C5, E1, E3, E4, E5, E6, E7,
} from '../../src/kernels/ode/dopri';
import { tick } from '../host';
import { norm2 } from './stages';
import { STIFF_NONE, STIFF_RODAS, Stepper, stepperWorkSize } from './stepper';

/** Right-hand side dy := f(t, y); n the dimension, ctx a pointer to the system's parameters. */
export type Rhs = (t: f64, y: usize, dy: usize, n: i32, ctx: usize) => void;
/** Its Jacobian J := ∂f/∂y (n×n row-major). */
export type Jac = (t: f64, y: usize, jac: usize, n: i32, ctx: usize) => void;

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** A right-hand side given as a wasm function and its parameters; no stop rule of its own. */
class FnRhs {
  f: Rhs = rhsDiagonal;
  j: Jac = jacDiagonal;
  ctx: usize = 0;
  n: i32 = 0;
  dim(): i32 { return this.n; }
  eval(t: f64, y: usize, dy: usize, last: bool): void { this.f(t, y, dy, this.n, this.ctx); }
  jacobian(t: f64, y: usize, jac: usize): void { this.j(t, y, jac, this.n, this.ctx); }
  fnorm(k1: usize): f64 { return norm2(this.n, k1); }
  stop(t: f64): bool { return false; }
  maxStep(t: f64): f64 { return Infinity; }
  tick(t: f64, t0: f64, t1: f64): bool { return tick(t - t0, t1 - t0); }
}

const fnStepper = new Stepper<FnRhs>(new FnRhs());

/** Doubles of workspace rk45 and rk45Step need for dimension n (stiff = 1: room for Rodas steps). */
export function rk45WorkSize(n: i32, stiff: i32): i32 {
  return stepperWorkSize(n, stiff != 0 ? STIFF_RODAS : STIFF_NONE);
}

function zeroJac(jac: usize, n: i32): void {
  memory.fill(jac, 0, <usize>(n * n) << 3);
}

/** System 0, linear: dy = M y with M n×n row-major at ctx. */
function rhsLinear(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = ctx + <usize>i * nb;
    let s0 = f64x2.splat(0.0);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(row + o), v128.load(y + o)));
    }
    let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    if (j < n) s += ld(row, j) * ld(y, j);
    st(dy, i, s);
  }
}

function jacLinear(t: f64, y: usize, jac: usize, n: i32, ctx: usize): void {
  memory.copy(jac, ctx, <usize>(n * n) << 3);
}

/** System 1, logistic: dy_i = r y_i (1 − y_i / K), ctx = [r, K]. */
function rhsLogistic(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  const r = ld(ctx, 0);
  const K = ld(ctx, 1);
  for (let i = 0; i < n; i++) {
    const v = ld(y, i);
    st(dy, i, r * v * (1.0 - v / K));
  }
}

function jacLogistic(t: f64, y: usize, jac: usize, n: i32, ctx: usize): void {
  zeroJac(jac, n);
  const r = ld(ctx, 0), K = ld(ctx, 1);
  for (let i = 0; i < n; i++) st(jac, i * n + i, r * (1.0 - 2.0 * ld(y, i) / K));
}

/** System 2, diagonal: dy = λ y componentwise with λ_i at ctx (a cheap linear test system). */
function rhsDiagonal(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  for (let i = 0; i < n; i++) st(dy, i, ld(ctx, i) * ld(y, i));
}

function jacDiagonal(t: f64, y: usize, jac: usize, n: i32, ctx: usize): void {
  zeroJac(jac, n);
  for (let i = 0; i < n; i++) st(jac, i * n + i, ld(ctx, i));
}

/**
 * System 3, van der Pol (n = 2): y1' = y2, y2' = μ((1 − y1²)y2 − y1), ctx = [μ]. For large μ its relaxation
 * oscillation alternates stiff stretches along the slow manifold with fast non-stiff jumps: the classic test of
 * switching between an explicit and a stiff method (Hairer & Wanner, Solving ODEs II, §IV.1).
 */
function rhsVanDerPol(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  const mu = ld(ctx, 0), a = ld(y, 0), b = ld(y, 1);
  st(dy, 0, b);
  st(dy, 1, mu * ((1.0 - a * a) * b - a));
}

function jacVanDerPol(t: f64, y: usize, jac: usize, n: i32, ctx: usize): void {
  const mu = ld(ctx, 0), a = ld(y, 0), b = ld(y, 1);
  st(jac, 0, 0.0); st(jac, 1, 1.0);
  st(jac, 2, mu * (-2.0 * a * b - 1.0)); st(jac, 3, mu * (1.0 - a * a));
}

export const SYSTEM_LINEAR: i32 = 0;
export const SYSTEM_LOGISTIC: i32 = 1;
export const SYSTEM_DIAGONAL: i32 = 2;
export const SYSTEM_VAN_DER_POL: i32 = 3;

// bind the stepper to a built-in system; false for an unknown id
function bindSystem(system: i32, ctx: usize, n: i32): bool {
  const r = fnStepper.rhs;
  if (system == SYSTEM_LINEAR) { r.f = rhsLinear; r.j = jacLinear; }
  else if (system == SYSTEM_LOGISTIC) { r.f = rhsLogistic; r.j = jacLogistic; }
  else if (system == SYSTEM_DIAGONAL) { r.f = rhsDiagonal; r.j = jacDiagonal; }
  else if (system == SYSTEM_VAN_DER_POL && n == 2) { r.f = rhsVanDerPol; r.j = jacVanDerPol; }
  else return false;
  r.ctx = ctx;
  r.n = n;
  return true;
}

/**
 * Integrate a built-in system (SYSTEM_*, parameters at ctx) from t0 towards t1, y (n doubles) updated in place;
 * stiff = 1 lets the stepper switch to Rodas5P while the problem is stiff (workspace rk45WorkSize(n, 1)).
 * h0 ≤ 0: Hairer's starting step; hmax ≤ 0: |t1 − t0|. Output times tEval (nEval, monotone towards t1; steps land on
 * them) fill rows of yEval. ftol > 0 stops once ‖f(t, y)‖₂ ≤ ftol. stats receives STATS_LEN doubles (stepper.ts).
 * Returns an ODE_* status (src/kernels/ode/control.ts), or −100 for an unknown system id.
 */
export function rk45(
  system: i32, ctx: usize, n: i32, y: usize, t0: f64, t1: f64, rtol: f64, atol: f64,
  h0: f64, hmax: f64, maxSteps: i32, ftol: f64, stiff: i32,
  tEval: usize, nEval: i32, yEval: usize, stats: usize, work: usize,
): i32 {
  if (!bindSystem(system, ctx, n)) return -100;
  fnStepper.bind(y, work, tEval, nEval, yEval, stats, stiff != 0 ? STIFF_RODAS : STIFF_NONE);
  return <i32>integrate(fnStepper, t0, t1, rtol, atol, h0, hmax, <f64>maxSteps, ftol);
}

/**
 * One Dormand–Prince step of size h from (t, y) on a built-in system, without control: the 5th-order solution to
 * yNew and the embedded error estimate ŷ5 − ŷ4 to err (the controller's own trial, with its error scale set to 1).
 */
export function rk45Step(system: i32, ctx: usize, n: i32, t: f64, y: usize, h: f64, yNew: usize, err: usize, work: usize): void {
  if (!bindSystem(system, ctx, n)) return;
  fnStepper.bind(y, work, 0, 0, 0, 0, STIFF_NONE);
  fnStepper.first(t);
  fnStepper.trial(t, h, t + h, 0.0, 1.0); // atol + rtol·max(|y|, |ŷ|) = 1: er holds err itself
  memory.copy(yNew, fnStepper.yn, <usize>n << 3);
  memory.copy(err, fnStepper.er, <usize>n << 3);
}

/** The tableau as doubles for tests: [C2..C5, A21.., B1,B3..B6, E1,E3..E7] in declaration order. */
export function rk45Tableau(out: usize): void {
  const vals: StaticArray<f64> = [
    C2, C3, C4, C5,
    A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65,
    B1, B3, B4, B5, B6,
    E1, E3, E4, E5, E6, E7,
  ];
  for (let i = 0; i < vals.length; i++) st(out, i, vals[i]);
}
