// Plain-TypeScript twin of the wasm rk45 for any JavaScript right-hand side (the wasm kernel only integrates its
// built-in systems): the same step control and tableau — src/kernels/ode/control.ts and dopri.ts, the sources that
// AssemblyScript compiles into the wasm too — with the stage arithmetic in plain TypeScript loops on Float64Arrays.
// see: Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.4; SciPy _ivp/rk.py.
import { ImplicitRegError } from '../../core/errors.js';
import { allocF64 } from '../../core/f64pool.js';
import { checkCount, checkFinite, checkNumber, checkOptions, checkPositive, checkVector } from '../../core/validate.js';
import type { Rk45Control, Rk45Outcome, Rk45Status } from '../types.js';
import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6, C2, C3, C4, C5,
  E1, E3, E4, E5, E6, E7,
} from '../ode/dopri.js';
import { ODE_DONE, ODE_MAX_STEPS, ODE_NONFINITE, ODE_STEP_TOO_SMALL, integrate, type OdeSystem } from '../ode/control.js';

/** Right-hand side: write f(t, y) into dy (length n). `y` is scratch owned by the solver: read it, do not keep it. */
export type Rk45Rhs = (t: number, y: Float64Array, dy: Float64Array) => void;

/** Step control of `rk45Plain` (the same as `rk45`'s). */
export type Rk45PlainOptions = Rk45Control;

/** Result of `rk45Plain`: 'done', 'maxSteps', 'stepTooSmall' or 'nonFinite' (never 'ftol': no stopping test here). */
export type Rk45PlainResult = Rk45Outcome;

/**
 * Integrate y' = f(t, y) from t0 to t1 with Dormand–Prince 5(4) in plain TypeScript (the twin of `Kernels.rk45`
 * for any JavaScript f). Accept a step when RMS_i err_i/(atol + rtol·max(|y_i|, |ynew_i|)) ≤ 1; then
 * h ← h·clamp(0.9·err^(−1/5), 0.2, 10), with no growth right after a rejection.
 * @example rk45Plain((t, y, dy) => { dy[0] = -y[0]; }, [1], 0, 1, { rtol: 1e-10, atol: 1e-12 }).y // [e^-1]
 */
export function rk45Plain(f: Rk45Rhs, y0: ArrayLike<number>, t0: number, t1: number, opts: Rk45PlainOptions = {}): Rk45PlainResult {
  const fn = 'rk45Plain';
  if (typeof f !== 'function') throw new ImplicitRegError('value', `${fn}: argument f must be a function (t, y, dy) => void, got ${typeof f}`);
  checkVector(fn, 'y0', y0);
  const n = y0.length;
  if (n === 0) throw new ImplicitRegError('shape', `${fn}: argument y0 must be non-empty, got length 0`);
  checkFinite(fn, 'y0', y0);
  checkNumber(fn, 't0', t0);
  checkNumber(fn, 't1', t1);
  checkOptions(fn, 'opts', opts);
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-9;
  checkPositive(fn, 'rtol', rtol);
  checkPositive(fn, 'atol', atol);
  if (opts.h0 !== undefined) checkPositive(fn, 'h0', opts.h0);
  if (opts.hMax !== undefined) checkPositive(fn, 'hMax', opts.hMax);
  const maxSteps = opts.maxSteps === undefined ? 1_000_000 : checkCount(fn, 'maxSteps', opts.maxSteps, 1);
  const sys = new PlainSystem(f, y0);
  const code = integrate(sys, t0, t1, rtol, atol, opts.h0 ?? 0, opts.hMax ?? 0, maxSteps, 0);
  const yOut = allocF64(n);
  yOut.set(sys.y);
  return { status: STATUS.get(code) ?? 'nonFinite', t: sys.t, y: yOut, steps: sys.steps, rejected: sys.rejected, nfev: sys.nfev, h: sys.h, fNorm: sys.fNorm };
}

const STATUS = new Map<number, Rk45Status>([
  [ODE_DONE, 'done'], [ODE_MAX_STEPS, 'maxSteps'], [ODE_STEP_TOO_SMALL, 'stepTooSmall'], [ODE_NONFINITE, 'nonFinite'],
]);

