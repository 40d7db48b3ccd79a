// A system for the one step control (src/kernels/ode/control.ts): the stage buffers in wasm memory and a right-hand
// side R, a class resolved statically (no indirect call unless R makes one itself). It steps with Dormand–Prince 5(4)
// and, when allowed, switches while the problem is stiff to a stiff method — Rodas5P with R's Jacobian
// (assembly/ode/rodas.ts) for small systems, or, where a dense Jacobian costs too much, RKC (assembly/ode/rkc.ts), the
// damped Runge–Kutta–Chebyshev method whose stability interval grows with the square of its stage count:
//   DP → stiff: Hairer's stiffness detection for DOPRI5 — hλ ≈ h‖k7 − k6‖/‖ŷ − y6‖ > 3.0 (a step pinned near the edge
//               of the explicit stability region, −3.31 on the real axis; Hairer's 3.25, see STIFF_HLAMBDA) on 15 accepted steps not separated by 6 non-stiff ones in a row;
//   stiff → DP: h·ρ < 2 on 15 accepted steps in a row, ρ = ‖J‖_∞ (Rodas) or the spectral radius (RKC): the explicit
//               method would be stable at that step and costs less per step.
// R supplies:
//   dim(): i32                              the dimension n (a constant for fixed-size systems: loops then unroll)
//   eval(t, y, dy, last): void              dy := f(t, y); `last` marks the evaluation at an accepted ŷ
//   jacobian(t, y, J): void                 J := ∂f/∂y at y (n×n row-major); only called when stiff steps are allowed
//   fnorm(k1): f64                          ‖f(t, y)‖₂ of the current stage k1
//   stop(t): bool                           its own stop rule, asked after each accepted step
//   maxStep(t): f64                         the largest next step it allows (∞: none; the flows' settle test may ask
//                                           for closer samples)
//   tick(t, t0, t1): bool                   progress; true stops the run (the host's tick, or false where a run is
//                                           bounded by its caller, as the grid's flows are)
// Error norm: per component, or with `normControl` the whole vector against atol + rtol·rms(y) (see the field).
// Statistics land at `stats`: [t, steps, rejected, nfev, h, ‖f‖₂, Jacobians, switches to Rodas, switches back].

import { OdeSystem } from '../../src/kernels/ode/control';
import { C2, C3, C4, C5 } from '../../src/kernels/ode/dopri';
import { dgemmWorkSize } from '../blas/blas';
import { madd } from '../simd';
import { dgemvRows, gaussJordanSmall, luSolveAugmented } from '../blas/lu';
import {
  RA21, RA31, RA32, RA41, RA42, RA43, RA51, RA52, RA53, RA54, RA61, RA62, RA63, RA64, RA65, RC2, RC3, RC4, RC5,
  RC21, RC31, RC32, RC41, RC42, RC43, RC51, RC52, RC53, RC54, RC61, RC62, RC63, RC64, RC65, RC71, RC72, RC73, RC74, RC75,
  RC76, RC81, RC82, RC83, RC84, RC85, RC86, RC87, RODAS_GAMMA,
} from './rodas';
import { RKC_EPS, RKC_MAX_STAGES, rkcStages } from './rkc';
import {
  copyVec, eulerProbe, rms, rmsScaled, rmsScaledDiff, scaledError, spacing, stage2, stage3, stage4, stage5, stage6, stage7,
} from './stages';

export const ST_T: i32 = 0, ST_STEPS: i32 = 1, ST_REJECTED: i32 = 2, ST_NFEV: i32 = 3, ST_H: i32 = 4, ST_FNORM: i32 = 5;
export const ST_NJEV: i32 = 6, ST_TO_STIFF: i32 = 7, ST_TO_NONSTIFF: i32 = 8;
export const STATS_LEN: i32 = 9;

/** Stiff methods a Stepper may switch to. */
export const STIFF_NONE: i32 = 0, STIFF_RODAS: i32 = 1, STIFF_RKC: i32 = 2;
const MODE_DP: i32 = 0;

