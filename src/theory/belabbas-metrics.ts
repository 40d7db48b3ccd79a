// Belabbas 2020's measurements of a flow's limit (docs/model.md, §6): RelativeError (eq. 39) with K_min and K_max of
// tr X over {X ⪰ 0, A(X) = y} from the certified SDP solver, SpectralRatio (eq. 40), the rank-1-bottleneck tracker
// (Cor. 6 / Prop. 20: from δX0 the flow passes near the top eigenvector of Σ y_iA_i), and the δ-sweep of Fig. 4.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { identity, matrix, type Matrix } from '../core/matrix.js';
import { psdMeasurements } from '../operators/problems.js';
import { Rng, checkSeed } from '../core/random.js';
import { solveSDP, type SDPStatus } from '../sdp/sdp.js';
import { gradientFlow } from '../solvers/flow.js';
import { type SolverStatus } from '../solvers/status.js';
import { checkOperator, type CommutingOperator, type DenseOperator } from '../operators/operator.js';
import { checkFinite, checkMatrix, checkNonEmpty, checkNumber, checkNumberList, checkObject, checkOptions, checkSquare, checkSymmetric, checkVector, describe, optionalNumber } from '../core/validate.js';
import { checkSymmetricList } from './checks.js';
import type { Interruption, RunControl } from '../kernels/run.js';
import { epsRank, spectrumDesc, symmetrized } from './linalg.js';
import { normalForm, tameSpectrum } from './belabbas.js';

/** K_min and K_max of tr X over {X ⪰ 0, A(X) = y} (see {@link traceBounds}). */
export interface TraceBounds {
  /** K_min = min tr X (the SDP's value). */
  kMin: number;
  /** K_max = max tr X (+∞ when Σ r_i < n). */
  kMax: number;
  /** Status of the K_min solve. */
  minStatus: SDPStatus;
  /** Status of the K_max solve ('unbounded' when Σ r_i < n). */
  maxStatus: SDPStatus;
  /** K_min again, from the normal-form SDP (a cross-check of the direct one; NaN when m < n). */
  kMinNormal: number;
}

/**
 * K_min and K_max of tr X over {X ⪰ 0, A(X) = y} (Belabbas eq. 39) with the certified SDP solver. K_min: min tr X
 * directly (C = I). K_max is finite only when m = Σ r_i = n (footnote 8) and is computed in normal coordinates
 * (Lemma 7, Prop. 8): X = PX̄Pᵀ turns the constraints into block traces tr X̄_{N_i} = y_i and tr X into tr(Q⁻¹X̄);
 * with c = λ_max(Q⁻¹) + 1, max tr(Q⁻¹X̄) = c·Σy_i − min ⟨cI − Q⁻¹, X̄⟩ (tr X̄ = Σy_i is fixed), a minimisation with a
 * positive definite cost. (Maximising directly, min ⟨−I, X⟩, does not converge in solveSDP on these problems.)
 * @example traceBounds(ir, op.A, op, y) // { kMin, kMax, ... }
 */
export function traceBounds(ir: Kernels, A: Matrix[], op: DenseOperator, y: ArrayLike<number>, o: { tol?: number } & RunControl = {}): TraceBounds {
  const fn = 'traceBounds';
  checkSymmetricList(fn, 'A', A);
  checkOperator(fn, op);
  if (op.kind !== 'dense' || op.m !== A.length || op.n !== A[0].rows) throw new ImplicitRegError('shape', `${fn}: argument op must be the dense operator of A (n = ${A[0].rows}, m = ${A.length}), got kind '${op.kind}', n = ${op.n}, m = ${op.m}`);
  checkVector(fn, 'y', y, A.length);
  checkFinite(fn, 'y', y);
  checkOptions(fn, 'o', o);
  const tol = optionalNumber(fn, 'tol', o.tol, 1e-9, { gt: 0, lt: 1 });
  // the three SDPs run under o's budget and signal (a stopped one reports status 'budget' or 'aborted')
  return ir.runs.run(fn, o, () => traceBoundsBody(ir, A, op, y, tol), 'o').value;
}

