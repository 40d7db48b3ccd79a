// The one Dormand–Prince 5(4) step control of the package. Portable on purpose: AssemblyScript compiles this file
// into the wasm kernels (assembly/ode/systems.ts instantiates `dopri` for the built-in systems, the gradient flow and
// the 3×3 completion flow — each instantiation is resolved and inlined statically, so the 3×3 path keeps its speed)
// and tsc compiles it into the plain-TypeScript twin (src/kernels/plain/rk45.ts). Only `number`, `boolean`, Math and
// isFinite appear here (AssemblyScript reads `number` as f64), and nothing is imported: a system supplies every
// vector operation. Initialize every variable with a float literal (0.0): AssemblyScript types `let k = 0` as i32.
// see: Dormand & Prince 1980, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6;
//      Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (error norm, step control, starting step size);
//      SciPy _ivp/rk.py (the same tableau, norm and control constants).

// Dormand–Prince tableau (exact rationals). C: nodes; A: stage coefficients; B: 5th-order weights (= row 7 of A,
// FSAL); E = B − B̂ with B̂ the embedded 4th-order weights.
export const C2: number = 1.0 / 5.0;
export const C3: number = 3.0 / 10.0;
export const C4: number = 4.0 / 5.0;
export const C5: number = 8.0 / 9.0;
export const A21: number = 1.0 / 5.0;
export const A31: number = 3.0 / 40.0;
export const A32: number = 9.0 / 40.0;
export const A41: number = 44.0 / 45.0;
export const A42: number = -56.0 / 15.0;
export const A43: number = 32.0 / 9.0;
export const A51: number = 19372.0 / 6561.0;
export const A52: number = -25360.0 / 2187.0;
export const A53: number = 64448.0 / 6561.0;
export const A54: number = -212.0 / 729.0;
export const A61: number = 9017.0 / 3168.0;
export const A62: number = -355.0 / 33.0;
export const A63: number = 46732.0 / 5247.0;
export const A64: number = 49.0 / 176.0;
export const A65: number = -5103.0 / 18656.0;
export const B1: number = 35.0 / 384.0;
export const B3: number = 500.0 / 1113.0;
export const B4: number = 125.0 / 192.0;
export const B5: number = -2187.0 / 6784.0;
export const B6: number = 11.0 / 84.0;
export const E1: number = 71.0 / 57600.0;
export const E3: number = -71.0 / 16695.0;
export const E4: number = 71.0 / 1920.0;
export const E5: number = -17253.0 / 339200.0;
export const E6: number = 22.0 / 525.0;
export const E7: number = -1.0 / 40.0;

const SAFETY: number = 0.9;
const MIN_FACTOR: number = 0.2;
const MAX_FACTOR: number = 10.0;
const ERR_EXPONENT: number = -1.0 / 5.0; // −1/(q+1), q = 4 the order of the error estimator

/** Statuses of `dopri`. */
export const DOPRI_DONE: number = 0.0; // t1 reached
export const DOPRI_FTOL: number = 1.0; // ‖f(t, y)‖ ≤ ftol: an equilibrium reached
export const DOPRI_STOPPED: number = 2.0; // the system's own stop rule fired
export const DOPRI_MAX_STEPS: number = -1.0; // maxSteps accepted (or maxSteps rejected) steps
export const DOPRI_STEP_TOO_SMALL: number = -2.0; // the controller asked for a step below 10 ulp(t)
export const DOPRI_NONFINITE: number = -3.0; // f or the error estimate is not finite and shrinking does not help
export const DOPRI_INTERRUPTED: number = 3.0; // the system's tick asked to stop (a time budget, an AbortSignal)

// the system's tick is asked every TICK_EVERY accepted steps
const TICK_EVERY: number = 64.0;

/**
 * What `dopri` needs from a system y' = f(t, y) of dimension n: the system owns y, the stages k1…k7, the trial
 * solution ŷ, a stage argument and an error buffer, and performs every vector operation on them.
 */
export interface DopriSystem {
  /** k1 := f(t, y). */
  first(t: number): void;
  /** RMS of y_i/(atol + rtol|y_i|) (Hairer's d0). */
  rmsY(rtol: number, atol: number): number;
  /** RMS of k1_i/(atol + rtol|y_i|) (Hairer's d1). */
  rmsF(rtol: number, atol: number): number;
  /** ŷ := y + hd·k1, k2 := f(t + hd, ŷ); returns the RMS of (k2 − k1)_i/(atol + rtol|y_i|). */
  probe(t: number, hd: number, rtol: number, atol: number): number;
  /**
   * One trial step of size hd from (t, y): stages k2…k7 (k7 := f(tNew, ŷ)) and the 5th-order solution ŷ; returns
   * the RMS over i of err_i/(atol + rtol·max(|y_i|, |ŷ_i|)), err the embedded estimate ŷ5 − ŷ4.
   */
  trial(t: number, hd: number, tNew: number, rtol: number, atol: number): number;
  /** Accept the trial: y := ŷ, k1 := k7 (FSAL). */
  accept(): void;
  /** ‖f(t, y)‖₂ for the current y (k1). */
  fnorm(): number;
  /** The system's own stop rule, asked after each accepted step. */
  stop(): boolean;
  /** Progress (t between t0 and t1) every so many accepted steps; true stops the run (DOPRI_INTERRUPTED). */
  tick(t: number, t0: number, t1: number): boolean;
  /** The spacing of doubles at t: nextUp(|t|) − |t|. */
  spacing(t: number): number;
  /** Number of output times, the k-th time, and "record the current y as output k". */
  outputs(): number;
  outputTime(k: number): number;
  output(k: number): void;
  /** The run's end: final t, counts, the step the controller proposes next and ‖f‖₂ at the end. */
  finish(t: number, steps: number, rejected: number, nfev: number, h: number, fnorm: number): void;
}

