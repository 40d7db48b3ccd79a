// Explicit Runge–Kutta 5(4) of Dormand & Prince with FSAL and an embedded error estimate.
// see: Dormand & Prince 1980, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6;
//      Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (error norm, step control) and §II.4 "starting step size";
//      SciPy _ivp/rk.py (same tableau, norm and control constants).
// The right-hand side is a wasm function: a whole trajectory is integrated in one call.

/** Right-hand side dy := f(t, y); n the dimension, ctx a pointer to the system's parameters. */
export type Rhs = (t: f64, y: usize, dy: usize, n: i32, ctx: usize) => void;
/** A system's own stopping rule, checked after each accepted step (its RHS was last evaluated at that state). */
export type Stop = (ctx: usize) => bool;

function neverStop(ctx: usize): bool { return false; }

// Dormand–Prince tableau (exact rationals). C: nodes; A: stage coefficients; B: 5th-order weights
// (= row 7 of A, FSAL); E = B − B̂ (B̂ the embedded 4th-order weights).
export const C2: f64 = 1.0 / 5.0;
export const C3: f64 = 3.0 / 10.0;
export const C4: f64 = 4.0 / 5.0;
export const C5: f64 = 8.0 / 9.0;
export const A21: f64 = 1.0 / 5.0;
export const A31: f64 = 3.0 / 40.0, A32: f64 = 9.0 / 40.0;
export const A41: f64 = 44.0 / 45.0, A42: f64 = -56.0 / 15.0, A43: f64 = 32.0 / 9.0;
export const A51: f64 = 19372.0 / 6561.0, A52: f64 = -25360.0 / 2187.0, A53: f64 = 64448.0 / 6561.0, A54: f64 = -212.0 / 729.0;
export const A61: f64 = 9017.0 / 3168.0, A62: f64 = -355.0 / 33.0, A63: f64 = 46732.0 / 5247.0, A64: f64 = 49.0 / 176.0, A65: f64 = -5103.0 / 18656.0;
export const B1: f64 = 35.0 / 384.0, B3: f64 = 500.0 / 1113.0, B4: f64 = 125.0 / 192.0, B5: f64 = -2187.0 / 6784.0, B6: f64 = 11.0 / 84.0;
export const E1: f64 = 71.0 / 57600.0, E3: f64 = -71.0 / 16695.0, E4: f64 = 71.0 / 1920.0, E5: f64 = -17253.0 / 339200.0, E6: f64 = 22.0 / 525.0, E7: f64 = -1.0 / 40.0;

const SAFETY: f64 = 0.9;
const MIN_FACTOR: f64 = 0.2;
const MAX_FACTOR: f64 = 10.0;
const ERR_EXPONENT: f64 = -1.0 / 5.0; // −1/(q+1), q = 4 the order of the error estimator

/** Status codes of rk45. */
export const RK_REACHED_T1: i32 = 0;
export const RK_FTOL: i32 = 1; // ‖f(t, y)‖₂ ≤ ftol: an equilibrium reached (gradient flows: ‖∇L‖ ≤ gtol)
export const RK_MAX_STEPS: i32 = -1;
export const RK_STEP_TOO_SMALL: i32 = -2;
export const RK_NONFINITE: i32 = -3;
export const RK_STOPPED: i32 = 2; // the system's stop rule fired (gradient flows: L ≤ ltol)

// stats layout (f64): [t, steps, rejected, nfev, h_last, ‖f‖₂ at the end]
export const ST_T: i32 = 0, ST_STEPS: i32 = 1, ST_REJECTED: i32 = 2, ST_NFEV: i32 = 3, ST_H: i32 = 4, ST_FNORM: i32 = 5;
export const STATS_LEN: i32 = 6;

/** Doubles of workspace rk45 needs for dimension n: seven stages, y_new, a stage argument and the error. */
export function rk45WorkSize(n: i32): i32 {
  return 10 * n;
}

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

function norm2(n: i32, x: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) { const v = ld(x, i); s += v * v; }
  return sqrt<f64>(s);
}

