// The gradient flow U̇ = −A*(A(UUᵀ) − y)U of a 3×3 completion instance (four observed entries), integrated by
// Dormand–Prince 5(4) specialised to this one system: the right-hand side is inlined, U's rows live in f64x2 lanes
// (columns 0–1) plus a scalar (column 2), and the loss and ‖∇L‖ are computed only where the stop rule reads them.
// It performs the arithmetic of rk45Core (rk45.ts) — same operations in the same order, lane by lane — so it takes
// the same steps as the general entry-operator flow (flows.ts), which stays the reference (test/grid3.test.ts
// compares them: same nfev, same trace). Why specialise: the grid makes ~2·10⁹ right-hand-side evaluations, and the
// general core's indirect calls, i32 decoding of the observations and 9-iteration loops cost more than the flops.
// see: Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (step control, starting step).

import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6,
  E1, E3, E4, E5, E6, E7, RK_MAX_STEPS, RK_NONFINITE, RK_REACHED_T1, RK_STEP_TOO_SMALL, RK_STOPPED,
  ST_FNORM, ST_H, ST_NFEV, ST_REJECTED, ST_STEPS, ST_T,
} from '../ode/rk45';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

const SAFETY: f64 = 0.9;
const MIN_FACTOR: f64 = 0.2;
const MAX_FACTOR: f64 = 10.0;
const ERR_EXPONENT: f64 = -1.0 / 5.0;

// the instance: observed entries (j_i, k_i) with values y_i, i = 0..3, as byte offsets of rows j and k in U
let oj0: usize = 0, ok0: usize = 0, oj1: usize = 0, ok1: usize = 0, oj2: usize = 0, ok2: usize = 0, oj3: usize = 0, ok3: usize = 0;
let y0: f64 = 0.0, y1: f64 = 0.0, y2: f64 = 0.0, y3: f64 = 0.0;
// loss and ‖∇L‖_F at the last evaluation made with `norms` set
let lastLoss: f64 = 0.0;
let lastGrad: f64 = 0.0;

/** Set the instance's four observations (rows, columns, values). */
export function flow3SetObservations(j0: i32, k0: i32, v0: f64, j1: i32, k1: i32, v1: f64, j2: i32, k2: i32, v2: f64, j3: i32, k3: i32, v3: f64): void {
  oj0 = <usize>(24 * j0); ok0 = <usize>(24 * k0); y0 = v0;
  oj1 = <usize>(24 * j1); ok1 = <usize>(24 * k1); y1 = v1;
  oj2 = <usize>(24 * j2); ok2 = <usize>(24 * k2); y2 = v2;
  oj3 = <usize>(24 * j3); ok3 = <usize>(24 * k3); y3 = v3;
}

// one observation's contribution, accumulated in du: r = u_j·u_k − y; du_j −= r u_j (j = k), or du_j −= ½r u_k and
// du_k −= ½r u_j. A row is an f64x2 (columns 0–1) at byte offset 24·row and a scalar (column 2) at 24·row + 16.
// @ts-ignore: decorator
@inline function observe(u: usize, du: usize, oj: usize, ok: usize, y: f64): f64 {
  const aj = v128.load(u + oj), ak = v128.load(u + ok);
  const cj = load<f64>(u + oj, 16), ck = load<f64>(u + ok, 16);
  const p = f64x2.mul(aj, ak);
  const r = f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1) + cj * ck - y;
  if (oj == ok) {
    v128.store(du + oj, f64x2.sub(v128.load(du + oj), f64x2.mul(f64x2.splat(r), aj)));
    store<f64>(du + oj, load<f64>(du + oj, 16) - r * cj, 16);
  } else {
    const h = 0.5 * r;
    const hv = f64x2.splat(h);
    v128.store(du + oj, f64x2.sub(v128.load(du + oj), f64x2.mul(hv, ak)));
    store<f64>(du + oj, load<f64>(du + oj, 16) - h * ck, 16);
    v128.store(du + ok, f64x2.sub(v128.load(du + ok), f64x2.mul(hv, aj)));
    store<f64>(du + ok, load<f64>(du + ok, 16) - h * cj, 16);
  }
  return r;
}

