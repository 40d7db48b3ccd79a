// Solvers of SPEC §4 — each runs its whole job in one wasm call and returns the result, a status, counts and a
// sampled history. Loss scale: L(U) = ¼‖A(UUᵀ) − y‖² (SPEC §1). Step conversions from the papers:
//   GD on ‖A(UUᵀ) − y‖² with step η'  ⇒  η = 4η' here;   Eftekhari's G = ⅛‖·‖² with step η'  ⇒  η = η'/2.
import { roundPow } from '../core/detmath.js';
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { OperatorHandle, withOperator, type SensingOperator } from '../operators/operator.js';
import { Rng, gaussianMatrix } from '../core/random.js';
import { checkFinite, checkMatrix, checkPositive, checkSymmetric, checkVector } from '../core/validate.js';

export type SolverStatus = 'converged' | 'maxIter' | 'tMax' | 'diverged';

/** How U0 ∈ R^{n×d} is chosen. */
export type FactorInit =
  /** Gaussian entries scaled to ‖U0‖_F = scale; with rank k < d, U0 = G1 G2ᵀ (G1 n×k, G2 d×k) rescaled. */
  | { kind: 'gaussian'; scale: number; seed: number; rank?: number }
  /** U0 = α·[I_d; 0] (so X0 = α²I when d = n). */
  | { kind: 'identity'; alpha: number }
  /** U0 = V_d diag(√max(λ, 0)) from the top-d eigenpairs of X (e.g. the SVD initialization of Gunasekar Fig. 1). */
  | { kind: 'svd'; X: Matrix }
  /** U0 given (copied). */
  | { kind: 'given'; U: Matrix };

/** One history record. */
export interface HistoryPoint {
  iteration: number;
  loss: number;
  /** ‖∇L‖_F (X-space GD: ‖A*(r)‖_F). */
  gradNorm: number;
  /** tr X = ‖U‖_F² (the nuclear norm when X ⪰ 0). */
  trace: number;
  /** Step taken from this iterate. */
  step: number;
}

/** Which iterations to record: explicit indices, every k-th, or ~100 log-spaced (default). */
export type RecordSpec = number[] | { every: number } | 'log';

export interface IterativeResult {
  status: SolverStatus;
  /** Index of the returned iterate (after divergence: the last finite one). */
  iterations: number;
  /** With status 'diverged': the iteration whose value was non-finite or blew up (else undefined). */
  divergedAt?: number;
  loss: number;
  gradNorm: number;
  trace: number;
  history: HistoryPoint[];
}

export interface FactoredResult extends IterativeResult {
  U: Matrix;
}

const GD_STATUS: SolverStatus[] = ['converged', 'maxIter', 'diverged'];

