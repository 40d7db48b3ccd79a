// The LP of the commuting case (Gunasekar et al. 2017, Thm. 1 in the eigenbasis): min Σx s.t. Dx = y, x ≥ 0, solved
// by the package's certified solver (solveLP), with its reduced costs c = 1 − Dᵀν from the dual ν (docs/theory.md).
// x_k(∞) = α^{1 − (Dᵀν_α)_k} with ν_α → ν, so an off-support coordinate decays like α^{c_k}: the reduced costs
// are the predicted rates. Also the vertex (basis) form: ν_B = D_S^{-T}1 from the support S, and for k ∉ S the
// weights w_k = D_S^{-1}d_k that give the leading constant x_k ≈ α^{c_k}·Π_{j∈S} x_j^{w_kj}.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { solveLP, type Certificate, type SDPStatus } from '../sdp/sdp.js';
import { solveSquare } from './linalg.js';
import { checkFinite, checkMatrix, checkNonEmpty, checkNumber, checkOptions, checkVector, optionalNumber, optionalTolerance } from '../core/validate.js';
import { checkLpReport } from './checks.js';

function checkLp(fn: string, D: Matrix, y: ArrayLike<number>): void {
  checkMatrix(fn, 'D', D);
  checkNonEmpty(fn, 'D', D);
  checkFinite(fn, 'D', D.data);
  checkVector(fn, 'y', y);
  if (y.length !== D.rows) throw new ImplicitRegError('shape', `${fn}: argument y must have length ${D.rows} (the rows of D, ${D.rows}×${D.cols}), got ${y.length}`);
  checkFinite(fn, 'y', y);
}

/**
 * The LP min Σx s.t. Dx = y, x ≥ 0 solved two ways, with its reduced costs and basis (see {@link lpWithReducedCosts}).
 */
export interface LpReport {
  /** solveLP's status. */
  status: SDPStatus;
  /** Which method's primal and dual the report uses ('vertices' when solveLP did not certify). */
  solver: 'solveLP' | 'vertices';
  /** The optimum by basis enumeration (NaN when C(n, m) is too large): the independent check of solveLP. */
  vertexValue: number;
  /** solveLP's certificate. */
  certificate: Certificate;
  /** Primal optimum x ≥ 0 (n). */
  x: Float64Array;
  /** Its value Σx. */
  value: number;
  /** Dual ν (m), from the SDP solver or the optimal basis. */
  nu: Float64Array;
  /** c = 1 − Dᵀν (n; ≥ 0 up to the certificate's tolerance). */
  reducedCosts: Float64Array;
  /** Indices with x_k > supportTol·max x (the vertex's basis for a non-degenerate LP). */
  support: number[];
  /** Reduced costs from the basis, c_B = 1 − Dᵀ D_S^{-T}1 (exactly 0 on S); NaN when |S| ≠ m. */
  basisReducedCosts: Float64Array;
  /**
   * The vertex value Σ D_S⁻¹y when the basis S is optimal (x_S ≥ 0, basis reduced costs ≥ −1e-9), else the solver's
   * value: the reference for gaps (exact to rounding instead of to the solver's tolerance).
   */
  reference: number;
  /** min over k ∉ S of the reduced cost (the predicted decay rate of the gap); NaN if S is everything. */
  cMin: number;
  /** For k ∉ S: w_k = D_S^{-1} d_k (row k of an n×m matrix; zero rows on S; NaN when |S| ≠ m). */
  weights: Matrix;
}

/**
 * The same LP by enumerating its bases (a second, exact method for small C(n, m)): for every m-subset S with D_S
 * non-singular, x_S = D_S⁻¹y; the optimum is a feasible vertex (x_S ≥ 0) whose dual ν = D_S^{-T}1 is feasible
 * (c = 1 − Dᵀν ≥ 0). Returns null when the enumeration is too large (more than 200 000 subsets) or finds nothing.
 * @example lpVertices(matrix(1, 2, [1, 2]), [2]) // { x: [0, 1], value: 1, basis: [1], ... }
 */
export function lpVertices(D: Matrix, y: ArrayLike<number>): {
  /** The optimal vertex x ≥ 0 (n; zero off the basis). */
  x: Float64Array;
  /** Its value Σx. */
  value: number;
  /** The basis's dual ν = D_S^{-T}1 (m). */
  nu: Float64Array;
  /** The optimal basis S (m column indices, ascending). */
  basis: number[];
} | null {
  checkLp('lpVertices', D, y);
  const { rows: m, cols: n } = D;
  let count = 1;
  for (let i = 0; i < m; i++) count = (count * (n - i)) / (i + 1);
  if (m > n || count > 200_000) return null;
  let ynorm = 0;
  for (let i = 0; i < m; i++) ynorm = Math.max(ynorm, Math.abs(y[i]));
  let best: { x: Float64Array; value: number; nu: Float64Array; basis: number[] } | null = null;
  const S = Array.from({ length: m }, (_, i) => i);
  for (;;) {
    const DS = new Float64Array(m * m);
    const DSt = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) DS[i * m + j] = DSt[j * m + i] = D.data[i * n + S[j]];
    }
    try {
      const xS = solveSquare(DS, y, m);
      const xmax = Math.max(...xS.map(Math.abs), 1e-300);
      if (xS.every((v) => v >= -1e-12 * xmax)) {
        const nu = solveSquare(DSt, new Float64Array(m).fill(1), m);
        let dualOk = true;
        for (let k = 0; k < n && dualOk; k++) {
          let g = 0;
          for (let i = 0; i < m; i++) g += D.data[i * n + k] * nu[i];
          if (1 - g < -1e-10) dualOk = false;
        }
        const value = xS.reduce((a, v) => a + Math.max(v, 0), 0);
        if (dualOk && (best === null || value < best.value)) {
          const x = new Float64Array(n);
          S.forEach((k, j) => (x[k] = Math.max(xS[j], 0)));
          best = { x, value, nu, basis: S.slice() };
        }
      }
    } catch (e) {
      if (!(e instanceof ImplicitRegError && e.code === 'singular')) throw e;
    }
    // next m-subset in lexicographic order
    let i = m - 1;
    while (i >= 0 && S[i] === n - m + i) i--;
    if (i < 0) break;
    S[i]++;
    for (let j = i + 1; j < m; j++) S[j] = S[j - 1] + 1;
  }
  if (best && !(best.x.every(Number.isFinite) && best.nu.every(Number.isFinite) && Number.isFinite(best.value))) {
    throw new ImplicitRegError('overflow', `lpVertices: the vertex D_S⁻¹y is not representable for D and y of these magnitudes; scale them`);
  }
  return best;
}