// RMS of x_i / (atol + rtol |y_i|)
function rmsScaled(n: i32, x: usize, y: usize, rtol: f64, atol: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const v = ld(x, i) / (atol + rtol * abs<f64>(ld(y, i)));
    s += v * v;
  }
  return sqrt<f64>(s / <f64>n);
}

// Hairer's starting step (Solving ODEs I, §II.4, p. 169), order q = 5 of the propagated solution.
function initialStep(rhs: Rhs, ctx: usize, n: i32, t0: f64, y0: usize, f0: usize, dir: f64, rtol: f64, atol: f64, y1: usize, f1: usize): f64 {
  const d0 = rmsScaled(n, y0, y0, rtol, atol);
  const d1 = rmsScaled(n, f0, y0, rtol, atol);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  for (let i = 0; i < n; i++) st(y1, i, ld(y0, i) + dir * h0 * ld(f0, i));
  rhs(t0 + dir * h0, y1, f1, n, ctx);
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const v = (ld(f1, i) - ld(f0, i)) / (atol + rtol * abs<f64>(ld(y0, i)));
    s += v * v;
  }
  const d2 = sqrt<f64>(s / <f64>n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? max<f64>(1e-6, h0 * 1e-3) : Math.pow(0.01 / max<f64>(d1, d2), 1.0 / 5.0);
  return min<f64>(100.0 * h0, h1);
}

/**
 * Integrate y' = f(t, y) from t0 towards t1 with Dormand–Prince 5(4) (y updated in place).
 * Error control: accept when RMS_i err_i/(atol + rtol·max(|y_i|, |ynew_i|)) ≤ 1; h ← h·clamp(0.9·err^(−1/5), 0.2, 10)
 * (no growth right after a rejection). h0 ≤ 0 selects Hairer's initial step; hmax ≤ 0 means |t1 − t0|.
 * Output times tEval (nEval, strictly monotone towards t1; steps are shortened to land on them) write rows of yEval.
 * ftol > 0 stops when ‖f(t, y)‖₂ ≤ ftol after an accepted step (status RK_FTOL).
 * stats receives STATS_LEN doubles (t, steps, rejected, nfev, h, ‖f‖₂); `work` rk45WorkSize(n) doubles.
 * `stop(ctx)` is the system's own rule, checked after each accepted step (status RK_STOPPED).
 * Returns a status: RK_REACHED_T1, RK_FTOL, RK_STOPPED, RK_MAX_STEPS, RK_STEP_TOO_SMALL or RK_NONFINITE.
 */
