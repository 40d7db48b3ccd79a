// Pointer layer: owns the module's one WebAssembly.Memory, allocates f64 regions, and hands out views.
// Views are re-created whenever memory growth has detached them (view.buffer !== memory.buffer).
// see: stdlib-js blas-base-daxpy-wasm (module.js: memory and pointers; routine.js: typed arrays).
import { ImplicitRegError } from '../core/errors.js';
import { allocF64 } from '../core/f64pool.js';
import { checkNumber, describe, formatBytes } from '../core/validate.js';

/** The wasm32 address space: 4 GiB, the most one instance's memory can ever hold. */
export const WASM_MEMORY_LIMIT = 2 ** 32;
/** The largest block AssemblyScript's allocator (TLSF) hands out: BLOCK_MAXSIZE = 1 GiB less its block overhead. */
export const WASM_BLOCK_LIMIT = 2 ** 30 - 64;

/** The raw exports of implicit-reg.wasm (pointers are byte offsets into `memory`). */
export interface RawExports {
  memory: WebAssembly.Memory;
  /** −2⁻⁶⁰ where the build's multiply-add is fused (the FMA build on an engine that fuses), else 0. */
  fmaProbe(): number;
  alloc(bytes: number): number;
  free(ptr: number): void;
  ddot(n: number, x: number, y: number): number;
  daxpy(n: number, alpha: number, x: number, y: number): void;
  dscal(n: number, alpha: number, x: number): void;
  dgemv(trans: number, m: number, n: number, alpha: number, a: number, lda: number, x: number, beta: number, y: number): void;
  dgemm(transa: number, transb: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, work: number): void;
  dsyrk(trans: number, n: number, k: number, alpha: number, a: number, lda: number, beta: number, c: number, ldc: number, work: number): void;
  dgemmWorkSize(): number;
  dsyevj(n: number, a: number, w: number, v: number, work: number, maxSweeps: number): number;
  dsyevjWorkSize(n: number): number;
  dsyevjBatch(count: number, n: number, a: number, w: number, v: number, work: number, maxSweeps: number): number;
  dsyevjWarm(n: number, a: number, v0: number, w: number, v: number, work: number, maxSweeps: number): number;
  dsyevjWarmWorkSize(n: number): number;
  dsytrd(n: number, a: number, d: number, e: number, tau: number, work: number): void;
  dsytrdWorkSize(n: number): number;
  dormtr(n: number, a: number, tau: number, z: number, ncols: number, work: number): void;
  dormtrWorkSize(n: number): number;
  dstedc(n: number, d: number, e: number, qt: number, work: number): number;
  dstedcWorkSize(n: number): number;
  dsteqr(n: number, d: number, e: number, qt: number, ldq: number): number;
  dsyevd(n: number, a: number, w: number, v: number, work: number, wantVectors: number): number;
  dsyevdWorkSize(n: number, wantVectors: number): number;
  dsyevdSelect(n: number, a: number, w: number, v: number, work: number, select: number): number;
  dsterf(n: number, d: number, e: number): number;
  dstein(n: number, d: number, e: number, il: number, k: number, w: number, z: number, work: number): void;
  dsteinWorkSize(n: number): number;
  sturmCount(n: number, d: number, e2: number, x: number, pivmin: number): number;
  dexpm(n: number, a: number, out: number, work: number): number;
  dexpmBatch(count: number, n: number, a: number, out: number, work: number, failIndex: number): number;
  dexpmWorkSize(n: number): number;
  dexpmParams(n: number, a: number, work: number, ms: number): number;
  dnormest1(n: number, q: number, m1: number, m2: number, m3: number, work: number): number;
  dnormest1WorkSize(n: number): number;
  rk45(system: number, ctx: number, n: number, y: number, t0: number, t1: number, rtol: number, atol: number,
    h0: number, hmax: number, maxSteps: number, ftol: number, stiff: number, tEval: number, nEval: number, yEval: number,
    stats: number, work: number): number;
  rk45Step(system: number, ctx: number, n: number, t: number, y: number, h: number, yNew: number, err: number, work: number): void;
  rk45Tableau(out: number): void;
  rk45WorkSize(n: number, stiff: number): number;
  sensingApply(op: number, x: number, y: number, work: number): void;
  sensingAdjoint(op: number, r: number, z: number, work: number): void;
  sensingGram(op: number, g: number, work: number): void;
  sensingGrad(op: number, y: number, u: number, d: number, r: number, g: number, work: number): number;
  sensingWorkSize(n: number, d: number): number;
  factoredGD(op: number, y: number, u: number, d: number, eta: number, els: number, maxIter: number, ltol: number,
    gtol: number, fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  factoredWorkSize(n: number, d: number, m: number): number;
  elsStep(srr: number, srb: number, sbb: number, src: number, sbc: number, scc: number, tmax: number): number;
  gradientFlow(op: number, y: number, u: number, d: number, tMax: number, rtol: number, atol: number, gtol: number,
    ltol: number, fitLoss: number, qtol: number, stiff: number, maxSteps: number, tEval: number, nEval: number,
    uEval: number, stats: number, work: number): number;
  gradientFlowWorkSize(n: number, d: number, m: number, stiff: number): number;
  timeOrderedExp(op: number, y: number, u: number, d: number, eta: number, maxIter: number, ltol: number, gtol: number,
    fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  timeOrderedExpWorkSize(n: number, d: number, m: number): number;
  xSpaceGD(op: number, y: number, x: number, eta: number, project: number, maxIter: number, ltol: number, gtol: number,
    fitLoss: number, divergeLoss: number, samples: number, nSamples: number, hist: number, stats: number, work: number): number;
  xSpaceWorkSize(n: number, m: number): number;
  sdpADMM(op: number, b: number, c: number, x: number, y: number, s: number, mu0: number, tol: number, maxIter: number,
    checkEvery: number, stats: number, work: number): number;
  sdpWorkSize(n: number, m: number, kind: number): number;
  grid3Run(start: number, count: number, alphas: number, nAlpha: number, seed: number, gtol: number, ltol: number,
    fitTol: number, qtol: number, stiff: number, tMax: number, rtol: number, atol: number, maxSteps: number, out: number,
    work: number): number;
  grid3WorkSize(): number;
  grid3InitialU(seed: number, id: number, alphaIndex: number, alpha: number, out: number): void;
  exactCompletion3(known: number, res: number): void;
  censusRun(n: number, start: number, count: number, layout: number, nk: number, masks: number, entries: number, values: number,
    nv: number, alphas: number, nAlpha: number, params: number, kmax: number, out: number, work: number): number;
  censusWorkSize(n: number, kmax: number): number;
  censusInitialU(seed: number, local: number, alphaIndex: number, alpha: number, n: number, out: number): void;
  completionLambda(n: number, known: number, out: number, adj: number): number;
}

// Below this many doubles a plain loop copies faster than subarray + set (which allocates a view).
const SMALL = 64;

/** Allocation and views over the wasm memory. All sizes are in doubles, all pointers in bytes. */
export class Heap {
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