// Hairer's starting step (Solving ODEs I, §II.4, p. 169) for a method of order 5; one extra evaluation of f.
function initialStep<S extends DopriSystem>(sys: S, t0: number, dir: number, rtol: number, atol: number): number {
  const d0 = sys.rmsY(rtol, atol);
  const d1 = sys.rmsF(rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  const d2 = sys.probe(t0, dir * h0, rtol, atol) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5.0);
  return Math.min(100.0 * h0, h1);
}

/**
 * Integrate y' = f(t, y) from t0 towards t1 with Dormand–Prince 5(4); returns a DOPRI_* status.
 * A step is accepted when the RMS of err_i/(atol + rtol·max(|y_i|, |ŷ_i|)) is ≤ 1; then h ← h·clamp(0.9·err^(−1/5),
 * 0.2, 10), with no growth right after a rejection. h0 ≤ 0 selects Hairer's starting step; hmax ≤ 0 means |t1 − t0|.
 * Steps are shortened to land exactly on the system's output times and on t1. ftol > 0 stops once ‖f(t, y)‖₂ ≤ ftol.
 * Every loop is bounded: a non-finite or vanishing step ends the run with a status, and so do maxSteps rejections;
 * the system's tick (every TICK_EVERY steps) may stop it too.
 */
export function dopri<S extends DopriSystem>(
  sys: S, t0: number, t1: number, rtol: number, atol: number, h0: number, hmax: number, maxSteps: number, ftol: number,
): number {
  const dir: number = t1 >= t0 ? 1.0 : -1.0;
  const hMaxAbs = hmax > 0.0 ? hmax : Math.abs(t1 - t0);
  const nOut = sys.outputs();
  let t = t0;
  let nfev = 0.0;
  let steps = 0.0;
  let rejected = 0.0;
  let status = DOPRI_DONE;
  let nextOut = 0.0;
  let sinceTick = 0.0;
  // output times at t0 itself
  while (nextOut < nOut && (sys.outputTime(nextOut) - t0) * dir <= 0.0) {
    sys.output(nextOut);
    nextOut += 1.0;
  }
  sys.first(t);
  nfev += 1.0;
  let h = h0;
  if (h0 <= 0.0) {
    h = initialStep(sys, t, dir, rtol, atol);
    nfev += 1.0;
  }
  h = Math.min(h, hMaxAbs);
  let fnorm = sys.fnorm();
  if (!isFinite(fnorm)) status = DOPRI_NONFINITE;
  else if (ftol > 0.0 && fnorm <= ftol) status = DOPRI_FTOL;
  while (status == DOPRI_DONE && (t1 - t) * dir > 0.0) {
    if (steps >= maxSteps || rejected >= maxSteps) {
      status = DOPRI_MAX_STEPS;
      break;
    }
    const minStep = 10.0 * sys.spacing(t);
    // written as !(h ≥ minStep) so that a NaN step ends the run instead of looping
    if (!(h >= minStep)) {
      status = isFinite(h) ? DOPRI_STEP_TOO_SMALL : DOPRI_NONFINITE;
      break;
    }
    // land exactly on the next output time or on t1
    let target = t1;
    if (nextOut < nOut) target = sys.outputTime(nextOut);
    let hs = h;
    let landing = false;
    if (hs >= (target - t) * dir) {
      hs = (target - t) * dir;
      landing = true;
    }
    let rejectedNow = false;
    while (true) {
      const hd = dir * hs;
      const tNew = landing ? target : t + hd;
      const errNorm = sys.trial(t, hd, tNew, rtol, atol);
      nfev += 6.0;
      if (!isFinite(errNorm)) {
        // a non-finite trial: shrink hard; give up when the step would become too small
        rejected += 1.0;
        rejectedNow = true;
        hs *= MIN_FACTOR;
        landing = false;
        h = hs;
        if (!(hs >= minStep)) {
          status = DOPRI_NONFINITE;
          break;
        }
        continue;
      }
      if (errNorm <= 1.0) {
        let factor = errNorm == 0.0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
        if (rejectedNow) factor = Math.min(1.0, factor);
        // a step shortened to land on an output time says nothing against the proposed h: keep it unless the
        // error asks for a smaller one
        const hNext = hs * factor;
        h = Math.min(hMaxAbs, landing && factor >= 1.0 ? Math.max(h, hNext) : hNext);
        t = tNew;
        sys.accept();
        steps += 1.0;
        break;
      }
      rejected += 1.0;
      rejectedNow = true;
      hs *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
      landing = false;
      h = hs;
      if (!(hs >= minStep)) {
        status = DOPRI_STEP_TOO_SMALL;
        break;
      }
      if (rejected >= maxSteps) {
        status = DOPRI_MAX_STEPS;
        break;
      }
    }
    if (status != DOPRI_DONE) break;
    while (nextOut < nOut && (sys.outputTime(nextOut) - t) * dir <= 0.0) {
      sys.output(nextOut);
      nextOut += 1.0;
    }
    fnorm = sys.fnorm();
    if (!isFinite(fnorm)) {
      status = DOPRI_NONFINITE;
      break;
    }
    if (ftol > 0.0 && fnorm <= ftol) {
      status = DOPRI_FTOL;
      break;
    }
    if (sys.stop()) {
      status = DOPRI_STOPPED;
      break;
    }
    sinceTick += 1.0;
    if (sinceTick >= TICK_EVERY) {
      sinceTick = 0.0;
      if (sys.tick(t, t0, t1)) {
        status = DOPRI_INTERRUPTED;
        break;
      }
    }
  }
  sys.finish(t, steps, rejected, nfev, h, fnorm);
  return status;
}