export function rk45Core(
  rhs: Rhs, stop: Stop, ctx: usize, n: i32, y: usize, t0: f64, t1: f64, rtol: f64, atol: f64,
  h0: f64, hmax: f64, maxSteps: i32, ftol: f64,
  tEval: usize, nEval: i32, yEval: usize, stats: usize, work: usize,
): i32 {
  const nb = <usize>n << 3;
  const k1 = work, k2 = k1 + nb, k3 = k2 + nb, k4 = k3 + nb, k5 = k4 + nb, k6 = k5 + nb, k7 = k6 + nb;
  const yn = k7 + nb, ys = yn + nb, er = ys + nb;
  const dir: f64 = t1 >= t0 ? 1.0 : -1.0;
  const span = abs<f64>(t1 - t0);
  const hMaxAbs = hmax > 0.0 ? hmax : span;
  let t = t0;
  let nfev = 0, steps = 0, rejected = 0;
  let status = RK_REACHED_T1;
  let nextEval = 0;
  // skip output times at t0 itself
  while (nextEval < nEval && (ld(tEval, nextEval) - t0) * dir <= 0.0) {
    memory.copy(yEval + <usize>nextEval * nb, y, nb);
    nextEval++;
  }
  rhs(t, y, k1, n, ctx); nfev++;
  let h = h0 > 0.0 ? h0 : initialStep(rhs, ctx, n, t, y, k1, dir, rtol, atol, yn, k2);
  if (h0 <= 0.0) nfev++;
  h = min<f64>(h, hMaxAbs);
  let fnorm = norm2(n, k1);
  if (!isFinite(fnorm)) status = RK_NONFINITE;
  else if (ftol > 0.0 && fnorm <= ftol) status = RK_FTOL;
  while (status == RK_REACHED_T1 && (t1 - t) * dir > 0.0) {
    if (steps >= maxSteps) { status = RK_MAX_STEPS; break; }
    const minStep = 10.0 * abs<f64>(nextafterUp(t) - t);
    if (h < minStep) { status = RK_STEP_TOO_SMALL; break; }
    // land exactly on the next output time or on t1
    let target = t1;
    if (nextEval < nEval) target = ld(tEval, nextEval);
    let hs = h;
    let landing = false;
    if (hs >= (target - t) * dir) { hs = (target - t) * dir; landing = true; }
    let rejectedNow = false;
    while (true) {
      const hd = dir * hs;
      stage2(n, ys, y, hd, k1);
      rhs(t + C2 * hd, ys, k2, n, ctx);
      stage3(n, ys, y, hd, k1, k2);
      rhs(t + C3 * hd, ys, k3, n, ctx);
      stage4(n, ys, y, hd, k1, k2, k3);
      rhs(t + C4 * hd, ys, k4, n, ctx);
      stage5(n, ys, y, hd, k1, k2, k3, k4);
      rhs(t + C5 * hd, ys, k5, n, ctx);
      stage6(n, ys, y, hd, k1, k2, k3, k4, k5);
      const tNew = landing ? target : t + hd;
      rhs(t + hd, ys, k6, n, ctx);
      stage7(n, yn, y, hd, k1, k3, k4, k5, k6);
      rhs(tNew, yn, k7, n, ctx);
      nfev += 6;
      // error estimate and its scaled RMS norm
      const s = scaledErrorSquares(n, y, yn, hd, k1, k3, k4, k5, k6, k7, er, rtol, atol);
      const errNorm = sqrt<f64>(s / <f64>n);
      if (!isFinite(errNorm)) {
        // a non-finite trial: shrink hard; give up when the step would become too small
        rejected++;
        rejectedNow = true;
        hs *= MIN_FACTOR;
        landing = false;
        h = hs;
        if (hs < minStep) { status = RK_NONFINITE; break; }
        continue;
      }
      if (errNorm <= 1.0) {
        let factor = errNorm == 0.0 ? MAX_FACTOR : min<f64>(MAX_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
        if (rejectedNow) factor = min<f64>(1.0, factor);
        // a step shortened to land on an output time says nothing against the proposed h: keep it unless
        // the error asks for a smaller one
        const hNext = hs * factor;
        h = min<f64>(hMaxAbs, landing && factor >= 1.0 ? max<f64>(h, hNext) : hNext);
        t = tNew;
        memory.copy(y, yn, nb);
        memory.copy(k1, k7, nb); // FSAL
        steps++;
        break;
      }
      rejected++;
      rejectedNow = true;
      hs *= max<f64>(MIN_FACTOR, SAFETY * Math.pow(errNorm, ERR_EXPONENT));
      landing = false;
      h = hs;
      if (hs < minStep) { status = RK_STEP_TOO_SMALL; break; }
    }
    if (status != RK_REACHED_T1) break;
    while (nextEval < nEval && (ld(tEval, nextEval) - t) * dir <= 0.0) {
      memory.copy(yEval + <usize>nextEval * nb, y, nb);
      nextEval++;
    }
    fnorm = norm2(n, k1);
    if (!isFinite(fnorm)) { status = RK_NONFINITE; break; }
    if (ftol > 0.0 && fnorm <= ftol) { status = RK_FTOL; break; }
    if (stop(ctx)) { status = RK_STOPPED; break; }
  }
  st(stats, ST_T, t);
  st(stats, ST_STEPS, <f64>steps);
  st(stats, ST_REJECTED, <f64>rejected);
  st(stats, ST_NFEV, <f64>nfev);
  st(stats, ST_H, h);
  st(stats, ST_FNORM, fnorm);
  return status;
}

// ---- the stage combinations, two lanes at a time. Each element is computed with the same expression (same
// association) as the scalar form in the comment, so the results are bit-identical to it — and to flow3.ts, which
// specialises the same formulas to 9 elements. Separate small functions: V8 optimizes each on its own.

// ys = y + (hd·A21)·k1
function stage2(n: i32, ys: usize, y: usize, hd: f64, k1: usize): void {
  const c = hd * A21, cv = f64x2.splat(c);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(ys + o, f64x2.add(v128.load(y + o), f64x2.mul(cv, v128.load(k1 + o))));
  }
  for (; i < n; i++) st(ys, i, ld(y, i) + c * ld(k1, i));
}

