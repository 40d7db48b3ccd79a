// Typed layer: takes Matrix objects, checks them, copies in only what the kernel reads and copies out
// only results. Generated managed-object bindings are never used here (raw exports only).
import { ImplicitRegError } from '../core/errors.js';
import { Heap, Scratch, type RawExports } from '../wasm/heap.js';
import type { WasmInstance } from '../wasm/instantiate.js';
import { RunStack } from './run.js';
import { matrix, type Matrix } from '../core/matrix.js';
import type { Rk45Control, Rk45Outcome, Rk45Status } from './types.js';
import {
  checkCount, checkFinite, checkMatrix, checkNonEmpty, checkNumber, checkObject, checkOneOf, checkOptions, checkPositive, checkSquare,
  checkSymmetric, checkVector, describe, optionalBoolean, optionalTolerance,
} from '../core/validate.js';

/** Result of `eigh`: A = V diag(values) Vᵀ. */
export interface Eigh {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors; column j pairs values[j]. */
  vectors: Matrix;
  /** Jacobi sweeps used (0 on the tridiagonal path). */
  sweeps: number;
  /** The algorithm that ran (set by `eigh`). */
  method?: 'jacobi' | 'tridiagonal';
}

/** Result of `eigh` with `vectors: false`: the eigenvalues alone. */
export interface EighValues {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Jacobi sweeps used (0 on the tridiagonal path). */
  sweeps: number;
  /** The algorithm that ran. */
  method: 'jacobi' | 'tridiagonal';
}

/** Options of {@link Kernels.eigh}. */
export interface EighOptions {
  /**
   * 'auto' (default): Jacobi for n ≤ EIGH_JACOBI_MAX_N and when `warmStart` or `maxSweeps` is given, the
   * tridiagonal path otherwise;
   * 'jacobi': cyclic Jacobi (relative accuracy on graded positive definite matrices); 'tridiagonal': Householder
   * tridiagonalization + divide and conquer + back-transformation (values only: root-free QL on the tridiagonal).
   */
  method?: 'auto' | 'jacobi' | 'tridiagonal';
  /** Compute eigenvectors (default true); false returns the values alone and skips all vector work. */
  vectors?: boolean;
  /** Jacobi sweep limit (default 60); exceeding it throws a 'convergence' error instead of looping. */
  maxSweeps?: number;
  /** An orthogonal matrix close to the eigenbasis (e.g. the previous iterate's): B = V0ᵀAV0 needs few Jacobi sweeps. */
  warmStart?: Matrix;
}

/**
 * Largest order `eigh` solves by Jacobi under method 'auto'. Measured (raw kernels, medians, AMD EPYC Zen 4):
 * n = 2 Jacobi 0.15 µs vs tridiagonal 0.36 µs; n = 3 0.69 vs 0.62 (a tie, and Jacobi keeps `eigh` bit-identical to
 * the batched 3×3 path); n = 4 1.21 vs 0.99; n = 10 14.1 vs 6.2; n = 16 49 vs 17.
 */
export const EIGH_JACOBI_MAX_N = 3;

/** Built-in right-hand sides for `rk45`, evaluated inside wasm. */
export type Rk45System =
  | {
    /** y' = M y. */
    kind: 'linear';
    /** The n×n system matrix. */
    M: Matrix;
  }
  | {
    /** y_i' = r y_i (1 − y_i / K), componentwise. */
    kind: 'logistic';
    /** Growth rate. */
    r: number;
    /** Carrying capacity (> 0). */
    K: number;
  }
  | {
    /** y_i' = λ_i y_i. */
    kind: 'diagonal';
    /** The n rates λ_i. */
    lambda: ArrayLike<number>;
  }
  | {
    /** y1' = y2, y2' = μ((1 − y1²)y2 − y1) (n = 2): stiff for large μ. */
    kind: 'vanDerPol';
    /** The damping μ ≥ 0. */
    mu: number;
  };

/** Options of `rk45`: the system, its start and end, and the step control of `Rk45Control`. */
export interface Rk45Options extends Rk45Control {
  /** The right-hand side f(t, y): one of the built-in systems. */
  system: Rk45System;
  /** The initial state y(t0) (its length is the dimension n). */
  y0: ArrayLike<number>;
  /** Start time (default 0). */
  t0?: number;
  /** End time. */
  t1: number;
  /** Stop once ‖f(t, y)‖₂ ≤ ftol (default 0: off), status 'ftol'. */
  ftol?: number;
  /** Output times, monotone from t0 towards t1; steps land on them exactly (no interpolation). */
  tEval?: ArrayLike<number>;
  /**
   * 'dopri' (default): Dormand–Prince 5(4) throughout. 'auto': switch to Rodas5P (L-stable Rosenbrock, the system's
   * analytic Jacobian) while the problem is stiff, and back when it is not (Hairer's stiffness detection).
   */
  method?: 'dopri' | 'auto';
}


