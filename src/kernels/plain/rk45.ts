// Plain-TypeScript twin of assembly/rk45.ts rk45Core: explicit Runge–Kutta 5(4) of Dormand & Prince, FSAL,
// for any JavaScript right-hand side (the wasm kernel only integrates its built-in systems).
// see: Dormand & Prince 1980, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6;
//      Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (error norm, step control, starting step size);
//      SciPy _ivp/rk.py (same tableau, norm and control constants).
// Same control logic, statuses and counters as the wasm kernel, so the two take the same steps on the same system.
import { ImplicitRegError } from '../../core/errors.js';
import { allocF64 } from '../../core/f64pool.js';
import type { Rk45Status } from '../kernels.js';
import { checkFinite, checkPositive, checkVector } from '../../core/validate.js';

// Dormand–Prince tableau (exact rationals): C nodes, A stages, B 5th-order weights (FSAL), E = B − B̂.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const ERR_EXPONENT = -1 / 5; // −1/(q+1), q = 4 the order of the error estimator

/** Right-hand side: write f(t, y) into dy (length n). `y` is scratch owned by the solver: read it, do not keep it. */
export type Rk45Rhs = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface Rk45PlainOptions {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** Initial step; default Hairer's rule. */
  h0?: number;
  /** Largest step; default |t1 − t0|. */
  hMax?: number;
  /** Step limit (default 1e6); reaching it ends with status 'maxSteps'. */
  maxSteps?: number;
}

