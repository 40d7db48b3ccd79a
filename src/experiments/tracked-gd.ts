// Factored GD (docs/algorithms/solvers.md) run in chunks between chosen iterations, so that metrics the wasm history does not carry
// (a test error, a nuclear norm) can be measured on the iterate U_k itself. GD with a fixed step has U as its only
// state, so the chunked run is the same sequence of iterates as one uninterrupted run.
import { roundPow } from '../core/detmath.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import type { OperatorHandle } from '../operators/operator.js';
import { factoredGD } from '../solvers/gd.js';
import { type SolverStatus } from '../solvers/status.js';

export interface TrackedRow {
  iteration: number;
  /** L(U_k) = ¼‖A(U_kU_kᵀ) − y‖² (docs/model.md). */
  loss: number;
  [metric: string]: number;
}

export interface TrackedResult {
  rows: TrackedRow[];
  status: SolverStatus;
  /** Index of the last iterate reached (the last finite one after divergence). */
  iterations: number;
  /** First iteration whose loss was non-finite or above the divergence threshold. */
  divergedAt?: number;
  U: Matrix;
}

export interface TrackedGDOptions {
  op: OperatorHandle;
  y: ArrayLike<number>;
  U0: Matrix;
  /** Step on the package's scale. */
  eta: number;
  /** Increasing iterations (the last is the budget K) at which `metrics` is evaluated on U_k. */
  at: number[];
  /** Stop as soon as L ≤ ltol (default 0: off); the stopping iterate gets a row too. */
  ltol?: number;
  metrics: (U: Matrix, iteration: number) => Record<string, number>;
}

/** GD U ← U − η A*(r)U from U0 with metrics recorded at the given iterations; divergence ends the run, not the program. */
export function trackedGD(ir: Kernels, o: TrackedGDOptions): TrackedResult {
  const rows: TrackedRow[] = [];
  let U = o.U0;
  let k = 0;
  const d = U.cols;
  const record = (loss: number) => rows.push({ iteration: k, loss, ...o.metrics(U, k) });
  for (const next of o.at) {
    if (next < k) continue;
    const steps = next - k;
    const run = factoredGD(ir, { op: o.op, y: o.y, d, init: { kind: 'given', U }, eta: o.eta, maxIter: steps, ltol: o.ltol, record: [0] });
    U = run.U;
    if (run.status === 'diverged') {
      k += run.iterations;
      if (rows[rows.length - 1]?.iteration !== k) record(run.loss);
      return { rows, status: 'diverged', iterations: k, divergedAt: k - run.iterations + (run.divergedAt ?? run.iterations + 1), U };
    }
    if (steps === 0 && rows.length) continue;
    k += run.iterations;
    record(run.loss);
    if (run.status === 'converged') return { rows, status: 'converged', iterations: k, U };
  }
  return { rows, status: 'maxIter', iterations: k, U };
}

/** ~`nLog` log-spaced and ~`nLin` evenly spaced iterations in [0, K], merged (log axes and linear axes both look sampled). */
export function sampleGrid(K: number, nLog = 60, nLin = 60): number[] {
  const s = new Set<number>([0, K]);
  for (let j = 0; j <= nLog; j++) s.add(Math.min(K, roundPow(Math.max(K, 1), j / nLog)));
  for (let j = 0; j <= nLin; j++) s.add(Math.round((K * j) / nLin));
  return [...s].sort((a, b) => a - b);
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanSd(xs: number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}
