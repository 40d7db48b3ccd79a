// Gradient descent on L(U) = ¼‖A(UUᵀ) − y‖², U ∈ R^{n×d}: U ← U − t∇L(U), the whole run in one call.
// Step t: fixed η, or the exact line search along −∇L (Gunasekar et al. 2017, Fig. 1 "ELS"): L(U − tG) is the
// quartic ¼Σ(r − tb + t²c)² with b = A(UGᵀ + GUᵀ), c = A(GGᵀ); its minimizer over [0, ηmax] is an endpoint
// or a real root of the cubic derivative.
// see: SPEC §4 (factored GD), §1 (loss scale: GD on ‖·‖² with step η' is η = 4η' here).

import { daxpy } from '../blas/blas';
import { recordSample, writeIterStats } from './history';
import { iterateState, lineCoefficients, opM, opN, sensingWorkSize, stateGradNorm, stateTrace } from '../operators/sensing';

export const GD_CONVERGED: i32 = 0;
export const GD_MAX_ITER: i32 = 1;
export const GD_DIVERGED: i32 = 2;

// history records and stats: see history.ts (here the gradient norm is ‖∇L‖_F and the trace tr(UUᵀ) = ‖U‖_F²)

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }

/** Doubles of workspace factoredGD needs. */
export function factoredWorkSize(n: i32, d: i32, m: i32): i32 {
  // r, b, c (m each), G and U_prev (n·d each), operator workspace
  return 3 * m + 2 * n * d + sensingWorkSize(n, d) + 8;
}

// φ(t) = ¼(Srr − 2t Srb + t²(Sbb + 2Src) − 2t³ Sbc + t⁴ Scc)
// @ts-ignore: decorator
@inline
function quartic(t: f64, srr: f64, srb: f64, sbb: f64, src: f64, sbc: f64, scc: f64): f64 {
  return 0.25 * (srr + t * (-2.0 * srb + t * (sbb + 2.0 * src + t * (-2.0 * sbc + t * scc))));
}

/**
 * argmin over t ∈ [0, tmax] of the quartic with the given sums (Srr = Σr², Srb = Σrb, …): candidates are the
 * endpoints and the real roots of φ'(t) ∝ 2Scc t³ − 3Sbc t² + (Sbb + 2Src) t − Srb, each polished by Newton.
 * see: Cardano / trigonometric solution of the depressed cubic (Press et al., Numerical Recipes §5.6).
 */
export function elsStep(srr: f64, srb: f64, sbb: f64, src: f64, sbc: f64, scc: f64, tmax: f64): f64 {
  let best = 0.0;
  let bestVal = quartic(0.0, srr, srb, sbb, src, sbc, scc);
  let v = quartic(tmax, srr, srb, sbb, src, sbc, scc);
  if (v < bestVal) { best = tmax; bestVal = v; }
  const a3 = 2.0 * scc, a2 = -3.0 * sbc, a1 = sbb + 2.0 * src, a0 = -srb;
  // roots into r0..r2 (NaN when absent)
  let r0 = NaN, r1 = NaN, r2 = NaN;
  const scale = max<f64>(max<f64>(abs<f64>(a2), abs<f64>(a1)), abs<f64>(a0));
  if (abs<f64>(a3) <= 1e-14 * scale) {
    // (near-)quadratic a2 t² + a1 t + a0
    if (abs<f64>(a2) > 1e-300) {
      const disc = a1 * a1 - 4.0 * a2 * a0;
      if (disc >= 0.0) {
        const q = -0.5 * (a1 + (a1 >= 0.0 ? sqrt<f64>(disc) : -sqrt<f64>(disc)));
        r0 = q / a2;
        if (q != 0.0) r1 = a0 / q;
      }
    } else if (a1 != 0.0) r0 = -a0 / a1;
  } else {
    // t³ + A t² + B t + C, then the depressed form
    const A = a2 / a3, B = a1 / a3, C = a0 / a3;
    const Q = (A * A - 3.0 * B) / 9.0;
    const R = (2.0 * A * A * A - 9.0 * A * B + 27.0 * C) / 54.0;
    const Q3 = Q * Q * Q;
    if (R * R < Q3) {
      const th = Math.acos(R / sqrt<f64>(Q3));
      const sq = -2.0 * sqrt<f64>(Q);
      r0 = sq * Math.cos(th / 3.0) - A / 3.0;
      r1 = sq * Math.cos((th + 2.0 * Math.PI) / 3.0) - A / 3.0;
      r2 = sq * Math.cos((th - 2.0 * Math.PI) / 3.0) - A / 3.0;
    } else {
      let Ac = -Math.cbrt(abs<f64>(R) + sqrt<f64>(R * R - Q3));
      if (R < 0.0) Ac = -Ac;
      const Bc = Ac == 0.0 ? 0.0 : Q / Ac;
      r0 = Ac + Bc - A / 3.0;
    }
  }
  for (let k = 0; k < 3; k++) {
    let t = k == 0 ? r0 : k == 1 ? r1 : r2;
    if (!isFinite(t)) continue;
    // two Newton steps on the cubic for full accuracy
    for (let it = 0; it < 2; it++) {
      const p = ((a3 * t + a2) * t + a1) * t + a0;
      const dp = (3.0 * a3 * t + 2.0 * a2) * t + a1;
      if (dp != 0.0) t -= p / dp;
    }
    if (t > 0.0 && t < tmax) {
      v = quartic(t, srr, srb, sbb, src, sbc, scc);
      if (v < bestVal) { best = t; bestVal = v; }
    }
  }
  return best;
}