/** du := −A*(A(UUᵀ) − y)U (9 doubles, row-major); with `norms`, also the loss ¼‖r‖² and ‖du‖_F. */
function rhs(u: usize, du: usize, norms: bool): void {
  const zero = f64x2.splat(0.0);
  v128.store(du, zero); v128.store(du, zero, 16); v128.store(du, zero, 32); v128.store(du, zero, 48);
  st(du, 8, 0.0);
  const r0 = observe(u, du, oj0, ok0, y0);
  const r1 = observe(u, du, oj1, ok1, y1);
  const r2 = observe(u, du, oj2, ok2, y2);
  const r3 = observe(u, du, oj3, ok3, y3);
  if (norms) {
    let loss = 0.0;
    loss += r0 * r0; loss += r1 * r1; loss += r2 * r2; loss += r3 * r3;
    lastLoss = 0.25 * loss;
    let g2 = 0.0;
    for (let q = 0; q < 9; q++) g2 += ld(du, q) * ld(du, q);
    lastGrad = sqrt<f64>(g2);
  }
}

// ---- elementwise stage combinations over the 9 doubles: four f64x2 lanes and one scalar, each element computed
// with the expression rk45Core uses for it (same association), so the results are identical.

// @ts-ignore: decorator
@inline function sp(x: f64): v128 { return f64x2.splat(x); }
// @ts-ignore: decorator
@inline function vl(p: usize, o: usize): v128 { return v128.load(p + o); }