// ys = y + hd·(A31·k1 + A32·k2)
function stage3(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A31), a2 = f64x2.splat(A32);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const c = f64x2.add(f64x2.mul(a1, v128.load(k1 + o)), f64x2.mul(a2, v128.load(k2 + o)));
    v128.store(ys + o, f64x2.add(v128.load(y + o), f64x2.mul(h, c)));
  }
  for (; i < n; i++) st(ys, i, ld(y, i) + hd * (A31 * ld(k1, i) + A32 * ld(k2, i)));
}

// ys = y + hd·(A41·k1 + A42·k2 + A43·k3)
function stage4(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A41), a2 = f64x2.splat(A42), a3 = f64x2.splat(A43);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = f64x2.add(f64x2.mul(a1, v128.load(k1 + o)), f64x2.mul(a2, v128.load(k2 + o)));
    c = f64x2.add(c, f64x2.mul(a3, v128.load(k3 + o)));
    v128.store(ys + o, f64x2.add(v128.load(y + o), f64x2.mul(h, c)));
  }
  for (; i < n; i++) st(ys, i, ld(y, i) + hd * (A41 * ld(k1, i) + A42 * ld(k2, i) + A43 * ld(k3, i)));
}

// ys = y + hd·(A51·k1 + A52·k2 + A53·k3 + A54·k4)
function stage5(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A51), a2 = f64x2.splat(A52), a3 = f64x2.splat(A53), a4 = f64x2.splat(A54);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = f64x2.add(f64x2.mul(a1, v128.load(k1 + o)), f64x2.mul(a2, v128.load(k2 + o)));
    c = f64x2.add(c, f64x2.mul(a3, v128.load(k3 + o)));
    c = f64x2.add(c, f64x2.mul(a4, v128.load(k4 + o)));
    v128.store(ys + o, f64x2.add(v128.load(y + o), f64x2.mul(h, c)));
  }
  for (; i < n; i++) st(ys, i, ld(y, i) + hd * (A51 * ld(k1, i) + A52 * ld(k2, i) + A53 * ld(k3, i) + A54 * ld(k4, i)));
}

// ys = y + hd·(A61·k1 + A62·k2 + A63·k3 + A64·k4 + A65·k5)
function stage6(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize, k5: usize): void {
  const h = f64x2.splat(hd);
  const a1 = f64x2.splat(A61), a2 = f64x2.splat(A62), a3 = f64x2.splat(A63), a4 = f64x2.splat(A64), a5 = f64x2.splat(A65);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = f64x2.add(f64x2.mul(a1, v128.load(k1 + o)), f64x2.mul(a2, v128.load(k2 + o)));
    c = f64x2.add(c, f64x2.mul(a3, v128.load(k3 + o)));
    c = f64x2.add(c, f64x2.mul(a4, v128.load(k4 + o)));
    c = f64x2.add(c, f64x2.mul(a5, v128.load(k5 + o)));
    v128.store(ys + o, f64x2.add(v128.load(y + o), f64x2.mul(h, c)));
  }
  for (; i < n; i++) {
    st(ys, i, ld(y, i) + hd * (A61 * ld(k1, i) + A62 * ld(k2, i) + A63 * ld(k3, i) + A64 * ld(k4, i) + A65 * ld(k5, i)));
  }
}