const DP_EXPONENT: f64 = -1.0 / 5.0; // −1/(q+1), q = 4 the order of Dormand–Prince's error estimate
const RKC_EXPONENT: f64 = -1.0 / 3.0; // RKC's estimate is O(h³)
const RKC_MAX_FACTOR: f64 = 10.0;
const RHO_EVERY: i32 = 25; // accepted RKC steps between spectral-radius estimates (as rkc.f)

const DP_MAX_FACTOR: f64 = 10.0;
const RODAS_EXPONENT: f64 = -1.0 / 5.0; // q = 4, Rodas5P's embedded order
const RODAS_MAX_FACTOR: f64 = 6.0; // rodas.f's default bound on h_new/h
// W⁻¹ by Gauss–Jordan up to this order, by the blocked LU beyond. Measured (Node 20, this machine): at n = 9 the slowest
// default 3×3 flow of the sample in bench/solvers/flow3-defaults.ts took 1.12 ms against 1.23 ms with the LU; at n = 16
// the census's k = 6 flows 59.8–61.2 s against 61.4–61.7 s (the same within noise).
const GAUSS_JORDAN_MAX_N: i32 = 16;
// stiffness detection (Hairer, Solving ODEs I, §IV.10 "stiffness detection" for DOPRI5): thresholds and run lengths
// Hairer's dopri5 uses 3.25 with its PI-stabilised controller; this control's steps, held at the stability limit,
// settle at hλ ≈ 3.1–3.2 (measured on 3×3 flows: 1 400 stability-limited steps at 3.0–3.22 without a switch), where an
// accepted step damps the stiff mode by only |R(−3)| ≈ 0.57. At 3.0, on the 600 seeded default flows of
// bench/solvers/flow3-defaults.ts: the longest run 1 675 steps instead of 2 391, the same errors against a
// gradient-stopped rtol 1e-12 reference; the 3×3 grid 10 % fewer evaluations, Δ the same to 8e-9.
const STIFF_HLAMBDA: f64 = 3.0;
const NONSTIFF_HNORM: f64 = 2.0;
const SWITCH_RUN: i32 = 15;
const CALM_RUN: i32 = 6;

/** Doubles of workspace a Stepper of dimension n needs: eleven vectors, and J and [W | W⁻¹] for Rodas steps. */
export function stepperWorkSize(n: i32, stiff: i32): i32 {
  const v = 11 * (n + 1);
  return stiff == STIFF_RODAS ? v + 3 * n * n + dgemmWorkSize() + 4 : v;
}

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

// dst := base + scale·(c1·K1 + … + cm·Km) on f64x2 lanes (a Rosenbrock stage's argument or right-hand side); m is a
// literal at every call, so the unused terms fold away
// @ts-ignore: decorator
@inline function combo(
  n: i32, dst: usize, base: usize, scale: f64, m: i32, c1: f64, K1: usize, c2: f64, K2: usize, c3: f64, K3: usize,
  c4: f64, K4: usize, c5: f64, K5: usize, c6: f64, K6: usize, c7: f64, K7: usize,
): void {
  const sv = f64x2.splat(scale);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let a = f64x2.mul(f64x2.splat(c1), v128.load(K1 + o));
    if (m > 1) a = madd(f64x2.splat(c2), v128.load(K2 + o), a);
    if (m > 2) a = madd(f64x2.splat(c3), v128.load(K3 + o), a);
    if (m > 3) a = madd(f64x2.splat(c4), v128.load(K4 + o), a);
    if (m > 4) a = madd(f64x2.splat(c5), v128.load(K5 + o), a);
    if (m > 5) a = madd(f64x2.splat(c6), v128.load(K6 + o), a);
    if (m > 6) a = madd(f64x2.splat(c7), v128.load(K7 + o), a);
    v128.store(dst + o, madd(sv, a, v128.load(base + o)));
  }
  if (i < n) {
    let a = c1 * ld(K1, i);
    if (m > 1) a += c2 * ld(K2, i);
    if (m > 2) a += c3 * ld(K3, i);
    if (m > 3) a += c4 * ld(K4, i);
    if (m > 4) a += c5 * ld(K5, i);
    if (m > 5) a += c6 * ld(K6, i);
    if (m > 6) a += c7 * ld(K7, i);
    st(dst, i, ld(base, i) + scale * a);
  }
}

