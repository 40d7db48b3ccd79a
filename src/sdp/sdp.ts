// Certified semidefinite programs: min/max ⟨C, X⟩ s.t. A(X) = y, X ⪰ 0 (SPEC §5), solved inside wasm by the
// alternating-direction augmented Lagrangian method of Wen, Goldfarb & Yin 2010 (assembly/sdp.ts). Every answer
// carries a certificate checked here independently of the solver's own residuals:
//   primal residual ‖A(X) − y‖/(1 + ‖y‖), λ_min(X) (≥ 0 by construction),
//   dual infeasibility max(0, −λ_min(C − A*(ν))) by a separate eigendecomposition,
//   relative gap |⟨C, X⟩ − yᵀν| / (1 + |⟨C, X⟩|).
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { identity, matrix, type Matrix } from '../core/matrix.js';
import { adjointOperator, applyOperator, gramOperator, withOperator, type OperatorHandle, type SensingOperator } from '../operators/operator.js';
import { checkFinite, checkMatrix, checkSymmetric, checkVector } from '../core/validate.js';
import { liftAsymmetric, type DenseAsymOperator, type EntryAsymOperator } from '../operators/lift.js';

export type SDPStatus = 'optimal' | 'infeasible' | 'unbounded' | 'maxIter';

export interface SDPProblem {
  /** Objective matrix (symmetric n×n). */
  C: Matrix;
  A: SensingOperator | OperatorHandle;
  y: ArrayLike<number>;
  sense?: 'min' | 'max';
}

export interface SDPOptions {
  /** Target of every relative residual and of the certificate (default 1e-8). */
  tol?: number;
  /** Iteration cap (default 1e5: badly scaled 3×3 completions need up to ~2.5e4; n = 50 Gaussian sensing ~160). */
  maxIter?: number;
  /** Initial penalty (default 1). */
  mu?: number;
  /** Test for infeasibility certificates every this many iterations (default 50; 0: never). */
  checkEvery?: number;
}

export interface Certificate {
  primalResidual: number;
  /** max(0, −λ_min(C − A*(ν))) for min (for max: of A*(ν) − C). */
  dualInfeasibility: number;
  relativeGap: number;
  /** λ_min(X). */
  minEigX: number;
}

export interface SDPResult {
  status: SDPStatus;
  /** Primal solution (PSD). */
  X: Matrix;
  /** Dual multipliers ν (length m). */
  nu: Float64Array;
  /** Dual slack S = C − A*(ν) (for max: A*(ν) − C), PSD. */
  S: Matrix;
  /** Optimal value ⟨C, X⟩ (NaN unless optimal or maxIter). */
  value: number;
  certificate: Certificate;
  iterations: number;
  /**
   * With 'infeasible': the Farkas ratio ε = λ_max₊(A*(ŷ))/yᵀŷ of the direction ŷ found — every feasible X would need
   * tr X ≥ 1/ε (ε = 0: an exact certificate). With 'unbounded': ⟨C, δX⟩/‖δX‖_F < 0 for a recession direction δX.
   */
  evidence?: number;
}

const STATUS: Record<number, SDPStatus> = { 0: 'optimal', 1: 'maxIter', 2: 'infeasible', 3: 'unbounded' };

/**
 * Solve min (or max) ⟨C, X⟩ s.t. A(X) = y, X ⪰ 0 with a certificate.
 * @example solveSDP(ir, { C: identity(n), A: op, y }) // minimum-trace (= nuclear norm) PSD solution
 */
