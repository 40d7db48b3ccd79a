// Web Worker pool for batch work in a browser (docs/algorithms/grid.md: "Web Workers in the browser"): N module workers, each with
// its own wasm instance made from one compiled module (compiled once by the page, structured-cloned to the workers).
// Grid ranges are cut into chunks exactly as the Node runner cuts them, and every record depends only on
// (seed, instance id, α index), so the records equal Node's runGrid3 for the same ranges, bit for bit.
import { ImplicitRegError, type ErrorCode } from '../core/errors.js';
import type { ExploreChunk, ExploreSpec } from '../solvers/explore.js';
import { GRID_FIELDS, GRID_SIZE, type Grid3Options } from '../grid/grid3.js';
import type { Certificate, SDPStatus } from '../sdp/sdp.js';
import type { SolverStatus } from '../solvers/status.js';

/** One unit of work for a pool worker (see {@link BrowserPool.run}). */
export type PoolTask =
  | {
    /** The 3×3 grid's records of a range of instances (resolves to a Float64Array, as runGrid3). */
    kind: 'grid';
    /** First instance id. */
    start: number;
    /** Number of instances. */
    count: number;
    /** The grid's flow options. */
    opts: Grid3Options;
  }
  | {
    /** An explorer trajectory, chunk by chunk as progress messages (see {@link TrajectoryProgress}). */
    kind: 'trajectory';
    /** The problem and dynamics. */
    spec: ExploreSpec;
  }
  | {
    /** An explorer run to its end (resolves to a {@link SweepResult}). */
    kind: 'sweep';
    /** The problem and dynamics. */
    spec: ExploreSpec;
  };

/** Progress messages of a 'trajectory' task: the reference (min nuclear norm; NaN with a message if the SDP failed), then one per chunk. */
export type TrajectoryProgress =
  | {
    /** The reference line: the minimum nuclear norm of the problem. */
    kind: 'reference';
    /** min tr X s.t. A(X) = y, X ⪰ 0 (NaN when the SDP threw). */
    minNuclear: number;
    /** The SDP's status, or 'error' when it threw. */
    status: SDPStatus | 'error';
    /** tr X* = ‖X*‖_* of the ground truth. */
    truthNuclear: number;
    /** The SDP's certificate (absent when it threw). */
    certificate?: Certificate;
    /** The error message when the SDP threw. */
    message?: string;
  }
  | {
    /** One chunk of the trajectory. */
    kind: 'chunk';
    /** The chunk, as exploreTrajectory yields it. */
    chunk: ExploreChunk;
  };

/** The end state of one sweep job. */
export interface SweepResult {
  /** The spec that was run. */
  spec: ExploreSpec;
  /** Iteration or time reached. */
  end: number;
  /** L = ¼‖A(UUᵀ) − y‖² at the end. */
  loss: number;
  /** tr X = ‖U‖_F² at the end. */
  trace: number;
  /** How the last solver call ended. */
  status: SolverStatus;
  /** The eigenvalues of X = UUᵀ at the end, descending. */
  eigenvalues: number[];
}

/** Options of the {@link BrowserPool} constructor. */
export interface BrowserPoolOptions {
  /** The compiled package module (`await wasmModule()` from the browser or inline entry). */
  module: WebAssembly.Module;
  /** Workers (default navigator.hardwareConcurrency, else 2). */
  size?: number;
  /** Worker script (default: worker.js next to this file; bundlers follow the default's literal URL). */
  workerUrl?: string | URL;
}

/** Progress callback of runGrid and sweep: `done` of `total` instances (runGrid) or specs (sweep). */
export type GridProgress = (done: number, total: number) => void;

interface Pending {
  id: number;
  task: PoolTask;
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: unknown) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  job?: Pending;
  /** Consecutive failures of this slot's workers without a finished task (a worker script that cannot load). */
  failures: number;
  /** Given up after MAX_RESPAWNS consecutive failures. */
  dead?: boolean;
}