export class Stepper<R> implements OdeSystem {
  y: usize = 0;
  k1: usize = 0; k2: usize = 0; k3: usize = 0; k4: usize = 0; k5: usize = 0; k6: usize = 0; k7: usize = 0;
  yn: usize = 0; ys: usize = 0; er: usize = 0;
  jac: usize = 0; w: usize = 0; gw: usize = 0;
  tEval: usize = 0; nEval: i32 = 0; yEval: usize = 0;
  stats: usize = 0;
  // the stiff method allowed (STIFF_*); the method in use (MODE_DP or a STIFF_*); the detector's run counts
  stiffKind: i32 = STIFF_NONE;
  mode: i32 = MODE_DP;
  // RKC: the spectral radius estimate, its eigenvector guess (v buffer), accepted steps since the estimate
  rho: f64 = 0.0;
  sinceRho: i32 = 0;
  vrho: usize = 0;
  run: i32 = 0; // stiff-looking steps (Dormand–Prince) or explicitly stable steps (Rodas)
  calm: i32 = 0; // consecutive non-stiff steps (Dormand–Prince)
  jacValid: bool = false;
  njev: f64 = 0.0; toStiff: f64 = 0.0; toNonstiff: f64 = 0.0;
  lastEvals: f64 = 6.0;
  jacNorm: f64 = 0.0;
  // error norm: each component against atol + rtol·|y_i| (false), or the whole vector against atol + rtol·rms(y)
  // (true: MATLAB's NormControl; invariant under orthogonal changes of basis, as U → UQ for a factored flow)
  normControl: bool = false;

  constructor(public rhs: R) {}

  /**
   * Point the stepper at y (updated in place), its workspace (stepperWorkSize(n, stiff) doubles), outputs and stats;
   * `stiff` (STIFF_*) is the stiff method it may switch to (Rodas needs R's jacobian()). Starts with Dormand–Prince.
   */
  bind(y: usize, work: usize, tEval: usize, nEval: i32, yEval: usize, stats: usize, stiff: i32, normControl: bool = false): void {
    // @ts-ignore: R is resolved at instantiation
    const n: i32 = this.rhs.dim();
    // 16-byte aligned stage buffers (work is), each padded to an even number of doubles
    const stride = ((<usize>n << 3) + 15) & ~(<usize>15);
    this.y = y;
    this.k1 = work; this.k2 = work + stride; this.k3 = this.k2 + stride; this.k4 = this.k3 + stride;
    this.k5 = this.k4 + stride; this.k6 = this.k5 + stride; this.k7 = this.k6 + stride;
    this.yn = this.k7 + stride; this.ys = this.yn + stride; this.er = this.ys + stride;
    this.vrho = this.er + stride;
    this.jac = this.vrho + stride;
    this.w = this.jac + (<usize>(n * n) << 3); // n × 2n: [W | I], then [U | W⁻¹]
    this.gw = this.w + (<usize>(2 * n * n) << 3);
    this.tEval = tEval; this.nEval = nEval; this.yEval = yEval;
    this.stats = stats;
    this.stiffKind = stiff;
    this.normControl = normControl;
    this.mode = MODE_DP;
    this.rho = 0.0;
    this.sinceRho = 0;
    this.rhoEvals = 0.0;
    // the power method's start (a previous run's eigenvector would make results depend on call history)
    if (stiff == STIFF_RKC) memory.fill(this.vrho, 0, <usize>n << 3);
    this.run = 0;
    this.calm = 0;
    this.jacValid = false;
    this.njev = 0.0; this.toStiff = 0.0; this.toNonstiff = 0.0;
  }

  first(t: f64): void {
    // @ts-ignore
    this.rhs.eval(t, this.y, this.k1, true);
  }

  rmsY(rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    if (this.normControl) { const r = rms(n, this.y); return r / (atol + rtol * r); }
    return rmsScaled(n, this.y, this.y, rtol, atol);
  }

  rmsF(rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    if (this.normControl) return rms(n, this.k1) / (atol + rtol * rms(n, this.y));
    return rmsScaled(n, this.k1, this.y, rtol, atol);
  }

