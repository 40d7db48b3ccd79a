// The commuting case, number by number (Gunasekar et al. 2017, Thm. 1, the m = 1 case and Cor. 2; Belabbas 2020,
// Ex. 4; docs/theory.md). With A_i = V diag(d_i) Vᵀ and X0 = αI the flow stays on X_t = exp(−A*(s_t)) X0 exp(−A*(s_t)),
// s_t = ∫₀ᵗ r, i.e. x_t = α·exp(−2Dᵀs_t) in the eigenbasis, and ν_α = 2s∞/log α gives x_k(∞) = α^{1 − (Dᵀν_α)_k}.
// Off the LP support x_k(∞) ≈ α^{c_k}·K_k with c the LP's reduced costs, so the trace gap decays like α^{c_min}.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import type { CommutingOperator } from '../operators/operator.js';
import { commutingSensing } from '../operators/problems.js';
import { Rng, checkSeed } from '../core/random.js';
import { gradientFlow } from '../solvers/flow.js';
import { type SolverStatus } from '../solvers/status.js';
import { eigenbasisFlow, entropicLimit, productFlow, type DiagonalStatus } from './diagonal.js';
import { logLogSlope } from './linalg.js';
import { lpWithReducedCosts, predictedGap, type LpReport } from './lp.js';
import { manifoldDistance } from './manifold.js';
import { checkNumber, checkOptions, optionalBoolean, optionalNumber } from '../core/validate.js';
import type { Interruption, RunControl } from '../kernels/run.js';

/** Default α grid: 1e-1 … 1e-10. */
export const COMMUTATIVE_ALPHAS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];

/** Options of checkCommutative; the RunControl bounds the whole check (every solver it calls sees the budget and signal). */
export interface CommutativeOptions extends RunControl {
  /** Dimension (default 8). */
  n?: number;
  /** Number of commuting measurements (default 3). */
  m?: number;
  /** Seed of the instance (commutativeInstance) and of the checks' own draws. */
  seed: number;
  /** Scales of X0 = αI, each in (0, 1) (default COMMUTATIVE_ALPHAS). */
  alphas?: number[];
  /** Relative RK45 tolerance of the U-space gradient flows of checks (a) and (f) (default 1e-10). */
  rtol?: number;
  /** Absolute RK45 tolerance of the same flows (default 1e-14). */
  atol?: number;
  /** Snapshots per α along the U-space trajectory (default 24, log-spaced in time). */
  samples?: number;
  /** Skip the U-space flows (checks (a) and (f)); the eigenbasis checks still run. Default false. */
  skipUSpace?: boolean;
}

/** The α-independent part of the LP: optimum, reduced costs and the predicted rate. */
export interface LpSummary {
  /** The optimum Σx of the reporting method. */
  value: number;
  /** Σ x over the optimal basis (exact to rounding): the reference of every gap. */
  reference: number;
  /** solveLP's status and the method whose primal/dual is used ('vertices' when solveLP did not certify). */
  status: string;
  /** The method whose primal and dual the summary uses. */
  solver: 'solveLP' | 'vertices';
  /** Optimum by basis enumeration (independent check). */
  vertexValue: number;
  /** Indices of the optimum's support S. */
  support: number[];
  /** The primal optimum x (n). */
  x: number[];
  /** The reduced costs c = 1 − Dᵀν (n). */
  reducedCosts: number[];
  /** Smallest reduced cost off the support: the predicted decay rate of the gap. */
  cMin: number;
}