/**
 * Solve min Σx s.t. Dx = y, x ≥ 0 with solveLP and derive its reduced costs and basis data. When the SDP solver does
 * not certify optimality (status ≠ 'optimal') and the basis enumeration is small enough, the enumeration's exact
 * vertex and dual are used instead (`solver: 'vertices'`; the SDP status stays in `status`).
 * @example lpWithReducedCosts(ir, matrix(1, 2, [1, 2]), [2]).cMin // 0.5 = 1 − 1/2
 */
export function lpWithReducedCosts(ir: Kernels, D: Matrix, y: ArrayLike<number>, o: { tol?: number; supportTol?: number } = {}): LpReport {
  const fn = 'lpWithReducedCosts';
  checkLp(fn, D, y);
  checkOptions(fn, 'o', o);
  const tol = optionalNumber(fn, 'tol', o.tol, 1e-9, { gt: 0, lt: 1 });
  const supportTol = optionalTolerance(fn, 'supportTol', o.supportTol, 1e-6);
  const { rows: m, cols: n } = D;
  // the certificate at 1e-9; the value used for gaps is then polished on the basis (x_S = D_S⁻¹y, exact to rounding)
  const res = solveLP(ir, { D, y }, { tol, maxIter: 100_000 });
  const vertex = lpVertices(D, y);
  let x = res.x;
  let nu = res.nu;
  let solver: 'solveLP' | 'vertices' = 'solveLP';
  if (res.status !== 'optimal') {
    if (vertex === null) throw new ImplicitRegError('convergence', `${fn}: the LP solver ended with status '${res.status}' and the basis enumeration is unavailable`);
    x = vertex.x;
    nu = vertex.nu;
    solver = 'vertices';
  }
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let g = 0;
    for (let i = 0; i < m; i++) g += D.data[i * n + k] * nu[i];
    c[k] = 1 - g;
  }
  const xmax = Math.max(...x);
  const tolS = supportTol * xmax;
  const support: number[] = [];
  for (let k = 0; k < n; k++) if (x[k] > tolS) support.push(k);
  const basis = new Float64Array(n).fill(NaN);
  let reference = solver === 'solveLP' ? res.value : vertex!.value;
  const weights = matrix(n, m);
  weights.data.fill(NaN);
  if (support.length === m) {
    // D_S (m×m, column j = d_{S_j}); ν_B solves D_Sᵀ ν = 1
    const DS = new Float64Array(m * m);
    const DSt = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) DS[i * m + j] = DSt[j * m + i] = D.data[i * n + support[j]];
    }
    const nuB = solveSquare(DSt, new Float64Array(m).fill(1), m, fn);
    const xS = solveSquare(DS, y, m, fn);
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += D.data[i * n + k] * nuB[i];
      basis[k] = support.includes(k) ? 0 : 1 - g;
      const dk = new Float64Array(m);
      for (let i = 0; i < m; i++) dk[i] = D.data[i * n + k];
      weights.data.set(support.includes(k) ? new Float64Array(m) : solveSquare(DS, dk, m, fn), k * m);
    }
    if (xS.every((v) => v >= 0) && basis.every((v) => v >= -1e-9)) reference = xS.reduce((a, v) => a + v, 0);
  }
  let cMin = Infinity;
  for (let k = 0; k < n; k++) if (!support.includes(k)) cMin = Math.min(cMin, c[k]);
  return {
    status: res.status, solver, certificate: res.certificate, x, value: solver === 'solveLP' ? res.value : vertex!.value, nu,
    reducedCosts: c, support, basisReducedCosts: basis, reference, cMin: cMin === Infinity ? NaN : cMin, weights,
    vertexValue: vertex?.value ?? NaN,
  };
}

/**
 * The leading-order gap predicted by the reduced costs: Σ_{k∉S} c_k·α^{c_k}·Π_{j∈S} x_j^{w_kj}, divided by the LP
 * value (the exact identity Σx − Σx_LP = Σ_k c_k x_k for Dx = y, with x_k(∞) = α^{c_k}·Π_j x_j^{w_kj} exactly on the
 * manifold when x_S is the limit's support part; x_S → x_LP as α → 0).
 */
export function predictedGap(lp: LpReport, alpha: number): number {
  checkLpReport('predictedGap', 'lp', lp);
  checkNumber('predictedGap', 'alpha', alpha, { gt: 0, lt: 1 });
  const n = lp.x.length;
  const m = lp.weights.cols;
  let g = 0;
  for (let k = 0; k < n; k++) {
    if (lp.support.includes(k)) continue;
    let logK = 0;
    for (let j = 0; j < m; j++) logK += lp.weights.data[k * m + j] * Math.log(lp.x[lp.support[j]]);
    const c = lp.basisReducedCosts[k];
    g += c * Math.exp(c * Math.log(alpha) + logK);
  }
  return g / lp.reference;
}
