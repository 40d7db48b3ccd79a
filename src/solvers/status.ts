// The one status vocabulary and stopping rule of the solvers on L(U) = ¼‖A(UUᵀ) − y‖² (the same in wasm:
// assembly/solvers/status.ts). docs/stopping.md explains them with examples.
import { ImplicitRegError } from '../core/errors.js';
import { optionalNumber, optionalTolerance } from '../core/validate.js';
import type { Interruption } from '../kernels/run.js';

/**
 * How a solver run ended:
 * - `'converged'`: the data are fitted (‖A(X) − y‖ ≤ fitTol·‖y‖) and ‖∇L‖ ≤ gtol — or L ≤ ltol;
 * - `'stationary'`: the run reached its cap at a point with ‖∇L‖ ≤ gtol that does not fit the data (a saddle, a
 *   spurious point, or data no X of this shape fits); a small gradient alone never stops a run, since a tiny
 *   initialization starts next to the saddle U = 0;
 * - `'maxIter'`: the iteration (or ODE step) cap, with the gradient still above gtol;
 * - `'tMax'`: the time horizon of a flow, with the gradient still above gtol;
 * - `'diverged'`: a non-finite value or L > divergeLoss; the last finite iterate is returned;
 * - `'stepTooSmall'`: the ODE step control asked for a step below 10 ulp(t);
 * - `'budget'`: the time budget was spent; the current iterate is returned;
 * - `'aborted'`: the AbortSignal fired; the current iterate is returned.
 */
export type SolverStatus = 'converged' | 'stationary' | 'maxIter' | 'tMax' | 'diverged' | 'stepTooSmall' | 'budget' | 'aborted';

/** Tolerances of the stopping rule (see {@link SolverStatus}). */
export interface StopOptions {
  /** Stop once L ≤ ltol (default 0: off). */
  ltol?: number;
  /** With the data fitted, stop once ‖∇L‖_F ≤ gtol (default: the solver's). */
  gtol?: number;
  /** The data count as fitted when ‖A(X) − y‖ ≤ fitTol·‖y‖ (default 1e-4). */
  fitTol?: number;
}

/** The default fitTol: a relative residual far below any saddle's (≳ 1e-2 on the papers' problems). */
export const FIT_TOL = 1e-4;

/** The rule's parameters as the wasm takes them: ltol, gtol and fitLoss = ¼(fitTol·‖y‖)². */
export function stopRule(fn: string, o: StopOptions, y: ArrayLike<number>, gtolDefault: number): { ltol: number; gtol: number; fitLoss: number } {
  const ltol = optionalTolerance(fn, 'options.ltol', o.ltol, 0);
  const gtol = optionalTolerance(fn, 'options.gtol', o.gtol, gtolDefault);
  const fitTol = optionalNumber(fn, 'options.fitTol', o.fitTol, FIT_TOL, { min: 0, lt: 1 });
  // ‖y‖ scaled, so that huge data do not overflow the threshold
  let big = 0;
  for (let i = 0; i < y.length; i++) big = Math.max(big, Math.abs(y[i]));
  let s = 0;
  if (big > 0) for (let i = 0; i < y.length; i++) s += (y[i] / big) ** 2;
  const r = fitTol * big * Math.sqrt(s);
  return { ltol, gtol, fitLoss: 0.25 * r * r };
}

// wasm status codes (assembly/solvers/status.ts)
const BY_CODE: (SolverStatus | undefined)[] = ['converged', 'maxIter', 'diverged', 'tMax', undefined, 'stepTooSmall', 'stationary'];

/** The status of a wasm run's code; S_INTERRUPTED becomes 'budget' or 'aborted' from the run's own record. */
export function statusOf(fn: string, code: number, stopped: Interruption): SolverStatus {
  if (code === 4) return stopped ?? 'aborted';
  const s = BY_CODE[code];
  if (s) return s;
  if (code === 7) throw new ImplicitRegError('convergence', `${fn}: an eigendecomposition inside a step (the PSD projection) did not converge`);
  throw new ImplicitRegError('abort', `${fn}: the wasm solver returned an unknown status ${code}`);
}