function traceBoundsBody(ir: Kernels, A: Matrix[], op: DenseOperator, y: ArrayLike<number>, tol: number): TraceBounds {
  const lo = solveSDP(ir, { C: identity(op.n), A: op, y, sense: 'min' }, { tol });
  const nf = normalForm(ir, A);
  if (nf.m < nf.n) return { kMin: lo.value, kMax: Infinity, minStatus: lo.status, maxStatus: 'unbounded', kMinNormal: NaN };
  const n = nf.n;
  const q = nf.blocks.length;
  const d = new Float64Array(q * n);
  nf.blocks.forEach((blk, i) => blk.forEach((j) => (d[i * n + j] = 1)));
  const blocks: CommutingOperator = { kind: 'commuting', n, m: q, V: identity(n), d };
  const qi = symmetrized(nf.Qinv);
  const c = ir.eigh(qi).values[n - 1] + 1;
  const C = matrix(n, n);
  for (let k = 0; k < n * n; k++) C.data[k] = -qi.data[k];
  for (let k = 0; k < n; k++) C.data[k * n + k] += c;
  const hi = solveSDP(ir, { C, A: blocks, y, sense: 'min' }, { tol });
  const lo2 = solveSDP(ir, { C: qi, A: blocks, y, sense: 'min' }, { tol });
  let sy = 0;
  for (let i = 0; i < q; i++) sy += y[i];
  return { kMin: lo.value, kMax: c * sy - hi.value, minStatus: lo.status, maxStatus: hi.status, kMinNormal: lo2.value };
}

/** RelativeError = (K − K_min)/(K_max − K_min) (eq. 39). */
export function relativeError(K: number, b: TraceBounds): number {
  const fn = 'relativeError';
  checkNumber(fn, 'K', K);
  checkObject(fn, 'b', b);
  checkNumber(fn, 'b.kMin', b.kMin);
  checkNumber(fn, 'b.kMax', b.kMax, { finite: false });
  if (!Number.isFinite(b.kMax)) throw new ImplicitRegError('value', `${fn}: argument b.kMax must be finite (K_max is finite only when Σ r_i = n), got ${b.kMax}`);
  if (!(b.kMax > b.kMin)) throw new ImplicitRegError('value', `${fn}: argument b must have kMax > kMin, got kMin = ${b.kMin}, kMax = ${b.kMax}`);
  return (K - b.kMin) / (b.kMax - b.kMin);
}

/**
 * SpectralRatio = λ_1/Σλ_i of a PSD X (eq. 40): 1 for rank 1, 1/n when all eigenvalues are equal.
 * @example spectralRatio(ir, X)
 */
export function spectralRatio(ir: Kernels, X: Matrix): number {
  checkSquare('spectralRatio', 'X', X);
  checkFinite('spectralRatio', 'X', X.data);
  checkSymmetric('spectralRatio', 'X', X);
  const lam = spectrumDesc(ir, X);
  // scaled by λ_1 so that the sum of eigenvalues beyond 1e308/n does not overflow
  let s = 0;
  for (const v of lam) s += Math.max(v, 0) / Math.max(lam[0], Number.MIN_VALUE);
  if (!(lam[0] > 0)) throw new ImplicitRegError('value', `spectralRatio: argument X must be PSD and nonzero, got λ_max = ${lam[0]}`);
  return 1 / s;
}

/** One snapshot of {@link bottleneck}. */
export interface BottleneckRow {
  /** The snapshot's time. */
  t: number;
  /** SpectralRatio λ_1/Σλ_i of X(t) = U(t)U(t)ᵀ. */
  spectralRatio: number;
  /** ε-rank of X(t) (see epsRank). */
  epsRank: number;
  /** Angle (radians, in [0, π/2]) between the top eigenvectors of X(t) and of Σ y_iA_i. */
  angle: number;
  /** tr X(t) (negative rounding eigenvalues clipped). */
  trace: number;
}

/**
 * The rank-1 bottleneck along a trajectory: for each snapshot U(t), X = UUᵀ, its SpectralRatio, ε-rank (default
 * eps 1e-3) and the angle of its top eigenvector to the top eigenvector of Σ y_iA_i.
 * @example bottleneck(ir, op.A, y, flow.snapshots)
 */
