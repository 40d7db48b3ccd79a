// The one iterate / diverge / record loop of the iterative solvers (factored GD, the time-ordered exponential, X-space
// GD): evaluate the iterate, stop on divergence (handing back the last finite iterate), record the sampled history,
// test convergence and the iteration cap, then step. A method is a class M resolved statically, supplying:
//   evaluate(): f64            the loss of the current iterate (and its gradient, kept for the step)
//   gradNorm(): f64, trace(): f64   of the iterate last evaluated
//   converged(loss, gn): bool  the stopping rule (status.ts)
//   stepSize(final): f64       the step to take and record (an exact line search computes it here unless final)
//   save(): void               keep the iterate as the previous one
//   restore(): void            go back to the previous iterate
//   step(t): i32               advance by step t; 0, or a failure status with the iterate left unchanged
// History: records of HIST_FIELDS doubles [iteration, loss, gradient norm, trace, step] at the sorted sample
// iterations; stats: ITER_STATS doubles [returned iterate, loss, gradient norm, trace, records, failed-at].

import { tick } from '../host';
import { S_CONVERGED, S_DIVERGED, S_INTERRUPTED, S_MAX_ITER, capStatus } from './status';

// the host is asked every TICK_EVERY iterations (an iteration costs from ~1 µs at n = 3 to ~0.2 ms at n = 50)
const TICK_EVERY: i32 = 64;

export const HIST_FIELDS: i32 = 5;
export const ITER_STATS: i32 = 6;

/** Record iteration k if it is the next sample; returns the updated sample cursor. */
function recordSample(samples: usize, nSamples: i32, next: i32, k: i32, hist: usize, loss: f64, gn: f64, tr: f64, step: f64): i32 {
  while (next < nSamples && load<i32>(samples + (<usize>next << 2)) <= k) {
    if (load<i32>(samples + (<usize>next << 2)) == k) {
      const rec = hist + (<usize>(next * HIST_FIELDS) << 3);
      store<f64>(rec, <f64>k); store<f64>(rec, loss, 8); store<f64>(rec, gn, 16); store<f64>(rec, tr, 24); store<f64>(rec, step, 32);
    }
    next++;
  }
  return next;
}

/**
 * Run method `m` from its current iterate until it converges, maxIter steps (S_MAX_ITER, or S_STATIONARY when the
 * gradient there is below m.gtol without a fit), divergence (a non-finite loss or gradient norm, or loss >
 * divergeLoss: the previous, finite iterate is handed back and stats[5] names the iteration that failed), a failed
 * step, or the host's request to stop (S_INTERRUPTED, asked every TICK_EVERY iterations). Returns an S_* status.
 */
export function iterate<M>(m: M, maxIter: i32, divergeLoss: f64, samples: usize, nSamples: i32, hist: usize, stats: usize): i32 {
  let next = 0;
  let status = S_MAX_ITER;
  let loss = 0.0, gn = 0.0, tr = 0.0, step = 0.0;
  let k = 0;
  let failedAt = -1;
  for (; ; k++) {
    // @ts-ignore: M is resolved at instantiation
    loss = m.evaluate(); gn = m.gradNorm(); tr = m.trace();
    if (!isFinite(loss) || !isFinite(gn) || loss > divergeLoss) {
      status = S_DIVERGED;
      failedAt = k;
      if (k > 0) {
        // hand back the last finite iterate, with its own (finite) loss, gradient norm and trace
        // @ts-ignore
        m.restore(); loss = m.evaluate(); gn = m.gradNorm(); tr = m.trace();
        k--;
      }
      break;
    }
    // @ts-ignore
    const converged: bool = m.converged(loss, gn);
    // @ts-ignore
    step = m.stepSize(converged || k >= maxIter);
    next = recordSample(samples, nSamples, next, k, hist, loss, gn, tr, step);
    if (converged) { status = S_CONVERGED; break; }
    // @ts-ignore
    if (k >= maxIter) { status = capStatus(S_MAX_ITER, gn, m.gtol); break; }
    if ((k & (TICK_EVERY - 1)) == TICK_EVERY - 1 && tick(<f64>k, <f64>maxIter)) { status = S_INTERRUPTED; break; }
    // @ts-ignore
    m.save();
    // @ts-ignore
    const code: i32 = m.step(step);
    if (code != 0) { status = code; failedAt = k + 1; break; }
  }
  store<f64>(stats, <f64>k); store<f64>(stats, loss, 8); store<f64>(stats, gn, 16); store<f64>(stats, tr, 24);
  store<f64>(stats, <f64>next, 32); store<f64>(stats, <f64>failedAt, 40);
  return status;
}