function stage2(ys: usize, y: usize, hd: f64, k1: usize): void {
  const c = sp(hd * A21);
  for (let o: usize = 0; o < 64; o += 16) v128.store(ys + o, f64x2.add(vl(y, o), f64x2.mul(c, vl(k1, o))));
  st(ys, 8, ld(y, 8) + hd * A21 * ld(k1, 8));
}
function stage3(ys: usize, y: usize, hd: f64, k1: usize, k2: usize): void {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.mul(sp(A31), vl(k1, o)), f64x2.mul(sp(A32), vl(k2, o)));
    v128.store(ys + o, f64x2.add(vl(y, o), f64x2.mul(h, s)));
  }
  st(ys, 8, ld(y, 8) + hd * (A31 * ld(k1, 8) + A32 * ld(k2, 8)));
}
function stage4(ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize): void {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.add(f64x2.mul(sp(A41), vl(k1, o)), f64x2.mul(sp(A42), vl(k2, o))), f64x2.mul(sp(A43), vl(k3, o)));
    v128.store(ys + o, f64x2.add(vl(y, o), f64x2.mul(h, s)));
  }
  st(ys, 8, ld(y, 8) + hd * (A41 * ld(k1, 8) + A42 * ld(k2, 8) + A43 * ld(k3, 8)));
}
function stage5(ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize): void {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(A51), vl(k1, o)), f64x2.mul(sp(A52), vl(k2, o))), f64x2.mul(sp(A53), vl(k3, o))), f64x2.mul(sp(A54), vl(k4, o)));
    v128.store(ys + o, f64x2.add(vl(y, o), f64x2.mul(h, s)));
  }
  st(ys, 8, ld(y, 8) + hd * (A51 * ld(k1, 8) + A52 * ld(k2, 8) + A53 * ld(k3, 8) + A54 * ld(k4, 8)));
}
function stage6(ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize, k5: usize): void {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(A61), vl(k1, o)), f64x2.mul(sp(A62), vl(k2, o))), f64x2.mul(sp(A63), vl(k3, o))), f64x2.mul(sp(A64), vl(k4, o))), f64x2.mul(sp(A65), vl(k5, o)));
    v128.store(ys + o, f64x2.add(vl(y, o), f64x2.mul(h, s)));
  }
  st(ys, 8, ld(y, 8) + hd * (A61 * ld(k1, 8) + A62 * ld(k2, 8) + A63 * ld(k3, 8) + A64 * ld(k4, 8) + A65 * ld(k5, 8)));
}
// the 5th-order solution (B2 = 0)
function stage7(yn: usize, y: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize): void {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(B1), vl(k1, o)), f64x2.mul(sp(B3), vl(k3, o))), f64x2.mul(sp(B4), vl(k4, o))), f64x2.mul(sp(B5), vl(k5, o))), f64x2.mul(sp(B6), vl(k6, o)));
    v128.store(yn + o, f64x2.add(vl(y, o), f64x2.mul(h, s)));
  }
  st(yn, 8, ld(y, 8) + hd * (B1 * ld(k1, 8) + B3 * ld(k3, 8) + B4 * ld(k4, 8) + B5 * ld(k5, 8) + B6 * ld(k6, 8)));
}
// scaled RMS of the embedded error estimate, summed in element order as rk45Core does
function errorNorm(y: usize, yn: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize, k7: usize, er: usize, rtol: f64, atol: f64): f64 {
  const h = sp(hd);
  for (let o: usize = 0; o < 64; o += 16) {
    const s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(E1), vl(k1, o)), f64x2.mul(sp(E3), vl(k3, o))), f64x2.mul(sp(E4), vl(k4, o))), f64x2.mul(sp(E5), vl(k5, o))), f64x2.mul(sp(E6), vl(k6, o))), f64x2.mul(sp(E7), vl(k7, o)));
    const e = f64x2.mul(h, s);
    const sc = f64x2.add(sp(atol), f64x2.mul(sp(rtol), f64x2.max(f64x2.abs(vl(y, o)), f64x2.abs(vl(yn, o)))));
    v128.store(er + o, f64x2.div(e, sc));
  }
  st(er, 8, hd * (E1 * ld(k1, 8) + E3 * ld(k3, 8) + E4 * ld(k4, 8) + E5 * ld(k5, 8) + E6 * ld(k6, 8) + E7 * ld(k7, 8)) / (atol + rtol * max<f64>(abs<f64>(ld(y, 8)), abs<f64>(ld(yn, 8)))));
  let s = 0.0;
  for (let i = 0; i < 9; i++) { const v = ld(er, i); s += v * v; }
  return sqrt<f64>(s / 9.0);
}

// RMS of x_i / (atol + rtol |y_i|)
function rmsScaled(x: usize, y: usize, rtol: f64, atol: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < 9; i++) {
    const v = ld(x, i) / (atol + rtol * abs<f64>(ld(y, i)));
    s += v * v;
  }
  return sqrt<f64>(s / 9.0);
}

// 9 doubles as four f64x2 and one f64: V8 compiles memory.copy to a call into the runtime, which costs more than
// the copy at this size
// @ts-ignore: decorator
@inline function copy9(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst, v128.load(src, 16), 16);
  v128.store(dst, v128.load(src, 32), 32);
  v128.store(dst, v128.load(src, 48), 48);
  store<f64>(dst, load<f64>(src, 64), 64);
}

function nextafterUp(t: f64): f64 {
  const a = abs<f64>(t);
  if (a == 0.0) return 4.9406564584124654e-324;
  return reinterpret<f64>(reinterpret<u64>(a) + 1);
}

/** Doubles of workspace flow3 needs. */
export const FLOW3_WORK: i32 = 90;

/**
 * Integrate from t = 0 (U, 9 doubles, updated in place) until L ≤ ltol, or ‖∇L‖_F ≤ gtol with L ≤ fitted·L0, or
 * t = tMax (L0 = L(U0)): the grid uses fitted = 1e-8 (see grid3.ts for why), gradientFlow 0.5 (flows.ts). Returns an RK_* status; stats as rk45Core's (t, steps, rejected, nfev,
 * h, ‖f‖₂). Observations from flow3SetObservations.
 */
