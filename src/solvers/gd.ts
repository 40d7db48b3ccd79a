// Gradient descent and the time-ordered exponential on L(U) = ¼‖A(UUᵀ) − y‖² (docs/algorithms/solvers.md): the whole run in one wasm call
// (assembly/solvers/factored.ts, toexp.ts, on the shared loop iterate.ts), with a status, counts and a sampled
// history. Step conversions from the papers: GD on ‖A(UUᵀ) − y‖² with step η' is η = 4η' here; Eftekhari's
// G = ⅛‖·‖² with step η' is η = η'/2.
import { checkOptions, optionalBoolean } from '../core/validate.js';
import type { Matrix } from '../core/matrix.js';
import type { Kernels } from '../kernels/kernels.js';
import type { RunControl } from '../kernels/run.js';
import { withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkData, checkDivergeLoss, checkIterParams, overflowAtStart } from './common.js';
import { initialFactor, type FactorInit } from './factor-init.js';
import { runIterative, sampleIterations, type HistoryPoint, type RecordSpec } from './history.js';
import { statusOf, stopRule, type SolverStatus, type StopOptions } from './status.js';

/** What every iterative solver returns. */
export interface IterativeResult {
  /** How the run ended (see SolverStatus). */
  status: SolverStatus;
  /** Index of the returned iterate (after divergence: the last finite one). */
  iterations: number;
  /** With status 'diverged': the iteration whose value was non-finite or blew up (else undefined). */
  divergedAt?: number;
  /** L of the returned iterate. */
  loss: number;
  /** ‖∇L‖_F of the returned iterate (X-space GD: ‖A*(r)‖_F). */
  gradNorm: number;
  /** tr X of the returned iterate (= ‖U‖_F² for X = UUᵀ). */
  trace: number;
  /** The recorded iterations (see RecordSpec). */
  history: HistoryPoint[];
}

/** Result of factoredGD and timeOrderedExp. */
export interface FactoredResult extends IterativeResult {
  /** The returned iterate U (n×d). */
  U: Matrix;
}

/** Options of factoredGD (and, without `els`, of timeOrderedExp). */
export interface FactoredGDOptions extends StopOptions, RunControl {
  /** The measurement operator (plain, or uploaded once as an OperatorHandle). */
  op: SensingOperator | OperatorHandle;
  /** The data y (m numbers). */
  y: ArrayLike<number>;
  /** Factor width d ≤ n (default n). */
  d?: number;
  /** U0. */
  init: FactorInit;
  /** Fixed step, or with `els` the largest step of the exact line search. */
  eta: number;
  /** Exact line search along −∇L (default false). */
  els?: boolean;
  /** Iteration cap. */
  maxIter: number;
  /** A loss above this counts as divergence (default 1e100; Infinity: only non-finite values do). */
  divergeLoss?: number;
  /** Which iterations to record (default ~100 log-spaced). */
  record?: RecordSpec;
}

/** Options of timeOrderedExp: factoredGD's without the line search. */
export type TimeOrderedExpOptions = Omit<FactoredGDOptions, 'els'>;

type FactoredCall = (h: OperatorHandle, y: number, d: number, rule: { ltol: number; gtol: number; fitLoss: number },
  p: { state: number; samples: number; hist: number; stats: number; work: number }, nSamples: number) => number;

// The shared shape of the factored solvers: validate, build U0, upload y, run one wasm loop under the run bounds, read
// U and the history.
function runFactored(ir: Kernels, fn: string, options: FactoredGDOptions, workSize: (n: number, d: number, m: number) => number, call: FactoredCall): FactoredResult {
  const o = checkOptions(fn, 'options', options, true);
  const { h, release } = withOperator(ir, o.op, fn, 'options.op');
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    const { maxIter } = checkIterParams(fn, o.maxIter, o.eta);
    const d = o.d === undefined ? n : o.d;
    const U = initialFactor(ir, n, d, o.init, 'options.init');
    const rule = stopRule(fn, o, o.y, 0);
    checkDivergeLoss(fn, o.divergeLoss);
    const samples = sampleIterations(maxIter, o.record);
    const hp = ir.heap;
    const py = hp.alloc(h.m);
    try {
      hp.write(py, o.y);
      const { value: run, stopped } = ir.runs.run(fn, o, () => runIterative(ir, { state: n * d, work: workSize(n, d, h.m), samples },
        (p) => call(h, py, d, rule, p, samples.length),
        (p) => hp.write(p, U.data), (p) => hp.readInto(p, U.data)));
      const s = run.stats;
      if (run.code === 2 && s[5] === 0 && !(Number.isFinite(s[1]) && Number.isFinite(s[2]))) throw overflowAtStart(fn, `‖U0‖_F² = ${s[3]}`, s[1]);
      return {
        U, status: statusOf(fn, run.code, stopped), iterations: s[0], divergedAt: s[5] >= 0 ? s[5] : undefined,
        loss: s[1], gradNorm: s[2], trace: s[3], history: run.history,
      };
    } finally {
      hp.free(py);
    }
  } finally {
    release();
  }
}

/**
 * Gradient descent U ← U − t∇L(U) on L(U) = ¼‖A(UUᵀ) − y‖² (fixed step t = η, or the exact line search along −∇L
 * with t ≤ η), the whole run inside wasm. Stops by the rule of SolverStatus (converged, maxIter, stationary, diverged,
 * budget, aborted).
 * @example factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 1 }, eta: 1e-3, maxIter: 10000 })
 */
export function factoredGD(ir: Kernels, o: FactoredGDOptions): FactoredResult {
  const fn = 'factoredGD';
  const els = optionalBoolean(fn, 'options.els', checkOptions(fn, 'options', o, true).els, false);
  return runFactored(ir, fn, o, (n, d, m) => ir.raw.factoredWorkSize(n, d, m),
    (h, py, d, r, p, ns) => ir.raw.factoredGD(h.ptr, py, p.state, d, o.eta, els ? 1 : 0, o.maxIter, r.ltol, r.gtol, r.fitLoss,
      checkDivergeLoss(fn, o.divergeLoss), p.samples, ns, p.hist, p.stats, p.work));
}

/**
 * The time-ordered exponential U ← expm(−η A*(r))·U (Gunasekar et al. 2017, eq. 12), the whole run inside wasm.
 * Stops like factoredGD.
 * @example timeOrderedExp(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 1 }, eta: 0.1, maxIter: 2000 })
 */
export function timeOrderedExp(ir: Kernels, o: TimeOrderedExpOptions): FactoredResult {
  const fn = 'timeOrderedExp';
  return runFactored(ir, fn, o, (n, d, m) => ir.raw.timeOrderedExpWorkSize(n, d, m),
    (h, py, d, r, p, ns) => ir.raw.timeOrderedExp(h.ptr, py, p.state, d, o.eta, o.maxIter, r.ltol, r.gtol, r.fitLoss,
      checkDivergeLoss(fn, o.divergeLoss), p.samples, ns, p.hist, p.stats, p.work));
}