/** The checks at one α of {@link checkCommutative}. */
export interface CommutativeRow {
  /** The scale of X0 = αI. */
  alpha: number;
  /** Eigenbasis flow (log coordinates): status, time, steps. */
  flow: {
    /** How the eigenbasis flow ended. */
    status: DiagonalStatus;
    /** Time reached. */
    t: number;
    /** Accepted steps. */
    steps: number;
  };
  /** tr X∞ of the eigenbasis flow. */
  trace: number;
  /** The relative gap (tr X∞ − LP)/LP to the LP reference. */
  gap: number;
  /** Leading-order prediction Σ_{k∉S} c_k α^{c_k} K_k / LP (see lp.ts). */
  predictedGap: number;
  /** max_k |x_k − x_k^ref| / max x^ref against the flow-free limit (entropic Newton): a second method. */
  referenceAgreement: number;
  /** (c) λ_max(A*(ν_α)) with ν_α = 2s∞/log α. */
  lambdaMax: number;
  /** (c) The KKT residual ‖(I − A*(ν_α))X∞‖_F. */
  kktResidual: number;
  /** (a) The U-space gradient flow from U0 = √α·I (absent with skipUSpace). */
  uSpace?: {
    /** How the flow ended. */
    status: SolverStatus;
    /** Time reached. */
    t: number;
    /** Accepted steps. */
    steps: number;
    /** Points checked against the manifold (the snapshots and the end point). */
    snapshots: number;
    /**
     * Max relative distance to the manifold X_t = exp(−A*(s))X0 exp(−A*(s)) over those points (see manifoldDistance).
     */
    manifoldDistance: number;
    /** (tr X∞ − LP)/LP of the flow's end point. */
    gap: number;
  };
  /** (f) Rank-1 flow from U0 = √α·g (g Gaussian, ‖g‖ = 1), absent with skipUSpace. */
  rank1?: {
    /** How the flow ended. */
    status: SolverStatus;
    /** Mass of (Vᵀu∞)² outside its top m coordinates, relative to the total. */
    offSupportMass: number;
    /** The top m coordinates of (Vᵀu∞)², ascending. */
    support: number[];
    /** Whether they are the LP's support. */
    matchesLP: boolean;
    /** (tr X∞ − LP)/LP of the rank-1 limit. */
    gap: number;
  };
}

/** A fitted power-law decay rate against α, and the theory's prediction. */
export interface RateFit {
  /** Least-squares slope of log(value) against log α over the (up to) 4 smallest α ≤ 1e-3. */
  observed: number;
  /** The theory's asymptotic rate: the smallest positive reduced cost c_min. */
  predicted: number;
  /**
   * The slope of the leading-order prediction Σ c_k α^{c_k} K_k over the same α (NaN where not applicable): terms with
   * tiny c_k carry a tiny weight c_k, so at finite α the slope sits between c_min and the next reduced costs.
   */
  window: number;
  /** Number of α the fit used. */
  points: number;
}

/** One α of the diagonal checks (d) and (e) of {@link checkCommutative}. */
export interface DiagonalCaseRow {
  /** The scale of x0 = α·1. */
  alpha: number;
  /** How the diagonal flow ended. */
  status: DiagonalStatus;
  /** Σx∞. */
  value: number;
  /** The relative gap (Σx∞ − LP)/LP. */
  gap: number;
  /** max_k |x_k − x_k^ref| / max x^ref against the flow-free limit (entropicLimit). */
  referenceAgreement: number;
  /** m = 1 only: fraction of tr X∞ outside the top eigenvector of sign(y)·A. */
  offTop?: number;
}

/** The report of {@link checkCommutative}: checks (a)–(f) of SPEC §6 on one seeded instance. */
export interface CommutativeReport {
  /** Set when the time budget or the AbortSignal stopped the check: the rows computed so far are partial. */
  stopped?: Interruption;
  /** Dimension. */
  n: number;
  /** Number of measurements. */
  m: number;
  /** The instance's seed. */
  seed: number;
  /** The LP of the instance in the eigenbasis. */
  lp: LpSummary;
  /** One row per α, in the order of the options' alphas. */
  rows: CommutativeRow[];
  /** (b) Fitted decay rate of the gap vs c_min. */
  gapRate: RateFit;
  /** (c) C in λ_max − 1 ≈ C/log(1/α) (least squares over α ≤ 1e-3) and its limit log max_k x_LP,k. */
  lambdaFit: {
    /** The fitted C. */
    C: number;
    /** The limit log max_k x_LP,k. */
    predicted: number;
  };
  /** (f) Decay of the rank-1 limit's mass outside its top m eigenbasis coordinates (absent with skipUSpace). */
  rank1Rate?: RateFit;
  /** (d) m = 1: A = V diag(d_1) Vᵀ alone. */
  m1: {
    /** The one-measurement LP. */
    lp: LpSummary;
    /** One row per α. */
    rows: DiagonalCaseRow[];
    /** Fitted decay of the trace fraction outside the top eigenvector. */
    offTopRate: RateFit;
  };
  /** (e) Cor. 2 on its own Gaussian D (m×n) with y = Dx♮, x♮ ≥ 0: x = u⊙u from u0 = √α·1. */
  corollary2: {
    /** The LP of that D. */
    lp: LpSummary;
    /** One row per α. */
    rows: DiagonalCaseRow[];
    /** Fitted decay rate of the gap vs c_min. */
    gapRate: RateFit;
  };
}