const MAX_RESPAWNS = 3;

/** How a slot's worker is made (kept to replace a worker that failed). */
type Spawn = () => Worker;

/**
 * A fixed set of module workers with a FIFO queue.
 * @example const pool = new BrowserPool({ module: await wasmModule(), size: 4 }); const rec = await pool.runGrid([[0, 1000]], { alphas: [1e-3] })
 */
export class BrowserPool {
  /** Number of workers. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private spawnWorker!: Spawn;
  private module!: WebAssembly.Module;

  constructor(o: BrowserPoolOptions) {
    if (!(o.module instanceof WebAssembly.Module)) throw new ImplicitRegError('value', `BrowserPool: argument module must be a WebAssembly.Module (from wasmModule()), got ${String(o.module)}`);
    const size = o.size ?? (globalThis.navigator?.hardwareConcurrency || 2);
    if (!Number.isInteger(size) || size < 1) throw new ImplicitRegError('value', `BrowserPool: argument size must be a positive integer, got ${size}`);
    this.size = size;
    this.module = o.module;
    // the literal `new Worker(new URL('./…', import.meta.url), { type: 'module' })` is the form Vite and webpack bundle
    this.spawnWorker = o.workerUrl
      ? () => new Worker(o.workerUrl!, { type: 'module' })
      : () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    for (let i = 0; i < size; i++) {
      const slot = { worker: undefined as unknown as Worker, failures: 0 } as Slot;
      this.attach(slot);
      this.slots.push(slot);
    }
  }

  // Give a slot a fresh worker. A worker that failed (an uncaught error, a script that did not load) is terminated and
  // replaced, so one failure does not leave the pool a worker short or every later task on it failing.
  private attach(slot: Slot): void {
    const worker = this.spawnWorker();
    slot.worker = worker;
    worker.onmessage = (e: MessageEvent) => { if (slot.worker === worker) this.onMessage(slot, e.data); };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      if (slot.worker !== worker) return;
      worker.terminate();
      const err = new ImplicitRegError('worker', `BrowserPool: worker failed: ${e.message || 'the worker script did not load'}`);
      slot.failures++;
      if (this.closed) return this.finish(slot, err);
      if (slot.failures < MAX_RESPAWNS) this.attach(slot);
      else slot.dead = true;
      this.finish(slot, err);
      if (this.slots.every((s) => s.dead)) for (const j of this.queue.splice(0)) j.reject(new ImplicitRegError('worker', `BrowserPool: every worker failed ${MAX_RESPAWNS} times in a row: ${err.message}`));
    };
    worker.postMessage({ type: 'init', module: this.module });
  }

  /**
   * Run one task on the next free worker; `onProgress` receives its progress messages; `signal` cancels it.
   * @example await pool.run({ kind: 'sweep', spec })
   */
  run<T>(task: PoolTask, onProgress?: (p: unknown) => void, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new ImplicitRegError('state', 'BrowserPool: the pool was destroyed'));
    if (signal?.aborted) return Promise.reject(new ImplicitRegError('cancelled', 'BrowserPool: the task was cancelled before it started'));
    return new Promise<T>((resolve, reject) => {
      const job: Pending = { id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject, onProgress, signal };
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Grid records for the given ranges [start, count] (concatenated in order, instance-major, GRID_FIELDS doubles per
   * (instance, α)), computed in chunks of `chunk` instances (default 2500, as the Node runner).
   * @example await pool.runGrid([[0, 500], [10000, 500]], { alphas: [1e-5, 1e-3, 1] }, (d, t) => bar(d / t))
   */
  async runGrid(ranges: [number, number][], opts: Grid3Options & { chunk?: number }, onProgress?: GridProgress, signal?: AbortSignal): Promise<Float64Array> {
    const chunk = opts.chunk ?? 2500;
    if (!Number.isInteger(chunk) || chunk < 1) throw new ImplicitRegError('value', `runGrid: argument chunk must be a positive integer, got ${chunk}`);
    const pieces: { start: number; count: number; offset: number }[] = [];
    let total = 0;
    for (const [start, count] of ranges) {
      if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > GRID_SIZE) {
        throw new ImplicitRegError('value', `runGrid: argument ranges must hold [start, count] within [0, ${GRID_SIZE}), got [${start}, ${count}]`);
      }
      for (let s = start; s < start + count; s += chunk) pieces.push({ start: s, count: Math.min(chunk, start + count - s), offset: total + s - start });
      total += count;
    }
    const { chunk: _omit, ...gridOpts } = opts;
    const per = opts.alphas.length * GRID_FIELDS;
    const out = new Float64Array(total * per);
    let done = 0;
    onProgress?.(0, total);
    await this.all(pieces, signal, (p, inner) => this.run<Float64Array>({ kind: 'grid', start: p.start, count: p.count, opts: gridOpts }, undefined, inner), (p, rec) => {
      out.set(rec, p.offset * per);
      done += p.count;
      onProgress?.(done, total);
    });
    return out;
  }

  // Run one task per item; the first failure cancels the others (queued ones at once, running ones at their next
  // check) and rejects with that failure; no progress is reported after it (the caller's error is not overwritten).
  private async all<I, R>(items: I[], signal: AbortSignal | undefined, start: (item: I, inner: AbortSignal) => Promise<R>, each: (item: I, r: R) => void): Promise<R[]> {
    const inner = new AbortController();
    const forward = () => inner.abort();
    signal?.addEventListener('abort', forward, { once: true });
    let failed = false;
    try {
      return await Promise.all(items.map(async (item) => {
        try {
          const r = await start(item, inner.signal);
          if (!failed) each(item, r);
          return r;
        } catch (e) {
          if (!failed) {
            failed = true;
            inner.abort();
          }
          throw e;
        }
      }));
    } finally {
      signal?.removeEventListener('abort', forward);
    }
  }

  /**
   * Run many explorer specs to their end (a parameter sweep), one per task; results in the order of `specs`.
   * @example await pool.sweep([1e-4, 1e-2, 1].map((scale) => ({ ...spec, scale })))
   */
  async sweep(specs: ExploreSpec[], onProgress?: GridProgress, signal?: AbortSignal): Promise<SweepResult[]> {
    let done = 0;
    onProgress?.(0, specs.length);
    return this.all(specs, signal, (spec, inner) => this.run<SweepResult>({ kind: 'sweep', spec }, undefined, inner), () => onProgress?.(++done, specs.length));
  }

  /** Terminate the workers; queued and running tasks are rejected. */
  destroy(): void {
    this.closed = true;
    const err = new ImplicitRegError('state', 'BrowserPool: the pool was destroyed');
    for (const j of this.queue.splice(0)) j.reject(err);
    for (const s of this.slots) {
      s.worker.terminate();
      s.job?.reject(err);
      s.job = undefined;
    }
  }

  private cancel(job: Pending): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
      job.reject(new ImplicitRegError('cancelled', `BrowserPool: task ${job.id} was cancelled`));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    slot?.worker.postMessage({ type: 'cancel', id: job.id }); // the worker answers with a 'cancelled' error
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || slot.dead || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ type: 'task', id: job.id, task: job.task });
    }
  }

  private onMessage(slot: Slot, msg: { id: number; progress?: unknown; result?: unknown; error?: { code: ErrorCode; message: string } }): void {
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    slot.failures = 0;
    if ('progress' in msg) job.onProgress?.(msg.progress);
    else if (msg.error) this.finish(slot, new ImplicitRegError(msg.error.code, msg.error.message));
    else this.finish(slot, undefined, msg.result);
  }

  private finish(slot: Slot, err?: Error, result?: unknown): void {
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      if (err) job.reject(err);
      else job.resolve(result);
    }
    this.pump();
  }
}
