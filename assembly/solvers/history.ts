// The sampled history and end-of-run statistics shared by the iterative solvers (factoredGD, timeOrderedExp,
// xSpaceGD): records of HIST_FIELDS doubles [iteration, loss, gradient norm, trace, step] at the sorted sample
// iterations, and ITER_STATS doubles [returned iterate, loss, gradient norm, trace, records, diverged-at].

export const HIST_FIELDS: i32 = 5;
export const ITER_STATS: i32 = 6;

/** Record iteration k if it is the next sample; returns the updated sample cursor. */
export function recordSample(
  samples: usize, nSamples: i32, next: i32, k: i32, hist: usize, loss: f64, gn: f64, tr: f64, step: f64,
): i32 {
  while (next < nSamples && load<i32>(samples + (<usize>next << 2)) <= k) {
    if (load<i32>(samples + (<usize>next << 2)) == k) {
      const rec = hist + (<usize>(next * HIST_FIELDS) << 3);
      store<f64>(rec, <f64>k); store<f64>(rec, loss, 8); store<f64>(rec, gn, 16); store<f64>(rec, tr, 24); store<f64>(rec, step, 32);
    }
    next++;
  }
  return next;
}

/** Write the end-of-run statistics. */
export function writeIterStats(stats: usize, k: i32, loss: f64, gn: f64, tr: f64, records: i32, failedAt: i32): void {
  store<f64>(stats, <f64>k); store<f64>(stats, loss, 8); store<f64>(stats, gn, 16); store<f64>(stats, tr, 24);
  store<f64>(stats, <f64>records, 32); store<f64>(stats, <f64>failedAt, 40);
}
