// Dormand–Prince stage combinations over n doubles, two lanes at a time (f64x2) with a scalar clean-up for an odd n
// (one element at most: an `if`, not a loop).
// Each element is computed with the same expression (same association) as the scalar form in the comment, so any n
// gives the bits of the scalar formula. @inline: every system (assembly/ode/stepper.ts) gets its own copy, so a
// system of constant dimension (the 3×3 flow, n = 9) is compiled with constant loop bounds.
// The tableau is the portable one of src/kernels/ode/dopri.ts (shared with the plain-TypeScript twin).
// see: Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, §II.4.

import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6,
  E1, E3, E4, E5, E6, E7,
} from '../../src/kernels/ode/dopri';
import { madd } from '../simd';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** ys = y + (hd·A21)·k1 */
// @ts-ignore: decorator
@inline export function stage2(n: i32, ys: usize, y: usize, hd: f64, k1: usize): void {
  const c = hd * A21, cv = f64x2.splat(c);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(ys + o, madd(cv, v128.load(k1 + o), v128.load(y + o)));
  }
  if (i < n) st(ys, i, ld(y, i) + c * ld(k1, i));
}

/** ys = y + hd·(A31·k1 + A32·k2) */
// @ts-ignore: decorator
@inline export function stage3(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A31), a2 = f64x2.splat(A32);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const c = madd(a2, v128.load(k2 + o), f64x2.mul(a1, v128.load(k1 + o)));
    v128.store(ys + o, madd(h, c, v128.load(y + o)));
  }
  if (i < n) st(ys, i, ld(y, i) + hd * (A31 * ld(k1, i) + A32 * ld(k2, i)));
}

/** ys = y + hd·(A41·k1 + A42·k2 + A43·k3) */
// @ts-ignore: decorator
@inline export function stage4(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A41), a2 = f64x2.splat(A42), a3 = f64x2.splat(A43);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = madd(a2, v128.load(k2 + o), f64x2.mul(a1, v128.load(k1 + o)));
    c = madd(a3, v128.load(k3 + o), c);
    v128.store(ys + o, madd(h, c, v128.load(y + o)));
  }
  if (i < n) st(ys, i, ld(y, i) + hd * (A41 * ld(k1, i) + A42 * ld(k2, i) + A43 * ld(k3, i)));
}

/** ys = y + hd·(A51·k1 + A52·k2 + A53·k3 + A54·k4) */
// @ts-ignore: decorator
@inline export function stage5(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize): void {
  const h = f64x2.splat(hd), a1 = f64x2.splat(A51), a2 = f64x2.splat(A52), a3 = f64x2.splat(A53), a4 = f64x2.splat(A54);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = madd(a2, v128.load(k2 + o), f64x2.mul(a1, v128.load(k1 + o)));
    c = madd(a3, v128.load(k3 + o), c);
    c = madd(a4, v128.load(k4 + o), c);
    v128.store(ys + o, madd(h, c, v128.load(y + o)));
  }
  if (i < n) st(ys, i, ld(y, i) + hd * (A51 * ld(k1, i) + A52 * ld(k2, i) + A53 * ld(k3, i) + A54 * ld(k4, i)));
}

/** ys = y + hd·(A61·k1 + A62·k2 + A63·k3 + A64·k4 + A65·k5) */
// @ts-ignore: decorator
@inline export function stage6(n: i32, ys: usize, y: usize, hd: f64, k1: usize, k2: usize, k3: usize, k4: usize, k5: usize): void {
  const h = f64x2.splat(hd);
  const a1 = f64x2.splat(A61), a2 = f64x2.splat(A62), a3 = f64x2.splat(A63), a4 = f64x2.splat(A64), a5 = f64x2.splat(A65);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = madd(a2, v128.load(k2 + o), f64x2.mul(a1, v128.load(k1 + o)));
    c = madd(a3, v128.load(k3 + o), c);
    c = madd(a4, v128.load(k4 + o), c);
    c = madd(a5, v128.load(k5 + o), c);
    v128.store(ys + o, madd(h, c, v128.load(y + o)));
  }
  if (i < n) {
    st(ys, i, ld(y, i) + hd * (A61 * ld(k1, i) + A62 * ld(k2, i) + A63 * ld(k3, i) + A64 * ld(k4, i) + A65 * ld(k5, i)));
  }
}

/** yn = y + hd·(B1·k1 + B3·k3 + B4·k4 + B5·k5 + B6·k6), the 5th-order solution (B2 = 0) */
// @ts-ignore: decorator
@inline export function stage7(n: i32, yn: usize, y: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize): void {
  const h = f64x2.splat(hd);
  const b1 = f64x2.splat(B1), b3 = f64x2.splat(B3), b4 = f64x2.splat(B4), b5 = f64x2.splat(B5), b6 = f64x2.splat(B6);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = madd(b3, v128.load(k3 + o), f64x2.mul(b1, v128.load(k1 + o)));
    c = madd(b4, v128.load(k4 + o), c);
    c = madd(b5, v128.load(k5 + o), c);
    c = madd(b6, v128.load(k6 + o), c);
    v128.store(yn + o, madd(h, c, v128.load(y + o)));
  }
  if (i < n) {
    st(yn, i, ld(y, i) + hd * (B1 * ld(k1, i) + B3 * ld(k3, i) + B4 * ld(k4, i) + B5 * ld(k5, i) + B6 * ld(k6, i)));
  }
}