/** Result of `rk45`: the end state and counts of `Rk45Outcome`, and the states at the output times. */
export interface Rk45Result extends Rk45Outcome {
  /** Jacobian evaluations (Rodas5P steps; 0 with method 'dopri'). */
  njev: number;
  /** Switches from Dormand–Prince to Rodas5P, and back. */
  switches: {
    /** Switches from Dormand–Prince to Rodas5P. */
    toStiff: number;
    /** Switches from Rodas5P back to Dormand–Prince. */
    toNonstiff: number;
  };
  /**
   * The states at tEval (row k at tEval[k]); rows past an early stop are zeros and `evaluated` tells how many are set.
   */
  yEval?: Matrix;
  /** Rows of `yEval` that were reached (all of them unless the run stopped early); present with `tEval`. */
  evaluated?: number;
}

export type { Rk45Control, Rk45Outcome, Rk45Status };

const RK_STATUS: Record<number, Rk45Status> = { 0: 'done', 1: 'ftol', [-1]: 'maxSteps', [-2]: 'stepTooSmall', [-3]: 'nonFinite' };
const SYSTEM_ID = { linear: 0, logistic: 1, diagonal: 2, vanDerPol: 3 } as const;

// Round a region size up to an even number of doubles so the next region stays 16-byte aligned.
const even = (d: number): number => d + (d & 1);

/** The package's kernels bound to one wasm instance. Create with `init()` / `initSync()`. */
export class Kernels {
  /** Pointer layer: allocation and views over this instance's memory (for solvers composing kernels). */
  readonly heap: Heap;
  /** The raw wasm exports (byte pointers and explicit sizes). */
  readonly raw: RawExports;
  private readonly scratch: Scratch;

  /**
   * Whether this instance's multiply-adds are fused (the FMA build on an engine that fuses): its results may then
   * differ in the last bits from the portable build's, which are the same on every engine. See `InitOptions.fma`.
   */
  readonly fma: boolean;

  /** The runs in progress on this instance (time budgets, AbortSignals, progress; see RunControl). @internal */
  readonly runs: RunStack = new RunStack();

  /** Bind the kernels to an instantiated module (use `init()` / `initSync()` rather than this). */
  constructor(instance: WasmInstance) {
    if (instance === null || typeof instance !== 'object' || instance.raw === null || typeof instance.raw !== 'object' || typeof instance.raw.dgemm !== 'function' || typeof instance.hooks !== 'object' || instance.hooks === null) {
      throw new ImplicitRegError('value', `Kernels: argument instance must be an instantiated implicit-reg module (use init() / initSync()), got ${describe(instance)}`);
    }
    this.raw = instance.raw;
    this.fma = typeof instance.raw.fmaProbe === 'function' && instance.raw.fmaProbe() !== 0;
    this.heap = new Heap(instance.raw);
    this.scratch = new Scratch(this.heap);
    instance.hooks.tick = (done, total) => this.runs.tick(done, total);
  }

  /** Copy `data` (argument `name` of `fn`) to `ptr` and check it there: checkFinite's error, from a SIMD pass. */
  private writeFinite(fn: string, name: string, ptr: number, data: ArrayLike<number>): void {
    this.heap.write(ptr, data);
    const i = this.heap.firstNonFinite(ptr, data.length);
    if (i < 0) return;
    // checkFinite names the first bad entry as given (a number[] may hold a non-number, written as NaN)
    checkFinite(fn, name, data);
    throw new ImplicitRegError('nonfinite', `${fn}: argument ${name} must be finite, got ${data[i]} at index ${i}`);
  }

  /**
   * Carve the shared scratch into regions of the given sizes (doubles); returns their byte pointers. A total beyond the
   * wasm32 memory (or a work size that wrapped around in i32 arithmetic) is an ImplicitRegError('memory').
   */
  private regions(sizes: number[]): number[] {
    let total = 0;
    for (const s of sizes) {
      if (!(Number.isInteger(s) && s >= 0)) throw new ImplicitRegError('memory', `Kernels: a work size of ${s} doubles overflows the wasm32 address space`);
      total += even(s);
    }
    if (total * 8 > 2 ** 32) throw new ImplicitRegError('memory', `Kernels: ${total} doubles (${(total * 8 / 2 ** 30).toPrecision(3)} GiB) of wasm memory needed, beyond the 4 GiB of wasm32`);
    let p = this.scratch.take(total);
    const out: number[] = [];
    for (const s of sizes) {
      out.push(p);
      p += even(s) * 8;
    }
    return out;
  }

