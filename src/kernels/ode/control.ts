// The one step-size control of the package's ODE integrators: an embedded pair's error estimate decides acceptance
// and the next step, h ← h·clamp(0.9·err^(−1/(q+1)), 0.2, maxFactor), with Hairer's starting step, output times
// landed on exactly, and every loop bounded. The method is the system's: Dormand–Prince 5(4) (q = 4), or — where a
// system switches to it in a stiff phase — Rodas5P (q = 4); see assembly/ode/stepper.ts.
// Portable on purpose: AssemblyScript compiles this file into the wasm (assembly/ode/stepper.ts instantiates
// `integrate` for the built-in systems, the gradient flow and the 3×3 completion flow — each instantiation is resolved
// and inlined statically, so the 3×3 path keeps its speed) and tsc compiles it into the plain-TypeScript twin
// (src/kernels/plain/rk45.ts). Only `number`, `boolean`, Math and isFinite appear here (AssemblyScript reads `number`
// as f64), and nothing is imported: a system supplies every vector operation. Initialize every variable with a float
// literal (0.0): AssemblyScript types `let k = 0` as i32.
// see: Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (error norm, step control, starting step size);
//      Hairer & Wanner, Solving ODEs II, §IV.7 (the same control for Rosenbrock methods); SciPy _ivp/rk.py.

const SAFETY: number = 0.9;
const MIN_FACTOR: number = 0.2;

/** Statuses of `integrate`. */
export const ODE_DONE: number = 0.0; // t1 reached
export const ODE_FTOL: number = 1.0; // ‖f(t, y)‖ ≤ ftol: an equilibrium reached
export const ODE_STOPPED: number = 2.0; // the system's own stop rule fired
export const ODE_MAX_STEPS: number = -1.0; // maxSteps accepted (or maxSteps rejected) steps
export const ODE_STEP_TOO_SMALL: number = -2.0; // the controller asked for a step below 10 ulp(t)
export const ODE_NONFINITE: number = -3.0; // f or the error estimate is not finite and shrinking does not help
export const ODE_INTERRUPTED: number = 3.0; // the system's tick asked to stop (a time budget, an AbortSignal)

// the system's tick is asked every TICK_EVERY accepted steps
const TICK_EVERY: number = 64.0;

/**
 * What `integrate` needs from a system y' = f(t, y) of dimension n: the system owns y, the stages, the trial solution
 * ŷ and its buffers, performs every vector operation on them, and says which embedded pair it steps with.
 */
