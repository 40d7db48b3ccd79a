// Eftekhari & Zygalakis 2021, Algorithm 1: gradient descent that restarts from a smaller, lower-rank random
// initialization whenever the last window converged "too fast" (linearly), since fast convergence signals the
// absence of implicit bias. Each window of W iterations is one wasm call (factoredGD); the restart decisions and
// the seeded re-initializations happen here.
// Step scale: η is in this package's scale, L = ¼‖A(UUᵀ) − y‖² (SPEC §1); Eftekhari's G = ⅛‖·‖² with step η'
// is η = η'/2.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { OperatorHandle, withOperator, type SensingOperator } from '../operators/operator.js';
import { factoredGD } from './gd.js';
import { initialFactor } from './factor-init.js';
import { type SolverStatus } from './status.js';
import { checkPositive } from '../core/validate.js';

export interface AdaptiveRestartsOptions {
  op: SensingOperator | OperatorHandle;
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
  /** Initial rank r0 ≤ d and norm ρ0 of U0. */
  r0: number;
  rho0: number;
  /** Rank decrement per restart (default 3) and norm factor ∈ (0, 1) (default ½). */
  deltaRank?: number;
  factor?: number;
  /** Floor of the rank, r ≥ rank(X♮). */
  r: number;
  seed: number;
  /** Called after every window with the global iteration and U (e.g. to record a test error). */
  onWindow?: (iteration: number, U: Matrix) => void;
}

export interface AdaptiveRestartsResult {
  U: Matrix;
  status: SolverStatus;
  /** loss[k] = L(U_k) for k = 0..iterations (after a restart, the fresh iterate's loss). */
  loss: Float64Array;
  iterations: number;
  /** Iterations at which a restart happened, with the new (ρ0, r0). */
  restarts: { iteration: number; rho0: number; r0: number }[];
}

/** The window statistic of Algorithm 1, step 2(a): max over k' of loss_k' / loss_{k'−1} for consecutive losses. */
export function windowRatio(losses: ArrayLike<number>): number {
  let ratio = 0;
  for (let j = 1; j < losses.length; j++) {
    const prev = losses[j - 1];
    ratio = Math.max(ratio, prev > 0 ? losses[j] / prev : Infinity);
  }
  return ratio;
}

/**
 * Step 2(b): restart when ratio < τ (convergence was linear, i.e. too fast), with ρ0 ← factor·ρ0 and
 * r0 ← max(r0 − Δrank, r). Returns the next (ρ0, r0), or null when the window does not trigger a restart.
 */
export function restartRule(
  ratio: number, state: { rho0: number; r0: number }, p: { tau: number; factor: number; deltaRank: number; r: number },
): { rho0: number; r0: number } | null {
  if (!(ratio < p.tau)) return null;
  return { rho0: p.factor * state.rho0, r0: Math.max(state.r0 - p.deltaRank, p.r) };
}

/**
 * Algorithm 1 of Eftekhari & Zygalakis 2021 (all parameters explicit).
 * @example adaptiveRestarts(ir, { op, y, eta: 1e-5, K: 20000, W: 100, tau: 0.998, r0: 30, rho0: 10, r: 2, seed: 1 })
 */
export function adaptiveRestarts(ir: Kernels, o: AdaptiveRestartsOptions): AdaptiveRestartsResult {
  const fn = 'adaptiveRestarts';
  const { h, release } = withOperator(ir, o.op, fn);
  try {
    const n = h.n;
    const d = o.d ?? n;
    checkPositive(fn, 'eta', o.eta);
    for (const [name, v] of [['K', o.K], ['W', o.W], ['r0', o.r0], ['r', o.r]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ImplicitRegError('value', `${fn}: argument ${name} must be a positive integer, got ${v}`);
    }
    if (o.W > o.K) throw new ImplicitRegError('value', `${fn}: argument W must be ≤ K = ${o.K}, got ${o.W}`);
    if (o.r0 > d) throw new ImplicitRegError('value', `${fn}: argument r0 must be ≤ d = ${d}, got ${o.r0}`);
    if (o.r > d) throw new ImplicitRegError('value', `${fn}: argument r must be ≤ d = ${d}, got ${o.r}`);
    const factor = o.factor ?? 0.5;
    if (!(factor > 0 && factor < 1)) throw new ImplicitRegError('value', `${fn}: argument factor must lie in (0, 1), got ${factor}`);
    const deltaRank = o.deltaRank ?? 3;
    if (!Number.isInteger(deltaRank) || deltaRank < 0) throw new ImplicitRegError('value', `${fn}: argument deltaRank must be a non-negative integer, got ${deltaRank}`);
    if (!(o.tau >= 0)) throw new ImplicitRegError('value', `${fn}: argument tau must be ≥ 0, got ${o.tau}`);
    checkPositive(fn, 'rho0', o.rho0);

    let rho = o.rho0;
    let rank = o.r0;
    let restartCount = 0;
    const fresh = (): Matrix => initialFactor(ir, n, d, { kind: 'gaussian', scale: rho, rank, seed: (o.seed + 0x9e3779b1 * restartCount) >>> 0 });
    let U = fresh();
    const loss = new Float64Array(o.K + 1);
    const restarts: AdaptiveRestartsResult['restarts'] = [];
    let k = 0;
    let status: SolverStatus = 'maxIter';
    while (k < o.K) {
      const steps = Math.min(o.W, o.K - k);
      const run = factoredGD(ir, { op: h, y: o.y, d, init: { kind: 'given', U }, eta: o.eta, maxIter: steps, record: { every: 1 } });
      for (const p of run.history) loss[k + p.iteration] = p.loss;
      U = run.U;
      if (run.status === 'diverged') {
        status = 'diverged';
        k += run.iterations; // the last finite iterate
        break;
      }
      const ratio = windowRatio(run.history.map((p) => p.loss));
      k += steps;
      o.onWindow?.(k, U);
      const next = k < o.K ? restartRule(ratio, { rho0: rho, r0: rank }, { tau: o.tau, factor, deltaRank, r: o.r }) : null;
      if (next) {
        rho = next.rho0;
        rank = next.r0;
        restartCount++;
        U = fresh();
        restarts.push({ iteration: k, rho0: rho, r0: rank });
      }
    }
    return { U, status, loss: loss.subarray(0, k + 1), iterations: k, restarts };
  } finally {
    release();
  }
}
