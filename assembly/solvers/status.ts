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
 * (tr X) varied by at most qtol·|tr X| over the last doubling of t and what it can still move is bounded by that too —
 * for the algebraic tails of non-isolated minima, where ‖∇L‖ reaches gtol only at astronomically large t.
 *  - The variation over [t/2, t] is the range (max − min) of the samples there and tr X now, not the difference of the
 *    two ends: a tr X that rises and falls again passes its value of t/2 once, and the ends alone stopped such flows
 *    ~1e-5 off on the 3×3 grid.
 *  - What is still to come: if ‖∇L‖ keeps falling by a factor ρ < ½ per doubling of t, as it did over the last one
 *    and over the last sample interval, and tr X's speed falls with it, tr X moves by at most v·t/(1 − 2ρ) after t (v its mean speed over the last
 *    doubling; the sum over the doublings ahead). The test asks ρ < ½ and that bound ≤ qtol·|tr X| too. A flow leaving
 *    a fitted plateau along a slow mode (rate λ ≪ 1/t: ‖∇L‖ nearly constant, tr X drifting too slowly to see) fails it,
 *    however small its variation: the variation alone stopped such flows 3e-8–6.5e-7 off in Δ on the 3×3 grid. On an
 *    algebraic tail the bound is a small multiple of the remainder (3.4× for tr X − tr∞ ~ 1/t with ‖∇L‖ ~ t^(−3/2)),
 *    which only delays the stop, cheaply for the stiff integrators; a tail whose gradient falls slower than 1/t per
 *    doubling (ρ ≥ ½) is left to the gradient test.
 *    A variation of at most rounding (16 ulp of tr X) passes whatever the gradient does.
 * Samples (t, tr X, ‖∇L‖) are taken, and the test made, at times 2^(1/8) apart, so a run stops at most ~9 % later
 * than it could. The samples restart whenever the data are not fitted.
 */
export class Settle {
  qtol: f64 = 0.0;
  // a ring of SETTLE_SAMPLES (t, tr, ‖∇L‖) samples, t growing by ≥ 2^(1/8) from one to the next
  ts: StaticArray<f64> = new StaticArray<f64>(SETTLE_SAMPLES);
  trs: StaticArray<f64> = new StaticArray<f64>(SETTLE_SAMPLES);
  gs: StaticArray<f64> = new StaticArray<f64>(SETTLE_SAMPLES);
  count: i32 = 0;
  head: i32 = 0;
  // the test held except for the resolution of the last sample interval: samples are wanted closer in t
  fine: bool = false;

  reset(qtol: f64): void {
    this.qtol = qtol;
    this.count = 0;
    this.head = 0;
    this.fine = false;
  }

  /** The largest next step the test wants at t: (2^(1/4) − 1)·t while it waits for a closer sample, else ∞. */
  maxStep(t: f64): f64 {
    return this.fine ? (SETTLE_FINE - 1.0) * t : Infinity;
  }

  /** After an accepted step at time t with trace tr and gradient norm g: true when settled. */
  check(t: f64, tr: f64, g: f64, fitted: bool): bool {
    if (!fitted || !(this.qtol > 0.0) || !(t > 0.0)) { this.count = 0; this.fine = false; return false; }
    const last = this.count > 0 ? unchecked(this.ts[(this.head + SETTLE_SAMPLES - 1) % SETTLE_SAMPLES]) : 0.0;
    // between samples nothing is tested (the stop comes at most one sample spacing, 9 % of t, late)
    if (this.count > 0 && t < SETTLE_SPACING * last) return false;
    this.fine = false;
    const settled = this.settled(t, tr, g);
    unchecked(this.ts[this.head] = t);
    unchecked(this.trs[this.head] = tr);
    unchecked(this.gs[this.head] = g);
    this.head = (this.head + 1) % SETTLE_SAMPLES;
    if (this.count < SETTLE_SAMPLES) this.count++;
    return settled;
  }

  // the range of tr now and the samples back to, and including, the newest with t_s ≤ t/2 at most qtol·|tr| (false
  // when there is no such sample yet), and the bound on the motion ahead at most that too
  private settled(t: f64, tr: f64, g: f64): bool {
    const tol = this.qtol * abs<f64>(tr);
    let lo = tr;
    let hi = tr;
    let half = -1;
    for (let k = 1; k <= this.count; k++) {
      const i = (this.head + SETTLE_SAMPLES - k) % SETTLE_SAMPLES;
      const v = unchecked(this.trs[i]);
      lo = min<f64>(lo, v);
      hi = max<f64>(hi, v);
      if (unchecked(this.ts[i]) <= 0.5 * t) { half = i; break; }
    }
    if (half < 0 || !(hi - lo <= tol)) return false;
    if (hi - lo <= 16.0 * f64.EPSILON * abs<f64>(tr)) return true; // nothing moves but rounding
    // ρ: the gradient's decay per doubling, over the whole of [t_half, t] and over the last sample interval alone — a
    // fast transient that ended inside the doubling leaves the first small and the second ≈ 1. The second needs a
    // short last interval: if the steps were longer, ask for samples at most 2^(1/4) apart (maxStep) and decide then.
    const gh = unchecked(this.gs[half]);
    if (!(g < 0.5 * gh)) return false;
    const last = (this.head + SETTLE_SAMPLES - 1) % SETTLE_SAMPLES;
    const tl = unchecked(this.ts[last]);
    if (t > SETTLE_FINE * tl) { this.fine = true; return false; }
    const gl = unchecked(this.gs[last]);
    if (!(g < gl)) return false;
    const rho = max<f64>(
      Math.pow(g / gh, Math.LN2 / Math.log(t / unchecked(this.ts[half]))),
      Math.pow(g / gl, Math.LN2 / Math.log(t / tl)),
    );
    if (!(rho < 0.5)) return false;
    // tr's mean speed over the doubling, decaying with ‖∇L‖ from here on: ∫_t^∞ ≤ v·t·Σ_k (2ρ)^k = v·t/(1 − 2ρ)
    const v = (hi - lo) / (t - unchecked(this.ts[half]));
    return v * t <= tol * (1.0 - 2.0 * rho);
  }
}

// the samples of one doubling at 2^(1/8) apart, and slack
const SETTLE_SAMPLES: i32 = 10;
const SETTLE_SPACING: f64 = 1.0905077326652577; // 2^(1/8)
const SETTLE_FINE: f64 = 1.189207115002721; // 2^(1/4)
