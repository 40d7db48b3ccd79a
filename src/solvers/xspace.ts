// Gradient descent in X space: X ← X − η A*(A(X) − y), optionally projected onto the PSD cone after every step
// (Gunasekar et al. 2017's X_gd), the whole run in one wasm call (assembly/solvers/xspace.ts).
import { ImplicitRegError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkFinite, checkMatrix, checkOptions, checkSymmetric, optionalBoolean } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';
import type { RunControl } from '../kernels/run.js';
import { withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkData, checkDivergeLoss, checkIterParams, overflowAtStart } from './common.js';
import type { IterativeResult } from './gd.js';
import { runIterative, sampleIterations, type RecordSpec } from './history.js';
import { statusOf, stopRule, type StopOptions } from './status.js';

/** Options of xSpaceGD. */
export interface XSpaceGDOptions extends StopOptions, RunControl {
  /** The measurement operator. */
  op: SensingOperator | OperatorHandle;
  /** The data y (m numbers). */
  y: ArrayLike<number>;
  /** Start (symmetric n×n; default 0). */
  X0?: Matrix;
  /** The fixed step η. */
  eta: number;
  /** Project onto the PSD cone after every step (Gunasekar's X_gd). Default false. */
  project?: boolean;
  /** Iteration cap. */
  maxIter: number;
  /** A loss above this counts as divergence (default 1e100). */
  divergeLoss?: number;
  /** Which iterations to record (default ~100 log-spaced). */
  record?: RecordSpec;
}

/** Result of xSpaceGD. */
export interface XSpaceResult extends IterativeResult {
  /** The returned iterate X (n×n symmetric). */
  X: Matrix;
}

/**
 * X ← X − η A*(A(X) − y) (optionally followed by Π_PSD), whole run inside wasm. From X0 = 0 without projection it
 * converges to the minimum-Frobenius-norm solution. Loss reported on the same ¼‖·‖² scale, the gradient norm is
 * ‖A*(r)‖_F; stops by the rule of SolverStatus.
 * @example xSpaceGD(ir, { op, y, eta: 0.1, maxIter: 5000, project: true })
 */
export function xSpaceGD(ir: Kernels, options: XSpaceGDOptions): XSpaceResult {
  const fn = 'xSpaceGD';
  const o = checkOptions(fn, 'options', options, true);
  const { h, release } = withOperator(ir, o.op, fn, 'options.op');
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    const { maxIter, eta } = checkIterParams(fn, o.maxIter, o.eta);
    const project = optionalBoolean(fn, 'options.project', o.project, false);
    const rule = stopRule(fn, o, o.y, 0);
    const divergeLoss = checkDivergeLoss(fn, o.divergeLoss);
    const X = matrix(n, n);
    if (o.X0 !== undefined) {
      checkMatrix(fn, 'options.X0', o.X0);
      if (o.X0.rows !== n || o.X0.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument options.X0 must be ${n}×${n}, got ${o.X0.rows}×${o.X0.cols}`);
      checkFinite(fn, 'options.X0', o.X0.data);
      checkSymmetric(fn, 'options.X0', o.X0);
      X.data.set(o.X0.data);
    }
    const samples = sampleIterations(maxIter, o.record);
    const hp = ir.heap;
    const py = hp.alloc(h.m);
    try {
      hp.write(py, o.y);
      const { value: run, stopped } = ir.runs.run(fn, o, () => runIterative(ir, { state: n * n, work: ir.raw.xSpaceWorkSize(n, h.m), samples },
        (p) => ir.raw.xSpaceGD(h.ptr, py, p.state, eta, project ? 1 : 0, maxIter, rule.ltol, rule.gtol, rule.fitLoss,
          divergeLoss, p.samples, samples.length, p.hist, p.stats, p.work),
        (p) => hp.write(p, X.data), (p) => hp.readInto(p, X.data)));
      const s = run.stats;
      if (run.code === 2 && s[5] === 0 && !(Number.isFinite(s[1]) && Number.isFinite(s[2]))) throw overflowAtStart(fn, 'X0', s[1]);
      return {
        X, status: statusOf(fn, run.code, stopped), iterations: s[0], divergedAt: s[5] >= 0 ? s[5] : undefined,
        loss: s[1], gradNorm: s[2], trace: s[3], history: run.history,
      };
    } finally {
      hp.free(py);
    }
  } finally {
    release();
  }
}
