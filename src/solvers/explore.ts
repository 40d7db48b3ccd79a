// The explorer's computation (demo/ page, the browser pool's 'trajectory' task, and the Node bit-identity test): a
// seeded problem from a small spec, then the chosen dynamics run as a sequence of short solver calls, each resuming
// from the last U, so a caller can plot between chunks. Platform independent: the same calls in Node and a browser
// give the same doubles. Fixed-step GD resumed from U repeats the one-call run exactly (the step is a function of U
// only); the flow restarts RK45's step-size control at each chunk boundary, which changes it within the tolerance.
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Matrix } from '../core/matrix.js';
import { checkNumber, checkObject, checkOptions, describe, optionalBoolean, optionalNumber, optionalTolerance } from '../core/validate.js';
import { lossAndGradient, type SensingOperator } from '../operators/operator.js';
import { gaussianSensing, lowRankPSD, measure, uniformCompletion } from '../operators/problems.js';
import { factoredGD } from './gd.js';
import { gradientFlow } from './flow.js';
import { type SolverStatus } from './status.js';

/** A small seeded problem and the dynamics to run on it (the explorer page's form). */
export interface ExploreSpec {
  /** Gaussian symmetric sensing or uniform completion (docs/model.md). */
  problem: 'sensing' | 'completion';
  /** Order of X (n×n); the factor U is n×n. */
  n: number;
  /** Number of measurements. */
  m: number;
  /** Rank of the ground truth X* (‖X*‖_F = 1). */
  r: number;
  /** Seeds: the operator uses `seed`, X* `seed + 1`, U0 `seed + 2` (three independent streams). */
  seed: number;
  /** ‖U0‖_F. */
  scale: number;
  /** Fixed-step GD (η = `eta`, `horizon` iterations) or the gradient flow by RK45 (until t = `horizon`). */
  method: 'gd' | 'flow';
  /** The GD step η (package scale, L = ¼‖A(UUᵀ) − y‖²; default 1e-3). */
  eta?: number;
  /** The GD iteration count (an integer) or the flow's end time. */
  horizon: number;
  /** Number of solver calls (plot updates), spaced logarithmically in iterations or time (default 40). */
  chunks?: number;
  /** Stop at ‖∇L‖_F ≤ gtol (default 1e-10). */
  gtol?: number;
}

/** The seeded problem of an {@link ExploreSpec}. */
export interface ExploreProblem {
  /** The measurement operator (seed `seed`). */
  op: SensingOperator;
  /** The data y = A(X*). */
  y: Float64Array;
  /** The rank-r ground truth X* (‖X*‖_F = 1, seed `seed + 1`). */
  Xstar: Matrix;
}

/** The seeded problem of a spec. */
export function exploreProblem(spec: ExploreSpec): ExploreProblem {
  checkOptions('exploreProblem', 'spec', spec, true);
  const { n, m, r, seed } = spec;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 3) {
    throw new ImplicitRegError('value', `exploreProblem: argument seed must be an integer in [0, 2^32 − 3] (seed + 2 seeds U0), got ${seed}`);
  }
  if (spec.problem !== 'sensing' && spec.problem !== 'completion') {
    throw new ImplicitRegError('value', `exploreProblem: argument problem must be 'sensing' or 'completion', got ${String(spec.problem)}`);
  }
  const op = spec.problem === 'sensing' ? gaussianSensing({ n, m, seed }) : uniformCompletion({ n, m, seed });
  const { X: Xstar } = lowRankPSD({ n, r, seed: seed + 1 });
  return { op, y: measure(op, Xstar), Xstar };
}

/** One chunk of a trajectory (the first holds only the initial point): sampled loss and tr X = ‖X‖_* (X ⪰ 0), and the spectrum of X at the chunk's end. */
export interface ExploreChunk {
  /** Iterations (GD) or times (flow) of the samples. */
  x: number[];
  /** L = ¼‖A(UUᵀ) − y‖² at the samples. */
  loss: number[];
  /** tr X = ‖U‖_F² at the samples. */
  trace: number[];
  /** End of the chunk (iteration or time reached). */
  end: number;
  /** The eigenvalues of X = UUᵀ at the chunk's end, descending. */
  eigenvalues: number[];
  /** The status of the chunk's solver call ('maxIter' for the initial point). */
  status: SolverStatus;
  /** True for the last chunk (horizon reached, converged or diverged). */
  done: boolean;
}

/**
 * Chunk boundaries 0 < b_1 < … < b_C = horizon, geometrically spaced from 1 (GD, integers) or horizon/1000 (flow).
 * The ratio is found by bisection with products only — Math.pow's last bit differs between engines, and the
 * boundaries must be the same doubles in Node and every browser.
 */