export interface Rk45PlainResult {
  /** 'done' (t1 reached), 'maxSteps', 'stepTooSmall' or 'nonFinite' (never 'ftol': no stopping test here). */
  status: Rk45Status;
  /** Time reached. */
  t: number;
  /** State at t. */
  y: Float64Array;
  steps: number;
  rejected: number;
  nfev: number;
  /** Step size the controller proposes next. */
  h: number;
  /** ‖f(t, y)‖₂ at the end. */
  fNorm: number;
}

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
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) throw new ImplicitRegError('nonfinite', `${fn}: arguments t0, t1 must be finite, got ${t0}, ${t1}`);
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-9;
  checkPositive(fn, 'rtol', rtol);
  checkPositive(fn, 'atol', atol);
  if (opts.h0 !== undefined) checkPositive(fn, 'h0', opts.h0);
  if (opts.hMax !== undefined) checkPositive(fn, 'hMax', opts.hMax);
  const maxSteps = opts.maxSteps ?? 1_000_000;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new ImplicitRegError('value', `${fn}: argument maxSteps must be a positive integer, got ${maxSteps}`);
  }

  // y, y_new, the seven stages and the stage argument: views into one allocation
  const work = allocF64(10 * n);
  const part = (i: number): Float64Array => work.subarray(i * n, (i + 1) * n);
  let y = part(0);
  let yn = part(1);
  let k1 = part(2);
  const k2 = part(3), k3 = part(4), k4 = part(5), k5 = part(6), k6 = part(7);
  let k7 = part(8);
  const ys = part(9);
  y.set(y0);
  const dir = t1 >= t0 ? 1 : -1;
  const hMaxAbs = opts.hMax ?? Math.abs(t1 - t0);
  let t = t0;
  let nfev = 0, steps = 0, rejected = 0;
  let status: Rk45Status = 'done';

  f(t, y, k1);
  nfev++;
  let h: number;
  if (opts.h0 !== undefined) h = opts.h0;
  else {
    h = initialStep(f, n, t, y, k1, dir, rtol, atol, yn, k2);
    nfev++;
  }
  h = Math.min(h, hMaxAbs);
  let fNorm = norm2(k1);
  if (!Number.isFinite(fNorm)) status = 'nonFinite';
  while (status === 'done' && (t1 - t) * dir > 0) {
    if (steps >= maxSteps) {
      status = 'maxSteps';
      break;
    }
    const minStep = 10 * Math.abs(nextUp(t) - t);
    if (h < minStep) {
      status = 'stepTooSmall';
      break;
    }
    // land exactly on t1
    let hs = h;
    let landing = false;
    if (hs >= (t1 - t) * dir) {
      hs = (t1 - t) * dir;
      landing = true;
    }
    let rejectedNow = false;
    for (;;) {
      const hd = dir * hs;
      for (let i = 0; i < n; i++) ys[i] = y[i] + hd * A21 * k1[i];
      f(t + C2 * hd, ys, k2);
      for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A31 * k1[i] + A32 * k2[i]);
      f(t + C3 * hd, ys, k3);
      for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      f(t + C4 * hd, ys, k4);
      for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      f(t + C5 * hd, ys, k5);
      for (let i = 0; i < n; i++) ys[i] = y[i] + hd * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      const tNew = landing ? t1 : t + hd;
      f(t + hd, ys, k6);
      for (let i = 0; i < n; i++) yn[i] = y[i] + hd * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
      f(tNew, yn, k7);
      nfev += 6;
      // embedded error estimate y5 − y4 and its scaled RMS norm
      let s = 0;
      for (let i = 0; i < n; i++) {
        const e = hd * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        const v = e / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yn[i])));
        s += v * v;
      }
      const errNorm = Math.sqrt(s / n);
      if (!Number.isFinite(errNorm)) {
        // a non-finite trial: shrink hard; give up when the step would become too small
        rejected++;
        rejectedNow = true;
        hs *= MIN_FACTOR;
        landing = false;
        h = hs;
        if (hs < minStep) {
          status = 'nonFinite';
          break;
        }
        continue;
      }
      if (errNorm <= 1) {
        let factor = errNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
        if (rejectedNow) factor = Math.min(1, factor);
        // a step shortened to land on t1 says nothing against the proposed h: keep it unless the error asks for less
        const hNext = hs * factor;
        h = Math.min(hMaxAbs, landing && factor >= 1 ? Math.max(h, hNext) : hNext);
        t = tNew;
        // accept: swap buffers instead of copying (y ← ynew; FSAL: k1 ← k7)
        let tmp = y;
        y = yn;
        yn = tmp;
        tmp = k1;
        k1 = k7;
        k7 = tmp;
        steps++;
        break;
      }
      rejected++;
      rejectedNow = true;
      hs *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
      landing = false;
      h = hs;
      if (hs < minStep) {
        status = 'stepTooSmall';
        break;
      }
    }
    if (status !== 'done') break;
    fNorm = norm2(k1);
    if (!Number.isFinite(fNorm)) {
      status = 'nonFinite';
      break;
    }
  }
  const yOut = allocF64(n);
  yOut.set(y);
  return { status, t, y: yOut, steps, rejected, nfev, h, fNorm };
}

// Hairer's starting step (Solving ODEs I, §II.4, p. 169) for order q = 5; y1, f1 are scratch.
function initialStep(
  f: Rk45Rhs, n: number, t0: number, y0: Float64Array, f0: Float64Array, dir: number, rtol: number, atol: number,
  y1: Float64Array, f1: Float64Array,
): number {
  const d0 = rmsScaled(y0, y0, rtol, atol);
  const d1 = rmsScaled(f0, y0, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  for (let i = 0; i < n; i++) y1[i] = y0[i] + dir * h0 * f0[i];
  f(t0 + dir * h0, y1, f1);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = (f1[i] - f0[i]) / (atol + rtol * Math.abs(y0[i]));
    s += v * v;
  }
  const d2 = Math.sqrt(s / n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
  return Math.min(100 * h0, h1);
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

function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

// the next double above |t| (t's spacing), for the minimum-step test
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
function nextUp(t: number): number {
  const a = Math.abs(t);
  if (a === 0) return 4.9406564584124654e-324;
  F64[0] = a;
  U64[0] += 1n;
  return F64[0];
}
