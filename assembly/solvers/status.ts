// The one status vocabulary of the solvers on L(U) = ¼‖A(UUᵀ) − y‖² (GD, the time-ordered exponential, X-space GD,
// the gradient flow), as the TypeScript layer names them (src/solvers/status.ts), and the one stopping rule:
//   converged   the data are fitted (L ≤ fitLoss = ¼(fitTol·‖y‖)²) and ‖∇L‖ ≤ gtol, or L ≤ ltol;
//   stationary  the run hit its cap (maxIter, tMax) at ‖∇L‖ ≤ gtol without fitting the data: a saddle or a spurious
//               point (a small gradient alone never stops a run: a tiny initialization starts next to the saddle 0);
//   maxIter     the iteration or step cap;   tMax  the time horizon (flows);   diverged  a non-finite value or
//   L > divergeLoss (the last finite iterate is kept);   stepTooSmall  the ODE step control asked for a step below
//   10 ulp(t);   interrupted  the host asked to stop (time budget, AbortSignal);   innerFailed  a kernel inside a step
//   failed (the PSD projection's eigendecomposition).

export const S_CONVERGED: i32 = 0;
export const S_MAX_ITER: i32 = 1;
export const S_DIVERGED: i32 = 2;
export const S_TMAX: i32 = 3;
export const S_INTERRUPTED: i32 = 4;
export const S_STEP_TOO_SMALL: i32 = 5;
export const S_STATIONARY: i32 = 6;
export const S_INNER_FAILED: i32 = 7;

/** The rule for an iterate with loss L and gradient norm gn: S_CONVERGED to stop, or −1 to go on. */
// @ts-ignore: decorator
@inline export function convergedOrGoOn(loss: f64, gn: f64, ltol: f64, gtol: f64, fitLoss: f64): i32 {
  return loss <= ltol || (gn <= gtol && loss <= fitLoss) ? S_CONVERGED : -1;
}

/** The status of a run stopped by its cap: S_STATIONARY when ‖∇L‖ ≤ gtol there (unfitted), else `cap`. */
// @ts-ignore: decorator
@inline export function capStatus(cap: i32, gn: f64, gtol: f64): i32 {
  return gn <= gtol ? S_STATIONARY : cap;
}