/**
 * RMS of v_i = e_i/(atol + rtol·max(|y_i|, |yn_i|)), e = hd·(E1·k1 + E3·k3 + E4·k4 + E5·k5 + E6·k6 + E7·k7): v computed
 * two lanes at a time into er, then the squares summed in element order.
 */
// @ts-ignore: decorator
@inline export function scaledError(
  n: i32, y: usize, yn: usize, hd: f64, k1: usize, k3: usize, k4: usize, k5: usize, k6: usize, k7: usize, er: usize,
  rtol: f64, atol: f64,
): f64 {
  const h = f64x2.splat(hd), at = f64x2.splat(atol), rt = f64x2.splat(rtol);
  const e1 = f64x2.splat(E1), e3 = f64x2.splat(E3), e4 = f64x2.splat(E4), e5 = f64x2.splat(E5), e6 = f64x2.splat(E6), e7 = f64x2.splat(E7);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    let c = madd(e3, v128.load(k3 + o), f64x2.mul(e1, v128.load(k1 + o)));
    c = madd(e4, v128.load(k4 + o), c);
    c = madd(e5, v128.load(k5 + o), c);
    c = madd(e6, v128.load(k6 + o), c);
    c = madd(e7, v128.load(k7 + o), c);
    const sc = madd(rt, f64x2.max(f64x2.abs(v128.load(y + o)), f64x2.abs(v128.load(yn + o))), at);
    v128.store(er + o, f64x2.div(f64x2.mul(h, c), sc));
  }
  if (i < n) {
    const e = hd * (E1 * ld(k1, i) + E3 * ld(k3, i) + E4 * ld(k4, i) + E5 * ld(k5, i) + E6 * ld(k6, i) + E7 * ld(k7, i));
    st(er, i, e / (atol + rtol * max<f64>(abs<f64>(ld(y, i)), abs<f64>(ld(yn, i)))));
  }
  let s = 0.0;
  for (let j = 0; j < n; j++) { const v = ld(er, j); s += v * v; }
  return sqrt<f64>(s / <f64>n);
}

/** RMS of x_i/(atol + rtol|y_i|). */
// @ts-ignore: decorator
@inline export function rmsScaled(n: i32, x: usize, y: usize, rtol: f64, atol: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const v = ld(x, i) / (atol + rtol * abs<f64>(ld(y, i)));
    s += v * v;
  }
  return sqrt<f64>(s / <f64>n);
}

/** ys = y + hd·k1 (Hairer's starting-step probe; the same expression y + (dir·h0)·f0 as his rule). */
// @ts-ignore: decorator
@inline export function eulerProbe(n: i32, ys: usize, y: usize, hd: f64, k1: usize): void {
  for (let i = 0; i < n; i++) st(ys, i, ld(y, i) + hd * ld(k1, i));
}

/** RMS of (f1 − f0)_i/(atol + rtol|y_i|). */
// @ts-ignore: decorator
@inline export function rmsScaledDiff(n: i32, f1: usize, f0: usize, y: usize, rtol: f64, atol: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const v = (ld(f1, i) - ld(f0, i)) / (atol + rtol * abs<f64>(ld(y, i)));
    s += v * v;
  }
  return sqrt<f64>(s / <f64>n);
}

/** The RMS of x, ‖x‖₂/√n, overflow-safe as norm2 (the scale of norm control). */
// @ts-ignore: decorator
@inline export function rms(n: i32, x: usize): f64 { return norm2(n, x) / sqrt<f64>(<f64>n); }

/** ‖x‖₂ (plain sum of squares in element order). */
// @ts-ignore: decorator
@inline export function norm2(n: i32, x: usize): f64 {
  // the plain sum of squares first (the common case: no entry near the overflow or underflow thresholds)
  let s = 0.0;
  for (let i = 0; i < n; i++) { const v = ld(x, i); s += v * v; }
  if (s < 1e300 && s > 1e-290) return sqrt<f64>(s);
  // scaled like LAPACK's dnrm2: ‖x‖₂ = big·‖x/big‖₂ with big = max|x_i|, so y ~ 1e200 does not overflow the
  // squares and ‖x‖₂ is finite whenever it is representable (a NaN or ∞ entry still gives a non-finite norm)
  let big = 0.0;
  for (let i = 0; i < n; i++) big = max<f64>(big, abs<f64>(ld(x, i)));
  if (big == 0.0 || !isFinite(big)) return big + s; // 0, or ∞/NaN
  let t = 0.0;
  for (let i = 0; i < n; i++) { const v = ld(x, i) / big; t += v * v; }
  return big * sqrt<f64>(t);
}

/** dst := src, n doubles, two lanes at a time (V8 turns memory.copy into a runtime call: slower at small n). */
// @ts-ignore: decorator
@inline export function copyVec(n: i32, dst: usize, src: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(dst + o, v128.load(src + o));
  }
  if (i < n) st(dst, i, ld(src, i));
}

/** The spacing of doubles at |t| (nextUp(|t|) − |t|), for the minimum-step test. */
// @ts-ignore: decorator
@inline export function spacing(t: f64): f64 {
  const a = abs<f64>(t);
  if (a == 0.0) return 4.9406564584124654e-324;
  return reinterpret<f64>(reinterpret<u64>(a) + 1) - a;
}
