// Batched 3×3 symmetric eigendecomposition: the cyclic Jacobi of jacobi.ts fully unrolled, with two matrices
// processed at once, one per f64x2 lane (the rotation parameters' sqrt/div chains run in SIMD).
// Everything lives in registers; the threshold test is branch-free (a negligible a_pq gives t = 0, the identity).
// The pair order per sweep, (1,2), (0,2), (0,1), is dsyevj's round-robin order for n = 3 (padded to 4), so the
// results are bit-identical to dsyevj's.
// see: Rutishauser 1966 (τ-form rotation); Demmel & Veselić 1992 (relative threshold ε·sqrt(|a_pp a_qq|)).

const EPS: f64 = 2.220446049250313e-16;
const THETA_BIG: f64 = 1.0e150;

// One rotation in the (p, q) plane for both lanes; returns the mask of lanes that rotated.
// app, aqq, apq: the 2×2 block; arp, arq: the entries coupling the third index r; v*: columns p, q of V.
// @ts-ignore: decorator
@inline
function rot(
  app: v128, aqq: v128, apq: v128, arp: v128, arq: v128,
  vp0: v128, vq0: v128, vp1: v128, vq1: v128, vp2: v128, vq2: v128,
  out: usize,
): v128 {
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  const thr = f64x2.mul(f64x2.mul(f64x2.splat(EPS), f64x2.sqrt(f64x2.abs(app))), f64x2.sqrt(f64x2.abs(aqq)));
  const active = v128.and(f64x2.gt(f64x2.abs(apq), thr), f64x2.ne(apq, zero));
  const theta = f64x2.div(f64x2.sub(aqq, app), f64x2.add(apq, apq));
  const at = f64x2.abs(theta);
  let t = f64x2.div(one, f64x2.add(at, f64x2.sqrt(f64x2.add(f64x2.mul(at, at), one))));
  t = v128.bitselect(f64x2.div(f64x2.splat(0.5), at), t, f64x2.gt(at, f64x2.splat(THETA_BIG)));
  // sign of θ, then zero for inactive lanes (θ may be NaN/±Inf there; bitselect discards it)
  t = v128.or(t, v128.and(theta, f64x2.splat(-0.0)));
  t = v128.and(t, active);
  const c = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.mul(t, t), one)));
  const s = f64x2.mul(t, c);
  const tau = f64x2.div(s, f64x2.add(one, c));
  const tapq = f64x2.mul(t, apq);
  v128.store(out, f64x2.sub(app, tapq));
  v128.store(out, f64x2.add(aqq, tapq), 16);
  v128.store(out, f64x2.sub(arp, f64x2.mul(s, f64x2.add(arq, f64x2.mul(tau, arp)))), 32);
  v128.store(out, f64x2.add(arq, f64x2.mul(s, f64x2.sub(arp, f64x2.mul(tau, arq)))), 48);
  v128.store(out, f64x2.sub(vp0, f64x2.mul(s, f64x2.add(vq0, f64x2.mul(tau, vp0)))), 64);
  v128.store(out, f64x2.add(vq0, f64x2.mul(s, f64x2.sub(vp0, f64x2.mul(tau, vq0)))), 80);
  v128.store(out, f64x2.sub(vp1, f64x2.mul(s, f64x2.add(vq1, f64x2.mul(tau, vp1)))), 96);
  v128.store(out, f64x2.add(vq1, f64x2.mul(s, f64x2.sub(vp1, f64x2.mul(tau, vq1)))), 112);
  v128.store(out, f64x2.sub(vp2, f64x2.mul(s, f64x2.add(vq2, f64x2.mul(tau, vp2)))), 128);
  v128.store(out, f64x2.add(vq2, f64x2.mul(s, f64x2.sub(vp2, f64x2.mul(tau, vq2)))), 144);
  return active;
}

// @ts-ignore: decorator
@inline
function lanes(a: usize, b: usize, i: i32): v128 {
  return f64x2(load<f64>(a + (<usize>i << 3)), load<f64>(b + (<usize>i << 3)));
}

// Write lane `lane` of the result: values ascending, V (3×3 row-major, column j ↔ w[j]).
function emit(lane: i32, d0: v128, d1: v128, d2: v128, v: usize, vOut: usize, w: usize): void {
  // v holds 9 v128 in V row-major order (lane = matrix)
  let e0 = lane == 0 ? f64x2.extract_lane(d0, 0) : f64x2.extract_lane(d0, 1);
  let e1 = lane == 0 ? f64x2.extract_lane(d1, 0) : f64x2.extract_lane(d1, 1);
  let e2 = lane == 0 ? f64x2.extract_lane(d2, 0) : f64x2.extract_lane(d2, 1);
  let i0 = 0, i1 = 1, i2 = 2;
  // sorting network on (value, column index), stable for ties
  if (e1 < e0) { const t = e0; e0 = e1; e1 = t; const k = i0; i0 = i1; i1 = k; }
  if (e2 < e1) { const t = e1; e1 = e2; e2 = t; const k = i1; i1 = i2; i2 = k; }
  if (e1 < e0) { const t = e0; e0 = e1; e1 = t; const k = i0; i0 = i1; i1 = k; }
  store<f64>(w, e0);
  store<f64>(w, e1, 8);
  store<f64>(w, e2, 16);
  const lo = <usize>(lane << 3);
  for (let r = 0; r < 3; r++) {
    const row = v + (<usize>(r * 3) << 4) + lo;
    const dst = vOut + (<usize>(r * 3) << 3);
    store<f64>(dst, load<f64>(row + (<usize>i0 << 4)));
    store<f64>(dst, load<f64>(row + (<usize>i1 << 4)), 8);
    store<f64>(dst, load<f64>(row + (<usize>i2 << 4)), 16);
  }
}

