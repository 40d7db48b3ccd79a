// A system for the portable Dormand–Prince control (src/kernels/ode/dopri.ts): the stage buffers in wasm memory and a
// right-hand side R, a class resolved statically (no indirect call unless R makes one itself). R supplies:
//   dim(): i32                              the dimension n (a constant for fixed-size systems: loops then unroll)
//   eval(t, y, dy, last): void              dy := f(t, y); `last` marks the evaluation at the accepted candidate ŷ
//   fnorm(k1): f64                          ‖f(t, y)‖₂ of the current stage k1
//   stop(): bool                            its own stop rule, asked after each accepted step
//   tick(t, t0, t1): bool                   progress; true stops the run (the host's tick, or false where a run is
//                                           bounded by its caller, as the grid's flows are)
// Statistics land at `stats`: [t, steps, rejected, nfev, h, ‖f‖₂] (STATS_LEN doubles).

import { DopriSystem } from '../../src/kernels/ode/dopri';
import {
  copyVec, eulerProbe, rmsScaled, rmsScaledDiff, scaledError, spacing, stage2, stage3, stage4, stage5, stage6, stage7,
} from './stages';
import { C2, C3, C4, C5 } from '../../src/kernels/ode/dopri';

export const ST_T: i32 = 0, ST_STEPS: i32 = 1, ST_REJECTED: i32 = 2, ST_NFEV: i32 = 3, ST_H: i32 = 4, ST_FNORM: i32 = 5;
export const STATS_LEN: i32 = 6;

/** Doubles of workspace a Stepper of dimension n needs: seven stages, ŷ, a stage argument and the error. */
export function stepperWorkSize(n: i32): i32 {
  return 10 * (n + 1);
}

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

export class Stepper<R> implements DopriSystem {
  y: usize = 0;
  k1: usize = 0; k2: usize = 0; k3: usize = 0; k4: usize = 0; k5: usize = 0; k6: usize = 0; k7: usize = 0;
  yn: usize = 0; ys: usize = 0; er: usize = 0;
  tEval: usize = 0; nEval: i32 = 0; yEval: usize = 0;
  stats: usize = 0;

  constructor(public rhs: R) {}

  /** Point the stepper at y (updated in place), its workspace (stepperWorkSize doubles), outputs and stats. */
  bind(y: usize, work: usize, tEval: usize, nEval: i32, yEval: usize, stats: usize): void {
    // @ts-ignore: R is resolved at instantiation
    const nb = <usize>this.rhs.dim() << 3;
    // 16-byte aligned stage buffers (work is), each padded to an even number of doubles
    const stride = (nb + 15) & ~(<usize>15);
    this.y = y;
    this.k1 = work; this.k2 = work + stride; this.k3 = this.k2 + stride; this.k4 = this.k3 + stride;
    this.k5 = this.k4 + stride; this.k6 = this.k5 + stride; this.k7 = this.k6 + stride;
    this.yn = this.k7 + stride; this.ys = this.yn + stride; this.er = this.ys + stride;
    this.tEval = tEval; this.nEval = nEval; this.yEval = yEval;
    this.stats = stats;
  }

  first(t: f64): void {
    // @ts-ignore
    this.rhs.eval(t, this.y, this.k1, true);
  }

  rmsY(rtol: f64, atol: f64): f64 {
    // @ts-ignore
    return rmsScaled(this.rhs.dim(), this.y, this.y, rtol, atol);
  }

  rmsF(rtol: f64, atol: f64): f64 {
    // @ts-ignore
    return rmsScaled(this.rhs.dim(), this.k1, this.y, rtol, atol);
  }

  probe(t: f64, hd: f64, rtol: f64, atol: f64): f64 {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    eulerProbe(n, this.yn, this.y, hd, this.k1);
    // @ts-ignore
    this.rhs.eval(t + hd, this.yn, this.k2, false);
    return rmsScaledDiff(n, this.k2, this.k1, this.y, rtol, atol);
  }

  // @ts-ignore: decorator
  @inline trial(t: f64, hd: f64, tNew: f64, rtol: f64, atol: f64): f64 {
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
    return scaledError(n, y, yn, hd, k1, k3, k4, k5, k6, k7, this.er, rtol, atol);
  }

  // @ts-ignore: decorator
  @inline accept(): void {
    // @ts-ignore
    const n: i32 = this.rhs.dim();
    copyVec(n, this.y, this.yn);
    copyVec(n, this.k1, this.k7); // FSAL
  }

  fnorm(): f64 {
    // @ts-ignore
    return this.rhs.fnorm(this.k1);
  }

  stop(): bool {
    // @ts-ignore
    return this.rhs.stop();
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
    st(s, ST_FNORM, fnorm);
  }
}
