// The time-ordered exponential (Gunasekar et al. 2017, eq. 12): U ← E U with E = expm(−η A*(r)), r = A(UUᵀ) − y,
// i.e. X ← E X E — the exponential integrator of the gradient flow, on the shared iterate loop (iterate.ts).
// see: docs/algorithms/solvers.md; Gunasekar et al. 2017 §3.

import { dgemm, dgemmWorkSize, dscal } from '../blas/blas';
import { dexpm, dexpmWorkSize } from '../expm/expm';
import { FactoredIterate, factoredIterateWorkSize } from './factored';
import { iterate } from './iterate';
import { S_DIVERGED } from './status';
import { opAdjoint, opN, sensingWorkSize } from '../operators/sensing';

class TimeOrderedExp extends FactoredIterate {
  eta: f64 = 0.0;
  z: usize = 0; e: usize = 0; gw: usize = 0;

  stepSize(final: bool): f64 { return this.eta; }

  step(t: f64): i32 {
    const it = this, n = opN(it.op), nn = n * n;
    // E = expm(−η A*(r)); U ← E·U_prev (save() has just copied U to prev)
    opAdjoint(it.op, it.r, this.z, it.inner);
    dscal(nn, -t, this.z);
    if (dexpm(n, this.z, this.e, it.inner) < 0) return S_DIVERGED; // U is still the iterate (finite)
    dgemm(0, 0, n, it.d, n, 1.0, this.e, n, it.prev, it.d, 0.0, it.u, it.d, this.gw);
    return 0;
  }
}

const toe = new TimeOrderedExp();

function innerSize(n: i32, d: i32): i32 {
  return max(dexpmWorkSize(n), sensingWorkSize(n, d));
}

/** Doubles of workspace timeOrderedExp needs. */
export function timeOrderedExpWorkSize(n: i32, d: i32, m: i32): i32 {
  // the iterate (its inner workspace serves the operator and expm), Z and E (n² each), gemm packing
  return factoredIterateWorkSize(n, d, m, innerSize(n, d)) + 2 * n * n + dgemmWorkSize() + 8;
}

/**
 * Run U ← expm(−η A*(r))·U on U (n×d, in place). Stops like factoredGD (status.ts, iterate.ts; a failed expm ends the
 * run as diverged). History records
 * [iteration, L, ‖∇L‖_F, tr X, η] at the sorted sample iterations; stats: ITER_STATS doubles.
 */
export function timeOrderedExp(
  op: usize, y: usize, u: usize, d: i32, eta: f64, maxIter: i32, ltol: f64, gtol: f64, fitLoss: f64, divergeLoss: f64,
  samples: usize, nSamples: i32, hist: usize, stats: usize, work: usize,
): i32 {
  const n = opN(op);
  toe.z = toe.bind(op, y, u, d, ltol, gtol, fitLoss, work, innerSize(n, d));
  toe.e = toe.z + (<usize>(n * n) << 3);
  toe.gw = toe.e + (<usize>(n * n) << 3);
  toe.eta = eta;
  return iterate(toe, maxIter, divergeLoss, samples, nSamples, hist, stats);
}