/**
 * Eigendecomposition of `count` symmetric 3×3 matrices (a: count·9 doubles, row-major, read only) into
 * w (count·3, each triple ascending) and v (count·9, column j ↔ w[j]), two matrices per SIMD pass.
 * `work` holds 48 doubles. Returns the largest sweep count, or −(1 + index) of the first matrix that did not converge.
 * Same algorithm, order and rounding as dsyevj: bit-identical results.
 */
export function dsyevj3Batch(count: i32, a: usize, w: usize, v: usize, work: usize, maxSweeps: i32): i32 {
  const out = work; // 10 v128 rotation results
  const vv = work + 160; // 9 v128: V row-major, lanes = the two matrices
  let most = 0;
  for (let i = 0; i < count; i += 2) {
    const pa = a + (<usize>(i * 9) << 3);
    const pb = i + 1 < count ? pa + 72 : pa; // odd count: the last matrix in both lanes
    let a00 = lanes(pa, pb, 0), a01 = lanes(pa, pb, 1), a02 = lanes(pa, pb, 2);
    let a11 = lanes(pa, pb, 4), a12 = lanes(pa, pb, 5), a22 = lanes(pa, pb, 8);
    const one = f64x2.splat(1.0), zero = f64x2.splat(0.0);
    let v00 = one, v01 = zero, v02 = zero;
    let v10 = zero, v11 = one, v12 = zero;
    let v20 = zero, v21 = zero, v22 = one;
    let sweep = 1;
    const eps = f64x2.splat(EPS);
    for (; sweep <= maxSweeps; sweep++) {
      // converged when no off-diagonal entry passes the relative threshold: the sweep would be the identity
      const s0 = f64x2.sqrt(f64x2.abs(a00)), s1 = f64x2.sqrt(f64x2.abs(a11)), s2 = f64x2.sqrt(f64x2.abs(a22));
      const live = v128.or(
        v128.or(f64x2.gt(f64x2.abs(a01), f64x2.mul(f64x2.mul(eps, s0), s1)), f64x2.gt(f64x2.abs(a02), f64x2.mul(f64x2.mul(eps, s0), s2))),
        f64x2.gt(f64x2.abs(a12), f64x2.mul(f64x2.mul(eps, s1), s2)),
      );
      if (!v128.any_true(live)) break;
      // (1, 2, 0)
      rot(a11, a22, a12, a01, a02, v01, v02, v11, v12, v21, v22, out);
      a11 = v128.load(out); a22 = v128.load(out, 16); a12 = zero;
      a01 = v128.load(out, 32); a02 = v128.load(out, 48);
      v01 = v128.load(out, 64); v02 = v128.load(out, 80); v11 = v128.load(out, 96); v12 = v128.load(out, 112);
      v21 = v128.load(out, 128); v22 = v128.load(out, 144);
      // (0, 2, 1)
      rot(a00, a22, a02, a01, a12, v00, v02, v10, v12, v20, v22, out);
      a00 = v128.load(out); a22 = v128.load(out, 16); a02 = zero;
      a01 = v128.load(out, 32); a12 = v128.load(out, 48);
      v00 = v128.load(out, 64); v02 = v128.load(out, 80); v10 = v128.load(out, 96); v12 = v128.load(out, 112);
      v20 = v128.load(out, 128); v22 = v128.load(out, 144);
      // (p, q, r) = (0, 1, 2)
      rot(a00, a11, a01, a02, a12, v00, v01, v10, v11, v20, v21, out);
      a00 = v128.load(out); a11 = v128.load(out, 16); a01 = zero;
      a02 = v128.load(out, 32); a12 = v128.load(out, 48);
      v00 = v128.load(out, 64); v01 = v128.load(out, 80); v10 = v128.load(out, 96); v11 = v128.load(out, 112);
      v20 = v128.load(out, 128); v21 = v128.load(out, 144);
    }
    if (sweep > maxSweeps) return -(1 + i);
    if (sweep > most) most = sweep;
    v128.store(vv, v00); v128.store(vv, v01, 16); v128.store(vv, v02, 32);
    v128.store(vv, v10, 48); v128.store(vv, v11, 64); v128.store(vv, v12, 80);
    v128.store(vv, v20, 96); v128.store(vv, v21, 112); v128.store(vv, v22, 128);
    emit(0, a00, a11, a22, vv, v + (<usize>(i * 9) << 3), w + (<usize>(i * 3) << 3));
    if (i + 1 < count) emit(1, a00, a11, a22, vv, v + (<usize>((i + 1) * 9) << 3), w + (<usize>((i + 1) * 3) << 3));
  }
  return most;
}