/** Build U0 (n×d) from an initialization spec. */
export function initialFactor(ir: Kernels, n: number, d: number, init: FactorInit): Matrix {
  const fn = 'initialFactor';
  if (!Number.isInteger(d) || d < 1 || d > n) throw new ImplicitRegError('shape', `${fn}: argument d must be an integer in [1, n = ${n}], got ${d}`);
  if (init.kind === 'gaussian') {
    if (!(init.scale >= 0 && Number.isFinite(init.scale))) throw new ImplicitRegError('value', `${fn}: argument init.scale must be ≥ 0 and finite, got ${init.scale}`);
    const rng = new Rng(init.seed);
    let U: Matrix;
    const k = init.rank ?? d;
    if (!Number.isInteger(k) || k < 1 || k > d) throw new ImplicitRegError('value', `${fn}: argument init.rank must be an integer in [1, d = ${d}], got ${k}`);
    if (k < d) {
      const g1 = gaussianMatrix(rng, n, k);
      const g2 = gaussianMatrix(rng, d, k);
      U = ir.matmul(g1, g2, { transB: true });
    } else {
      U = gaussianMatrix(rng, n, d);
    }
    let f = 0;
    for (const v of U.data) f += v * v;
    const c = f > 0 ? init.scale / Math.sqrt(f) : 0;
    for (let i = 0; i < U.data.length; i++) U.data[i] *= c;
    return U;
  }
  if (init.kind === 'identity') {
    if (!Number.isFinite(init.alpha)) throw new ImplicitRegError('value', `${fn}: argument init.alpha must be finite, got ${init.alpha}`);
    const U = matrix(n, d);
    for (let i = 0; i < d; i++) U.data[i * d + i] = init.alpha;
    return U;
  }
  if (init.kind === 'svd') {
    checkMatrix(fn, 'init.X', init.X);
    if (init.X.rows !== n || init.X.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument init.X must be ${n}×${n}, got ${init.X.rows}×${init.X.cols}`);
    const { values, vectors } = ir.eigh(init.X);
    const U = matrix(n, d);
    for (let j = 0; j < d; j++) {
      const col = n - 1 - j; // top eigenpairs (values ascending)
      const s = Math.sqrt(Math.max(values[col], 0));
      for (let i = 0; i < n; i++) U.data[i * d + j] = vectors.data[i * n + col] * s;
    }
    return U;
  }
  if (init.kind === 'given') {
    checkMatrix(fn, 'init.U', init.U);
    if (init.U.rows !== n || init.U.cols !== d) throw new ImplicitRegError('shape', `${fn}: argument init.U must be ${n}×${d}, got ${init.U.rows}×${init.U.cols}`);
    checkFinite(fn, 'init.U', init.U.data);
    return matrix(n, d, init.U.data);
  }
  throw new ImplicitRegError('value', `${fn}: argument init.kind must be 'gaussian', 'identity', 'svd' or 'given', got ${(init as { kind?: string }).kind}`);
}

/** Sorted, distinct iteration indices in [0, maxIter] to record. */
export function sampleIterations(maxIter: number, spec: RecordSpec = 'log'): Int32Array {
  const out = new Set<number>();
  if (spec === 'log') {
    out.add(0);
    const top = Math.max(1, maxIter);
    // roundPow: engine-independent (Math.pow's last bit differs between engines; the samples must not)
    for (let k = 0; k <= 100; k++) out.add(Math.min(maxIter, roundPow(top, k / 100)));
  } else if (Array.isArray(spec)) {
    for (const k of spec) if (Number.isInteger(k) && k >= 0 && k <= maxIter) out.add(k);
  } else {
    const e = spec.every;
    if (!Number.isInteger(e) || e < 1) throw new ImplicitRegError('value', `record: argument every must be a positive integer, got ${e}`);
    for (let k = 0; k <= maxIter; k += e) out.add(k);
  }
  return Int32Array.from([...out].sort((a, b) => a - b));
}

function checkData(fn: string, h: OperatorHandle, y: ArrayLike<number>): void {
  checkVector(fn, 'y', y as Float64Array, h.m);
  checkFinite(fn, 'y', y);
}

function checkIterParams(fn: string, maxIter: number, eta: number): void {
  if (!Number.isInteger(maxIter) || maxIter < 0 || maxIter > 2 ** 31 - 2) {
    throw new ImplicitRegError('value', `${fn}: argument maxIter must be a non-negative 32-bit integer, got ${maxIter}`);
  }
  checkPositive(fn, 'eta', eta);
}

// Allocate, run, read back and free: one try/finally for every iterative solver.
function runIterative(
  ir: Kernels, sizes: { state: number; work: number; samples: Int32Array },
  call: (ptr: { state: number; samples: number; hist: number; stats: number; work: number }) => number,
  writeState: (ptr: number) => void, readState: (ptr: number) => void,
): { code: number; stats: Float64Array; history: HistoryPoint[] } {
  const hp = ir.heap;
  const ns = sizes.samples.length;
  const ptr = {
    state: hp.alloc(sizes.state),
    samples: hp.alloc(Math.ceil(ns / 2) + 1),
    hist: hp.alloc(ns * 5 + 1),
    stats: hp.alloc(8),
    work: hp.alloc(sizes.work),
  };
  try {
    writeState(ptr.state);
    hp.i32.set(sizes.samples, ptr.samples >>> 2);
    const code = call(ptr);
    readState(ptr.state);
    const stats = hp.read(ptr.stats, 8);
    const written = Math.min(ns, stats[4]);
    const raw = hp.read(ptr.hist, ns * 5);
    const history: HistoryPoint[] = [];
    for (let k = 0; k < written; k++) {
      const it = raw[k * 5];
      if (it !== sizes.samples[k]) continue; // a sample past the stopping iteration is not written
      history.push({ iteration: it, loss: raw[k * 5 + 1], gradNorm: raw[k * 5 + 2], trace: raw[k * 5 + 3], step: raw[k * 5 + 4] });
    }
    return { code, stats, history };
  } finally {
    for (const p of Object.values(ptr)) hp.free(p);
  }
}

export interface FactoredGDOptions {
  op: SensingOperator | OperatorHandle;
  y: ArrayLike<number>;
  /** Factor width d ≤ n (default n). */
  d?: number;
  init: FactorInit;
  /** Fixed step, or with `els` the largest step of the exact line search. */
  eta: number;
  /** Exact line search along −∇L (default false). */
  els?: boolean;
  maxIter: number;
  /** Stop when L ≤ ltol (default 0: off). */
  ltol?: number;
  /** Stop when ‖∇L‖_F ≤ gtol (default 0: off). */
  gtol?: number;
  /** A loss above this counts as divergence (default 1e100). */
  divergeLoss?: number;
  record?: RecordSpec;
}

// The shared shape of the factored solvers: validate, build U0, upload y, run one wasm loop, read U and the history.
type FactoredCall = (h: OperatorHandle, y: number, d: number, p: { state: number; samples: number; hist: number; stats: number; work: number }, nSamples: number) => number;

function runFactored(
  ir: Kernels, fn: string, o: Omit<FactoredGDOptions, 'els'>, workSize: (n: number, d: number, m: number) => number, call: FactoredCall,
): FactoredResult {
  const { h, release } = withOperator(ir, o.op, fn);
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    const d = o.d ?? n;
    checkIterParams(fn, o.maxIter, o.eta);
    const U = initialFactor(ir, n, d, o.init);
    const samples = sampleIterations(o.maxIter, o.record);
    const hp = ir.heap;
    const py = hp.alloc(h.m);
    try {
      hp.write(py, o.y);
      const run = runIterative(ir, { state: n * d, work: workSize(n, d, h.m), samples },
        (p) => call(h, py, d, p, samples.length),
        (p) => hp.write(p, U.data), (p) => hp.readInto(p, U.data));
      const s = run.stats;
      return {
        U, status: GD_STATUS[run.code], iterations: s[0], divergedAt: s[5] >= 0 ? s[5] : undefined,
        loss: s[1], gradNorm: s[2], trace: s[3], history: run.history,
      };
    } finally {
      hp.free(py);
    }
  } finally {
    release();
  }
}

/**
 * Gradient descent on L(U) = ¼‖A(UUᵀ) − y‖² (fixed step or exact line search), the whole run inside wasm.
 * @example factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 1 }, eta: 1e-3, maxIter: 10000 })
 */
export function factoredGD(ir: Kernels, o: FactoredGDOptions): FactoredResult {
  return runFactored(ir, 'factoredGD', o, (n, d, m) => ir.raw.factoredWorkSize(n, d, m),
    (h, py, d, p, ns) => ir.raw.factoredGD(h.ptr, py, p.state, d, o.eta, o.els ? 1 : 0, o.maxIter, o.ltol ?? 0, o.gtol ?? 0,
      o.divergeLoss ?? 1e100, p.samples, ns, p.hist, p.stats, p.work));
}

export interface TimeOrderedExpOptions extends Omit<FactoredGDOptions, 'els'> {}

/**
 * The time-ordered exponential U ← expm(−η A*(r))·U (Gunasekar et al. 2017, eq. 12), whole run inside wasm.
 * @example timeOrderedExp(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 1 }, eta: 0.1, maxIter: 2000 })
 */
export function timeOrderedExp(ir: Kernels, o: TimeOrderedExpOptions): FactoredResult {
  return runFactored(ir, 'timeOrderedExp', o, (n, d, m) => ir.raw.timeOrderedExpWorkSize(n, d, m),
    (h, py, d, p, ns) => ir.raw.timeOrderedExp(h.ptr, py, p.state, d, o.eta, o.maxIter, o.ltol ?? 0, o.gtol ?? 0,
      o.divergeLoss ?? 1e100, p.samples, ns, p.hist, p.stats, p.work));
}

export interface XSpaceGDOptions {
  op: SensingOperator | OperatorHandle;
  y: ArrayLike<number>;
  /** Start (default 0). */
  X0?: Matrix;
  eta: number;
  /** Project onto the PSD cone after every step (Gunasekar's X_gd). Default false. */
  project?: boolean;
  maxIter: number;
  ltol?: number;
  gtol?: number;
  divergeLoss?: number;
  record?: RecordSpec;
}

export interface XSpaceResult extends IterativeResult {
  X: Matrix;
}

/**
 * X ← X − η A*(A(X) − y) (optionally followed by Π_PSD), whole run inside wasm. From X0 = 0 without projection
 * it converges to the minimum-Frobenius-norm solution. Loss reported on the same ¼‖·‖² scale.
 * @example xSpaceGD(ir, { op, y, eta: 0.1, maxIter: 5000, project: true })
 */
export function xSpaceGD(ir: Kernels, o: XSpaceGDOptions): XSpaceResult {
  const fn = 'xSpaceGD';
  const { h, release } = withOperator(ir, o.op, fn);
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    checkIterParams(fn, o.maxIter, o.eta);
    const X = matrix(n, n);
    if (o.X0) {
      checkMatrix(fn, 'X0', o.X0);
      if (o.X0.rows !== n || o.X0.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument X0 must be ${n}×${n}, got ${o.X0.rows}×${o.X0.cols}`);
      checkFinite(fn, 'X0', o.X0.data);
      checkSymmetric(fn, 'X0', o.X0);
      X.data.set(o.X0.data);
    }
    const samples = sampleIterations(o.maxIter, o.record);
    const hp = ir.heap;
    const py = hp.alloc(h.m);
    try {
      hp.write(py, o.y);
      const run = runIterative(ir, { state: n * n, work: ir.raw.xSpaceWorkSize(n, h.m), samples },
        (p) => ir.raw.xSpaceGD(h.ptr, py, p.state, o.eta, o.project ? 1 : 0, o.maxIter, o.ltol ?? 0, o.gtol ?? 0,
          o.divergeLoss ?? 1e100, p.samples, samples.length, p.hist, p.stats, p.work),
        (p) => hp.write(p, X.data), (p) => hp.readInto(p, X.data));
      if (run.code === 3) throw new ImplicitRegError('convergence', `${fn}: the PSD projection's eigendecomposition did not converge`);
      const s = run.stats;
      return { X, status: GD_STATUS[run.code], iterations: s[0], divergedAt: s[5] >= 0 ? s[5] : undefined, loss: s[1], gradNorm: s[2], trace: s[3], history: run.history };
    } finally {
      hp.free(py);
    }
  } finally {
    release();
  }
}