// yn = y + hd·(B1·k1 + B3·k3 + B4·k4 + B5·k5 + B6·k6), the 5th-order solution (B2 = 0)
function stage7(n: i32, yn: usize, y: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize): void {
  const h = f64x2.splat(hd);
  const b1 = f64x2.splat(B1), b3 = f64x2.splat(B3), b4 = f64x2.splat(B4), b5 = f64x2.splat(B5), b6 = f64x2.splat(B6);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = f64x2.add(f64x2.mul(b1, v128.load(k1 + o)), f64x2.mul(b3, v128.load(k3 + o)));
    c = f64x2.add(c, f64x2.mul(b4, v128.load(k4 + o)));
    c = f64x2.add(c, f64x2.mul(b5, v128.load(k5 + o)));
    c = f64x2.add(c, f64x2.mul(b6, v128.load(k6 + o)));
    v128.store(yn + o, f64x2.add(v128.load(y + o), f64x2.mul(h, c)));
  }
  for (; i < n; i++) {
    st(yn, i, ld(y, i) + hd * (B1 * ld(k1, i) + B3 * ld(k3, i) + B4 * ld(k4, i) + B5 * ld(k5, i) + B6 * ld(k6, i)));
  }
}

// Σ_i v_i² with v_i = e_i/(atol + rtol·max(|y_i|, |yn_i|)) and e = hd·(E1·k1 + E3·k3 + E4·k4 + E5·k5 + E6·k6 + E7·k7):
// v computed two lanes at a time into er, then summed in element order
function scaledErrorSquares(
  n: i32, y: usize, yn: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize, k7: usize, er: usize,
  rtol: f64, atol: f64,
): f64 {
  const h = f64x2.splat(hd), at = f64x2.splat(atol), rt = f64x2.splat(rtol);
  const e1 = f64x2.splat(E1), e3 = f64x2.splat(E3), e4 = f64x2.splat(E4), e5 = f64x2.splat(E5), e6 = f64x2.splat(E6), e7 = f64x2.splat(E7);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = f64x2.add(f64x2.mul(e1, v128.load(k1 + o)), f64x2.mul(e3, v128.load(k3 + o)));
    c = f64x2.add(c, f64x2.mul(e4, v128.load(k4 + o)));
    c = f64x2.add(c, f64x2.mul(e5, v128.load(k5 + o)));
    c = f64x2.add(c, f64x2.mul(e6, v128.load(k6 + o)));
    c = f64x2.add(c, f64x2.mul(e7, v128.load(k7 + o)));
    const sc = f64x2.add(at, f64x2.mul(rt, f64x2.max(f64x2.abs(v128.load(y + o)), f64x2.abs(v128.load(yn + o)))));
    v128.store(er + o, f64x2.div(f64x2.mul(h, c), sc));
  }
  for (; i < n; i++) {
    const e = hd * (E1 * ld(k1, i) + E3 * ld(k3, i) + E4 * ld(k4, i) + E5 * ld(k5, i) + E6 * ld(k6, i) + E7 * ld(k7, i));
    st(er, i, e / (atol + rtol * max<f64>(abs<f64>(ld(y, i)), abs<f64>(ld(yn, i)))));
  }
  let s = 0.0;
  for (let j = 0; j < n; j++) { const v = ld(er, j); s += v * v; }
  return s;
}

// the next double above |t| (t's spacing), for the minimum-step test
function nextafterUp(t: f64): f64 {
  const a = abs<f64>(t);
  if (a == 0.0) return 4.9406564584124654e-324;
  return reinterpret<f64>(reinterpret<u64>(a) + 1);
}

// ------------------------------------------------------------------------------------------------
// Built-in right-hand sides (system ids for the exported rk45). Later solvers add theirs in their own files.

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

