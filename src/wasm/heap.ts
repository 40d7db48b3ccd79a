// Pointer layer: owns the module's one WebAssembly.Memory, allocates f64 regions, and hands out views.
// Views are re-created whenever memory growth has detached them (view.buffer !== memory.buffer).
// see: stdlib-js blas-base-daxpy-wasm (module.js: memory and pointers; routine.js: typed arrays).
import { ImplicitRegError } from '../core/errors.js';
import { allocF64 } from '../core/f64pool.js';

/** The raw exports of implicit-reg.wasm (pointers are byte offsets into `memory`). */
export interface RawExports {
  memory: WebAssembly.Memory;
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
  dexpm(n: number, a: number, out: number, work: number): number;
  dexpmBatch(count: number, n: number, a: number, out: number, work: number, failIndex: number): number;
  dexpmWorkSize(n: number): number;
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

  /** Allocate room for `doubles` f64 values (16-byte aligned); returns a byte pointer. */
  alloc(doubles: number): number {
    const bytes = Math.max(8, doubles * 8);
    const ptr = this.raw.alloc(bytes) >>> 0;
    if (ptr === 0) throw new ImplicitRegError('state', `alloc: could not allocate ${bytes} bytes of wasm memory`);
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

  /** Copy `len` doubles at `ptr` into `dst` (no allocation). */
  readInto(ptr: number, dst: Float64Array, len = dst.length): void {
    const f = this.f64;
    const o = ptr >>> 3;
    if (len <= SMALL) for (let i = 0; i < len; i++) dst[i] = f[o + i];
    else dst.set(f.subarray(o, o + len));
  }
}

/**
 * A growable scratch region reused across calls, so a kernel call allocates nothing in steady state.
 * `take(doubles)` returns a base pointer valid until the next `take`; callers carve it into sub-regions.
 */
export class Scratch {
  private ptr = 0;
  private capacity = 0;
  constructor(private readonly heap: Heap) {}

  take(doubles: number): number {
    if (doubles > this.capacity) {
      this.heap.free(this.ptr);
      this.capacity = Math.max(doubles, Math.ceil(this.capacity * 1.5), 1024);
      this.ptr = this.heap.alloc(this.capacity);
    }
    return this.ptr;
  }
}
