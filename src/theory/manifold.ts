// Distance of a factor U to the commuting-flow manifold M = {exp(−A*(s)) X0 exp(−A*(s)) : s ∈ Rᵐ}, X0 = αI
// (Gunasekar et al. 2017, eq. 7 and 11; docs/theory.md(a)). In the common eigenbasis V a point of M is
// V diag(α·exp(−2Dᵀs)) Vᵀ, so the distance splits into the off-diagonal part of VᵀXV (exactly 0 on M) and the
// misfit of its diagonal w to {α·exp(−2Dᵀs)}, with s fitted by Gauss–Newton from a weighted log-linear start.
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import type { CommutingOperator } from '../operators/operator.js';
import { norm2, solveSquare } from './linalg.js';
import { ImplicitRegError } from '../core/errors.js';
import { checkFinite, checkMatrix, checkNonEmpty, checkNumber } from '../core/validate.js';
import { checkOperator } from '../operators/operator.js';

/**
 * Relative Frobenius distance min_s ‖UUᵀ − V diag(α e^{−2Dᵀs}) Vᵀ‖_F / ‖UUᵀ‖_F (s from ≤ 10 Gauss–Newton steps, so an
 * upper bound on the true distance that is tight when the misfit is small), with the fitted s.
 * @example manifoldDistance(ir, op, 1e-4, U).distance // ~1e-10 along a gradient flow from U0 = 1e-2·I
 */
export function manifoldDistance(ir: Kernels, op: CommutingOperator, alpha: number, U: Matrix): {
  /** The relative Frobenius distance (an upper bound, see above). */
  distance: number;
  /** The fitted s (m). */
  s: Float64Array;
  /** The off-diagonal part of VᵀUUᵀV alone, relative to ‖UUᵀ‖_F (exactly 0 on the manifold). */
  offDiagonal: number;
} {
  const fn = 'manifoldDistance';
  checkOperator(fn, op);
  if (op.kind !== 'commuting') throw new ImplicitRegError('value', `${fn}: argument op must be a commuting operator, got kind '${op.kind}'`);
  checkNumber(fn, 'alpha', alpha, { gt: 0 });
  checkMatrix(fn, 'U', U);
  checkNonEmpty(fn, 'U', U);
  if (U.rows !== op.n) throw new ImplicitRegError('shape', `${fn}: argument U must have n = ${op.n} rows, got ${U.rows}×${U.cols}`);
  checkFinite(fn, 'U', U.data);
  const { n, m } = op;
  const D = op.d;
  const B = ir.matmul(op.V, U, { transA: true }); // VᵀU
  const W = ir.syrk(B); // VᵀXV
  let off2 = 0;
  let all2 = 0;
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      const v = W.data[k * n + l];
      all2 += v * v;
      if (k !== l) off2 += v * v;
    }
    w[k] = Math.max(W.data[k * n + k], 1e-300);
  }
  // start: min Σ ω_k (log(w_k/α) + 2 d_kᵀs)² with ω = w² (the linearisation of the Frobenius misfit around w); when
  // the weights concentrate on fewer than m coordinates that system is singular and ω = 1 (plain log fit) is used
  const logFit = (weighted: boolean): Float64Array => {
    const H = new Float64Array(m * m);
    const g = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      const om = weighted ? w[k] * w[k] : 1;
      const lk = Math.log(w[k] / alpha);
      for (let i = 0; i < m; i++) {
        g[i] -= 2 * om * D[i * n + k] * lk;
        for (let j = 0; j < m; j++) H[i * m + j] += 4 * om * D[i * n + k] * D[j * n + k];
      }
    }
    return solveSquare(H, g, m, 'manifoldDistance');
  };
  let s: Float64Array;
  try {
    s = logFit(true);
  } catch {
    s = logFit(false);
  }
  const H = new Float64Array(m * m);
  const g = new Float64Array(m);
  const misfit = (sv: Float64Array, mu: Float64Array): Float64Array => {
    const e = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let t = 0;
      for (let i = 0; i < m; i++) t += D[i * n + k] * sv[i];
      mu[k] = alpha * Math.exp(-2 * t);
      e[k] = mu[k] - w[k];
    }
    return e;
  };
  const mu = new Float64Array(n);
  let e = misfit(s, mu);
  for (let it = 0; it < 10; it++) {
    H.fill(0);
    g.fill(0);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < m; i++) {
        g[i] += 2 * mu[k] * D[i * n + k] * e[k];
        for (let j = 0; j < m; j++) H[i * m + j] += 4 * mu[k] * mu[k] * D[i * n + k] * D[j * n + k];
      }
    }
    let step: Float64Array;
    try {
      step = solveSquare(H, g, m, 'manifoldDistance');
    } catch {
      break;
    }
    // halve the Gauss–Newton step until the misfit decreases (stop when it cannot)
    let improved = false;
    for (let t = 1; t > 1e-6 && !improved; t /= 2) {
      const sNew = s.map((v, i) => v + t * step[i]);
      const muNew = new Float64Array(n);
      const eNew = misfit(sNew, muNew);
      if (norm2(eNew) < norm2(e)) {
        s = sNew;
        e = eNew;
        mu.set(muNew);
        improved = true;
      }
    }
    if (!improved) break;
  }
  const scale = Math.sqrt(all2);
  if (!(scale > 0)) throw new ImplicitRegError('value', `${fn}: argument U must be nonzero (X = UUᵀ = 0 lies on no manifold point's scale)`);
  const res = { distance: Math.sqrt(off2 + norm2(e) ** 2) / scale, s, offDiagonal: Math.sqrt(off2) / scale };
  if (!Number.isFinite(res.distance) || !res.s.every(Number.isFinite)) {
    throw new ImplicitRegError('overflow', `${fn}: the distance is not representable for U and alpha of these magnitudes (‖UUᵀ‖_F = ${scale.toExponential(2)}, alpha = ${alpha})`);
  }
  return res;
}