/** System 1, logistic: dy_i = r y_i (1 − y_i / K), ctx = [r, K]. */
function rhsLogistic(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  const r = ld(ctx, 0);
  const K = ld(ctx, 1);
  for (let i = 0; i < n; i++) {
    const v = ld(y, i);
    st(dy, i, r * v * (1.0 - v / K));
  }
}

/** System 2, harmonic/test: dy = λ y componentwise with λ_i at ctx (diagonal linear system, cheap). */
function rhsDiagonal(t: f64, y: usize, dy: usize, n: i32, ctx: usize): void {
  for (let i = 0; i < n; i++) st(dy, i, ld(ctx, i) * ld(y, i));
}

export const SYSTEM_LINEAR: i32 = 0;
export const SYSTEM_LOGISTIC: i32 = 1;
export const SYSTEM_DIAGONAL: i32 = 2;

/** rk45Core on a built-in system (see SYSTEM_*); returns the status, or −100 for an unknown system id. */
export function rk45(
  system: i32, ctx: usize, n: i32, y: usize, t0: f64, t1: f64, rtol: f64, atol: f64,
  h0: f64, hmax: f64, maxSteps: i32, ftol: f64,
  tEval: usize, nEval: i32, yEval: usize, stats: usize, work: usize,
): i32 {
  let f: Rhs;
  if (system == SYSTEM_LINEAR) f = rhsLinear;
  else if (system == SYSTEM_LOGISTIC) f = rhsLogistic;
  else if (system == SYSTEM_DIAGONAL) f = rhsDiagonal;
  else return -100;
  return rk45Core(f, neverStop, ctx, n, y, t0, t1, rtol, atol, h0, hmax, maxSteps, ftol, tEval, nEval, yEval, stats, work);
}

/**
 * One Dormand–Prince step of size h from (t, y) on a built-in system, without control: writes the 5th-order
 * solution to yNew and the embedded error estimate (y5 − y4) to err. For testing the error estimator.
 */
export function rk45Step(system: i32, ctx: usize, n: i32, t: f64, y: usize, h: f64, yNew: usize, err: usize, work: usize): void {
  let f: Rhs;
  if (system == SYSTEM_LINEAR) f = rhsLinear;
  else if (system == SYSTEM_LOGISTIC) f = rhsLogistic;
  else f = rhsDiagonal;
  const nb = <usize>n << 3;
  const k1 = work, k2 = k1 + nb, k3 = k2 + nb, k4 = k3 + nb, k5 = k4 + nb, k6 = k5 + nb, k7 = k6 + nb, ys = k7 + nb;
  f(t, y, k1, n, ctx);
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + h * A21 * ld(k1, i));
  f(t + C2 * h, ys, k2, n, ctx);
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + h * (A31 * ld(k1, i) + A32 * ld(k2, i)));
  f(t + C3 * h, ys, k3, n, ctx);
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + h * (A41 * ld(k1, i) + A42 * ld(k2, i) + A43 * ld(k3, i)));
  f(t + C4 * h, ys, k4, n, ctx);
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + h * (A51 * ld(k1, i) + A52 * ld(k2, i) + A53 * ld(k3, i) + A54 * ld(k4, i)));
  f(t + C5 * h, ys, k5, n, ctx);
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + h * (A61 * ld(k1, i) + A62 * ld(k2, i) + A63 * ld(k3, i) + A64 * ld(k4, i) + A65 * ld(k5, i)));
  f(t + h, ys, k6, n, ctx);
  for (let i = 0; i < n; i++) st(yNew, i, ld(y, i) + h * (B1 * ld(k1, i) + B3 * ld(k3, i) + B4 * ld(k4, i) + B5 * ld(k5, i) + B6 * ld(k6, i)));
  f(t + h, yNew, k7, n, ctx);
  for (let i = 0; i < n; i++) st(err, i, h * (E1 * ld(k1, i) + E3 * ld(k3, i) + E4 * ld(k4, i) + E5 * ld(k5, i) + E6 * ld(k6, i) + E7 * ld(k7, i)));
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
