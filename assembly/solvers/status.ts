// The one status vocabulary of the solvers on L(U) = ¼‖A(UUᵀ) − y‖² (GD, the time-ordered exponential, X-space GD,
// the gradient flow), as the TypeScript layer names them (src/solvers/status.ts), and the one stopping rule:
//   converged   the data are fitted (L ≤ fitLoss = ¼(fitTol·‖y‖)²) and ‖∇L‖ ≤ gtol — or, for flows, tr X settled
//               (changed by ≤ qtol·|tr X| over a doubling of t: class Settle) — or L ≤ ltol;
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

/**
 * The settle test of the stopping rule: with the data fitted, a flow has converged when the quantity asked about
 * (tr X) varied by at most qtol·|tr X| over the last doubling of t — for the algebraic tails of non-isolated minima,
 * where ‖∇L‖ reaches gtol only at astronomically large t. A remaining change c·t^(−p) then leaves an error of at most
 * qtol·|tr X|/(1 − 2^(−p)) (≤ 3.5·qtol·|tr X| for p ≥ ½). The variation is the range (max − min) of the samples in
 * [t/2, t] and tr X now, not the difference of the two ends: a tr X that rises and falls again (a flow leaving a
 * plateau with the data nearly fitted) passes its value of t/2 once, and the ends alone would stop it there, ~1e-5 off.
 * Samples of tr X are kept at times 2^(1/8) apart, so a run stops at most ~9 % later than it could. The samples
 * restart whenever the data are not fitted.
 */
export class Settle {
  qtol: f64 = 0.0;
  // a ring of SETTLE_SAMPLES (t, tr) pairs, t growing by ≥ 2^(1/8) from one to the next
  ts: StaticArray<f64> = new StaticArray<f64>(SETTLE_SAMPLES);
  trs: StaticArray<f64> = new StaticArray<f64>(SETTLE_SAMPLES);
  count: i32 = 0;
  head: i32 = 0;

  reset(qtol: f64): void {
    this.qtol = qtol;
    this.count = 0;
    this.head = 0;
  }

  /** After an accepted step at time t with trace tr: true when settled. */
  check(t: f64, tr: f64, fitted: bool): bool {
    if (!fitted || !(this.qtol > 0.0) || !(t > 0.0)) { this.count = 0; return false; }
    const last = this.count > 0 ? unchecked(this.ts[(this.head + SETTLE_SAMPLES - 1) % SETTLE_SAMPLES]) : 0.0;
    if (this.count > 0 && t < SETTLE_SPACING * last) {
      // between samples: the samples back to t/2 and tr now
      return this.settledSince(t, tr);
    }
    // a new sample
    const settled = this.settledSince(t, tr);
    unchecked(this.ts[this.head] = t);
    unchecked(this.trs[this.head] = tr);
    this.head = (this.head + 1) % SETTLE_SAMPLES;
    if (this.count < SETTLE_SAMPLES) this.count++;
    return settled;
  }

  // max − min of tr now and the samples newer than, and including, the newest sample s with t_s ≤ t/2, at most
  // qtol·|tr| (false when there is no such sample yet)
  private settledSince(t: f64, tr: f64): bool {
    let lo = tr;
    let hi = tr;
    for (let k = 1; k <= this.count; k++) {
      const i = (this.head + SETTLE_SAMPLES - k) % SETTLE_SAMPLES;
      const v = unchecked(this.trs[i]);
      lo = min<f64>(lo, v);
      hi = max<f64>(hi, v);
      if (unchecked(this.ts[i]) <= 0.5 * t) return hi - lo <= this.qtol * abs<f64>(tr);
    }
    return false;
  }
}

const SETTLE_SAMPLES: i32 = 10;
const SETTLE_SPACING: f64 = 1.0905077326652577; // 2^(1/8)
