// A small Eftekhari Ex. 1.1-style run for the CLI: Gaussian symmetric sensing of a rank-r PSD X♮ (tr X♮ = 1), the
// gradient flow from a small initialisation of rank r vs full rank, and the diagnostics of src/theory/eftekhari.ts
// (effective rank of the limit, σ_m(Dg(U)) at the start and the end, test error ‖X∞ − X♮‖_F/‖X♮‖_F).
import type { Kernels } from '../kernels/kernels.js';
import { gaussianSensing, lowRankPSD, measure } from '../operators/problems.js';
import { gradientFlow } from '../solvers/flow.js';
import { type SolverStatus } from '../solvers/status.js';
import { effectiveRank, sigmaMinDg } from './eftekhari.js';
import { initialFactor } from '../solvers/factor-init.js';
import { ImplicitRegError } from '../core/errors.js';
import { checkSeed } from '../core/random.js';
import { checkOptions, optionalNumber } from '../core/validate.js';
import type { Interruption, RunControl } from '../kernels/run.js';

/** One initialization of {@link eftekhariRun}: the flow's end and Eftekhari's diagnostics. */
export interface EftekhariRow {
  /** A label: 'rank r' or 'full rank'. */
  init: string;
  /** rank(U0). */
  rank0: number;
  /** How the gradient flow ended. */
  status: SolverStatus;
  /** Time reached. */
  t: number;
  /** L = ¼‖A(UUᵀ) − y‖² at the end. */
  loss: number;
  /** Effective rank of X∞ (eps 1e-6, see effectiveRank). */
  effectiveRank: number;
  /** σ_m(Dg(U0)) (see sigmaMinDg). */
  sigmaM0: number;
  /** σ_m(Dg(U∞)). */
  sigmaMEnd: number;
  /** ‖X∞ − X♮‖_F / ‖X♮‖_F. */
  testError: number;
}

/**
 * Run the flow from ‖U0‖_F = scale with rank(U0) = r and = n on one seeded instance (m measurements, default 2rn).
 * @example eftekhariRun(ir, { n: 10, r: 2, seed: 1 }).rows
 */
export function eftekhariRun(
  ir: Kernels, o: { n?: number; r?: number; m?: number; seed: number; scale?: number; tMax?: number } & RunControl,
): {
  /** Dimension. */
  n: number;
  /** rank(X♮). */
  r: number;
  /** Number of measurements. */
  m: number;
  /** The rank-r and the full-rank initialization, in that order. */
  rows: EftekhariRow[];
  /** Set when the time budget or the AbortSignal stopped the run (the rows are then partial). */
  stopped?: Interruption;
} {
  const fn = 'eftekhariRun';
  checkOptions(fn, 'o', o, true);
  const n = optionalNumber(fn, 'n', o.n, 10, { integer: true, min: 2, max: 200 });
  const r = optionalNumber(fn, 'r', o.r, 2, { integer: true, min: 1, max: n });
  const m = optionalNumber(fn, 'm', o.m, Math.min(2 * r * n, (n * (n + 1)) / 2 - 1), { integer: true, min: 1, max: (n * (n + 1)) / 2 });
  checkSeed(fn, 'seed', o.seed);
  if (o.seed > 2 ** 32 - 3) throw new ImplicitRegError('value', `${fn}: argument seed must be at most 2^32 − 3 (seed + 1 and seed + 2 seed the operator and U0), got ${o.seed}`);
  const scale = optionalNumber(fn, 'scale', o.scale, 1e-3, { gt: 0 });
  const tMax = optionalNumber(fn, 'tMax', o.tMax, 2000, { gt: 0 });
  const { value, stopped } = ir.runs.run(fn, o, () => eftekhariBody(ir, o.seed, n, r, m, scale, tMax), 'o');
  return stopped ? { ...value, stopped } : value;
}

function eftekhariBody(ir: Kernels, seed: number, n: number, r: number, m: number, scale: number, tMax: number): { n: number; r: number; m: number; rows: EftekhariRow[] } {
  const o = { seed, scale, tMax };
  const { X } = lowRankPSD({ n, r, seed: o.seed, normalize: 'trace' });
  const op = gaussianSensing({ n, m, seed: o.seed + 1 });
  const y = measure(op, X);
  let xn = 0;
  for (const v of X.data) xn += v * v;
  const rows = [r, n].map((rank0): EftekhariRow => {
    const init = { kind: 'gaussian' as const, scale: o.scale ?? 1e-3, seed: o.seed + 2, rank: rank0 };
    const U0 = initialFactor(ir, n, n, init);
    const fl = gradientFlow(ir, { op, y, init, tMax: o.tMax ?? 2000, gtol: 1e-8, ltol: 1e-20 });
    const Xe = ir.syrk(fl.U);
    let e = 0;
    for (let i = 0; i < Xe.data.length; i++) e += (Xe.data[i] - X.data[i]) ** 2;
    return {
      init: rank0 === n ? 'full rank' : `rank ${rank0}`, rank0, status: fl.status, t: fl.t, loss: fl.loss,
      effectiveRank: effectiveRank(ir, Xe).rank, sigmaM0: sigmaMinDg(ir, op, U0).sigmaM, sigmaMEnd: sigmaMinDg(ir, op, fl.U).sigmaM,
      testError: Math.sqrt(e / xn),
    };
  });
  return { n, r, m, rows };
}
