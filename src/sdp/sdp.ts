// Certified semidefinite programs: min/max ⟨C, X⟩ s.t. A(X) = y, X ⪰ 0 (docs/algorithms/sdp.md), solved inside wasm by the
// alternating-direction augmented Lagrangian method of Wen, Goldfarb & Yin 2010 (assembly/sdp.ts). Every answer
// carries a certificate checked here independently of the solver's own residuals:
//   primal residual ‖A(X) − y‖/(1 + ‖y‖), λ_min(X) (≥ 0 by construction),
//   dual infeasibility max(0, −λ_min(C − A*(ν))) by a separate eigendecomposition,
//   relative gap |⟨C, X⟩ − yᵀν| / (1 + |⟨C, X⟩|).
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { identity, matrix, type Matrix } from '../core/matrix.js';
import { adjointOperator, applyOperator, gramOperator, withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkAllocation, checkFinite, checkMatrix, checkNonEmpty, checkOneOf, checkOptions, checkSymmetric, checkVector, INT32_MAX, optionalNumber } from '../core/validate.js';
import { checkRunControl, type RunControl } from '../kernels/run.js';
import { checkAsymOperator, liftAsymmetric, type DenseAsymOperator, type EntryAsymOperator } from '../operators/lift.js';

/**
 * How an SDP solve ended (docs/stopping.md). The stopping rules, in the order they are tested:
 * - `'optimal'`: the independent certificate meets `tol` — primal residual ‖A(X) − y‖/(1 + ‖y‖), dual infeasibility
 *   max(0, −λ_min(C − A*(ν))) and relative gap |⟨C, X⟩ − yᵀν|/(1 + |⟨C, X⟩|) each ≤ tol. The solver's own
 *   residuals are not enough: when they say optimal and the certificate does not, the solve continues from the
 *   current iterate with a ten times tighter internal tolerance, at most 3 times;
 * - `'inaccurate'`: the solver's residuals met even the tightest internal tolerance but the certificate still misses
 *   `tol` (rounding on a badly scaled problem); X, ν, the certificate and the bounds are reported as they are;
 * - `'infeasible'`: an exact certificate of infeasibility — contradictory repeated entries, inconsistent dependent
 *   measurements (A*(v) = 0 with yᵀv ≠ 0), or a Farkas direction δν with λ_max(A*(δν)) = 0 < yᵀδν (evidence 0);
 * - `'likelyInfeasible'`: the heuristic test — the primal residual stalled far above tol while the multipliers drift
 *   along a direction with ε = λ_max₊(A*(δν))/yᵀδν ≤ 1e-3; every feasible X would need tr X ≥ 1/ε (the evidence
 *   ε is reported). A badly scaled feasible problem can meet this test: it is not a proof;
 * - `'unbounded'`: a recession direction δX ⪰ 0 with A(δX) ≈ 0 and ⟨C, δX⟩ < 0 (the evidence ⟨C, δX⟩/‖δX‖_F);
 * - `'maxIter'`: the iteration cap; `'budget'`: the time budget; `'aborted'`: the AbortSignal — each with the current
 *   iterate, its certificate and the certified bounds.
 */
export type SDPStatus = 'optimal' | 'inaccurate' | 'infeasible' | 'likelyInfeasible' | 'unbounded' | 'maxIter' | 'budget' | 'aborted';

/** The SDP min (or max) ⟨C, X⟩ s.t. A(X) = y, X ⪰ 0. */
export interface SDPProblem {
  /** Objective matrix (symmetric n×n). */
  C: Matrix;
  /** The constraint operator A (plain, or uploaded as an OperatorHandle). */
  A: SensingOperator | OperatorHandle;
  /** The right-hand side y (m numbers). */
  y: ArrayLike<number>;
  /** Minimize or maximize ⟨C, X⟩ (default 'min'). */
  sense?: 'min' | 'max';
}

/** Options of solveSDP and of the problems built on it; the RunControl bounds the whole solve. */
export interface SDPOptions extends RunControl {
  /** Target of every relative residual and of the certificate, in (0, 1) (default 1e-8). */
  tol?: number;
  /** Iteration cap, all continuations included (default 1e5: badly scaled 3×3 completions need up to ~2.5e4; n = 50 Gaussian sensing ~160). */
  maxIter?: number;
  /**
   * Initial penalty μ > 0 (default: 1, or on a badly scaled problem ‖C‖_F·√(mean diag AA*)/‖y‖ — the μ whose first
   * dual step A*(ν) has the size of C — when that is more than 100× off 1).
   */
  mu?: number;
  /** Test for infeasibility certificates every this many iterations (default 50; 0: never). */
  checkEvery?: number;
}

