// Pointer layer: owns the module's one WebAssembly.Memory, allocates f64 regions, and hands out views.
// Views are re-created whenever memory growth has detached them (view.buffer !== memory.buffer).
// see: stdlib-js blas-base-daxpy-wasm (module.js: memory and pointers; routine.js: typed arrays).
import { ImplicitRegError } from '../core/errors.js';
import { allocF64 } from '../core/f64pool.js';
import { allFinite, checkNumber, describe, formatBytes } from '../core/validate.js';

/** The wasm32 address space: 4 GiB, the most one instance's memory can ever hold. */
export const WASM_MEMORY_LIMIT = 2 ** 32;
/** The largest block AssemblyScript's allocator (TLSF) hands out: BLOCK_MAXSIZE = 1 GiB less its block overhead. */
export const WASM_BLOCK_LIMIT = 2 ** 30 - 64;

/** The raw exports of implicit-reg.wasm (pointers are byte offsets into `memory`). */
export interface RawExports {
  /** The module's one linear memory; every pointer below is a byte offset into it. */
  memory: WebAssembly.Memory;
  /** −2⁻⁶⁰ where the build's multiply-add is fused (the FMA build on an engine that fuses), else 0. */
  fmaProbe(): number;
  /**
   * Allocate a block of at least `bytes` bytes, 16-byte aligned; returns its pointer (prefer {@link Heap.alloc}, which
   * checks the size).
   */
  alloc(bytes: number): number;
  /** Return a block obtained from `alloc`. */
  free(ptr: number): void;
  /** Σ xᵢyᵢ over n contiguous doubles. */
  ddot(n: number, x: number, y: number): number;
  /** y := αx + y over n contiguous doubles. */
  daxpy(n: number, alpha: number, x: number, y: number): void;
  /** x := αx over n contiguous doubles. */
  dscal(n: number, alpha: number, x: number): void;
  /**
   * y := α op(A)x + βy, A m×n row-major with leading dimension lda, op(A) = A (trans 0) or Aᵀ (trans 1); β = 0
   * overwrites y.
   */
  dgemv(trans: number, m: number, n: number, alpha: number, a: number, lda: number, x: number, beta: number, y: number): void;
  /**
   * C := α op(A) op(B) + βC, row-major with leading dimensions; trans flags 0 or 1; β = 0 overwrites C; `work` holds
   * dgemmWorkSize() doubles.
   */
  dgemm(transa: number, transb: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, work: number): void;
  /**
   * C := αAAᵀ + βC (A n×k, trans 0) or αAᵀA + βC (A k×n, trans 1), C n×n symmetric in full storage; `work` as for
   * dgemm.
   */
  dsyrk(trans: number, n: number, k: number, alpha: number, a: number, lda: number, beta: number, c: number, ldc: number, work: number): void;
  /** Doubles of workspace dgemm and dsyrk need. */
  dgemmWorkSize(): number;
  /** Index of the first non-finite of the n doubles at byte pointer x, or −1 (SIMD). */
  firstNonFinite(n: number, x: number): number;
  /**
   * Jacobi eigendecomposition A = V diag(w) Vᵀ of a symmetric n×n A (read only), w ascending; returns the sweeps used,
   * or −1 when maxSweeps did not suffice.
   */
  dsyevj(n: number, a: number, w: number, v: number, work: number, maxSweeps: number): number;
  /** Doubles of workspace dsyevj needs for order n. */
  dsyevjWorkSize(n: number): number;
  /**
   * dsyevj over `count` n×n matrices stored back to back; returns the largest sweep count, or −(1 + index) of the first
   * that did not converge.
   */
  dsyevjBatch(count: number, n: number, a: number, w: number, v: number, work: number, maxSweeps: number): number;
  /**
   * dsyevj warm-started from an orthogonal V0 close to the eigenbasis (V = V0·W); same outputs and status as dsyevj.
   */
  dsyevjWarm(n: number, a: number, v0: number, w: number, v: number, work: number, maxSweeps: number): number;
  /** Doubles of workspace dsyevjWarm needs for order n. */
  dsyevjWarmWorkSize(n: number): number;
  /**
   * Householder tridiagonalization QTQᵀ = A of a symmetric n×n A (overwritten by the reflectors): diag(T) to d,
   * off-diagonal to e, reflector scalars to tau.
   */
  dsytrd(n: number, a: number, d: number, e: number, tau: number, work: number): void;
  /** Doubles of workspace dsytrd needs for order n. */
  dsytrdWorkSize(n: number): number;
  /** Z := QZ for the Q of dsytrd (reflectors in a, scalars in tau), Z n×ncols row-major. */
  dormtr(n: number, a: number, tau: number, z: number, ncols: number, work: number): void;
  /** Doubles of workspace dormtr needs for order n. */
  dormtrWorkSize(n: number): number;
  /**
   * Divide-and-conquer eigendecomposition of the symmetric tridiagonal (d, e), both destroyed: d becomes the
   * eigenvalues ascending, row j of qt the eigenvector of d[j]; returns 0, or −1 if a QL leaf did not converge.
   */
  dstedc(n: number, d: number, e: number, qt: number, work: number): number;
  /** Doubles of workspace dstedc needs for order n. */
  dstedcWorkSize(n: number): number;
  /**
   * Implicit QL with Wilkinson shifts on the tridiagonal (d, e), rotations applied to the rows of qt (row stride ldq)
   * when qt ≠ 0; returns the QL iterations, or −1 if an eigenvalue took more than 30.
   */
  dsteqr(n: number, d: number, e: number, qt: number, ldq: number): number;
  /**
   * Eigendecomposition of a symmetric n×n A (read only) by tridiagonalization and divide and conquer; wantVectors = 0
   * computes w only; returns 0, or −1 on a QL failure.
   */
  dsyevd(n: number, a: number, w: number, v: number, work: number, wantVectors: number): number;
  /** Doubles of workspace dsyevd and dsyevdSelect need for order n. */
  dsyevdWorkSize(n: number, wantVectors: number): number;
  /**
   * All eigenvalues of a symmetric A and the eigenvectors of one sign class only (`select`: all, negative, positive,
   * the smaller class), as the PSD projection needs; returns 2k + (1 if the positive class was chosen), or −1 on a QL
   * failure.
   */
  dsyevdSelect(n: number, a: number, w: number, v: number, work: number, select: number): number;
  /**
   * Eigenvalues only of the symmetric tridiagonal (d, e), both destroyed, by root-free QL; d becomes the eigenvalues
   * ascending; returns the sweeps, or −1 after more than 30n.
   */
  dsterf(n: number, d: number, e: number): number;
  /**
   * Eigenvalues il…il+k−1 (0-based, ascending) of the tridiagonal (d, e) by bisection into w, and their eigenvectors by
   * inverse iteration into z (n×k row-major).
   */
  dstein(n: number, d: number, e: number, il: number, k: number, w: number, z: number, work: number): void;
  /** Doubles of workspace dstein needs for order n. */
  dsteinWorkSize(n: number): number;
  /**
   * Number of eigenvalues of the tridiagonal (d, e² in e2) below x (Sturm count), pivots smaller than pivmin replaced
   * by −pivmin.
   */
  sturmCount(n: number, d: number, e2: number, x: number, pivmin: number): number;
  /**
   * out := exp(A) for A n×n (scaling and squaring, Padé; Al-Mohy & Higham 2009); returns the squarings s ≥ 0 or a
   * negative status (non-finite input, overflow, singular).
   */
  dexpm(n: number, a: number, out: number, work: number): number;
  /**
   * dexpm over `count` n×n matrices stored back to back; returns the largest squaring count, or a negative status with
   * the failing index in failIndex[0].
   */
  dexpmBatch(count: number, n: number, a: number, out: number, work: number, failIndex: number): number;
  /** Doubles of workspace dexpm and dexpmBatch need for order n. */
  dexpmWorkSize(n: number): number;
  /**
   * The Padé degree m and squarings s that dexpm would choose for A, written as two i32 at `ms`; returns 0 or the
   * non-finite-input status.
   */
  dexpmParams(n: number, a: number, work: number, ms: number): number;
  /** A lower estimate of ‖M1·M2·M3‖₁ (q = 1, 2 or 3 factors) by block 1-norm estimation (Higham & Tisseur 2000). */
  dnormest1(n: number, q: number, m1: number, m2: number, m3: number, work: number): number;
  /** Doubles of workspace dnormest1 needs for order n. */
  dnormest1WorkSize(n: number): number;
  /**
   * Integrate a built-in system (id `system`, parameters at ctx) from t0 towards t1 with Dormand–Prince step control
   * (stiff = 1: Rodas5P in stiff stretches), y updated in place; returns an ODE status, or −100 for an unknown system.
   */
  rk45(system: number, ctx: number, n: number, y: number, t0: number, t1: number, rtol: number, atol: number,
    h0: number, hmax: number, maxSteps: number, ftol: number, stiff: number, tEval: number, nEval: number, yEval: number,
    stats: number, work: number): number;
  /**
   * One uncontrolled Dormand–Prince step of size h: the 5th-order solution to yNew, the embedded error estimate to err.
   */
  rk45Step(system: number, ctx: number, n: number, t: number, y: number, h: number, yNew: number, err: number, work: number): void;
  /** Write the Dormand–Prince tableau coefficients to `out` (for tests). */
  rk45Tableau(out: number): void;
  /** Doubles of workspace rk45 and rk45Step need for dimension n (stiff = 1: room for Rodas steps). */
  rk45WorkSize(n: number, stiff: number): number;
  /** y := A(X) for a symmetric n×n X and the operator at `op`. */
  sensingApply(op: number, x: number, y: number, work: number): void;
  /** Z := A*(r) = Σ rᵢAᵢ (n×n, full symmetric storage). */
  sensingAdjoint(op: number, r: number, z: number, work: number): void;
  /** G := AA* (m×m), Gᵢⱼ = ⟨Aᵢ, Aⱼ⟩. */
  sensingGram(op: number, g: number, work: number): void;
  /** r := A(UUᵀ) − y and G := A*(r)U for U n×d; returns the loss L = ¼‖r‖². */
  sensingGrad(op: number, y: number, u: number, d: number, r: number, g: number, work: number): number;
  /** Doubles of workspace the sensing functions need for order n and factor width d. */
  sensingWorkSize(n: number, d: number): number;
  /**
   * Gradient descent on U (n×d, in place) for L(U) = ¼‖A(UUᵀ) − y‖², fixed step eta or (els = 1) exact line search
   * capped at eta; returns a solver status code, history rows at the sample iterations, stats at the end.
   */
  factoredGD(op: number, y: number, u: number, d: number, eta: number, els: number, maxIter: number, ltol: number,
    gtol: number, fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  /** Doubles of workspace factoredGD needs. */
  factoredWorkSize(n: number, d: number, m: number): number;
  /**
   * The step t ∈ [0, tmax] minimizing the quartic loss along −G, from its coefficient sums (Σr², Σrb, Σb², Σrc, Σbc,
   * Σc²).
   */
  elsStep(srr: number, srb: number, sbb: number, src: number, sbc: number, scc: number, tmax: number): number;
  /**
   * Integrate the gradient flow U̇ = −∇L(U) from U (n×d, in place) until a stopping rule fires; snapshots at tEval to
   * uEval; returns a solver status code.
   */
  gradientFlow(op: number, y: number, u: number, d: number, tMax: number, rtol: number, atol: number, gtol: number,
    ltol: number, fitLoss: number, qtol: number, stiff: number, maxSteps: number, tEval: number, nEval: number,
    uEval: number, stats: number, work: number, normControl: number): number;
  /** Doubles of workspace gradientFlow needs (stiff = 1: room for Rodas steps). */
  gradientFlowWorkSize(n: number, d: number, m: number, stiff: number): number;
  /** Iterate U ← expm(−η A*(r))·U on U (n×d, in place); stops like factoredGD; returns a solver status code. */
  timeOrderedExp(op: number, y: number, u: number, d: number, eta: number, maxIter: number, ltol: number, gtol: number,
    fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  /** Doubles of workspace timeOrderedExp needs. */
  timeOrderedExpWorkSize(n: number, d: number, m: number): number;
  /**
   * Gradient descent on X (n×n symmetric, in place) for ¼‖A(X) − y‖², with project = 1 a PSD projection after every
   * step; returns a solver status code.
   */
  xSpaceGD(op: number, y: number, x: number, eta: number, project: number, maxIter: number, ltol: number, gtol: number,
    fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  /** Doubles of workspace xSpaceGD needs. */
  xSpaceWorkSize(n: number, m: number): number;
  /**
   * ADMM for min ⟨C, X⟩ s.t. A(X) = b, X ⪰ 0 from the (X, y, S) given (zeros: cold start); mu0 < 0 picks the penalty
   * automatically; returns an SDP status code.
   */
  sdpADMM(op: number, b: number, c: number, x: number, y: number, s: number, mu0: number, tol: number, maxIter: number,
    checkEvery: number, stats: number, work: number): number;
  /** Doubles of workspace sdpADMM needs (kind: the operator kind; entry operators need less). */
  sdpWorkSize(n: number, m: number, kind: number): number;
  /**
   * The 3×3 completion grid's instances [start, start + count) × alphas, GRID_FIELDS doubles per record to `out`;
   * returns the instances done (fewer when the host asked to stop).
   */
  grid3Run(start: number, count: number, alphas: number, nAlpha: number, seed: number, gtol: number, ltol: number,
    fitTol: number, qtol: number, stiff: number, tMax: number, rtol: number, atol: number, maxSteps: number, out: number,
    work: number): number;
  /** Doubles of workspace grid3Run needs. */
  grid3WorkSize(): number;
  /** The grid's initial factor U0 (3×3, row-major) for (seed, instance id, α index), scaled to ‖U0‖_F = alpha. */
  grid3InitialU(seed: number, id: number, alphaIndex: number, alpha: number, out: number): void;
  /**
   * Exact minimum-trace PSD completion of 6 known doubles (NaN = unknown, exactly two unknown): λ* to res[0], the
   * minimum trace to res[1].
   */
  exactCompletion3(known: number, res: number): void;
  /**
   * The census's records for ids [start, start + count) × alphas of order n (CENSUS_FIELDS doubles each) to `out`;
   * returns the instances done, or −1 for an id outside every block.
   */
  censusRun(n: number, start: number, count: number, layout: number, nk: number, masks: number, entries: number, values: number,
    nv: number, alphas: number, nAlpha: number, params: number, kmax: number, out: number, work: number): number;
  /** Doubles of workspace censusRun needs for order n and at most kmax observed entries. */
  censusWorkSize(n: number, kmax: number): number;
  /** The census's initial factor U0 (n×n, row-major) of local id `local` and α index, scaled to ‖U0‖_F = alpha. */
  censusInitialU(seed: number, local: number, alphaIndex: number, alpha: number, n: number, out: number): void;
  /**
   * λ* and attainment of the completion problem `known` (n×n, NaN = unobserved, n ≤ 5) to out[0..2]; returns 0, −1 (a
   * non-chordal pattern other than the 4-cycle) or −2 (an eigendecomposition did not converge).
   */
  completionLambda(n: number, known: number, out: number, adj: number): number;
}

// Below this many doubles a plain loop copies faster than subarray + set (which allocates a view).
const SMALL = 64;

/** Allocation and views over the wasm memory. All sizes are in doubles, all pointers in bytes. */
export class Heap {
  /** The module's raw exports, whose `memory` this heap manages. */
  readonly raw: RawExports;
  private view: Float64Array;
  private i32view: Int32Array;

  constructor(raw: RawExports) {
    if (raw === null || typeof raw !== 'object' || !(raw.memory instanceof WebAssembly.Memory) || typeof raw.alloc !== 'function') {
      throw new ImplicitRegError('value', `Heap: argument raw must be the raw exports of implicit-reg.wasm (Kernels.raw), got ${describe(raw)}`);
    }
    this.raw = raw;
    this.view = new Float64Array(raw.memory.buffer);
    this.i32view = new Int32Array(raw.memory.buffer);
  }

  /**
   * A Float64Array over the whole memory, valid until the next allocation that grows memory.
   * Growth detaches the old buffer, and a view on a detached buffer has length 0: that test is equivalent to
   * `view.buffer !== memory.buffer` and avoids the ~50 ns `memory.buffer` getter on every call.
   */
  get f64(): Float64Array {
    if (this.view.length === 0) this.view = new Float64Array(this.raw.memory.buffer);
    return this.view;
  }

  /** An Int32Array over the whole memory (for i32 arguments and results), valid like {@link Heap.f64}. */
  get i32(): Int32Array {
    if (this.i32view.length === 0) this.i32view = new Int32Array(this.raw.memory.buffer);
    return this.i32view;
  }

  /** Current size of the wasm memory in bytes. */
  get byteLength(): number {
    return this.raw.memory.buffer.byteLength;
  }

  /**
   * Allocate room for `doubles` f64 values (16-byte aligned); returns a byte pointer. A request the wasm32 memory
   * cannot hold (4 GiB in all, less what is in use) is an ImplicitRegError('memory') stating the size, and leaves the
   * instance usable: the size is checked before the call, and an abort of the allocator itself (memory.grow refused)
   * is converted — it happens before the allocator changes any state.
   */
  alloc(doubles: number): number {
    checkNumber('alloc', 'doubles', doubles, { integer: true, min: 0 });
    const bytes = Math.max(8, doubles * 8);
    if (bytes > WASM_BLOCK_LIMIT) throw memoryError(bytes);
    let ptr: number;
    try {
      ptr = this.raw.alloc(bytes) >>> 0;
    } catch (e) {
      if (e instanceof ImplicitRegError || e instanceof RangeError || (e as Error)?.name === 'RuntimeError') throw memoryError(bytes, this.byteLength);
      throw e;
    }
    if (ptr === 0) throw memoryError(bytes, this.byteLength);
    return ptr;
  }

  /** Free a block from {@link Heap.alloc}; pointer 0 is ignored. */
  free(ptr: number): void {
    if (ptr !== 0) this.raw.free(ptr);
  }

  /** Copy `src` into memory at byte pointer `ptr`. */
  write(ptr: number, src: ArrayLike<number>): void {
    const f = this.f64;
    const o = ptr >>> 3;
    const len = src.length;
    if (len <= SMALL) for (let i = 0; i < len; i++) f[o + i] = src[i];
    else f.set(src, o);
  }

  /** A copy of `len` doubles at byte pointer `ptr`. */
  read(ptr: number, len: number): Float64Array {
    const out = allocF64(len);
    this.readInto(ptr, out, len);
    return out;
  }

  /** Index of the first non-finite of `len` doubles at `ptr`, or −1 (no allocation: checks results in place). */
  firstNonFinite(ptr: number, len: number): number {
    const f = this.f64;
    const o = ptr >>> 3;
    if (len > 32) return this.raw.firstNonFinite(len, ptr); // SIMD in wasm: ~0.15 ns a double
    if (allFinite(f.subarray(o, o + len))) return -1;
    for (let i = 0; i < len; i++) {
      const x = f[o + i];
      if (x - x !== 0) return i;
    }
    return -1;
  }

  /** Copy `len` doubles at `ptr` into `dst` (no allocation). */
  readInto(ptr: number, dst: Float64Array, len = dst.length): void {
    const f = this.f64;
    const o = ptr >>> 3;
    if (len <= SMALL) for (let i = 0; i < len; i++) dst[i] = f[o + i];
    else dst.set(f.subarray(o, o + len));
  }
}

function memoryError(bytes: number, inUse?: number): ImplicitRegError {
  const used = inUse === undefined ? '' : ` (the instance's memory is ${formatBytes(inUse)} now)`;
  return new ImplicitRegError('memory', `alloc: ${formatBytes(bytes)} of wasm memory cannot be allocated: one block holds at most 1 GiB (AssemblyScript's allocator) and the wasm32 memory ${formatBytes(WASM_MEMORY_LIMIT)} in all${used}; the instance stays usable`);
}

/**
 * A growable scratch region reused across calls, so a kernel call allocates nothing in steady state.
 * `take(doubles)` returns a base pointer valid until the next `take`; callers carve it into sub-regions.
 */
export class Scratch {
  private ptr = 0;
  private capacity = 0;
  constructor(private readonly heap: Heap) {
    if (!(heap instanceof Heap)) throw new ImplicitRegError('value', `Scratch: argument heap must be a Heap (Kernels.heap), got ${describe(heap)}`);
  }

  /**
   * A base pointer to at least `doubles` doubles. Growing allocates the new block before freeing the old one and
   * updates the fields only on success: a failed request (ImplicitRegError('memory')) leaves the previous block in
   * place, so the instance stays usable.
   */
  take(doubles: number): number {
    checkNumber('Scratch.take', 'doubles', doubles, { integer: true, min: 0 });
    if (doubles > this.capacity) {
      let capacity = Math.max(doubles, Math.ceil(this.capacity * 1.5), 1024);
      let ptr: number;
      try {
        ptr = this.heap.alloc(capacity);
      } catch (e) {
        // the 1.5× growth may be what does not fit: try the exact request
        if (capacity === doubles) throw e;
        capacity = doubles;
        ptr = this.heap.alloc(capacity);
      }
      this.heap.free(this.ptr);
      this.ptr = ptr;
      this.capacity = capacity;
    }
    return this.ptr;
  }
}