export function flow3(u: usize, tMax: f64, rtol: f64, atol: f64, maxSteps: i32, gtol: f64, ltol: f64, fitted: f64, stats: usize, work: usize): i32 {
  const nb: usize = 72;
  const k1 = work, k2 = k1 + nb, k3 = k2 + nb, k4 = k3 + nb, k5 = k4 + nb, k6 = k5 + nb, k7 = k6 + nb;
  const yn = k7 + nb, ys = yn + nb, er = ys + nb;
  let t = 0.0;
  let nfev = 0, steps = 0, rejected = 0;
  let status = RK_REACHED_T1;
  rhs(u, k1, true); nfev++;
  const gLoss = fitted * lastLoss; // L(U0)
  // Hairer's starting step, as rk45Core's initialStep
  let h: f64;
  {
    const d0 = rmsScaled(u, u, rtol, atol);
    const d1 = rmsScaled(k1, u, rtol, atol);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    for (let i = 0; i < 9; i++) st(yn, i, ld(u, i) + 1.0 * h0 * ld(k1, i));
    rhs(yn, k2, false); nfev++;
    let s = 0.0;
    for (let i = 0; i < 9; i++) {
      const v = (ld(k2, i) - ld(k1, i)) / (atol + rtol * abs<f64>(ld(u, i)));
      s += v * v;
    }
    const d2 = sqrt<f64>(s / 9.0) / h0;
    const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? max<f64>(1e-6, h0 * 1e-3) : Math.pow(0.01 / max<f64>(d1, d2), 1.0 / 5.0);
    h = min<f64>(100.0 * h0, h1);
  }
  h = min<f64>(h, tMax);
  let fnorm = lastGrad;
  if (!isFinite(fnorm)) status = RK_NONFINITE;
  while (status == RK_REACHED_T1 && tMax - t > 0.0) {
    if (steps >= maxSteps) { status = RK_MAX_STEPS; break; }
    const minStep = 10.0 * abs<f64>(nextafterUp(t) - t);
    if (h < minStep) { status = RK_STEP_TOO_SMALL; break; }
    let hs = h;
    let landing = false;
    if (hs >= tMax - t) { hs = tMax - t; landing = true; }
    let rejectedNow = false;
    while (true) {
      const hd = hs;
      stage2(ys, u, hd, k1); rhs(ys, k2, false);
      stage3(ys, u, hd, k1, k2); rhs(ys, k3, false);
      stage4(ys, u, hd, k1, k2, k3); rhs(ys, k4, false);
      stage5(ys, u, hd, k1, k2, k3, k4); rhs(ys, k5, false);
      stage6(ys, u, hd, k1, k2, k3, k4, k5);
      const tNew = landing ? tMax : t + hd;
      rhs(ys, k6, false);
      stage7(yn, u, hd, k1, k3, k4, k5, k6); rhs(yn, k7, true);
      nfev += 6;
      const errNorm = errorNorm(u, yn, hd, k1, k3, k4, k5, k6, k7, er, rtol, atol);
      if (!isFinite(errNorm)) {
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
        const hNext = hs * factor;
        h = min<f64>(tMax, landing && factor >= 1.0 ? max<f64>(h, hNext) : hNext);
        t = tNew;
        copy9(u, yn);
        copy9(k1, k7); // FSAL
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
    fnorm = lastGrad; // ‖k1‖ after FSAL: k7 was evaluated with norms
    if (!isFinite(fnorm)) { status = RK_NONFINITE; break; }
    if (lastLoss <= ltol || (fnorm <= gtol && lastLoss <= gLoss)) { status = RK_STOPPED; break; }
  }
  st(stats, ST_T, t);
  st(stats, ST_STEPS, <f64>steps);
  st(stats, ST_REJECTED, <f64>rejected);
  st(stats, ST_NFEV, <f64>nfev);
  st(stats, ST_H, h);
  st(stats, ST_FNORM, fnorm);
  return status;
}