  probe(t: f64, hd: f64, rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    // under norm control every component shares one scale: atol' = atol + rtol·rms(y), rtol' = 0
    if (this.normControl) { atol += rtol * rms(n, this.y); rtol = 0.0; }
    eulerProbe(n, this.yn, this.y, hd, this.k1);
    // @ts-ignore
    this.rhs.eval(t + hd, this.yn, this.k2, false);
    return rmsScaledDiff(n, this.k2, this.k1, this.y, rtol, atol);
  }

  // @ts-ignore: decorator
  @inline trial(t: f64, hd: f64, tNew: f64, rtol: f64, atol: f64): f64 {
    if (this.mode == STIFF_RODAS) return this.rodasTrial(t, hd, tNew, rtol, atol);
    if (this.mode == STIFF_RKC) return this.rkcTrial(t, hd, tNew, rtol, atol);
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    const r = this.rhs;
    const y = this.y, ys = this.ys, yn = this.yn;
    const k1 = this.k1, k2 = this.k2, k3 = this.k3, k4 = this.k4, k5 = this.k5, k6 = this.k6, k7 = this.k7;
    stage2(n, ys, y, hd, k1);
    // @ts-ignore
    r.eval(t + C2 * hd, ys, k2, false);
    stage3(n, ys, y, hd, k1, k2);
    // @ts-ignore
    r.eval(t + C3 * hd, ys, k3, false);
    stage4(n, ys, y, hd, k1, k2, k3);
    // @ts-ignore
    r.eval(t + C4 * hd, ys, k4, false);
    stage5(n, ys, y, hd, k1, k2, k3, k4);
    // @ts-ignore
    r.eval(t + C5 * hd, ys, k5, false);
    stage6(n, ys, y, hd, k1, k2, k3, k4, k5);
    // @ts-ignore
    r.eval(t + hd, ys, k6, false);
    stage7(n, yn, y, hd, k1, k3, k4, k5, k6);
    // @ts-ignore
    r.eval(tNew, yn, k7, true);
    if (this.normControl) { atol += rtol * max<f64>(rms(n, y), rms(n, yn)); rtol = 0.0; }
    return scaledError(n, y, yn, hd, k1, k3, k4, k5, k6, k7, this.er, rtol, atol);
  }