export interface GradientFlowOptions {
  op: SensingOperator | OperatorHandle;
  y: ArrayLike<number>;
  d?: number;
  init: FactorInit;
  /** Time limit (status 'tMax' when reached). */
  tMax: number;
  /** RK45 tolerances (defaults 1e-9, 1e-12). */
  rtol?: number;
  atol?: number;
  /** Stop at ‖∇L‖_F ≤ gtol (default 1e-10) or L ≤ ltol (default 0). */
  gtol?: number;
  ltol?: number;
  maxSteps?: number;
  /** Times at which to keep snapshots of U. */
  tEval?: number[];
}

export interface GradientFlowResult {
  U: Matrix;
  status: SolverStatus;
  t: number;
  steps: number;
  rejected: number;
  nfev: number;
  gradNorm: number;
  loss: number;
  trace: number;
  snapshots: { t: number; U: Matrix }[];
}

const FLOW_STATUS: SolverStatus[] = ['converged', 'maxIter', 'diverged', 'tMax'];

/**
 * The gradient flow U̇ = −A*(r)U by Dormand–Prince 5(4) inside wasm, until ‖∇L‖_F ≤ gtol, L ≤ ltol or t = tMax.
 * @example gradientFlow(ir, { op, y, init: { kind: 'gaussian', scale: 1e-3, seed: 7 }, tMax: 1e6 })
 */