export interface OdeSystem {
  /** k1 := f(t, y). */
  first(t: number): void;
  /** RMS of y_i/(atol + rtol|y_i|) (Hairer's d0). */
  rmsY(rtol: number, atol: number): number;
  /** RMS of k1_i/(atol + rtol|y_i|) (Hairer's d1). */
  rmsF(rtol: number, atol: number): number;
  /** ŷ := y + hd·k1, k2 := f(t + hd, ŷ); returns the RMS of (k2 − k1)_i/(atol + rtol|y_i|). */
  probe(t: number, hd: number, rtol: number, atol: number): number;
  /**
   * One trial step of size hd from (t, y) with the system's current method: the solution ŷ at tNew and the RMS over i
   * of err_i/(atol + rtol·max(|y_i|, |ŷ_i|)), err its embedded error estimate.
   */
  trial(t: number, hd: number, tNew: number, rtol: number, atol: number): number;
  /** Evaluations of f made by the last trial. */
  trialEvals(): number;
  /** −1/(q + 1) for the method of the last trial, q the order of its error estimate. */
  errExponent(): number;
  /** The largest step growth after an accepted trial of the current method. */
  maxFactor(): number;
  /** Accept the trial (y := ŷ, k1 := f(ŷ)); returns the evaluations of f this took. */
  accept(hd: number): number;
  /** ‖f(t, y)‖₂ for the current y (k1). */
  fnorm(): number;
  /** The system's own stop rule, asked after each accepted step (t the time reached). */
  stop(t: number): boolean;
  /** The largest next step the system allows at t (Infinity: none; a stop rule may ask for samples closer in t). */
  maxStep(t: number): number;
  /** Progress (t between t0 and t1) every so many accepted steps; true stops the run (ODE_INTERRUPTED). */
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
function initialStep<S extends OdeSystem>(sys: S, t0: number, dir: number, rtol: number, atol: number): number {
  const d0 = sys.rmsY(rtol, atol);
  const d1 = sys.rmsF(rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  const d2 = sys.probe(t0, dir * h0, rtol, atol) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5.0);
  return Math.min(100.0 * h0, h1);
}

/**
 * Integrate y' = f(t, y) from t0 towards t1 with the system's embedded pair; returns a ODE_* status.
 * A step is accepted when the RMS of err_i/(atol + rtol·max(|y_i|, |ŷ_i|)) is ≤ 1; then h ← h·clamp(0.9·err^(−1/(q+1)),
 * 0.2, maxFactor), with no growth right after a rejection. h0 ≤ 0 selects Hairer's starting step; hmax ≤ 0 means |t1 − t0|.
 * Steps are shortened to land exactly on the system's output times and on t1. ftol > 0 stops once ‖f(t, y)‖₂ ≤ ftol.
 * Every loop is bounded: a non-finite or vanishing step ends the run with a status, and so do maxSteps rejections;
 * the system's tick (every TICK_EVERY steps) may stop it too.
 */
export function integrate<S extends OdeSystem>(
  sys: S, t0: number, t1: number, rtol: number, atol: number, h0: number, hmax: number, maxSteps: number, ftol: number,
): number {
  const dir: number = t1 >= t0 ? 1.0 : -1.0;
  const hMaxAbs = hmax > 0.0 ? hmax : Math.abs(t1 - t0);
  const nOut = sys.outputs();
  let t = t0;
  let nfev = 0.0;
  let steps = 0.0;
  let rejected = 0.0;
  let status = ODE_DONE;
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
  if (!isFinite(fnorm)) status = ODE_NONFINITE;
  else if (ftol > 0.0 && fnorm <= ftol) status = ODE_FTOL;
  while (status == ODE_DONE && (t1 - t) * dir > 0.0) {
    if (steps >= maxSteps || rejected >= maxSteps) {
      status = ODE_MAX_STEPS;
      break;
    }
    const minStep = 10.0 * sys.spacing(t);
    // written as !(h ≥ minStep) so that a NaN step ends the run instead of looping
    if (!(h >= minStep)) {
      status = isFinite(h) ? ODE_STEP_TOO_SMALL : ODE_NONFINITE;
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
      nfev += sys.trialEvals();
      const exponent = sys.errExponent();
      if (!isFinite(errNorm)) {
        // a non-finite trial: shrink hard; give up when the step would become too small
        rejected += 1.0;
        rejectedNow = true;
        hs *= MIN_FACTOR;
        landing = false;
        h = hs;
        if (!(hs >= minStep)) {
          status = ODE_NONFINITE;
          break;
        }
        continue;
      }
      if (errNorm <= 1.0) {
        const maxFactor = sys.maxFactor();
        let factor = errNorm == 0.0 ? maxFactor : Math.min(maxFactor, SAFETY * Math.pow(errNorm, exponent));
        if (rejectedNow) factor = Math.min(1.0, factor);
        // a step shortened to land on an output time says nothing against the proposed h: keep it unless the
        // error asks for a smaller one
        const hNext = hs * factor;
        h = Math.min(hMaxAbs, landing && factor >= 1.0 ? Math.max(h, hNext) : hNext);
        t = tNew;
        nfev += sys.accept(hd);
        steps += 1.0;
        break;
      }
      rejected += 1.0;
      rejectedNow = true;
      hs *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errNorm, exponent));
      landing = false;
      h = hs;
      if (!(hs >= minStep)) {
        status = ODE_STEP_TOO_SMALL;
        break;
      }
      if (rejected >= maxSteps) {
        status = ODE_MAX_STEPS;
        break;
      }
    }
    if (status != ODE_DONE) break;
    while (nextOut < nOut && (sys.outputTime(nextOut) - t) * dir <= 0.0) {
      sys.output(nextOut);
      nextOut += 1.0;
    }
    fnorm = sys.fnorm();
    if (!isFinite(fnorm)) {
      status = ODE_NONFINITE;
      break;
    }
    if (ftol > 0.0 && fnorm <= ftol) {
      status = ODE_FTOL;
      break;
    }
    if (sys.stop(t)) {
      status = ODE_STOPPED;
      break;
    }
    h = Math.min(h, sys.maxStep(t));
    sinceTick += 1.0;
    if (sinceTick >= TICK_EVERY) {
      sinceTick = 0.0;
      if (sys.tick(t, t0, t1)) {
        status = ODE_INTERRUPTED;
        break;
      }
    }
  }
  sys.finish(t, steps, rejected, nfev, h, fnorm);
  return status;
}