// The vectors of one integration as views into one allocation, and the stage arithmetic on them (each element with
// the expression of assembly/ode/stages.ts); accepting a step swaps buffers instead of copying.
class PlainSystem implements OdeSystem {
  y: Float64Array; yn: Float64Array; k1: Float64Array; k7: Float64Array;
  readonly k2: Float64Array; readonly k3: Float64Array; readonly k4: Float64Array; readonly k5: Float64Array; readonly k6: Float64Array;
  readonly ys: Float64Array;
  t = 0; steps = 0; rejected = 0; nfev = 0; h = 0; fNorm = 0;

  constructor(private readonly f: Rk45Rhs, y0: ArrayLike<number>) {
    const n = y0.length;
    const work = allocF64(10 * n);
    const part = (i: number): Float64Array => work.subarray(i * n, (i + 1) * n);
    this.y = part(0); this.yn = part(1); this.k1 = part(2); this.k2 = part(3); this.k3 = part(4); this.k4 = part(5);
    this.k5 = part(6); this.k6 = part(7); this.k7 = part(8); this.ys = part(9);
    this.y.set(y0);
  }

  first(t: number): void { this.f(t, this.y, this.k1); }
  maxStep(): number { return Infinity; }
  rmsY(rtol: number, atol: number): number { return rmsScaled(this.y, this.y, rtol, atol); }
  rmsF(rtol: number, atol: number): number { return rmsScaled(this.k1, this.y, rtol, atol); }

  probe(t: number, hd: number, rtol: number, atol: number): number {
    const { y, yn, k1, k2 } = this;
    for (let i = 0; i < y.length; i++) yn[i] = y[i] + hd * k1[i];
    this.f(t + hd, yn, k2);
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const v = (k2[i] - k1[i]) / (atol + rtol * Math.abs(y[i]));
      s += v * v;
    }
    return Math.sqrt(s / y.length);
  }

  trial(t: number, hd: number, tNew: number, rtol: number, atol: number): number {
    const { f, y, yn, ys, k1, k2, k3, k4, k5, k6, k7 } = this;
    const n = y.length;
    for (let i = 0; i < n; i++) ys[i] = y[i] + hd * A21 * k1[i];
    f(t + C2 * hd, ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A31 * k1[i] + A32 * k2[i]);
    f(t + C3 * hd, ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(t + C4 * hd, ys, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(t + C5 * hd, ys, k5);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    f(t + hd, ys, k6);
    for (let i = 0; i < n; i++) yn[i] = y[i] + hd * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    f(tNew, yn, k7);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = hd * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const v = e / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yn[i])));
      s += v * v;
    }
    return Math.sqrt(s / n);
  }

  trialEvals(): number { return 6; }
  errExponent(): number { return -1 / 5; } // −1/(q+1), q = 4 the order of the error estimate
  maxFactor(): number { return 10; }

  accept(): number {
    [this.y, this.yn] = [this.yn, this.y];
    [this.k1, this.k7] = [this.k7, this.k1]; // FSAL
    return 0;
  }

  fnorm(): number {
    // scaled (LAPACK dnrm2 style) so that ‖f‖₂ of a large state does not overflow (the twin of assembly/ode/stages.ts norm2)
    let big = 0;
    for (const v of this.k1) big = Math.max(big, Math.abs(v));
    if (big === 0 || !Number.isFinite(big)) return big;
    let s = 0;
    for (const v of this.k1) s += (v / big) ** 2;
    return big * Math.sqrt(s);
  }

  stop(): boolean { return false; }
  tick(): boolean { return false; }
  spacing(t: number): number { return spacing(t); }
  outputs(): number { return 0; }
  outputTime(): number { return 0; }
  output(): void {}

  finish(t: number, steps: number, rejected: number, nfev: number, h: number, fNorm: number): void {
    Object.assign(this, { t, steps, rejected, nfev, h, fNorm });
  }
}

// RMS of x_i / (atol + rtol |y_i|)
function rmsScaled(x: Float64Array, y: Float64Array, rtol: number, atol: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / (atol + rtol * Math.abs(y[i]));
    s += v * v;
  }
  return Math.sqrt(s / x.length);
}

// the spacing of doubles at |t|: nextUp(|t|) − |t|
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
function spacing(t: number): number {
  const a = Math.abs(t);
  if (a === 0) return 4.9406564584124654e-324;
  F64[0] = a;
  U64[0] += 1n;
  return F64[0] - a;
}
