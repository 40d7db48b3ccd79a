// Where chunks are computed: worker threads (piscina: a maintained worker pool, one wasm instance per thread, from
// the module compiled once here and handed over as workerData), or this thread when workers = 0. Every engine — the
// one-machine runner, shards and array jobs, the queue worker — computes its chunks through this one pool.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { ImplicitRegError } from '../core/errors.js';
import { Kernels } from '../kernels/kernels.js';
import { instantiateSync } from '../wasm/instantiate.js';
import { readWasm, readWasmSync } from '../wasm/node-files.js';
import { chunkLength, type GridSpec } from './chunks.js';
import { GRIDS } from './grids.js';

/** A task of the worker threads (src/runner/grid-worker.ts). */
export interface ChunkTask {
  grid: GridSpec['grid'];
  start: number;
  count: number;
  options: GridSpec['options'];
}

/**
 * Computes a job's chunks on worker threads (piscina), each with its own portable-build wasm instance, or in this
 * thread. Create with {@link ChunkPool.open}; close when done.
 */
export class ChunkPool {
  private constructor(
    private readonly pool: Piscina | undefined,
    private readonly ir: Kernels | undefined,
    /** Number of worker threads (0: chunks are computed in this thread). */
    readonly threads: number,
  ) {}

  /**
   * A pool of `workers` threads (default: available parallelism); 0 computes in this thread with `ir` (or, if `ir` is the FMA build, a portable instance: every engine computes a job's chunks on the portable build, so they are the same bits on every machine).
   * @example const pool = await ChunkPool.open(4); const rec = await pool.run(spec, spec.from); await pool.close();
   */
  static async open(workers = availableParallelism(), ir?: Kernels): Promise<ChunkPool> {
    const fn = 'ChunkPool.open';
    if (!Number.isInteger(workers) || workers < 0) throw new ImplicitRegError('value', `${fn}: argument workers must be a non-negative integer, got ${workers}`);
    if (workers === 0) {
      if (!ir) throw new ImplicitRegError('value', `${fn}: workers = 0 needs the Kernels instance argument`);
      // an FMA instance would give other bits than the worker threads and other machines: compute on the portable build
      return new ChunkPool(undefined, ir.fma ? new Kernels(instantiateSync(readWasmSync('release'))) : ir, 0);
    }
    // the worker is compiled JavaScript: from src/ (tests, tsx) use the built dist/ copy. The pathname, not the URL:
    // a loader may append a query (tsx's tsImport adds ?tsx-namespace=…)
    const here = new URL(import.meta.url);
    const filename = new URL(here.pathname.endsWith('.ts') ? '../../dist/runner/grid-worker.js' : './grid-worker.js', here).href;
    // the portable build: chunks of one job must be the same bits whichever machine computes them (see chunks.ts)
    const module = await WebAssembly.compile(await readWasm('release'));
    return new ChunkPool(new Piscina({ filename, minThreads: workers, maxThreads: workers, workerData: { module } }), undefined, workers);
  }

  /** The records of the chunk starting at `start`; `signal` drops it (a worker thread's chunk is abandoned at once). */
  async run(spec: GridSpec, start: number, signal?: AbortSignal): Promise<Float64Array> {
    const count = chunkLength(spec, start);
    if (this.ir) return GRIDS[spec.grid].run(this.ir, start, count, spec.options);
    const task: ChunkTask = { grid: spec.grid, start, count, options: spec.options };
    return this.pool!.run(task, { signal }) as Promise<Float64Array>;
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