export function solveSDP(ir: Kernels, p: SDPProblem, o: SDPOptions = {}): SDPResult {
  const fn = 'solveSDP';
  const { h, release } = withOperator(ir, p.A, fn);
  try {
    const n = h.n;
    const m = h.m;
    checkMatrix(fn, 'C', p.C);
    if (p.C.rows !== n || p.C.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument C must be ${n}×${n} to match A, got ${p.C.rows}×${p.C.cols}`);
    checkFinite(fn, 'C', p.C.data);
    checkSymmetric(fn, 'C', p.C);
    checkVector(fn, 'y', p.y as Float64Array, m);
    checkFinite(fn, 'y', p.y);
    const sense = p.sense ?? 'min';
    if (sense !== 'min' && sense !== 'max') throw new ImplicitRegError('value', `${fn}: argument sense must be 'min' or 'max', got ${sense}`);
    const tol = o.tol ?? 1e-8;
    if (!(tol > 0)) throw new ImplicitRegError('value', `${fn}: argument tol must be positive, got ${tol}`);
    const maxIter = o.maxIter ?? 100_000;
    // entry operators: AA* is diagonal only for distinct entries — resolve a repeated one here (contradictory values:
    // an exact Farkas certificate e_i − e_j, since A*(e_i − e_j) = 0 and y_i ≠ y_j; equal values: redundant)
    if (h.duplicate) {
      const [i0, i1] = h.duplicate;
      if (p.y[i0] !== p.y[i1]) {
        return {
          status: 'infeasible', X: matrix(n, n), nu: new Float64Array(m), S: matrix(n, n), value: NaN, iterations: 0, evidence: 0,
          certificate: { primalResidual: Infinity, dualInfeasibility: 0, relativeGap: NaN, minEigX: 0 },
        };
      }
      throw new ImplicitRegError('value', `${fn}: argument A observes the same entry twice (measurements ${i0} and ${i1}); remove the duplicate`);
    }
    const sign = sense === 'min' ? 1 : -1;
    const C = matrix(n, n, p.C.data.map((v) => sign * v));
    const hp = ir.heap;
    const nn = n * n;
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
      // the solver's own dual residual (μ‖X_prev − X‖) and the certificate's λ_min(C − A*(ν)) agree only in the limit:
      // iterate to tol/4 so that the independently computed certificate meets tol
      const code = ir.raw.sdpADMM(h.ptr, ptr.b, ptr.c, ptr.x, ptr.y, ptr.s, o.mu ?? 1, tol / 4, maxIter, o.checkEvery ?? 50, ptr.stats, ptr.work);
      if (code === 4) {
        // dependent measurements: a null vector v of AA* has A*(v) = 0 (‖A*(v)‖² = vᵀAA*v); if yᵀv ≠ 0 the data
        // contradict each other and v is an exact Farkas certificate; otherwise the rows are merely redundant
        const G = gramOperator(ir, h);
        const { values, vectors } = ir.eigh(G);
        const top = Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
        let ynorm = 0;
        for (let i = 0; i < m; i++) ynorm += p.y[i] ** 2;
        ynorm = Math.sqrt(ynorm);
        for (let j = 0; j < m && values[j] <= 1e-12 * top; j++) {
          let yv = 0;
          for (let i = 0; i < m; i++) yv += p.y[i] * vectors.data[i * m + j];
          if (Math.abs(yv) > 1e-9 * (1 + ynorm)) {
            // no primal point exists: X, S, ν are zeros (not NaN), the value is NaN and the status says why
            return {
              status: 'infeasible', X: matrix(n, n), nu: new Float64Array(m), S: matrix(n, n), value: NaN, iterations: 0, evidence: 0,
              certificate: { primalResidual: Infinity, dualInfeasibility: 0, relativeGap: NaN, minEigX: 0 },
            };
          }
        }
        throw new ImplicitRegError('value', `${fn}: argument A has linearly dependent (redundant) measurements, so AA* is singular; remove the duplicates`);
      }
      if (code === 5) throw new ImplicitRegError('convergence', `${fn}: an eigendecomposition inside the solver did not converge`);
      const X = matrix(n, n);
      hp.readInto(ptr.x, X.data);
      const nuMin = hp.read(ptr.y, m);
      const stats = hp.read(ptr.stats, 10);
      const status = STATUS[code];
      // certificate, independently: slack S = C − A*(ν) (min form), its λ_min, the primal residual, the gap
      const AstarNu = adjointOperator(ir, h, nuMin);
      const S = matrix(n, n);
      for (let i = 0; i < nn; i++) S.data[i] = C.data[i] - AstarNu.data[i];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) S.data[j * n + i] = S.data[i * n + j] = 0.5 * (S.data[i * n + j] + S.data[j * n + i]);
      const lminS = ir.eigh(S).values[0];
      const lminX = ir.eigh(X).values[0];
      const AX = applyOperator(ir, h, X);
      let r2 = 0;
      let y2 = 0;
      for (let i = 0; i < m; i++) {
        r2 += (AX[i] - p.y[i]) ** 2;
        y2 += p.y[i] ** 2;
      }
      let cx = 0;
      for (let i = 0; i < nn; i++) cx += C.data[i] * X.data[i];
      let bnu = 0;
      for (let i = 0; i < m; i++) bnu += p.y[i] * nuMin[i];
      const certificate: Certificate = {
        primalResidual: Math.sqrt(r2) / (1 + Math.sqrt(y2)),
        dualInfeasibility: Math.max(0, -lminS),
        relativeGap: Math.abs(cx - bnu) / (1 + Math.abs(cx)),
        minEigX: lminX,
      };
      // report in the caller's sense: max ⟨C, X⟩ = −min ⟨−C, X⟩, ν ↦ −ν
      const nu = sense === 'min' ? nuMin : nuMin.map((v) => -v);
      const ok = status === 'optimal' || status === 'maxIter';
      return {
        status, X, nu, S, value: ok ? sign * cx : NaN, certificate, iterations: stats[0],
        evidence: status === 'infeasible' || status === 'unbounded' ? stats[7] : undefined,
      };
    } finally {
      for (const q of Object.values(ptr)) hp.free(q);
    }
  } finally {
    release();
  }
}

/**
 * The minimum nuclear norm PSD solution: min tr X s.t. A(X) = y, X ⪰ 0 (C = I), with its certificate.
 * @example minNuclearNorm(ir, { A: gaussianSensing({ n: 20, m: 120, seed: 1 }), y })
 */
export function minNuclearNorm(ir: Kernels, p: { A: SensingOperator | OperatorHandle; y: ArrayLike<number> }, o: SDPOptions = {}): SDPResult {
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
 * ‖X̃‖_* = min ½(tr W1 + tr W2) over [[W1, X̃], [X̃ᵀ, W2]] ⪰ 0 (SPEC §5). X̃ is the off-diagonal block of the solution.
 * @example minNuclearNormAsym(ir, { A: { kind: 'entry-asym', n1, n2, m, rows, cols }, y })
 */
export function minNuclearNormAsym(
  ir: Kernels, p: { A: DenseAsymOperator | EntryAsymOperator; y: ArrayLike<number> }, o: SDPOptions = {},
): SDPResult & { Xtilde: Matrix } {
  const fn = 'minNuclearNormAsym';
  checkOperatorObject(fn, p.A);
  const { n1, n2 } = p.A;
  for (const [name, v] of [['n1', n1], ['n2', n2]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new ImplicitRegError('shape', `${fn}: argument A.${name} must be a positive integer, got ${v}`);
  }
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
): { status: SDPStatus; x: Float64Array; value: number; nu: Float64Array; certificate: Certificate; iterations: number } {
  const fn = 'solveLP';
  checkMatrix(fn, 'D', p.D);
  const { rows: m, cols: n } = p.D;
  const c = p.c ?? new Array<number>(n).fill(1);
  checkVector(fn, 'c', c as Float64Array, n);
  checkFinite(fn, 'c', c);
  const C = matrix(n, n);
  for (let i = 0; i < n; i++) C.data[i * n + i] = c[i];
  const op: SensingOperator = { kind: 'commuting', n, m, V: identity(n), d: Float64Array.from(p.D.data) };
  const res = solveSDP(ir, { C, A: op, y: p.y, sense: 'min' }, o);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = res.X.data[i * n + i];
  return { status: res.status, x, value: res.value, nu: res.nu, certificate: res.certificate, iterations: res.iterations };
}