/** The independent optimality certificate of an SDP solution (see {@link SDPStatus}). */
export interface Certificate {
  /** ‖A(X) − y‖ / (1 + ‖y‖). */
  primalResidual: number;
  /** max(0, −λ_min(C − A*(ν))) for min (for max: of A*(ν) − C). */
  dualInfeasibility: number;
  /** |⟨C, X⟩ − yᵀν| / (1 + |⟨C, X⟩|). */
  relativeGap: number;
  /** λ_min(X). */
  minEigX: number;
}

/**
 * Bounds on the optimal value, in the caller's sense. For min ⟨C, X⟩ the lower bound is certified: with
 * c = λ_min(C) > 0 and δ = max(0, −λ_min(C − A*(ν))), t = c/(c + δ) makes C − tA*(ν) = (1 − t)C + t(C − A*(ν)) ⪰ 0,
 * so tν is dual feasible and t·yᵀν ≤ the optimum (with C ⪰ 0 also 0 ≤ the optimum); δ = 0 gives yᵀν for any C.
 * The other side is the value ⟨C, X⟩ of the current X ⪰ 0, a bound only up to its primal residual. For max the roles
 * swap (the certified bound is `upper`). A side that cannot be certified (λ_min(C) ≤ 0 and δ > 0) is undefined.
 */
export interface SDPBounds {
  /** Lower bound on the optimal value (certified for 'min'; undefined when it cannot be certified). */
  lower?: number;
  /** Upper bound on the optimal value (certified for 'max'; undefined when it cannot be certified). */
  upper?: number;
  /** ⟨C, X⟩ of the returned X (NaN-free; the primal side of the bounds). */
  primalValue: number;
  /** The primal residual ‖A(X) − y‖/(1 + ‖y‖) of that X. */
  primalResidual: number;
}

/** Result of solveSDP: the solution, its certificate and bounds, in the caller's sense. */
export interface SDPResult {
  /** How the solve ended (see {@link SDPStatus}). */
  status: SDPStatus;
  /** Primal solution (PSD). */
  X: Matrix;
  /** Dual multipliers ν (length m). */
  nu: Float64Array;
  /** Dual slack S = C − A*(ν) (for max: A*(ν) − C), PSD. */
  S: Matrix;
  /** ⟨C, X⟩ of the returned X; NaN (documented) with 'infeasible', 'likelyInfeasible' and 'unbounded'. */
  value: number;
  /** The certificate of the returned (X, ν), computed independently of the solver's residuals. */
  certificate: Certificate;
  /** Certified bounds on the optimal value (see SDPBounds), on every result. */
  bounds: SDPBounds;
  /** ADMM iterations, all continuations included. */
  iterations: number;
  /**
   * With 'infeasible' / 'likelyInfeasible': the Farkas ratio ε = λ_max₊(A*(ŷ))/yᵀŷ of the direction ŷ found — every
   * feasible X would need tr X ≥ 1/ε (ε = 0: an exact certificate). With 'unbounded': ⟨C, δX⟩/‖δX‖_F < 0 for a
   * recession direction δX.
   */
  evidence?: number;
}

// kernel codes (assembly/sdp/sdp.ts)
const SDP_OPTIMAL = 0;
const SDP_MAX_ITER = 1;
const SDP_PRIMAL_INFEASIBLE = 2;
const SDP_DUAL_INFEASIBLE = 3;
const SDP_GRAM_SINGULAR = 4;
const SDP_EIGH_FAILED = 5;
const SDP_INTERRUPTED = 6;
/** Continuations with a tighter internal tolerance when the kernel's residuals say optimal but the certificate does not. */
const CONTINUATIONS = 3;

/**
 * Solve min (or max) ⟨C, X⟩ s.t. A(X) = y, X ⪰ 0 with a certificate and certified bounds; the statuses and stopping
 * rules are those of SDPStatus. Takes a time budget, an AbortSignal and a progress callback (RunControl).
 * @example solveSDP(ir, { C: identity(n), A: op, y }) // minimum-trace (= nuclear norm) PSD solution
 */
