// Gradient descent on L(U) = ¼‖A(UUᵀ) − y‖², U ∈ R^{n×d}: U ← U − t∇L(U), the whole run in one call.
// Step t: fixed η, or the exact line search along −∇L (Gunasekar et al. 2017, Fig. 1 "ELS"): L(U − tG) is the
// quartic ¼Σ(r − tb + t²c)² with b = A(UGᵀ + GUᵀ), c = A(GGᵀ); its minimizer over [0, ηmax] is an endpoint
// or a real root of the cubic derivative.
// see: docs/algorithms/solvers.md (factored GD), §1 (loss scale: GD on ‖·‖² with step η' is η = 4η' here).

import { daxpy, ddot } from '../blas/blas';
import { iterate } from './iterate';
import { convergedOrGoOn, S_CONVERGED } from './status';
import { gradFactored, lineCoefficients, opM, opN, sensingWorkSize } from '../operators/sensing';

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * A factored iterate U (n×d) with its residual r and gradient G = ∇L(U), and the previous iterate: the
 * bookkeeping shared by the methods on U (gradient descent here, the time-ordered exponential in toexp.ts).
 */
export class FactoredIterate {
  op: usize = 0; y: usize = 0; u: usize = 0; d: i32 = 0;
  r: usize = 0; g: usize = 0; prev: usize = 0; inner: usize = 0;
  gn: f64 = 0.0; tr: f64 = 0.0;
  ltol: f64 = 0.0; gtol: f64 = 0.0; fitLoss: f64 = 0.0;

  /**
   * Point at U and carve r (m), G and the previous iterate (n·d each) and an inner workspace of `inner` doubles (at
   * least sensingWorkSize(n, d)) from work; returns the first byte after them.
   */
  bind(op: usize, y: usize, u: usize, d: i32, ltol: f64, gtol: f64, fitLoss: f64, work: usize, inner: i32): usize {
    const m = opM(op), nd = opN(op) * d;
    this.op = op; this.y = y; this.u = u; this.d = d; this.ltol = ltol; this.gtol = gtol; this.fitLoss = fitLoss;
    this.r = work;
    this.g = this.r + (<usize>(m + (m & 1)) << 3);
    this.prev = this.g + (<usize>(nd + (nd & 1)) << 3);
    this.inner = this.prev + (<usize>(nd + (nd & 1)) << 3);
    return this.inner + (<usize>inner << 3);
  }

  /** L(U); also ∇L(U) in g, ‖∇L‖_F and tr UUᵀ = ‖U‖_F². */
  evaluate(): f64 {
    const nd = opN(this.op) * this.d;
    const loss = gradFactored(this.op, this.y, this.u, this.d, this.r, this.g, this.inner);
    this.gn = sqrt<f64>(ddot(nd, this.g, this.g));
    this.tr = ddot(nd, this.u, this.u);
    return loss;
  }

  gradNorm(): f64 { return this.gn; }
  trace(): f64 { return this.tr; }
  converged(loss: f64, gn: f64): bool { return convergedOrGoOn(loss, gn, this.ltol, this.gtol, this.fitLoss) == S_CONVERGED; }
  save(): void { memory.copy(this.prev, this.u, <usize>(opN(this.op) * this.d) << 3); }
  restore(): void { memory.copy(this.u, this.prev, <usize>(opN(this.op) * this.d) << 3); }
}

/** Doubles of workspace a FactoredIterate with an inner workspace of `inner` doubles needs. */
export function factoredIterateWorkSize(n: i32, d: i32, m: i32, inner: i32): i32 {
  return m + 1 + 2 * (n * d + 1) + inner;
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

class GradientDescent extends FactoredIterate {
  eta: f64 = 0.0;
  els: bool = false;
  b: usize = 0; c: usize = 0;
  t: f64 = 0.0; // the step last computed (ELS) or η

  stepSize(final: bool): f64 {
    if (!final && this.els) {
      const it = this, m = opM(it.op);
      lineCoefficients(it.op, it.u, it.g, it.d, this.b, this.c, it.inner);
      let srr = 0.0, srb = 0.0, sbb = 0.0, src = 0.0, sbc = 0.0, scc = 0.0;
      for (let i = 0; i < m; i++) {
        const ri = ld(it.r, i), bi = ld(this.b, i), ci = ld(this.c, i);
        srr += ri * ri; srb += ri * bi; sbb += bi * bi; src += ri * ci; sbc += bi * ci; scc += ci * ci;
      }
      this.t = elsStep(srr, srb, sbb, src, sbc, scc, this.eta);
    }
    return this.t;
  }

  step(t: f64): i32 {
    const it = this;
    daxpy(opN(it.op) * it.d, -t, it.g, it.u); // U ← U − t·G
    return 0;
  }
}

const gd = new GradientDescent();

/** Doubles of workspace factoredGD needs. */
export function factoredWorkSize(n: i32, d: i32, m: i32): i32 {
  return factoredIterateWorkSize(n, d, m, sensingWorkSize(n, d)) + 2 * (m + 1) + 8;
}

/**
 * Run gradient descent on U (n×d, in place) for the operator `op` and data y.
 * eta: the fixed step, or (els = 1) the largest step ηmax of the exact line search.
 * Stops by the rule of status.ts (fitLoss = ¼(fitTol·‖y‖)²) and the loop of iterate.ts (maxIter, divergence: U is
 * then the last finite iterate, the host's tick).
 * History at the sorted iteration indices samples[0..nSamples); stats: ITER_STATS doubles.
 */
export function factoredGD(
  op: usize, y: usize, u: usize, d: i32, eta: f64, els: i32, maxIter: i32, ltol: f64, gtol: f64, fitLoss: f64,
  divergeLoss: f64, samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const m = opM(op);
  const free = gd.bind(op, y, u, d, ltol, gtol, fitLoss, work, sensingWorkSize(opN(op), d));
  gd.b = free;
  gd.c = free + (<usize>(m + 1) << 3);
  gd.eta = eta;
  gd.els = els != 0;
  gd.t = eta;
  return iterate(gd, maxIter, divergeLoss, samples, nSamples, hist, stats);
}