export function chunkBounds(horizon: number, chunks: number, integer: boolean): number[] {
  if (typeof horizon !== 'number' || !(horizon > 0) || !Number.isFinite(horizon)) throw new ImplicitRegError('value', `exploreTrajectory: argument horizon must be positive and finite, got ${describe(horizon)}`);
  // a plot of more than 10⁴ updates is no plot; the bisection costs chunks·80 products
  if (!Number.isInteger(chunks) || chunks < 1 || chunks > 10_000) throw new ImplicitRegError('value', `exploreTrajectory: argument chunks must be a positive integer, got ${describe(chunks)}${Number.isInteger(chunks) && chunks > 10_000 ? ' (at most 10⁴ plot updates)' : ''}`);
  optionalBoolean('exploreTrajectory', 'integer', integer, false);
  if (integer && !Number.isInteger(horizon)) throw new ImplicitRegError('value', `exploreTrajectory: argument horizon must be an integer number of GD iterations, got ${horizon}`);
  const lo = integer ? 1 : horizon * 1e-3;
  const power = (q: number) => {
    let p = lo;
    for (let j = 1; j < chunks; j++) p *= q;
    return p;
  };
  let a = 1;
  let b = Math.max(2, horizon / lo);
  for (let it = 0; it < 80; it++) { // q with lo·q^(C−1) = horizon
    const mid = 0.5 * (a + b);
    if (power(mid) < horizon) a = mid;
    else b = mid;
  }
  const out: number[] = [];
  let t = lo;
  for (let j = 1; j <= chunks; j++, t *= a) {
    const v = j === chunks ? horizon : integer ? Math.round(t) : t;
    if (v > (out.at(-1) ?? 0) && v <= horizon) out.push(v);
  }
  return out;
}

function spectrum(ir: Kernels, U: Matrix): number[] {
  return Array.from(ir.eigh(ir.syrk(U)).values).reverse();
}

/**
 * Run the spec's dynamics chunk by chunk (a generator: the caller plots, yields to its event loop, or stops).
 * @example for (const c of exploreTrajectory(ir, { problem: 'sensing', n: 10, m: 60, r: 1, seed: 1, scale: 1e-3, method: 'gd', eta: 0.01, horizon: 5000 })) plot(c)
 */
export function* exploreTrajectory(ir: Kernels, spec: ExploreSpec, prob: ExploreProblem = exploreProblem(spec)): Generator<ExploreChunk> {
  const fn = 'exploreTrajectory';
  checkOptions(fn, 'spec', spec, true);
  checkObject(fn, 'prob', prob);
  const { op, y } = prob;
  const gtol = optionalTolerance(fn, 'gtol', spec.gtol, 1e-10);
  const gd = spec.method === 'gd';
  if (!gd && spec.method !== 'flow') throw new ImplicitRegError('value', `exploreTrajectory: argument method must be 'gd' or 'flow', got ${String(spec.method)}`);
  checkNumber(fn, 'scale', spec.scale, { gt: 0 });
  const eta = optionalNumber(fn, 'eta', spec.eta, 1e-3, { gt: 0 });
  const bounds = chunkBounds(spec.horizon, spec.chunks ?? 40, gd);
  // chunk 0: the initial point alone, its loss and trace as the solver's own history computes them
  const start = factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: spec.scale, seed: spec.seed + 2 }, eta: 1, maxIter: 0, record: [0] });
  let U = start.U;
  const h0 = start.history[0];
  yield { x: [0], loss: [h0.loss], trace: [h0.trace], end: 0, eigenvalues: spectrum(ir, U), status: 'maxIter', done: false };
  let at = 0;
  for (const [j, b] of bounds.entries()) {
    const len = b - at;
    const c: ExploreChunk = { x: [], loss: [], trace: [], end: b, eigenvalues: [], status: 'maxIter', done: false };
    if (gd) {
      const every = Math.max(1, Math.floor(len / 16));
      const r = factoredGD(ir, { op, y, init: { kind: 'given', U }, eta, maxIter: len, gtol, record: { every } });
      for (const h of r.history) {
        if (h.iteration === 0) continue; // the previous chunk's last sample
        c.x.push(at + h.iteration); c.loss.push(h.loss); c.trace.push(h.trace);
      }
      if (c.x.at(-1) !== at + r.iterations) { c.x.push(at + r.iterations); c.loss.push(r.loss); c.trace.push(r.trace); }
      U = r.U;
      c.end = at + r.iterations;
      c.status = r.status;
    } else {
      const tEval = Array.from({ length: 8 }, (_, k) => (len * (k + 1)) / 8);
      const r = gradientFlow(ir, { op, y, init: { kind: 'given', U }, tMax: len, gtol, tEval });
      for (const s of r.snapshots) { c.x.push(at + s.t); c.loss.push(lossAndGradient(ir, op, y, s.U).loss); c.trace.push(sq(s.U)); }
      if (r.status !== 'tMax') { c.x.push(at + r.t); c.loss.push(r.loss); c.trace.push(r.trace); }
      U = r.U;
      c.end = at + r.t;
      c.status = r.status;
    }
    c.eigenvalues = spectrum(ir, U);
    at = b;
    c.done = j === bounds.length - 1 || c.status === 'converged' || c.status === 'diverged';
    yield c;
    if (c.done) return;
  }
}

function sq(U: Matrix): number {
  let s = 0;
  for (const v of U.data) s += v * v;
  return s;
}