  /**
   * C = op(A)·op(B) (SIMD, register- and cache-blocked gemm).
   * @example ir.matmul(matrix(2, 2, [1, 2, 3, 4]), identity(2)) // [[1, 2], [3, 4]]
   */
  matmul(a: Matrix, b: Matrix, opts: { transA?: boolean; transB?: boolean; out?: Matrix } = {}): Matrix {
    const fn = 'matmul';
    checkMatrix(fn, 'a', a);
    checkMatrix(fn, 'b', b);
    checkNonEmpty(fn, 'a', a);
    checkNonEmpty(fn, 'b', b);
    checkOptions(fn, 'opts', opts);
    const ta = optionalBoolean(fn, 'transA', opts.transA, false) ? 1 : 0;
    const tb = optionalBoolean(fn, 'transB', opts.transB, false) ? 1 : 0;
    const m = ta ? a.cols : a.rows;
    const k = ta ? a.rows : a.cols;
    const k2 = tb ? b.cols : b.rows;
    const n = tb ? b.rows : b.cols;
    if (k !== k2) {
      throw new ImplicitRegError('shape', `${fn}: inner dimensions must agree: op(a) is ${m}×${k}, op(b) is ${k2}×${n} (transA = ${ta === 1}, transB = ${tb === 1})`);
    }
    if (opts.out !== undefined) checkMatrix(fn, 'out', opts.out);
    if (opts.out !== undefined && (opts.out.rows !== m || opts.out.cols !== n)) throw new ImplicitRegError('shape', `${fn}: argument out must be ${m}×${n}, got ${opts.out.rows}×${opts.out.cols}`);
    const [pa, pb, pc, pw] = this.regions([a.data.length, b.data.length, m * n, this.raw.dgemmWorkSize()]);
    const h = this.heap;
    // the operands are checked where they land (a SIMD pass in wasm, a third of the cost of a pass in JavaScript)
    this.writeFinite(fn, 'a', pa, a.data);
    this.writeFinite(fn, 'b', pb, b.data);
    const out = opts.out ?? matrix(m, n);
    this.raw.dgemm(ta, tb, m, n, k, 1, pa, a.cols, pb, b.cols, 0, pc, n, pw);
    overflowAt(fn, h.firstNonFinite(pc, m * n));
    h.readInto(pc, out.data);
    return out;
  }

  /** y = op(A)·x. */
  gemv(a: Matrix, x: ArrayLike<number>, opts: { trans?: boolean; out?: Float64Array } = {}): Float64Array {
    const fn = 'gemv';
    checkMatrix(fn, 'a', a);
    checkNonEmpty(fn, 'a', a);
    checkOptions(fn, 'opts', opts);
    const t = optionalBoolean(fn, 'trans', opts.trans, false) ? 1 : 0;
    const m = t ? a.cols : a.rows;
    const n = t ? a.rows : a.cols;
    checkVector(fn, 'x', x);
    if (x.length !== n) throw new ImplicitRegError('shape', `${fn}: argument x must have length ${n}, got ${x.length} (op(a) is ${m}×${n}, trans = ${t === 1})`);
    checkFinite(fn, 'a', a.data);
    checkFinite(fn, 'x', x);
    if (opts.out !== undefined && !(opts.out instanceof Float64Array)) throw new ImplicitRegError('shape', `${fn}: argument out must be a Float64Array, got ${describe(opts.out)}`);
    const out = opts.out ?? new Float64Array(m);
    checkVector(fn, 'out', out, m);
    const [pa, px, py] = this.regions([a.data.length, n, m]);
    this.heap.write(pa, a.data);
    this.heap.write(px, x);
    this.raw.dgemv(t, a.rows, a.cols, 1, pa, a.cols, px, 0, py);
    overflowAt(fn, this.heap.firstNonFinite(py, m));
    this.heap.readInto(py, out);
    return out;
  }

