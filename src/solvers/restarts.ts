// Eftekhari & Zygalakis 2021, Algorithm 1: gradient descent that restarts from a smaller, lower-rank random
// initialization whenever the last window converged "too fast" (linearly), since fast convergence signals the
// absence of implicit bias. Each window of W iterations is one wasm call (factoredGD); the restart decisions and
// the seeded re-initializations happen here.
// Step scale: η is in this package's scale, L = ¼‖A(UUᵀ) − y‖² (docs/model.md); Eftekhari's G = ⅛‖·‖² with step η'
// is η = η'/2.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { OperatorHandle, withOperator, type SensingOperator } from '../operators/operator.js';
import { factoredGD } from './gd.js';
import { initialFactor } from './factor-init.js';
import { type SolverStatus } from './status.js';
import { checkAllocation, checkFinite, checkFunction, checkNumber, checkObject, checkOptions, checkVector, INT32_MAX, optionalNumber } from '../core/validate.js';
import { checkSeed } from '../core/random.js';
import type { RunControl } from '../kernels/run.js';
import { checkData } from './common.js';

/** Options of adaptiveRestarts; the RunControl bounds the whole run (status 'budget' or 'aborted', the current U returned). */
export interface AdaptiveRestartsOptions extends RunControl {
  /** The measurement operator (plain, or uploaded once as an OperatorHandle). */
  op: SensingOperator | OperatorHandle;
  /** The data y (m numbers). */
  y: ArrayLike<number>;
  /** Factor width p (default n). */
  d?: number;
  /** Step (package scale). */
  eta: number;
  /** Total iterations K (restarts included). */
  K: number;
  /** Window length W ≤ K. */
  W: number;
  /** Restart when max over the window of loss_k / loss_{k−1} < τ. */
  tau: number;
  /** Initial rank r0 ≤ d of U0. */
  r0: number;
  /** Initial norm ρ0 = ‖U0‖_F (> 0). */
  rho0: number;
  /** Rank decrement per restart (default 3). */
  deltaRank?: number;
  /** Norm factor ∈ (0, 1) applied to ρ0 at each restart (default ½). */
  factor?: number;
  /** Floor of the rank, r ≥ rank(X♮). */
  r: number;
  /** Seed of the Gaussian U0; restart i draws with seed (seed + 0x9e3779b1·i) mod 2³². */
  seed: number;
  /** Called after every window with the global iteration and U (e.g. to record a test error). */
  onWindow?: (iteration: number, U: Matrix) => void;
}

/** Result of adaptiveRestarts. */
export interface AdaptiveRestartsResult {
  /** The final iterate U (n×d). */
  U: Matrix;
  /** 'maxIter' when all K iterations ran, else 'diverged', 'budget' or 'aborted'. */
  status: SolverStatus;
  /** loss[k] = L(U_k) for k = 0..iterations (after a restart, the fresh iterate's loss). */
  loss: Float64Array;
  /** Iterations done (K unless the run stopped early). */
  iterations: number;
  /** Iterations at which a restart happened, with the new (ρ0, r0). */
  restarts: {
    /** The global iteration after which the restart happened. */
    iteration: number;
    /** The new norm ρ0 of U0. */
    rho0: number;
    /** The new rank r0 of U0. */
    r0: number;
  }[];
}

/** The window statistic of Algorithm 1, step 2(a): max over k' of loss_k' / loss_{k'−1} for consecutive losses. */
export function windowRatio(losses: ArrayLike<number>): number {
  checkVector('windowRatio', 'losses', losses);
  checkFinite('windowRatio', 'losses', losses);
  for (let j = 0; j < losses.length; j++) {
    if (losses[j] < 0) throw new ImplicitRegError('value', `windowRatio: argument losses must be ≥ 0 (losses), got ${losses[j]} at index ${j}`);
  }
  let ratio = 0;
  for (let j = 1; j < losses.length; j++) {
    const prev = losses[j - 1];
    // a window that starts from a zero loss cannot have converged linearly: it never triggers a restart
    ratio = Math.max(ratio, prev > 0 ? losses[j] / prev : losses[j] > 0 ? Number.MAX_VALUE : 1);
  }
  return Math.min(ratio, Number.MAX_VALUE);
}

/**
 * Step 2(b): restart when ratio < τ (convergence was linear, i.e. too fast), with ρ0 ← factor·ρ0 and
 * r0 ← max(r0 − Δrank, r). Returns the next (ρ0, r0), or null when the window does not trigger a restart.
 */