export function bottleneck(ir: Kernels, A: Matrix[], y: ArrayLike<number>, snapshots: { t: number; U: Matrix }[], o: { eps?: number } = {}): BottleneckRow[] {
  const fn = 'bottleneck';
  checkSymmetricList(fn, 'A', A);
  checkVector(fn, 'y', y);
  checkFinite(fn, 'y', y);
  if (!Array.isArray(snapshots)) throw new ImplicitRegError('shape', `${fn}: argument snapshots must be an array of { t, U }, got ${describe(snapshots)}`);
  snapshots.forEach((sn, i) => {
    checkObject(fn, `snapshots[${i}]`, sn);
    checkNumber(fn, `snapshots[${i}].t`, sn.t);
    checkMatrix(fn, `snapshots[${i}].U`, sn.U);
    checkNonEmpty(fn, `snapshots[${i}].U`, sn.U);
    if (sn.U.rows !== A[0].rows) throw new ImplicitRegError('shape', `${fn}: argument snapshots[${i}].U must have n = ${A[0].rows} rows, got ${sn.U.rows}`);
    checkFinite(fn, `snapshots[${i}].U`, sn.U.data);
  });
  checkOptions(fn, 'o', o);
  const eps = optionalNumber(fn, 'eps', o.eps, 1e-3, { min: 0, lt: 1 });
  if (A.length !== y.length) throw new ImplicitRegError('shape', `${fn}: arguments A and y must have the same length, got ${A.length} and ${y.length}`);
  const n = A[0].rows;
  const S = matrix(n, n);
  A.forEach((a, i) => {
    for (let k = 0; k < n * n; k++) S.data[k] += y[i] * a.data[k];
  });
  const es = ir.eigh(symmetrized(S));
  const w = Float64Array.from({ length: n }, (_, a) => es.vectors.data[a * n + n - 1]);
  return snapshots.map(({ t, U }) => {
    const X = symmetrized(ir.syrk(U));
    const e = ir.eigh(X);
    const lam = e.values.slice().reverse();
    let c = 0;
    for (let a = 0; a < n; a++) c += w[a] * e.vectors.data[a * n + n - 1];
    let tot = 0;
    for (const v of lam) tot += Math.max(v, 0);
    if (!(lam[0] > 0)) throw new ImplicitRegError('value', `${fn}: argument snapshots[].U must be nonzero (X = UUᵀ = 0 has no spectral ratio) at t = ${t}`);
    return { t, spectralRatio: lam[0] / tot, epsRank: epsRank(lam, eps), angle: Math.acos(Math.min(1, Math.abs(c))), trace: tot };
  });
}

/** Options of belabbasExperiment; the RunControl bounds the whole experiment (every flow and SDP sees it). */
export interface BelabbasOptions extends RunControl {
  /** Ambient dimension (default Σ ranks, so that K_max is finite). */
  n?: number;
  /** Ranks r_i of A_1 … A_q. */
  ranks: number[];
  /** Nonzero spectrum of Σ A_i (length Σ ranks). */
  spectrum: number[];
  /** Seed of the measurements, of y (fork 1) and of U0 (fork 2). */
  seed: number;
  /** Scales δ of X(0) = δ·X0 (default 1e-2, 1e-4, …, 1e-10). */
  deltas?: number[];
  /** y_i ~ U(0, yMax] (default 5, as in the paper). */
  yMax?: number;
  /** Time limit of each flow (default 2500, the paper's T). */
  tMax?: number;
  /** Relative RK45 tolerance (default 1e-10). */
  rtol?: number;
  /** Absolute RK45 tolerance (default 1e-14). */
  atol?: number;
  /**
   * Stop at ‖∇L‖_F ≤ gtol (default 1e-8: at a steady state RK45's step sits at its stability limit and ‖∇L‖ stalls near
   * the rtol level, so a tighter test only runs to tMax; the remaining drift of tr X is ~gtol/μ).
   */
  gtol?: number;
}

/** The flow's limit from one scale δ of {@link belabbasExperiment}. */
export interface BelabbasRow {
  /** The scale δ of X(0) = δ·X0. */
  delta: number;
  /** How the gradient flow ended. */
  status: SolverStatus;
  /** Time reached. */
  t: number;
  /** K = tr X∞. */
  K: number;
  /** RelativeError (K − K_min)/(K_max − K_min) (eq. 39). */
  relativeError: number;
  /** SpectralRatio λ_1/Σλ_i of X∞ (eq. 40). */
  spectralRatio: number;
}

/** The report of {@link belabbasExperiment}. */
export interface BelabbasReport {
  /** Set when the time budget or the AbortSignal stopped the experiment: the rows computed so far are partial. */
  stopped?: Interruption;
  /** Ambient dimension. */
  n: number;
  /** Ranks r_i of the A_i. */
  ranks: number[];
  /** Nonzero spectrum of Σ A_i. */
  spectrum: number[];
  /** The seed. */
  seed: number;
  /** The drawn data y (q). */
  y: number[];
  /** The rank-spread condition (always true: the normal form requires it and throws otherwise). */
  rankSpread: boolean;
  /** Whether Q's spectrum is tame (tameSpectrum with tol 1e-9). */
  tame: boolean;
  /** Q's spectral gap α (Q = αvvᵀ + βI when tame). */
  alpha: number;
  /** Q's bulk eigenvalue β. */
  beta: number;
  /** K_min and K_max of the instance. */
  bounds: TraceBounds;
  /** One row per δ, in the order of deltas. */
  rows: BelabbasRow[];
}