export function gradientFlow(ir: Kernels, o: GradientFlowOptions): GradientFlowResult {
  const fn = 'gradientFlow';
  const { h, release } = withOperator(ir, o.op, fn);
  try {
    checkData(fn, h, o.y);
    const n = h.n;
    const d = o.d ?? n;
    checkPositive(fn, 'tMax', o.tMax);
    const rtol = o.rtol ?? 1e-9;
    const atol = o.atol ?? 1e-12;
    checkPositive(fn, 'rtol', rtol);
    checkPositive(fn, 'atol', atol);
    const maxSteps = o.maxSteps ?? 10_000_000;
    const tEval = o.tEval ?? [];
    for (let k = 0; k < tEval.length; k++) {
      if (!(tEval[k] >= (k ? tEval[k - 1] : 0) && tEval[k] <= o.tMax)) {
        throw new ImplicitRegError('value', `${fn}: argument tEval must be increasing within [0, tMax], got ${tEval[k]} at index ${k}`);
      }
    }
    const U = initialFactor(ir, n, d, o.init);
    const nd = n * d;
    const hp = ir.heap;
    const ptr = {
      y: hp.alloc(h.m), u: hp.alloc(nd), t: hp.alloc(tEval.length + 1), ue: hp.alloc(tEval.length * nd + 1),
      stats: hp.alloc(8), work: hp.alloc(ir.raw.gradientFlowWorkSize(n, d, h.m)),
    };
    try {
      hp.write(ptr.y, o.y);
      hp.write(ptr.u, U.data);
      hp.write(ptr.t, tEval);
      const code = ir.raw.gradientFlow(h.ptr, ptr.y, ptr.u, d, o.tMax, rtol, atol, o.gtol ?? 1e-10, o.ltol ?? 0,
        maxSteps, ptr.t, tEval.length, ptr.ue, ptr.stats, ptr.work);
      hp.readInto(ptr.u, U.data);
      const s = hp.read(ptr.stats, 8);
      let tr = 0;
      for (const v of U.data) tr += v * v;
      const snapshots: { t: number; U: Matrix }[] = [];
      for (let k = 0; k < tEval.length && tEval[k] <= s[0]; k++) {
        const Uk = matrix(n, d);
        hp.readInto(ptr.ue + k * nd * 8, Uk.data);
        snapshots.push({ t: tEval[k], U: Uk });
      }
      return {
        U, status: FLOW_STATUS[code], t: s[0], steps: s[1], rejected: s[2], nfev: s[3], gradNorm: s[5], loss: s[6], trace: tr, snapshots,
      };
    } finally {
      for (const p of Object.values(ptr)) hp.free(p);
    }
  } finally {
    release();
  }
}