export function restartRule(
  ratio: number, state: { rho0: number; r0: number }, p: { tau: number; factor: number; deltaRank: number; r: number },
): {
  /** The next norm factor·ρ0. */
  rho0: number;
  /** The next rank max(r0 − Δrank, r). */
  r0: number;
} | null {
  const fn = 'restartRule';
  checkNumber(fn, 'ratio', ratio, { min: 0 });
  checkObject(fn, 'state', state);
  checkNumber(fn, 'state.rho0', state.rho0, { gt: 0 });
  checkNumber(fn, 'state.r0', state.r0, { integer: true, min: 1, max: INT32_MAX });
  checkObject(fn, 'p', p);
  checkNumber(fn, 'p.tau', p.tau, { min: 0 });
  checkNumber(fn, 'p.factor', p.factor, { gt: 0, lt: 1 });
  checkNumber(fn, 'p.deltaRank', p.deltaRank, { integer: true, min: 0, max: INT32_MAX });
  checkNumber(fn, 'p.r', p.r, { integer: true, min: 1, max: INT32_MAX });
  if (!(ratio < p.tau)) return null;
  return { rho0: p.factor * state.rho0, r0: Math.max(state.r0 - p.deltaRank, p.r) };
}

/**
 * Algorithm 1 of Eftekhari & Zygalakis 2021 (all parameters explicit).
 * @example adaptiveRestarts(ir, { op, y, eta: 1e-5, K: 20000, W: 100, tau: 0.998, r0: 30, rho0: 10, r: 2, seed: 1 })
 */
export function adaptiveRestarts(ir: Kernels, o: AdaptiveRestartsOptions): AdaptiveRestartsResult {
  const fn = 'adaptiveRestarts';
  checkOptions(fn, 'options', o, true);
  const { h, release } = withOperator(ir, o.op, fn);
  try {
    const n = h.n;
    checkData(fn, h, o.y);
    const d = o.d === undefined ? n : checkNumber(fn, 'd', o.d, { integer: true, min: 1, max: n });
    checkNumber(fn, 'eta', o.eta, { gt: 0 });
    const K = checkNumber(fn, 'K', o.K, { integer: true, min: 1, max: INT32_MAX - 1 });
    checkAllocation(fn, 'the loss history (K + 1 values)', K + 1);
    checkNumber(fn, 'W', o.W, { integer: true, min: 1 });
    if (o.W > K) throw new ImplicitRegError('value', `${fn}: argument W must be ≤ K = ${K}, got ${o.W}`);
    checkNumber(fn, 'r0', o.r0, { integer: true, min: 1 });
    if (o.r0 > d) throw new ImplicitRegError('value', `${fn}: argument r0 must be ≤ d = ${d}, got ${o.r0}`);
    checkNumber(fn, 'r', o.r, { integer: true, min: 1 });
    if (o.r > d) throw new ImplicitRegError('value', `${fn}: argument r must be ≤ d = ${d}, got ${o.r}`);
    const factor = optionalNumber(fn, 'factor', o.factor, 0.5, { gt: 0, lt: 1 });
    const deltaRank = optionalNumber(fn, 'deltaRank', o.deltaRank, 3, { integer: true, min: 0, max: INT32_MAX });
    checkNumber(fn, 'tau', o.tau, { min: 0 });
    checkNumber(fn, 'rho0', o.rho0, { gt: 0 });
    checkSeed(fn, 'seed', o.seed);
    if (o.onWindow !== undefined) checkFunction(fn, 'onWindow', o.onWindow);

    const { value } = ir.runs.run(fn, o, () => {
      let rho = o.rho0;
      let rank = o.r0;
      let restartCount = 0;
      const fresh = (): Matrix => initialFactor(ir, n, d, { kind: 'gaussian', scale: rho, rank, seed: (o.seed + 0x9e3779b1 * restartCount) >>> 0 }, 'options');
      let U = fresh();
      const loss = new Float64Array(K + 1);
      const restarts: AdaptiveRestartsResult['restarts'] = [];
      let k = 0;
      let status: SolverStatus = 'maxIter';
      while (k < K) {
        const steps = Math.min(o.W, K - k);
        // the inner runs see this run's time budget and signal (RunStack: the bounds of enclosing runs apply)
        const run = factoredGD(ir, { op: h, y: o.y, d, init: { kind: 'given', U }, eta: o.eta, maxIter: steps, record: { every: 1 } });
        for (const p of run.history) loss[k + p.iteration] = p.loss;
        U = run.U;
        if (run.status === 'diverged' || run.status === 'budget' || run.status === 'aborted') {
          status = run.status;
          k += run.iterations; // the last finite (or current) iterate
          break;
        }
        const ratio = windowRatio(run.history.map((p) => p.loss));
        k += steps;
        o.onWindow?.(k, U);
        const stopped = ir.runs.check(k, K);
        if (stopped) {
          status = stopped;
          break;
        }
        const next = k < K ? restartRule(ratio, { rho0: rho, r0: rank }, { tau: o.tau, factor, deltaRank, r: o.r }) : null;
        if (next) {
          rho = next.rho0;
          rank = next.r0;
          restartCount++;
          U = fresh();
          restarts.push({ iteration: k, rho0: rho, r0: rank });
        }
      }
      return { U, status, loss: loss.subarray(0, k + 1), iterations: k, restarts };
    });
    return value;
  } finally {
    release();
  }
}