/**
 * One Belabbas instance (A_i = B_iB_iᵀ with prescribed Σ A_i spectrum, psdMeasurements), y_i ~ U(0, yMax], the primal
 * flow from X(0) = δ·X0 (X0 = U0U0ᵀ, U0 Gaussian with ‖U0‖_F = 1) for each δ, and RelativeError / SpectralRatio of the
 * limit (Fig. 2–4). Draws: the measurements from `seed`, y from Rng(seed).fork(1), U0 from seed fork(2)'s first word.
 * @example belabbasExperiment(ir, { ranks: [2, 2], spectrum: [2, 1, 1, 1], seed: 1 }).rows
 */
export function belabbasExperiment(ir: Kernels, o: BelabbasOptions): BelabbasReport {
  const fn = 'belabbasExperiment';
  checkOptions(fn, 'o', o, true);
  checkSeed(fn, 'seed', o.seed);
  checkNumberList(fn, 'ranks', o.ranks, { integer: true, min: 1, max: 64 });
  checkNumberList(fn, 'spectrum', o.spectrum, { gt: 0 });
  if (o.deltas !== undefined) checkNumberList(fn, 'deltas', o.deltas, { gt: 0, lt: 1 });
  for (const key of ['tMax', 'atol'] as const) optionalNumber(fn, key, o[key], 1, { gt: 0 });
  optionalNumber(fn, 'rtol', o.rtol, 1e-10, { gt: 0, lt: 1 });
  optionalNumber(fn, 'gtol', o.gtol, 1e-8, { min: 0 });
  optionalNumber(fn, 'yMax', o.yMax, 5, { gt: 0 });
  const M = o.ranks.reduce((a, r) => a + r, 0);
  if (o.n !== undefined) checkNumber(fn, 'n', o.n, { integer: true, min: M, max: 64 });
  const { value, stopped } = ir.runs.run(fn, o, () => belabbasBody(ir, o), 'o');
  return stopped ? { ...value, stopped } : value;
}

function belabbasBody(ir: Kernels, o: BelabbasOptions): BelabbasReport {
  const fn = 'belabbasExperiment';
  const M = o.ranks.reduce((a, r) => a + r, 0);
  const n = o.n ?? M;
  const op = psdMeasurements({ n, ranks: o.ranks, spectrum: o.spectrum, seed: o.seed });
  const rng = new Rng(o.seed).fork(1);
  const yMax = o.yMax ?? 5;
  if (!(yMax > 0)) throw new ImplicitRegError('value', `${fn}: argument yMax must be positive, got ${yMax}`);
  const y = o.ranks.map(() => yMax * (1 - rng.uniform())); // (0, yMax]
  const deltas = o.deltas ?? [1e-2, 1e-4, 1e-6, 1e-8, 1e-10];
  for (const d of deltas) if (!(d > 0)) throw new ImplicitRegError('value', `${fn}: argument deltas must be positive, got ${d}`);
  const nf = normalForm(ir, op.A);
  const tame = tameSpectrum(ir, nf, { tol: 1e-9 });
  const bounds = traceBounds(ir, op.A, op, y);
  const u0seed = new Rng(o.seed).fork(2).nextU32();
  const rows = deltas.map((delta): BelabbasRow => {
    const fl = gradientFlow(ir, {
      op, y, init: { kind: 'gaussian', scale: Math.sqrt(delta), seed: u0seed }, tMax: o.tMax ?? 2500,
      rtol: o.rtol ?? 1e-10, atol: o.atol ?? 1e-14, gtol: o.gtol ?? 1e-8,
    });
    const X = ir.syrk(fl.U);
    return { delta, status: fl.status, t: fl.t, K: fl.trace, relativeError: relativeError(fl.trace, bounds), spectralRatio: spectralRatio(ir, X) };
  });
  return {
    n, ranks: o.ranks, spectrum: o.spectrum, seed: o.seed, y, rankSpread: true, tame: tame.tame, alpha: tame.alpha, beta: tame.beta,
    bounds, rows,
  };
}