  /** U·Uᵀ (or UᵀU with trans), computing only one triangle. */
  syrk(u: Matrix, opts: { trans?: boolean; out?: Matrix } = {}): Matrix {
    const fn = 'syrk';
    checkMatrix(fn, 'u', u);
    checkNonEmpty(fn, 'u', u);
    checkFinite(fn, 'u', u.data);
    checkOptions(fn, 'opts', opts);
    const t = optionalBoolean(fn, 'trans', opts.trans, false) ? 1 : 0;
    const n = t ? u.cols : u.rows;
    const k = t ? u.rows : u.cols;
    if (opts.out !== undefined) checkMatrix(fn, 'out', opts.out);
    const out = opts.out ?? matrix(n, n);
    if (out.rows !== n || out.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument out must be ${n}×${n}, got ${out.rows}×${out.cols}`);
    const [pu, pc, pw] = this.regions([u.data.length, n * n, this.raw.dgemmWorkSize()]);
    this.heap.write(pu, u.data);
    this.raw.dsyrk(t, n, k, 1, pu, u.cols, 0, pc, n, pw);
    this.heap.readInto(pc, out.data);
    // UUᵀ of a finite U overflows only when an entry exceeds ~1e154: say so instead of handing back ∞
    if (!Number.isFinite(maxAbsDiag(out, n))) throw new ImplicitRegError('overflow', `${fn}: U·Uᵀ overflows double precision (max|u_ij| ≈ ${maxAbs(u.data).toExponential(2)}); scale u down`);
    return out;
  }

  /** xᵀy. */
  dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
    checkVector('dot', 'x', x);
    checkVector('dot', 'y', y);
    if (x.length !== y.length) throw new ImplicitRegError('shape', `dot: argument y must have length ${x.length}, got ${y.length} (x and y must have the same length)`);
    checkFinite('dot', 'x', x);
    checkFinite('dot', 'y', y);
    const [px, py] = this.regions([x.length, y.length]);
    this.heap.write(px, x);
    this.heap.write(py, y);
    const d = this.raw.ddot(x.length, px, py);
    if (!Number.isFinite(d)) throw new ImplicitRegError('overflow', `dot: xᵀy overflows double precision`);
    return d;
  }

  /** y := αx + y (y updated in place and returned). */
  axpy(alpha: number, x: ArrayLike<number>, y: Float64Array): Float64Array {
    checkVector('axpy', 'x', x);
    if (!(y instanceof Float64Array)) throw new ImplicitRegError('shape', `axpy: argument y must be a Float64Array (updated in place), got ${describe(y)}`);
    if (x.length !== y.length) throw new ImplicitRegError('shape', `axpy: arguments x and y must have the same length, got ${x.length} and ${y.length}`);
    checkFinite('axpy', 'x', x);
    checkFinite('axpy', 'y', y);
    if (!Number.isFinite(alpha)) throw new ImplicitRegError('nonfinite', `axpy: argument alpha must be finite, got ${alpha}`);
    const [px, py] = this.regions([x.length, y.length]);
    this.heap.write(px, x);
    this.heap.write(py, y);
    this.raw.daxpy(x.length, alpha, px, py);
    overflowAt('axpy', this.heap.firstNonFinite(py, y.length), '; y is left unchanged');
    this.heap.readInto(py, y);
    return y;
  }

  /**
   * Symmetric eigendecomposition A = V diag(values) Vᵀ (values ascending, column j of `vectors` pairs values[j]).
   *
   * Algorithms (`method`):
   * - 'tridiagonal' (the default for n > EIGH_JACOBI_MAX_N = 3): blocked Householder reduction to tridiagonal T
   *   (LAPACK dsytrd), T's eigenpairs by divide and conquer (dstedc: Cuppen's tear, deflation, secular equations with
   *   Gu–Eisenstat's recomputed z; implicit QL below 32), and V = Q Z by blocked reflectors (dormtr); about a fifth of
   *   Jacobi's flops. With `vectors: false`: the reduction and the root-free QL of Pal–Walker–Kahan (dsterf) only.
   * - 'jacobi' (the default for n ≤ 3 and whenever `warmStart` or `maxSweeps` is given): cyclic Jacobi with a
   *   relative threshold; slower for n > 3 but gives each eigenvalue of a graded positive definite matrix (D·H·D) to
   *   high relative accuracy, which the tridiagonal path does not.
   *
   * Accuracy (both): |values[j] − λ_j| ≤ O(nε)‖A‖₂; ‖AV − VΛ‖ ≤ O(nε)‖A‖; ‖VᵀV − I‖ ≤ O(nε).
   * Defaults: method 'auto', vectors true, maxSweeps 60 (Jacobi only; exceeding it throws 'convergence').
   * @example
   * const { values, vectors } = ir.eigh(matrix(2, 2, [2, 1, 1, 2])) // values [1, 3]
   * const { values: w } = ir.eigh(a, { vectors: false }) // values only: 2.2–3.4× faster for n ≥ 100
   */
  eigh(a: Matrix, opts?: EighOptions & { vectors?: true }): Eigh;
  eigh(a: Matrix, opts: EighOptions & { vectors: false }): EighValues;
  eigh(a: Matrix, opts?: EighOptions): Eigh | EighValues;
  eigh(a: Matrix, opts: EighOptions = {}): Eigh | EighValues {
    const fn = 'eigh';
    checkSquare(fn, 'a', a);
    checkFinite(fn, 'a', a.data);
    checkSymmetric(fn, 'a', a);
    checkOptions(fn, 'opts', opts);
    const n = a.rows;
    const method = opts.method ?? 'auto';
    if (method !== 'auto' && method !== 'jacobi' && method !== 'tridiagonal') {
      throw new ImplicitRegError('value', `${fn}: argument opts.method must be 'auto', 'jacobi' or 'tridiagonal', got ${describe(method)}`);
    }
    if (method === 'tridiagonal' && opts.warmStart) {
      throw new ImplicitRegError('value', `${fn}: argument opts.warmStart needs method 'jacobi' or 'auto', got method 'tridiagonal'`);
    }
    const wantVectors = optionalBoolean(fn, 'vectors', opts.vectors, true);
    const maxSweeps = opts.maxSweeps === undefined ? 60 : checkCount(fn, 'maxSweeps', opts.maxSweeps, 1);
    // entries beyond ~1e150 (or below ~1e-150) overflow (underflow) in the rotations and reflections: work on 2^−e·A
    // and scale the eigenvalues back by 2^e — exact, powers of two
    const e = scaleExponent(a.data);
    const aData = e === 0 ? a.data : scaleBy(a.data, e);
    const nn = n * n;
    // Jacobi's own options (a warm start, a sweep limit) select Jacobi under 'auto'
    const jacobi = method === 'jacobi' ||
      (method === 'auto' && (opts.warmStart !== undefined || opts.maxSweeps !== undefined || n <= EIGH_JACOBI_MAX_N));
    if (!jacobi) {
      const [pa, w, v, work] = this.regions([nn, n, wantVectors ? nn : 0, this.raw.dsyevdWorkSize(n, wantVectors ? 1 : 0)]);
      this.heap.write(pa, aData);
      if (this.raw.dsyevd(n, pa, w, v, work, wantVectors ? 1 : 0) < 0) {
        throw new ImplicitRegError('convergence', `${fn}: the tridiagonal QL iteration did not converge within 30 iterations per eigenvalue (n = ${n})`);
      }
      const values = this.heap.read(w, n);
      if (e !== 0) unscale(fn, values, e);
      if (!wantVectors) return { values, sweeps: 0, method: 'tridiagonal' };
      return { values, vectors: { rows: n, cols: n, data: this.heap.read(v, nn) }, sweeps: 0, method: 'tridiagonal' };
    }
    let sweeps: number;
    let pw: number;
    let pv: number;
    if (opts.warmStart) {
      const v0 = opts.warmStart;
      checkSquare(fn, 'warmStart', v0);
      if (v0.rows !== n) throw new ImplicitRegError('shape', `${fn}: argument warmStart must be ${n}×${n}, got ${v0.rows}×${v0.cols}`);
      checkFinite(fn, 'warmStart', v0.data);
      const [pa, p0, w, v, work] = this.regions([nn, nn, n, nn, this.raw.dsyevjWarmWorkSize(n)]);
      this.heap.write(pa, aData);
      this.heap.write(p0, v0.data);
      sweeps = this.raw.dsyevjWarm(n, pa, p0, w, v, work, maxSweeps);
      pw = w;
      pv = v;
    } else {
      const [pa, w, v, work] = this.regions([nn, n, nn, this.raw.dsyevjWorkSize(n)]);
      this.heap.write(pa, aData);
      sweeps = this.raw.dsyevj(n, pa, w, v, work, maxSweeps);
      pw = w;
      pv = v;
    }
    if (sweeps < 0) {
      throw new ImplicitRegError('convergence', `${fn}: Jacobi did not converge within maxSweeps = ${maxSweeps} sweeps (n = ${n})`);
    }
    const values = this.heap.read(pw, n);
    if (e !== 0) unscale(fn, values, e);
    if (!wantVectors) return { values, sweeps, method: 'jacobi' };
    return { values, vectors: { rows: n, cols: n, data: this.heap.read(pv, nn) }, sweeps, method: 'jacobi' };
  }

  /**
   * `eigh` on `count` symmetric n×n matrices stored back to back in `data` (count·n² doubles), in one wasm call.
   * Returns values (count·n, each block ascending) and vectors (count·n², each block column j ↔ value j).
   */
  eighBatch(n: number, data: Float64Array, opts: {
    /** Jacobi sweep limit per matrix (default 60); exceeding it throws a 'convergence' error. */
    maxSweeps?: number;
  } = {}): {
    /** The count·n eigenvalues, each block of n ascending. */
    values: Float64Array;
    /** The count·n² eigenvector entries, each block n×n row-major with column j pairing value j. */
    vectors: Float64Array;
    /** The largest number of Jacobi sweeps any matrix needed. */
    sweeps: number;
  } {
    const fn = 'eighBatch';
    const count = checkBatch(fn, n, data);
    const nn = n * n;
    for (let b = 0; b < count; b++) {
      checkSymmetric(fn, `data (matrix ${b})`, { rows: n, cols: n, data: data.subarray(b * nn, (b + 1) * nn) });
    }
    checkOptions(fn, 'opts', opts);
    const maxSweeps = opts.maxSweeps === undefined ? 60 : checkCount(fn, 'maxSweeps', opts.maxSweeps, 1);
    // each matrix scaled by its own power of two where its entries are extreme (see eigh)
    const exps = new Int32Array(count);
    let src = data;
    for (let b = 0; b < count; b++) {
      exps[b] = scaleExponent(data.subarray(b * nn, (b + 1) * nn));
      if (exps[b] !== 0) {
        if (src === data) src = Float64Array.from(data);
        src.set(scaleBy(data.subarray(b * nn, (b + 1) * nn), exps[b]), b * nn);
      }
    }
    const [pa, pw, pv, work] = this.regions([data.length, count * n, data.length, this.raw.dsyevjWorkSize(n)]);
    this.heap.write(pa, src);
    const s = this.raw.dsyevjBatch(count, n, pa, pw, pv, work, maxSweeps);
    if (s < 0) throw new ImplicitRegError('convergence', `${fn}: Jacobi did not converge within ${maxSweeps} sweeps for matrix ${-s - 1}`);
    const values = this.heap.read(pw, count * n);
    for (let b = 0; b < count; b++) if (exps[b] !== 0) unscale(fn, values.subarray(b * n, (b + 1) * n), exps[b]);
    return { values, vectors: this.heap.read(pv, data.length), sweeps: s };
  }

  /**
   * exp(A) for a square A (n×n), written into `out` (n×n, must not alias `a`) when given, else into a new matrix.
   *
   * Algorithm: scaling and squaring with the diagonal Padé approximant r_m, m ∈ {3, 5, 7, 9, 13}, as SciPy's and
   * MATLAB's `expm` (Al-Mohy & Higham 2009, Alg. 6.1): m and the number of squarings s come from backward-error
   * bounds in d_p = ‖A^p‖₁^{1/p} rather than ‖A‖₁, so badly scaled and strongly non-normal matrices are not
   * overscaled (Moler's 3×3 example with ‖A‖₁ = 2e10 needs s = 8, not 33); ℓ(A, m) adds squarings when rounding in
   * r_m could dominate. The norms of powers are exact for n < 40 and block 1-norm estimates (Higham & Tisseur 2000,
   * deterministic) above, and are only formed when cheap bounds cannot settle the choice. Triangular A: the diagonal
   * and first off-diagonal are recomputed from closed forms after every squaring; diagonal A: e^{a_ii} entrywise
   * (so diag(−1e300, −1) gives diag(0, e^{−1}), not zeros). r_m = (V − U)⁻¹(V + U) by LU with partial pivoting.
   *
   * Accuracy: backward error ≤ u = 2^-53 for the chosen (m, s) in exact arithmetic; forward error ≈ κ_exp(A)·u,
   * within 10× SciPy's own error (or 8u) on every matrix of the Al-Mohy & Higham 2009 test set
   * (test/kernels/expm-amh.test.ts); no NaN where SciPy's powers overflow.
   *
   * Throws ImplicitRegError: `shape` (not square, wrong `out`), `nonfinite` (NaN/±Inf in `a`), `overflow` (an entry
   * of exp(A) exceeds the double range — never a silent Inf), `singular` (the Padé denominator is exactly singular).
   * @example ir.expm(matrix(2, 2, [0, 1, -1, 0])) // rotation by 1 radian: [[cos 1, sin 1], [−sin 1, cos 1]]
   * @example ir.expm(matrix(2, 2, [-1e300, 0, 0, -1])).data // [0, 0, 0, 0.36787944117144233]
   */
  expm(a: Matrix, out?: Matrix): Matrix {
    const fn = 'expm';
    checkSquare(fn, 'a', a);
    checkFinite(fn, 'a', a.data);
    const n = a.rows;
    if (out !== undefined) checkMatrix(fn, 'out', out);
    const res = out ?? matrix(n, n);
    if (res.rows !== n || res.cols !== n) throw new ImplicitRegError('shape', `${fn}: argument out must be ${n}×${n}, got ${res.rows}×${res.cols}`);
    const nn = n * n;
    const [pa, po, work] = this.regions([nn, nn, this.raw.dexpmWorkSize(n)]);
    this.heap.write(pa, a.data);
    const s = this.raw.dexpm(n, pa, po, work);
    if (s < 0) throw expmError(fn, s, 0);
    this.heap.readInto(po, res.data);
    return res;
  }

  /**
   * `expm` (same algorithm, same results bit for bit) on `count` n×n matrices stored back to back in `data`
   * (count·n² doubles, row-major each), in one wasm call; returns the count·n² doubles of the exponentials.
   * Throws like `expm`, naming the first failing matrix: `overflow` / `singular` (… (matrix i)).
   * @example ir.expmBatch(2, new Float64Array([0, 1, -1, 0, 1, 0, 0, 2])) // [rotation by 1 rad, diag(e, e²)]
   */
  expmBatch(n: number, data: Float64Array): Float64Array {
    const fn = 'expmBatch';
    const count = checkBatch(fn, n, data);
    const nn = n * n;
    const [pa, po, work, pf] = this.regions([data.length, data.length, this.raw.dexpmWorkSize(n), 2]);
    this.heap.write(pa, data);
    const s = this.raw.dexpmBatch(count, n, pa, po, work, pf);
    if (s < 0) throw expmError(fn, s, this.heap.i32[pf >>> 2]);
    return this.heap.read(po, data.length);
  }

  /**
   * Integrate y' = f(t, y) with Dormand–Prince 5(4) inside wasm (one call for the whole trajectory).
   * @example ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 5, rtol: 1e-10, atol: 1e-12 })
   */
  rk45(opts: Rk45Options): Rk45Result {
    const fn = 'rk45';
    checkOptions(fn, 'opts', opts, true);
    checkOptions(fn, 'system', opts.system, true);
    const sys = opts.system;
    const y0 = opts.y0;
    checkVector(fn, 'y0', y0 as Float64Array);
    const n = y0.length;
    if (n === 0) throw new ImplicitRegError('shape', `${fn}: argument y0 must be non-empty, got length 0`);
    checkFinite(fn, 'y0', y0);
    const t0 = opts.t0 ?? 0;
    const t1 = opts.t1;
    checkNumber(fn, 't0', t0);
    checkNumber(fn, 't1', t1);
    const rtol = opts.rtol ?? 1e-6;
    const atol = opts.atol ?? 1e-9;
    checkPositive(fn, 'rtol', rtol);
    checkPositive(fn, 'atol', atol);
    if (opts.h0 !== undefined) checkPositive(fn, 'h0', opts.h0);
    if (opts.hMax !== undefined) checkPositive(fn, 'hMax', opts.hMax);
    const maxSteps = opts.maxSteps === undefined ? 1_000_000 : checkCount(fn, 'maxSteps', opts.maxSteps, 1);
    const ftol = optionalTolerance(fn, 'ftol', opts.ftol, 0);
    const tEval = opts.tEval ?? [];
    checkVector(fn, 'tEval', tEval as Float64Array);
    checkFinite(fn, 'tEval', tEval);
    const dir = t1 >= t0 ? 1 : -1;
    for (let k = 0; k < tEval.length; k++) {
      const prev = k === 0 ? t0 : tEval[k - 1];
      if ((tEval[k] - prev) * dir < 0 || (tEval[k] - t1) * dir > 0) {
        throw new ImplicitRegError('value', `${fn}: argument tEval must be monotone within [t0, t1], got ${tEval[k]} at index ${k}`);
      }
    }
    const ctx = this.systemContext(fn, sys, n);
    const method = checkOneOf(fn, 'method', opts.method, ['dopri', 'auto'] as const, 'dopri');
    const stiff = method === 'auto' ? 1 : 0;
    const nEval = tEval.length;
    const [pc, py, pt, pe, ps, work] = this.regions([ctx.length, n, nEval, nEval * n, 10, this.raw.rk45WorkSize(n, stiff)]);
    const h = this.heap;
    h.write(pc, ctx);
    h.write(py, y0);
    h.write(pt, tEval);
    if (nEval > 0) h.f64.fill(0, pe >>> 3, (pe >>> 3) + nEval * n);
    const code = this.raw.rk45(SYSTEM_ID[sys.kind], pc, n, py, t0, t1, rtol, atol, opts.h0 ?? 0, opts.hMax ?? 0,
      maxSteps, ftol, stiff, pt, nEval, pe, ps, work);
    const stats = h.read(ps, 9);
    // a run that ends on a non-finite value reports the last finite step size (the step control's NaN is not a size)
    if (!Number.isFinite(stats[4])) stats[4] = 0;
    const res: Rk45Result = {
      status: RK_STATUS[code],
      t: stats[0],
      y: h.read(py, n),
      steps: stats[1],
      rejected: stats[2],
      nfev: stats[3],
      h: stats[4],
      fNorm: stats[5],
      njev: stats[6],
      switches: { toStiff: stats[7], toNonstiff: stats[8] },
    };
    if (nEval > 0) {
      let evaluated = 0;
      while (evaluated < nEval && (tEval[evaluated] - res.t) * dir <= 0) evaluated++;
      res.yEval = { rows: nEval, cols: n, data: h.read(pe, nEval * n) };
      res.evaluated = evaluated;
    }
    return res;
  }

  // Validate a built-in system against dimension n; returns the parameters the wasm right-hand side reads.
  private systemContext(fn: string, sys: Rk45System, n: number, name = 'system'): ArrayLike<number> {
    checkObject(fn, name, sys);
    if (sys?.kind === 'linear') {
      checkSquare(fn, `${name}.M`, sys.M);
      if (sys.M.rows !== n) throw new ImplicitRegError('shape', `${fn}: argument ${name}.M must be ${n}×${n} to match y0, got ${sys.M.rows}×${sys.M.cols}`);
      checkFinite(fn, `${name}.M`, sys.M.data);
      return sys.M.data;
    }
    if (sys?.kind === 'logistic') {
      checkPositive(fn, `${name}.K`, sys.K);
      checkNumber(fn, `${name}.r`, sys.r);
      return [sys.r, sys.K];
    }
    if (sys?.kind === 'diagonal') {
      checkVector(fn, `${name}.lambda`, sys.lambda as Float64Array, n);
      checkFinite(fn, `${name}.lambda`, sys.lambda);
      return sys.lambda;
    }
    if (sys?.kind === 'vanDerPol') {
      if (n !== 2) throw new ImplicitRegError('shape', `${fn}: argument y0 must have length 2 for the van der Pol system, got ${n}`);
      return [checkNumber(fn, `${name}.mu`, sys.mu, { min: 0 })];
    }
    throw new ImplicitRegError('value', `${fn}: argument ${name}.kind must be 'linear', 'logistic', 'diagonal' or 'vanDerPol', got ${describe((sys as { kind?: unknown })?.kind)}`);
  }

  /** One uncontrolled Dormand–Prince step (5th-order solution and embedded error y5 − y4), for testing the estimator. */
  rk45Step(system: Rk45System, t: number, y: ArrayLike<number>, h: number): {
    /** The 5th-order solution at t + h. */
    y: Float64Array;
    /** The embedded error estimate y5 − y4 (unscaled). */
    err: Float64Array;
  } {
    const fn = 'rk45Step';
    checkVector(fn, 'y', y as Float64Array);
    const n = y.length;
    if (n === 0) throw new ImplicitRegError('shape', `${fn}: argument y must be non-empty, got length 0`);
    checkFinite(fn, 'y', y);
    checkPositive(fn, 'h', h);
    checkNumber(fn, 't', t);
    const ctx = this.systemContext(fn, system, n, 'system');
    const [pc, py, pn, pe, work] = this.regions([ctx.length, n, n, n, this.raw.rk45WorkSize(n, 0)]);
    this.heap.write(pc, ctx);
    this.heap.write(py, y);
    this.raw.rk45Step(SYSTEM_ID[system.kind], pc, n, t, py, h, pn, pe, work);
    const res = { y: this.heap.read(pn, n), err: this.heap.read(pe, n) };
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(res.y[i]) || !Number.isFinite(res.err[i])) throw new ImplicitRegError('overflow', `${fn}: the step overflows double precision (component ${i}); take a smaller h`);
    }
    return res;
  }

  /** The Dormand–Prince coefficients as stored in wasm: { c, a, b, e } (for checking the tableau). */
  rk45Tableau(): {
    /** The 7 nodes c₁…c₇ (c₁ = 0, c₆ = c₇ = 1). */
    c: number[];
    /** The lower-triangular coupling coefficients: row i holds a_i1 … a_i,i−1 (row 0 empty). */
    a: number[][];
    /** The 7 weights of the 5th-order solution (b₂ = b₇ = 0). */
    b: number[];
    /** The 7 coefficients of the error estimate y5 − y4 (e₂ = 0). */
    e: number[];
  } {
    const [p] = this.regions([30]);
    this.raw.rk45Tableau(p);
    const v = Array.from(this.heap.read(p, 30));
    const [c2, c3, c4, c5] = v;
    const A = v.slice(4, 19);
    const a = [[], [A[0]], [A[1], A[2]], [A[3], A[4], A[5]], [A[6], A[7], A[8], A[9]], [A[10], A[11], A[12], A[13], A[14]]];
    const [b1, b3, b4, b5, b6] = v.slice(19, 24);
    const [e1, e3, e4, e5, e6, e7] = v.slice(24, 30);
    return { c: [0, c2, c3, c4, c5, 1, 1], a, b: [b1, 0, b3, b4, b5, b6, 0], e: [e1, 0, e3, e4, e5, e6, e7] };
  }
}

// The exponent e of the power of two 2^e that brings max|a_ij| near 1 when it lies beyond ~1e150 or below ~1e-150
// (0 otherwise): the Jacobi rotations square entries, which overflows or underflows out there.
function scaleExponent(d: ArrayLike<number>): number {
  let big = 0;
  for (let i = 0; i < d.length; i++) big = Math.max(big, Math.abs(d[i]));
  if (big === 0 || (big < 2 ** 500 && big > 2 ** -500)) return 0;
  return Math.floor(Math.log2(big));
}

// 2^−e·d (exact: a power of two; entries far below the largest may round in the subnormal range, negligibly)
function scaleBy(d: ArrayLike<number>, e: number): Float64Array {
  const out = new Float64Array(d.length);
  // two steps so that neither factor is subnormal or infinite
  const h = Math.trunc(e / 2);
  const f1 = 2 ** -h;
  const f2 = 2 ** -(e - h);
  for (let i = 0; i < d.length; i++) out[i] = (d[i] * f1) * f2;
  return out;
}

// values ← 2^e·values; an eigenvalue beyond double precision is an 'overflow' error, never ∞
function unscale(fn: string, values: Float64Array, e: number): void {
  const h = Math.trunc(e / 2);
  const f1 = 2 ** h;
  const f2 = 2 ** (e - h);
  for (let i = 0; i < values.length; i++) {
    values[i] = (values[i] * f1) * f2;
    if (!Number.isFinite(values[i])) throw new ImplicitRegError('overflow', `${fn}: an eigenvalue exceeds double precision (the matrix's entries reach 2^${e})`);
  }
}

// A result of finite operands with a non-finite entry overflowed: an 'overflow' error, never ∞ handed back.
function overflowAt(fn: string, index: number, more = ''): void {
  if (index >= 0) throw new ImplicitRegError('overflow', `${fn}: the result overflows double precision at index ${index}; scale the operands down${more}`);
}

function maxAbs(d: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]));
  return m;
}

// the largest diagonal entry of a PSD product (its largest entry)
function maxAbsDiag(a: Matrix, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, a.data[i * n + i]);
  return m;
}

// A batch of n×n matrices stored back to back: checks n and data, returns the count.
function checkBatch(fn: string, n: number, data: Float64Array): number {
  if (!Number.isInteger(n) || n < 1) throw new ImplicitRegError('shape', `${fn}: argument n must be a positive integer, got ${describe(n)}`);
  if (!(data instanceof Float64Array) || data.length % (n * n) !== 0 || data.length === 0) {
    throw new ImplicitRegError('shape', `${fn}: argument data must be a Float64Array of count·n² = count·${n * n} entries, got ${data?.length}`);
  }
  checkFinite(fn, 'data', data);
  return data.length / (n * n);
}

function expmError(fn: string, status: number, index: number): ImplicitRegError {
  const where = fn === 'expmBatch' ? ` (matrix ${index})` : '';
  if (status === -2) return new ImplicitRegError('overflow', `${fn}: exp(A) overflows double precision${where}`);
  if (status === -3) return new ImplicitRegError('singular', `${fn}: the Padé denominator is singular${where}`);
  return new ImplicitRegError('nonfinite', `${fn}: argument a must be finite${where}`);
}