/**
 * Run gradient descent on U (n×d, in place) for the operator `op` and data y.
 * eta: the fixed step, or (els = 1) the largest step ηmax of the exact line search.
 * Stops: L ≤ ltol or ‖∇L‖_F ≤ gtol (GD_CONVERGED), maxIter iterations (GD_MAX_ITER), or a non-finite value or
 * L > divergeLoss (GD_DIVERGED; U is then the last finite iterate and stats[0] the iteration that failed).
 * History: at the sorted iteration indices in samples[0..nSamples) a record of HIST_FIELDS doubles (history.ts).
 * Returns the status; stats receives ITER_STATS doubles (history.ts).
 */
export function factoredGD(
  op: usize, y: usize, u: usize, d: i32, eta: f64, els: i32, maxIter: i32, ltol: f64, gtol: f64, divergeLoss: f64,
  samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op), m = opM(op);
  const nd = n * d;
  const ndb = <usize>nd << 3;
  const r = work;
  const b = r + (<usize>m << 3);
  const c = b + (<usize>m << 3);
  const g = c + (<usize>m << 3);
  const up = g + ndb;
  const inner = up + ndb;
  let next = 0;
  let status = GD_MAX_ITER;
  let loss = 0.0, gn = 0.0, tr = 0.0, step = eta;
  let k = 0;
  let failedAt = -1;
  for (; ; k++) {
    loss = iterateState(op, y, u, d, r, g, inner, 0);
    gn = stateGradNorm;
    tr = stateTrace;
    if (!isFinite(loss) || !isFinite(gn) || loss > divergeLoss) {
      status = GD_DIVERGED;
      failedAt = k;
      if (k > 0) {
        // hand back the last finite iterate, with its own (finite) loss, gradient norm and trace
        loss = iterateState(op, y, u, d, r, g, inner, up);
        gn = stateGradNorm;
        tr = stateTrace;
        k--;
      }
      break;
    }
    const converged = loss <= ltol || gn <= gtol;
    if (!converged && k < maxIter && els != 0) {
      lineCoefficients(op, u, g, d, b, c, inner);
      let srr = 0.0, srb = 0.0, sbb = 0.0, src = 0.0, sbc = 0.0, scc = 0.0;
      for (let i = 0; i < m; i++) {
        const ri = ld(r, i), bi = ld(b, i), ci = ld(c, i);
        srr += ri * ri; srb += ri * bi; sbb += bi * bi; src += ri * ci; sbc += bi * ci; scc += ci * ci;
      }
      step = elsStep(srr, srb, sbb, src, sbc, scc, eta);
    }
    next = recordSample(samples, nSamples, next, k, hist, loss, gn, tr, step);
    if (converged) { status = GD_CONVERGED; break; }
    if (k >= maxIter) { status = GD_MAX_ITER; break; }
    memory.copy(up, u, ndb);
    // U ← U − t G
    daxpy(nd, -step, g, u); // U ← U − step·G
  }
  writeIterStats(stats, k, loss, gn, tr, next, failedAt);
  return status;
}