function summarize(lp: LpReport): LpSummary {
  return {
    value: lp.value, reference: lp.reference, status: lp.status, solver: lp.solver, vertexValue: lp.vertexValue,
    support: lp.support, x: Array.from(lp.x), reducedCosts: Array.from(lp.reducedCosts), cMin: lp.cMin,
  };
}

const sum = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};

function agreement(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  let big = 0;
  for (let k = 0; k < x.length; k++) {
    d = Math.max(d, Math.abs(x[k] - ref[k]));
    big = Math.max(big, Math.abs(ref[k]));
  }
  return d / big;
}

function rateFit(alphas: number[], values: number[], predicted: number, lp?: LpReport): RateFit {
  const idx = alphas.map((_, i) => i).filter((i) => alphas[i] <= 1e-3).sort((i, j) => alphas[i] - alphas[j]).slice(0, 4);
  const a = idx.map((i) => alphas[i]);
  const f = logLogSlope(a, idx.map((i) => values[i]));
  const w = lp && lp.support.length === lp.weights.cols ? logLogSlope(a, a.map((al) => predictedGap(lp, al))).slope : NaN;
  return { observed: f.slope, predicted, window: w, points: f.points };
}

/** An instance: commuting A_i (commutingSensing), y = D x♮ with x♮_k ~ U(0, 1) (draws from Rng(seed).fork(1)). */
export function commutativeInstance(n: number, m: number, seed: number): {
  /** The commuting operator A_i = V diag(d_i) Vᵀ. */
  op: CommutingOperator;
  /** The eigenvalue matrix D (m×n, row i = d_i). */
  D: Matrix;
  /** The data y = D x♮ (m). */
  y: Float64Array;
  /** The planted x♮ (n, entries in [0, 1)). */
  xTrue: Float64Array;
} {
  const op = commutingSensing({ n, m, seed });
  const rng = new Rng(seed).fork(1);
  const xTrue = Float64Array.from({ length: n }, () => rng.uniform());
  const D = matrix(m, n, op.d);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) y[i] += op.d[i * n + k] * xTrue[k];
  return { op, D, y, xTrue };
}

function checkAlphas(fn: string, alphas: number[]): void {
  if (!Array.isArray(alphas) || alphas.length === 0) throw new ImplicitRegError('shape', `${fn}: argument alphas must be a non-empty array, got ${String(alphas)}`);
  for (const a of alphas) {
    if (!(a > 0 && a < 1)) throw new ImplicitRegError('value', `${fn}: argument alphas must lie in (0, 1), got ${a}`);
  }
}

function checkSize(fn: string, name: string, v: number, min: number): void {
  // the LP of the check enumerates bases and the flows run per coordinate: sizes beyond a few hundred are not a check
  if (!Number.isInteger(v) || v < min || v > 500) throw new ImplicitRegError('value', `${fn}: argument ${name} must be an integer in [${min}, 500], got ${v}`);
}

// (d) and (e): the diagonal problem min Σx, Dx = y, x ≥ 0 from x0 = α·1, by a flow and by the entropic reference.
function diagonalCase(ir: Kernels, D: Matrix, y: Float64Array, alphas: number[], product: boolean): { lp: LpReport; rows: DiagonalCaseRow[] } {
  const n = D.cols;
  const lp = lpWithReducedCosts(ir, D, y);
  const rows = alphas.map((alpha): DiagonalCaseRow => {
    const x0 = new Float64Array(n).fill(alpha);
    const f = product ? productFlow({ D, y, x0 }) : eigenbasisFlow({ D, y, x0 });
    const ref = entropicLimit({ D, y, x0 });
    const value = sum(f.x);
    return { alpha, status: f.status, value, gap: (value - lp.reference) / lp.reference, referenceAgreement: agreement(f.x, ref.x) };
  });
  return { lp, rows };
}