  // One Rodas5P trial from (t, y) with f(y) in k1: stages K1…K8 in k2…k7, vrho (free outside RKC) and yn; ŷ in yn,
  // the error K8 scaled. g (the er buffer) holds each stage's right-hand side.
  rodasTrial(t: f64, hd: f64, tNew: f64, rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    const r = this.rhs;
    const y = this.y, u = this.ys, g = this.er;
    const K1 = this.k2, K2 = this.k3, K3 = this.k4, K4 = this.k5, K5 = this.k6, K6 = this.k7, K7 = this.vrho, K8 = this.yn;
    this.lastEvals = 7.0;
    if (!this.factorW(t, hd)) return NaN; // W singular at this h: the control shrinks the step
    const ih = 1.0 / hd;
    this.solve(n, this.k1, K1);
    const z = 0.0;
    combo(n, u, y, 1.0, 1, RA21, K1, z, K1, z, K1, z, K1, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(t + RC2 * hd, u, g, false);
    combo(n, g, g, ih, 1, RC21, K1, z, K1, z, K1, z, K1, z, K1, z, K1, z, K1);
    this.solve(n, g, K2);
    combo(n, u, y, 1.0, 2, RA31, K1, RA32, K2, z, K1, z, K1, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(t + RC3 * hd, u, g, false);
    combo(n, g, g, ih, 2, RC31, K1, RC32, K2, z, K1, z, K1, z, K1, z, K1, z, K1);
    this.solve(n, g, K3);
    combo(n, u, y, 1.0, 3, RA41, K1, RA42, K2, RA43, K3, z, K1, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(t + RC4 * hd, u, g, false);
    combo(n, g, g, ih, 3, RC41, K1, RC42, K2, RC43, K3, z, K1, z, K1, z, K1, z, K1);
    this.solve(n, g, K4);
    combo(n, u, y, 1.0, 4, RA51, K1, RA52, K2, RA53, K3, RA54, K4, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(t + RC5 * hd, u, g, false);
    combo(n, g, g, ih, 4, RC51, K1, RC52, K2, RC53, K3, RC54, K4, z, K1, z, K1, z, K1);
    this.solve(n, g, K5);
    combo(n, u, y, 1.0, 5, RA61, K1, RA62, K2, RA63, K3, RA64, K4, RA65, K5, z, K1, z, K1);
    // @ts-ignore
    r.eval(tNew, u, g, false);
    combo(n, g, g, ih, 5, RC61, K1, RC62, K2, RC63, K3, RC64, K4, RC65, K5, z, K1, z, K1);
    this.solve(n, g, K6);
    // stages 7 and 8 at u6 + K6 and u6 + K6 + K7
    combo(n, u, u, 1.0, 1, 1.0, K6, z, K1, z, K1, z, K1, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(tNew, u, g, false);
    combo(n, g, g, ih, 6, RC71, K1, RC72, K2, RC73, K3, RC74, K4, RC75, K5, RC76, K6, z, K1);
    this.solve(n, g, K7);
    combo(n, u, u, 1.0, 1, 1.0, K7, z, K1, z, K1, z, K1, z, K1, z, K1, z, K1);
    // @ts-ignore
    r.eval(tNew, u, g, false);
    combo(n, g, g, ih, 7, RC81, K1, RC82, K2, RC83, K3, RC84, K4, RC85, K5, RC86, K6, RC87, K7);
    this.solve(n, g, K8);
    // ŷ = u + K8 into yn (= K8), the error estimate K8 into u
    for (let i = 0; i < n; i++) {
      const e = ld(K8, i);
      st(K8, i, ld(u, i) + e);
      st(u, i, e);
    }
    if (this.normControl) { atol += rtol * max<f64>(rms(n, y), rms(n, K8)); rtol = 0.0; }
    let s = 0.0;
    for (let i = 0; i < n; i++) {
      const v = ld(u, i) / (atol + rtol * max<f64>(abs<f64>(ld(y, i)), abs<f64>(ld(K8, i))));
      s += v * v;
    }
    return sqrt<f64>(s / <f64>n);
  }

  // J at (t, y) if stale (and its ∞-norm for the switch back), then [W | I] with W = I/(hγ) − J reduced to
  // [· | W⁻¹]: each stage's solve is then a matrix–vector product on f64x2 lanes, where triangular solves would be a
  // chain of dependent scalar steps. Small n: Gauss–Jordan (one f64x2 pass per row and pivot); larger n: the
  // package's blocked LU. False when W is singular.
  factorW(t: f64, hd: f64): bool {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    const fresh = !this.jacValid;
    if (fresh) {
      // @ts-ignore
      this.rhs.jacobian(t, this.y, this.jac);
      this.njev += 1.0;
      this.jacValid = true;
    }
    // [W | I] row by row in one pass, with ‖J‖_∞ (for the switch back) when J is new
    const fac = 1.0 / (hd * RODAS_GAMMA);
    const w = this.w, n2 = 2 * n;
    let big = 0.0;
    for (let i = 0; i < n; i++) {
      const row = w + (<usize>(i * n2) << 3), jrow = this.jac + (<usize>(i * n) << 3);
      let s = 0.0;
      for (let j = 0; j < n; j++) {
        const v = load<f64>(jrow + (<usize>j << 3));
        s += abs<f64>(v);
        store<f64>(row + (<usize>j << 3), -v);
        store<f64>(row + (<usize>(n + j) << 3), 0.0);
      }
      st(row, i, ld(row, i) + fac);
      st(row, n + i, 1.0);
      big = max<f64>(big, s);
    }
    if (fresh) this.jacNorm = big;
    return n <= GAUSS_JORDAN_MAX_N ? gaussJordanSmall(n, w) : luSolveAugmented(n, w, this.gw);
  }

  // K := W⁻¹·b, W⁻¹ the right half of [U | W⁻¹] (b and K distinct)
  // @ts-ignore: decorator
  @inline solve(n: i32, b: usize, K: usize): void {
    dgemvRows(n, this.w + (<usize>n << 3), 2 * n, b, K);
  }

  // One RKC trial from (t, y) with f(y) in k1: s stages sized to h·ρ, ŷ in yn, f(ŷ) in k7, the error scaled into er.
  rkcTrial(t: f64, hd: f64, tNew: f64, rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    if (this.sinceRho <= 0) this.estimateRho(t);
    // s stages make the stability interval β(s) ≈ 0.653 s² cover h·ρ (Sommeijer, Shampine & Verwer 1997, eq. (2.12))
    let s = 1 + <i32>sqrt<f64>(1.0 + 1.54 * abs<f64>(hd) * this.rho);
    if (s < 2) s = 2;
    if (s > RKC_MAX_STAGES) s = RKC_MAX_STAGES;
    this.lastEvals = <f64>s;
    rkcStages(this.rhs, n, s, RKC_EPS, t, hd, this.y, this.k1, this.yn, this.k2, this.k3, this.k4);
    // f(ŷ) for the error estimate and, if accepted, the next step's first stage
    // @ts-ignore
    this.rhs.eval(tNew, this.yn, this.k7, true);
    // est = 0.8(y − ŷ) + 0.4h(f(y) + f(ŷ)) (rkc.f), scaled as the control does
    if (this.normControl) { atol += rtol * max<f64>(rms(n, this.y), rms(n, this.yn)); rtol = 0.0; }
    let e2 = 0.0;
    for (let i = 0; i < n; i++) {
      const yi = ld(this.y, i), yn = ld(this.yn, i);
      const est = 0.8 * (yi - yn) + 0.4 * hd * (ld(this.k1, i) + ld(this.k7, i));
      const v = est / (atol + rtol * max<f64>(abs<f64>(yi), abs<f64>(yn)));
      e2 += v * v;
    }
    return sqrt<f64>(e2 / <f64>n);
  }

  // ρ(J) at y by the nonlinear power method on f (rkc.f's rkcrho): J·v ≈ (f(y + δv) − f(y))/δ, a few iterations from
  // the previous eigenvector, times 1.2 for safety. Its evaluations count as the next trial's.
  estimateRho(t: f64): void {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    const y = this.y, f0 = this.k1, v = this.vrho, fv = this.k5, z = this.k6;
    let ynrm = 0.0, vnrm = 0.0;
    for (let i = 0; i < n; i++) { ynrm += ld(y, i) * ld(y, i); vnrm += ld(v, i) * ld(v, i); }
    ynrm = sqrt<f64>(ynrm); vnrm = sqrt<f64>(vnrm);
    if (!(vnrm > 0.0) || !isFinite(vnrm)) {
      // first estimate: start from f(y) (its component along the stiffest direction dominates), else from e_1
      copyVec(n, v, f0);
      vnrm = 0.0;
      for (let i = 0; i < n; i++) vnrm += ld(v, i) * ld(v, i);
      vnrm = sqrt<f64>(vnrm);
      if (!(vnrm > 0.0)) { memory.fill(v, 0, <usize>n << 3); st(v, 0, 1.0); vnrm = 1.0; }
    }
    const dynrm = ynrm > 0.0 ? 1.4901161193847656e-8 * ynrm : 1.4901161193847656e-8; // √u·‖y‖
    let sigma = 0.0;
    let evals = 0.0;
    for (let it = 0; it < 20; it++) {
      for (let i = 0; i < n; i++) st(z, i, ld(y, i) + dynrm * ld(v, i) / vnrm);
      // @ts-ignore
      this.rhs.eval(t, z, fv, false);
      evals += 1.0;
      let dnrm = 0.0;
      for (let i = 0; i < n; i++) { const d = ld(fv, i) - ld(f0, i); st(v, i, d); dnrm += d * d; }
      dnrm = sqrt<f64>(dnrm);
      const old = sigma;
      sigma = dnrm / dynrm;
      vnrm = dnrm;
      if (!(dnrm > 0.0)) break;
      if (it >= 2 && abs<f64>(sigma - old) <= 0.01 * max<f64>(sigma, 1.0 / 1.2)) break;
    }
    this.rho = 1.2 * sigma;
    this.sinceRho = RHO_EVERY;
    this.rhoEvals += evals;
  }
  rhoEvals: f64 = 0.0;

  trialEvals(): f64 {
    if (this.mode == MODE_DP) return 6.0;
    const e = this.lastEvals + this.rhoEvals;
    this.rhoEvals = 0.0;
    return e;
  }

  errExponent(): f64 {
    return this.mode == STIFF_RODAS ? RODAS_EXPONENT : this.mode == STIFF_RKC ? RKC_EXPONENT : DP_EXPONENT;
  }

  maxFactor(): f64 {
    return this.mode == STIFF_RODAS ? RODAS_MAX_FACTOR : this.mode == STIFF_RKC ? RKC_MAX_FACTOR : DP_MAX_FACTOR;
  }

  // @ts-ignore: decorator
  @inline accept(hd: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    if (this.mode == STIFF_RODAS) {
      copyVec(n, this.y, this.yn);
      // @ts-ignore: k1 := f(ŷ), the next step's first stage (and the stop rule's loss and gradient)
      this.rhs.eval(0.0, this.y, this.k1, true);
      this.jacValid = false;
      this.backToExplicit(hd, this.jacNorm);
      return 1.0;
    }
    if (this.mode == STIFF_RKC) {
      copyVec(n, this.y, this.yn);
      copyVec(n, this.k1, this.k7); // f(ŷ) was evaluated by the trial
      this.sinceRho--;
      this.backToExplicit(hd, this.rho);
      return 0.0;
    }
    if (this.stiffKind != STIFF_NONE) {
      // Hairer's estimate of h·|λ| from the last two stages, both at t + h: ‖k7 − k6‖/‖ŷ − y6‖
      let num = 0.0, den = 0.0;
      for (let i = 0; i < n; i++) {
        const a = ld(this.k7, i) - ld(this.k6, i), b = ld(this.yn, i) - ld(this.ys, i);
        num += a * a; den += b * b;
      }
      if (den > 0.0 && abs<f64>(hd) * sqrt<f64>(num / den) > STIFF_HLAMBDA) {
        this.calm = 0;
        if (++this.run >= SWITCH_RUN) {
          this.mode = this.stiffKind; this.run = 0; this.toStiff += 1.0; this.jacValid = false; this.sinceRho = 0;
        }
      } else if (++this.calm >= CALM_RUN) this.run = 0;
    }
    copyVec(n, this.y, this.yn);
    copyVec(n, this.k1, this.k7); // FSAL
    return 0.0;
  }

  // back to Dormand–Prince once an explicit step of this size would be stable (h·ρ < 2 on SWITCH_RUN steps in a row)
  backToExplicit(hd: f64, rho: f64): void {
    if (abs<f64>(hd) * rho < NONSTIFF_HNORM) {
      if (++this.run >= SWITCH_RUN) { this.mode = MODE_DP; this.run = 0; this.calm = 0; this.toNonstiff += 1.0; }
    } else this.run = 0;
  }

  fnorm(): f64 {
    // @ts-ignore
    return this.rhs.fnorm(this.k1);
  }

  maxStep(t: f64): f64 {
    // @ts-ignore
    return this.rhs.maxStep(t);
  }

  stop(t: f64): bool {
    // @ts-ignore
    return this.rhs.stop(t);
  }

  tick(t: f64, t0: f64, t1: f64): bool {
    // @ts-ignore
    return this.rhs.tick(t, t0, t1);
  }

  spacing(t: f64): f64 {
    return spacing(t);
  }

  outputs(): f64 {
    return <f64>this.nEval;
  }

  outputTime(k: f64): f64 {
    return ld(this.tEval, <i32>k);
  }

  output(k: f64): void {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    copyVec(n, this.yEval + <usize>(<i32>k * n) * 8, this.y);
  }

  finish(t: f64, steps: f64, rejected: f64, nfev: f64, h: f64, fnorm: f64): void {
    const s = this.stats;
    st(s, ST_T, t); st(s, ST_STEPS, steps); st(s, ST_REJECTED, rejected); st(s, ST_NFEV, nfev); st(s, ST_H, h);
    st(s, ST_FNORM, fnorm); st(s, ST_NJEV, this.njev); st(s, ST_TO_STIFF, this.toStiff); st(s, ST_TO_NONSTIFF, this.toNonstiff);
  }
}