export function solveSDP(ir: Kernels, p: SDPProblem, o: SDPOptions = {}): SDPResult {
  try {
    return solveSDPUnchecked(ir, p, o);
  } catch (e) {
    // an internal eigendecomposition met ∞/NaN: the data are of a magnitude whose squares (AA*, the iterates)
    // overflow — say so instead of blaming an argument of eigh the caller never passed
    if (e instanceof ImplicitRegError && e.code === 'nonfinite' && e.message.startsWith('eigh:')) {
      throw new ImplicitRegError('overflow', `solveSDP: the iterates overflow double precision (A, y or C of too large a magnitude); scale the problem down`);
    }
    throw e;
  }
}

function solveSDPUnchecked(ir: Kernels, p: SDPProblem, o: SDPOptions): SDPResult {
  const fn = 'solveSDP';
  checkOptions(fn, 'p', p, true);
  checkOptions(fn, 'options', o);
  const tol = optionalNumber(fn, 'tol', o.tol, 1e-8, { gt: 0, lt: 1 });
  const maxIter = optionalNumber(fn, 'maxIter', o.maxIter, 100_000, { integer: true, min: 0, max: INT32_MAX });
  const mu0 = optionalNumber(fn, 'mu', o.mu, -1, { gt: 0 }); // −1: automatic (assembly/sdp/sdp.ts)
  const checkEvery = optionalNumber(fn, 'checkEvery', o.checkEvery, 50, { integer: true, min: 0, max: INT32_MAX });
  checkRunControl(fn, 'options', o);
  const { h, release } = withOperator(ir, p.A, fn, 'A');
  try {
    const n = h.n;
    const m = h.m;
    checkMatrix(fn, 'C', p.C);
    if (p.C.rows !== n || p.C.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument C must be ${n}×${n} to match A, got ${p.C.rows}×${p.C.cols}`);
    checkFinite(fn, 'C', p.C.data);
    checkSymmetric(fn, 'C', p.C);
    checkVector(fn, 'y', p.y as Float64Array, m);
    checkFinite(fn, 'y', p.y);
    const sense = checkOneOf(fn, 'sense', p.sense, ['min', 'max'] as const, 'min');
    const nn = n * n;
    checkAllocation(fn, `the ${n}×${n} iterates`, 12 * nn + (h.kind === 'entry' ? m : m * m));
    // entry operators: AA* is diagonal only for distinct entries — resolve a repeated one here (contradictory values:
    // an exact Farkas certificate e_i − e_j, since A*(e_i − e_j) = 0 and y_i ≠ y_j; equal values: redundant)
    if (h.duplicate) {
      const [i0, i1] = h.duplicate;
      if (p.y[i0] !== p.y[i1]) return infeasibleResult(n, m);
      throw new ImplicitRegError('value', `${fn}: argument A observes the same entry twice (measurements ${i0} and ${i1}); remove the duplicate`);
    }
    const sign = sense === 'min' ? 1 : -1;
    const C = matrix(n, n, p.C.data.map((v) => sign * v));
    const hp = ir.heap;
    const ptr = {
      b: hp.alloc(m), c: hp.alloc(nn), x: hp.alloc(nn), y: hp.alloc(m), s: hp.alloc(nn), stats: hp.alloc(10),
      work: hp.alloc(ir.raw.sdpWorkSize(n, m, h.kind === 'entry' ? 1 : 0)),
    };
    try {
      hp.write(ptr.b, p.y);
      hp.write(ptr.c, C.data);
      hp.f64.fill(0, ptr.x >>> 3, (ptr.x >>> 3) + nn);
      hp.f64.fill(0, ptr.y >>> 3, (ptr.y >>> 3) + m);
      hp.f64.fill(0, ptr.s >>> 3, (ptr.s >>> 3) + nn);
      const { value: run, stopped } = ir.runs.run(fn, o, (): { code: number; iterations: number; evidence: number; cert?: ReturnType<typeof certify>; status?: SDPStatus } => {
        // the solver's own dual residual (μ‖X_prev − X‖) and the certificate's λ_min(C − A*(ν)) agree only in the
        // limit: iterate to tol/4 first, then (if the certificate still misses tol) continue with a tighter one
        let inner = tol / 4;
        let iterations = 0;
        let mu = mu0;
        for (let attempt = 0; ; attempt++) {
          const code = ir.raw.sdpADMM(h.ptr, ptr.b, ptr.c, ptr.x, ptr.y, ptr.s, mu, inner, maxIter - iterations, checkEvery, ptr.stats, ptr.work);
          const stats = hp.read(ptr.stats, 10);
          iterations += stats[0];
          mu = stats[6] > 0 ? stats[6] : mu;
          if (code !== SDP_OPTIMAL) return { code, iterations, evidence: stats[7], cert: undefined };
          const cert = certify(ir, h, p.y, C, hp.read(ptr.x, nn), hp.read(ptr.y, m));
          const ok = cert.certificate.primalResidual <= tol && cert.certificate.dualInfeasibility <= tol && cert.certificate.relativeGap <= tol;
          if (ok) return { code, iterations, evidence: 0, cert, status: 'optimal' as SDPStatus };
          if (attempt >= CONTINUATIONS || iterations >= maxIter || inner <= 1e-15) return { code, iterations, evidence: 0, cert, status: 'inaccurate' as SDPStatus };
          inner = Math.max(inner / 10, 1e-15);
        }
      });
      if (run.code === SDP_GRAM_SINGULAR) {
        const inconsistent = dependentMeasurements(ir, h, p.y, fn);
        if (inconsistent) return infeasibleResult(n, m);
      }
      if (run.code === SDP_EIGH_FAILED) throw new ImplicitRegError('convergence', `${fn}: an eigendecomposition inside the solver did not converge`);
      const X = matrix(n, n);
      hp.readInto(ptr.x, X.data);
      const nuMin = hp.read(ptr.y, m);
      const cert = run.cert ?? certify(ir, h, p.y, C, X.data, nuMin);
      // the heuristic Farkas direction δν = ν − ν_prev: rounded (small components dropped), it is often an exact
      // certificate (A*(v) ⪯ 0 exactly, yᵀv > 0), e.g. −e_i for an observed negative diagonal entry
      if (run.code === SDP_PRIMAL_INFEASIBLE && run.evidence > 0) {
        const gramLen = h.kind === 'entry' ? m : m * m;
        const mb = (m + (m & 1)) * 8;
        const prev = hp.read(ptr.work + (gramLen + (gramLen & 1)) * 8 + 2 * mb, m);
        const dv = new Float64Array(m);
        for (let i = 0; i < m; i++) dv[i] = nuMin[i] - prev[i];
        if (exactFarkas(ir, h, p.y, dv)) run.evidence = 0;
      }
      let status: SDPStatus;
      if ('status' in run && run.status) status = run.status;
      else if (run.code === SDP_MAX_ITER) status = 'maxIter';
      else if (run.code === SDP_INTERRUPTED) status = stopped ?? 'aborted';
      else if (run.code === SDP_PRIMAL_INFEASIBLE) status = run.evidence === 0 ? 'infeasible' : 'likelyInfeasible';
      else if (run.code === SDP_DUAL_INFEASIBLE) status = 'unbounded';
      else throw new ImplicitRegError('abort', `${fn}: the wasm solver returned an unknown status ${run.code}`);
      // report in the caller's sense: max ⟨C, X⟩ = −min ⟨−C, X⟩, ν ↦ −ν
      const nu = sense === 'min' ? nuMin : nuMin.map((v) => -v);
      const noValue = status === 'infeasible' || status === 'likelyInfeasible' || status === 'unbounded';
      const lo = cert.lower;
      const bounds: SDPBounds = sense === 'min'
        ? { lower: lo, upper: noValue ? undefined : cert.cx, primalValue: cert.cx, primalResidual: cert.certificate.primalResidual }
        : { lower: noValue ? undefined : -cert.cx, upper: lo === undefined ? undefined : -lo, primalValue: -cert.cx, primalResidual: cert.certificate.primalResidual };
      return {
        status, X, nu, S: cert.S, value: noValue ? NaN : sign * cert.cx, certificate: cert.certificate, bounds, iterations: run.iterations,
        evidence: noValue ? run.evidence : undefined,
      };
    } finally {
      for (const q of Object.values(ptr)) hp.free(q);
    }
  } finally {
    release();
  }
}

// No primal point exists: X, S, ν are zeros (not NaN), the value is NaN and the status says why.
function infeasibleResult(n: number, m: number): SDPResult {
  return {
    status: 'infeasible', X: matrix(n, n), nu: new Float64Array(m), S: matrix(n, n), value: NaN, iterations: 0, evidence: 0,
    certificate: { primalResidual: Infinity, dualInfeasibility: 0, relativeGap: NaN, minEigX: 0 },
    bounds: { primalValue: 0, primalResidual: Number.MAX_VALUE },
  };
}

// The independent certificate of (X, ν) for min ⟨C, X⟩ (C already in min form) and the certified lower bound.
function certify(ir: Kernels, h: OperatorHandle, y: ArrayLike<number>, C: Matrix, Xd: Float64Array, nuMin: Float64Array) {
  const n = C.rows;
  const m = h.m;
  const nn = n * n;
  const X = { rows: n, cols: n, data: Xd };
  const AstarNu = adjointOperator(ir, h, nuMin);
  const S = matrix(n, n);
  for (let i = 0; i < nn; i++) S.data[i] = C.data[i] - AstarNu.data[i];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) S.data[j * n + i] = S.data[i * n + j] = 0.5 * (S.data[i * n + j] + S.data[j * n + i]);
  const lminS = ir.eigh(S).values[0];
  const lminX = ir.eigh(X).values[0];
  const lminC = ir.eigh(C).values[0];
  const AX = applyOperator(ir, h, X);
  const res = new Float64Array(m);
  for (let i = 0; i < m; i++) res[i] = AX[i] - y[i];
  const rNorm = scaledNorm(res);
  const yNorm = scaledNorm(y);
  let cx = 0;
  for (let i = 0; i < nn; i++) cx += C.data[i] * Xd[i];
  let bnu = 0;
  for (let i = 0; i < m; i++) bnu += y[i] * nuMin[i];
  const delta = Math.max(0, -lminS);
  // t·yᵀν with t = c/(c + δ) (see SDPBounds); C ⪰ 0 also gives ⟨C, X⟩ ≥ 0
  let lower: number | undefined;
  if (delta === 0) lower = bnu;
  else if (lminC > 0) lower = (lminC / (lminC + delta)) * bnu;
  if (lminC >= 0) lower = Math.max(lower ?? 0, 0);
  const certificate: Certificate = {
    primalResidual: rNorm / (1 + yNorm),
    dualInfeasibility: delta,
    relativeGap: Math.abs(cx - bnu) / (1 + Math.abs(cx)),
    minEigX: lminX,
  };
  if (![certificate.primalResidual, certificate.dualInfeasibility, certificate.relativeGap, cx].every(Number.isFinite)) {
    throw new ImplicitRegError('overflow', `solveSDP: the certificate overflows double precision (A, y or C of too large a magnitude); scale the problem down`);
  }
  return { certificate, S, cx, lower };
}

// ‖v‖₂ scaled by max|v_i| (no overflow of the squares for entries beyond 1e154)
function scaledNorm(v: ArrayLike<number>): number {
  let big = 0;
  for (let i = 0; i < v.length; i++) big = Math.max(big, Math.abs(v[i]));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] / big) ** 2;
  return big * Math.sqrt(s);
}

// Whether v, with its small components dropped at some threshold, is an exact Farkas certificate of primal
// infeasibility: A*(v) ⪯ 0 (λ_max ≤ 0 up to the rounding of the eigendecomposition) and yᵀv > 0 — then no X ⪰ 0
// has A(X) = y, since yᵀv = ⟨A*(v), X⟩ ≤ 0.
function exactFarkas(ir: Kernels, h: OperatorHandle, y: ArrayLike<number>, v: Float64Array): boolean {
  const m = h.m;
  // completion: an observed diagonal entry y_i < 0 is certified by v = −e_i (A_i = e_j e_jᵀ ⪰ 0)
  if (h.kind === 'entry') {
    const i32 = ir.heap.i32;
    const pr = i32[(h.ptr >>> 2) + 3] >>> 2; // the handle's descriptor: kind, n, m, rows, cols
    const pc = i32[(h.ptr >>> 2) + 4] >>> 2;
    const rows = i32.subarray(pr, pr + m);
    const cols = i32.subarray(pc, pc + m);
    for (let i = 0; i < m; i++) if (rows[i] === cols[i] && y[i] < 0) return true;
  }
  let big = 0;
  for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(v[i]));
  if (!(big > 0) || !Number.isFinite(big)) return false;
  for (const tau of [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]) {
    const w = v.map((x) => (Math.abs(x) <= tau * big ? 0 : x / big));
    let yw = 0;
    let ynorm = 0;
    for (let i = 0; i < m; i++) {
      yw += y[i] * w[i];
      ynorm += y[i] * y[i];
    }
    if (!(yw > 1e-12 * Math.sqrt(ynorm))) continue;
    const { values } = ir.eigh(adjointOperator(ir, h, w));
    const scale = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
    if (values[values.length - 1] <= 1e-14 * scale) return true;
  }
  return false;
}

// AA* is singular: the measurements are linearly dependent. A null vector v of AA* has A*(v) = 0 (‖A*(v)‖² = vᵀAA*v);
// if yᵀv ≠ 0 the data contradict each other and v is an exact Farkas certificate (returns true); otherwise the
// measurements are merely redundant, an error saying which.
function dependentMeasurements(ir: Kernels, h: OperatorHandle, y: ArrayLike<number>, fn: string): boolean {
  const n = h.n;
  const m = h.m;
  const G = gramOperator(ir, h);
  const { values, vectors } = ir.eigh(G);
  const top = Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
  // AA* = 0 to working precision: the measurements underflow (‖A_i‖² below ~1e-290), they are not dependent
  if (!(top > 1e-290)) {
    throw new ImplicitRegError('overflow', `${fn}: argument A is too small to work with (‖A_i‖² underflows double precision, max eigenvalue of AA* = ${top}); scale A and y up together`);
  }
  let ynorm = 0;
  for (let i = 0; i < m; i++) ynorm += y[i] ** 2;
  ynorm = Math.sqrt(ynorm);
  let firstNull = -1;
  for (let j = 0; j < m && values[j] <= 1e-12 * top; j++) {
    if (firstNull < 0) firstNull = j;
    let yv = 0;
    for (let i = 0; i < m; i++) yv += y[i] * vectors.data[i * m + j];
    if (Math.abs(yv) > 1e-9 * (1 + ynorm)) return true;
  }
  const dim = (n * (n + 1)) / 2;
  if (m > dim) {
    throw new ImplicitRegError('value', `${fn}: argument A has m = ${m} measurements, more than n(n+1)/2 = ${dim}, the dimension of the symmetric ${n}×${n} matrices they act on, so they are linearly dependent (redundant); use at most ${dim} independent measurements`);
  }
  // the measurements that take part in one dependency: the support of a null vector
  const j = firstNull < 0 ? 0 : firstNull;
  let big = 0;
  for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(vectors.data[i * m + j]));
  const involved: number[] = [];
  for (let i = 0; i < m; i++) if (Math.abs(vectors.data[i * m + j]) > 1e-6 * big) involved.push(i);
  const shown = involved.length > 12 ? `${involved.slice(0, 12).join(', ')}, … (${involved.length} in all)` : involved.join(', ');
  throw new ImplicitRegError('value', `${fn}: argument A has linearly dependent (redundant) measurements: measurements ${shown} are linearly dependent (a combination of them is zero), with consistent data; remove one of them`);
}

/**
 * The minimum nuclear norm PSD solution: min tr X s.t. A(X) = y, X ⪰ 0 (C = I), with its certificate.
 * @example minNuclearNorm(ir, { A: gaussianSensing({ n: 20, m: 120, seed: 1 }), y })
 */
export function minNuclearNorm(ir: Kernels, p: { A: SensingOperator | OperatorHandle; y: ArrayLike<number> }, o: SDPOptions = {}): SDPResult {
  checkOptions('minNuclearNorm', 'p', p, true);
  checkOperatorObject('minNuclearNorm', p.A);
  // an order that is not a positive integer is reported by solveSDP's own check of A
  const n = Number.isInteger(p.A.n) && p.A.n > 0 ? p.A.n : 0;
  return solveSDP(ir, { C: identity(n), A: p.A, y: p.y, sense: 'min' }, o);
}

// A must be an operator object before its fields are read
function checkOperatorObject(fn: string, A: unknown): asserts A is object {
  if (A === null || typeof A !== 'object') {
    throw new ImplicitRegError('value', `${fn}: argument A must be an operator object, got ${A === null ? 'null' : typeof A}`);
  }
}

/**
 * min ‖X̃‖_* s.t. Ã(X̃) = y for X̃ ∈ R^{n1×n2}: the SDP on the lift W ∈ S^{n1+n2} with C = ½I, since
 * ‖X̃‖_* = min ½(tr W1 + tr W2) over [[W1, X̃], [X̃ᵀ, W2]] ⪰ 0 (docs/algorithms/sdp.md). X̃ is the off-diagonal block of the solution.
 * @example minNuclearNormAsym(ir, { A: { kind: 'entry-asym', n1, n2, m, rows, cols }, y })
 */
export function minNuclearNormAsym(
  ir: Kernels, p: { A: DenseAsymOperator | EntryAsymOperator; y: ArrayLike<number> }, o: SDPOptions = {},
): SDPResult & {
  /** The minimizer X̃ (n1×n2): the off-diagonal block of the lifted solution X. */
  Xtilde: Matrix;
} {
  const fn = 'minNuclearNormAsym';
  checkOptions(fn, 'p', p, true);
  checkAsymOperator(fn, p.A, 'A');
  const { n1, n2 } = p.A;
  const n = n1 + n2;
  const C = identity(n);
  for (let i = 0; i < n; i++) C.data[i * n + i] = 0.5;
  const res = solveSDP(ir, { C, A: liftAsymmetric(p.A), y: p.y, sense: 'min' }, o);
  const Xtilde = matrix(n1, n2);
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) Xtilde.data[i * n2 + j] = res.X.data[i * n + n1 + j];
  return { ...res, Xtilde };
}

/**
 * The LP special case min cᵀx s.t. Dx = y, x ≥ 0 (D m×n; c default 1, the ℓ1 / trace objective of diagonal and
 * commuting measurements) through the same solver: A_i = diag(D_i), C = diag(c). With diagonal data, zeroing the
 * off-diagonal of any feasible X keeps it feasible and PSD with the same objective, so x = diag(X) solves the LP.
 * @example solveLP(ir, { D: matrix(1, 2, [1, 2]), y: [2] }) // x = [0, 1], value 1
 */
export function solveLP(
  ir: Kernels, p: { D: Matrix; y: ArrayLike<number>; c?: ArrayLike<number> }, o: SDPOptions = {},
): {
  /** How the solve ended (see {@link SDPStatus}). */
  status: SDPStatus;
  /** The solution x = diag(X) (n). */
  x: Float64Array;
  /** cᵀx (NaN with 'infeasible', 'likelyInfeasible' and 'unbounded'). */
  value: number;
  /** Dual multipliers ν (m). */
  nu: Float64Array;
  /** The certificate of the underlying SDP solution. */
  certificate: Certificate;
  /** Certified bounds on the optimal value. */
  bounds: SDPBounds;
  /** ADMM iterations, all continuations included. */
  iterations: number;
  /** As {@link SDPResult.evidence}. */
  evidence?: number;
} {
  const fn = 'solveLP';
  checkOptions(fn, 'p', p, true);
  checkMatrix(fn, 'p.D', p.D);
  checkNonEmpty(fn, 'p.D', p.D);
  checkFinite(fn, 'p.D', p.D.data);
  const { rows: m, cols: n } = p.D;
  const c = p.c ?? new Array<number>(n).fill(1);
  checkVector(fn, 'p.c', c as Float64Array, n);
  checkFinite(fn, 'p.c', c);
  const C = matrix(n, n);
  for (let i = 0; i < n; i++) C.data[i * n + i] = c[i];
  const op: SensingOperator = { kind: 'commuting', n, m, V: identity(n), d: Float64Array.from(p.D.data) };
  const res = solveSDP(ir, { C, A: op, y: p.y, sense: 'min' }, o);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = res.X.data[i * n + i];
  return { status: res.status, x, value: res.value, nu: res.nu, certificate: res.certificate, bounds: res.bounds, iterations: res.iterations, evidence: res.evidence };
}