/**
 * Run the commutative-case checks (a)–(f) of docs/theory.md on one seeded instance and return the report.
 * @example const rep = checkCommutative(ir, { seed: 4 }); rep.rows.at(-1).gap // ≈ 2e-9 at α = 1e-10
 */
export function checkCommutative(ir: Kernels, o: CommutativeOptions): CommutativeReport {
  const fn = 'checkCommutative';
  checkOptions(fn, 'o', o, true);
  checkSeed(fn, 'seed', o.seed);
  optionalNumber(fn, 'rtol', o.rtol, 1e-10, { gt: 0, lt: 1 });
  optionalNumber(fn, 'atol', o.atol, 1e-14, { gt: 0 });
  optionalBoolean(fn, 'skipUSpace', o.skipUSpace, false);
  if (o.samples !== undefined) checkNumber(fn, 'samples', o.samples, { integer: true, min: 1, max: 10_000 });
  const { value, stopped } = ir.runs.run(fn, o, () => commutativeBody(ir, o), 'o');
  return stopped ? { ...value, stopped } : value;
}

function commutativeBody(ir: Kernels, o: CommutativeOptions): CommutativeReport {
  const fn = 'checkCommutative';
  const n = o.n === undefined ? 8 : o.n;
  const m = o.m === undefined ? 3 : o.m;
  checkSize(fn, 'n', n, 2);
  checkSize(fn, 'm', m, 1);
  if (m >= n) throw new ImplicitRegError('value', `${fn}: argument m must be < n (an under-determined problem), got m = ${m}, n = ${n}`);
  const alphas = o.alphas === undefined ? [...COMMUTATIVE_ALPHAS] : o.alphas;
  checkAlphas(fn, alphas);
  const samples = o.samples === undefined ? 24 : o.samples;
  checkSize(fn, 'samples', samples, 1);
  const { op, D, y } = commutativeInstance(n, m, o.seed);
  const lp = lpWithReducedCosts(ir, D, y);
  const g = new Rng(o.seed).fork(4);
  const gv = Float64Array.from({ length: n }, () => g.gaussian());
  const gn = Math.hypot(...gv);

  const rows = alphas.map((alpha): CommutativeRow => {
    const x0 = new Float64Array(n).fill(alpha);
    const f = eigenbasisFlow({ D, y, x0 });
    const ref = entropicLimit({ D, y, x0 });
    const trace = sum(f.x);
    // (c) ν_α = 2s∞/log α; in the eigenbasis A*(ν) = V diag(Dᵀν) Vᵀ
    let lambdaMax = -Infinity;
    let kkt = 0;
    for (let k = 0; k < n; k++) {
      let lk = 0;
      for (let i = 0; i < m; i++) lk += (D.data[i * n + k] * 2 * f.s[i]) / Math.log(alpha);
      lambdaMax = Math.max(lambdaMax, lk);
      kkt += ((1 - lk) * f.x[k]) ** 2;
    }
    const row: CommutativeRow = {
      alpha, flow: { status: f.status, t: f.t, steps: f.steps }, trace, gap: (trace - lp.reference) / lp.reference,
      predictedGap: predictedGap(lp, alpha), referenceAgreement: agreement(f.x, ref.x), lambdaMax, kktResidual: Math.sqrt(kkt),
    };
    if (!o.skipUSpace) {
      // (a) the real U-space trajectory; the flow from α takes time ~log(1/α), the eigenbasis flow's time bounds it
      const tEnd = Math.max(f.t, 1);
      const tEval = Array.from({ length: samples }, (_, j) => tEnd * Math.pow(1e-3, 1 - (j + 1) / samples));
      const fl = gradientFlow(ir, {
        op, y, init: { kind: 'identity', alpha: Math.sqrt(alpha) }, tMax: 2 * tEnd, tEval,
        rtol: o.rtol ?? 1e-10, atol: o.atol ?? 1e-14, gtol: 1e-10,
      });
      let dist = 0;
      for (const snap of fl.snapshots) dist = Math.max(dist, manifoldDistance(ir, op, alpha, snap.U).distance);
      dist = Math.max(dist, manifoldDistance(ir, op, alpha, fl.U).distance);
      row.uSpace = { status: fl.status, t: fl.t, steps: fl.steps, snapshots: fl.snapshots.length + 1, manifoldDistance: dist, gap: (fl.trace - lp.reference) / lp.reference };
      // (f) rank-1 initialisation U0 = √α·g: X stays rank 1 and v = u∞ = Vx with x concentrated on ≤ m coordinates
      const u0 = matrix(n, 1, gv.map((v) => (Math.sqrt(alpha) * v) / gn));
      const r1 = gradientFlow(ir, { op, y, d: 1, init: { kind: 'given', U: u0 }, tMax: 2 * tEnd + 50, rtol: o.rtol ?? 1e-10, atol: o.atol ?? 1e-14, gtol: 1e-10 });
      const ut = ir.matmul(op.V, r1.U, { transA: true }).data; // Vᵀu
      const mass = Array.from(ut, (v) => v * v);
      const order = mass.map((_, k) => k).sort((a, b) => mass[b] - mass[a]);
      const top = order.slice(0, m).sort((a, b) => a - b);
      const total = sum(mass);
      const off = order.slice(m).reduce((a, k) => a + mass[k], 0) / total;
      row.rank1 = {
        status: r1.status, offSupportMass: off, support: top, matchesLP: lp.support.length === m && top.every((k, j) => k === lp.support[j]),
        gap: (r1.trace - lp.reference) / lp.reference,
      };
    }
    return row;
  });

  // (c) C in λ_max − 1 ≈ C/log(1/α), least squares through the origin over α ≤ 1e-3
  let num = 0;
  let den = 0;
  for (const r of rows) {
    if (r.alpha > 1e-3) continue;
    const b = 1 / Math.log(1 / r.alpha);
    num += (r.lambdaMax - 1) * b;
    den += b * b;
  }
  const xmaxLP = Math.max(...lp.x);

  // (d) m = 1: the first measurement alone
  const D1 = matrix(1, n, D.data.subarray(0, n));
  const y1 = Float64Array.of(y[0]);
  const c1 = diagonalCase(ir, D1, y1, alphas, false);
  const sgn = Math.sign(y1[0]);
  let kTop = 0;
  for (let k = 1; k < n; k++) if (sgn * D1.data[k] > sgn * D1.data[kTop]) kTop = k;
  c1.rows.forEach((r) => {
    const x = eigenbasisFlow({ D: D1, y: y1, x0: new Float64Array(n).fill(r.alpha) }).x;
    r.offTop = 1 - x[kTop] / sum(x);
  });

  // (e) Cor. 2 on an independent Gaussian D with a nonnegative planted x♮
  const rng = new Rng(o.seed).fork(2);
  const D2 = matrix(m, n, Float64Array.from({ length: m * n }, () => rng.gaussian()));
  const xn = Float64Array.from({ length: n }, () => rng.uniform());
  const y2 = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) y2[i] += D2.data[i * n + k] * xn[k];
  const c2 = diagonalCase(ir, D2, y2, alphas, true);

  return {
    n, m, seed: o.seed, lp: summarize(lp), rows,
    gapRate: rateFit(alphas, rows.map((r) => r.gap), lp.cMin, lp),
    rank1Rate: o.skipUSpace ? undefined : rateFit(alphas, rows.map((r) => r.rank1?.offSupportMass ?? NaN), lp.cMin),
    lambdaFit: { C: num / den, predicted: Math.log(xmaxLP) },
    m1: { lp: summarize(c1.lp), rows: c1.rows, offTopRate: rateFit(alphas, c1.rows.map((r) => r.offTop ?? NaN), c1.lp.cMin) },
    corollary2: { lp: summarize(c2.lp), rows: c2.rows, gapRate: rateFit(alphas, c2.rows.map((r) => r.gap), c2.lp.cMin, c2.lp) },
  };
}
