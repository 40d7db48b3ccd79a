// The exhaustive 3×3 grid on all cores of one machine (docs/algorithms/grid.md), on the chunked-job layer (src/runner/chunks.ts):
// chunks of instances go to worker threads (src/runner/pool.ts); every finished chunk is stored as its own file in
// `out/chunks/`, so a killed run resumes without redoing finished chunks; `shard k/N` takes every N-th chunk so
// machines (or the tasks of an array job) can split the grid, and the chunk files of all shards merge into the same
// result. Results do not depend on workers, shards or chunking: every instance's initialization derives from
// (seed, instance id, α index) only.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImplicitRegError } from '../core/errors.js';
import { checkFunction, checkNumber, checkOptions, checkString, describe, INT32_MAX, optionalBoolean, optionalNumber } from '../core/validate.js';
import { GRID_FIELDS, GRID_SIZE, type Grid3Options } from '../grid/grid3.js';
import type { Kernels } from '../kernels/kernels.js';
import { checkRunControl } from '../kernels/run.js';
import { checkShard, checkSpec, chunkLength, ChunkDir, DEFAULT_CHUNK, findJobSpecs, gridSpec, jobId, mergeChunks, shardChunks, type GridSpec } from './chunks.js';
import { ChunkPool } from './pool.js';

export interface GridJob extends Grid3Options {
  /** Output directory; chunk files go to `out/chunks/`. */
  out: string;
  /** Worker threads (default: available parallelism); 0 runs in this thread with `ir`. */
  workers?: number;
  /** This shard, 1-based: [k, N]. Default [1, 1]. */
  shard?: [number, number];
  /** Instances per chunk (default 2500). */
  chunk?: number;
  /** First instance (default 0). */
  from?: number;
  /** Only the instances before `limit` (tests, smoke runs; default the whole grid). */
  limit?: number;
  /** Resume: keep the chunk files already in `out` (default true); false recomputes (and rewrites) them all. */
  resume?: boolean;
  /**
   * Called with the instances done (resumed chunks included) of this shard's total, at the start and after each chunk.
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the run when aborted: no further chunk starts, chunks in flight are dropped, the finished chunk files stay
   * in `out/chunks/`, and the call rejects with ImplicitRegError('cancelled') saying how far it got; the same call
   * again (resume: true) goes on from there.
   */
  signal?: AbortSignal;
  /** Wall-clock budget in milliseconds: when spent the run stops as on an abort (default: none). */
  timeBudget?: number;
}

function checkPaths(fn: string, inputs: unknown): asserts inputs is string[] {
  if (!Array.isArray(inputs) || !inputs.every((d) => typeof d === 'string' && d !== '')) {
    throw new ImplicitRegError('value', `${fn}: argument inputs must be an array of directory paths, got ${describe(inputs)}`);
  }
}

/** The spec a {@link GridJob} computes (its grid options, instance range and chunking). */
export function gridJobSpec(job: Omit<GridJob, 'out'>): GridSpec {
  const fn = 'gridJobSpec';
  checkOptions(fn, 'job', job, true);
  const { alphas, seed, gtol, ltol, fitTol, qtol, method, tMax, rtol, atol, maxSteps } = job;
  const options: Grid3Options = { alphas, seed, gtol, ltol, fitTol, qtol, method, tMax, rtol, atol, maxSteps };
  const from = optionalNumber(fn, 'job.from', job.from, 0, { integer: true, min: 0, max: GRID_SIZE - 1 });
  // a limit past the grid's end means the whole grid
  const to = job.limit === undefined ? undefined : Math.min(checkNumber(fn, 'job.limit', job.limit, { integer: true, min: from + 1 }), GRID_SIZE);
  const chunk = optionalNumber(fn, 'job.chunk', job.chunk, DEFAULT_CHUNK, { integer: true, min: 1, max: INT32_MAX });
  return gridSpec({ options, from, to, chunk });
}

/** Where a run with output directory `out` keeps its chunk files. */
export const chunkDir = (out: string): string => join(out, 'chunks');

/**
 * Run (or resume) this shard of the grid; returns its records keyed by chunk start.
 * @example await runGridJob({ alphas: [1e-5, 1e-3, 1], out: 'results/grid3' })
 */
export async function runGridJob(job: GridJob, ir?: Kernels): Promise<Map<number, Float64Array>> {
  const fn = 'runGridJob';
  checkOptions(fn, 'job', job, true);
  return runJob(gridJobSpec(job), job, ir);
}

/** How a job runs here: where its chunk files go, on how many threads, which shard, and progress. */
export type JobRun = Pick<GridJob, 'out' | 'workers' | 'shard' | 'resume' | 'onProgress' | 'signal' | 'timeBudget'>;

/**
 * Run (or resume) this shard of any registered grid's job `spec` (e.g. a census, src/grid/census.ts); returns its
 * chunk outputs keyed by chunk start.
 * @example await runJob(gridSpec({ grid: 'census', options: { alphas: [1e-3] } }), { out: 'results/census' })
 */
export async function runJob(spec: GridSpec, job: JobRun, ir?: Kernels): Promise<Map<number, Float64Array>> {
  const fn = 'runJob';
  checkSpec(fn, 'spec', spec);
  checkOptions(fn, 'job', job, true);
  const shard = job.shard ?? [1, 1];
  checkShard(fn, 'job.shard', shard);
  checkString(fn, 'job.out', job.out);
  if (job.out === '') throw new ImplicitRegError('value', `${fn}: argument job.out must be a directory path, got ''`);
  if (job.workers !== undefined) checkNumber(fn, 'job.workers', job.workers, { integer: true, min: 0, max: 1024 });
  optionalBoolean(fn, 'job.resume', job.resume, true);
  if (job.onProgress !== undefined) checkFunction(fn, 'job.onProgress', job.onProgress);
  checkRunControl(fn, 'job', { timeBudget: job.timeBudget, signal: job.signal });
  if (job.signal?.aborted) throw new ImplicitRegError('cancelled', `${fn}: the signal was aborted before the run started`);
  let store: ChunkDir;
  try {
    store = new ChunkDir(chunkDir(job.out), spec).open();
  } catch (e) {
    throw new ImplicitRegError('value', `${fn}: argument job.out = '${job.out}' cannot hold the chunk directory: ${(e as Error).message}`);
  }
  const starts = shardChunks(spec, shard);
  const done = new Map<number, Float64Array>();
  const todo: number[] = [];
  for (const s of starts) {
    const rec = job.resume === false ? undefined : store.get(s);
    if (rec) done.set(s, rec);
    else todo.push(s);
  }
  const all = starts.reduce((a, s) => a + chunkLength(spec, s), 0);
  let finished = all - todo.reduce((a, s) => a + chunkLength(spec, s), 0);
  job.onProgress?.(finished, all);
  // one controller stops the pool's chunks: the caller's signal, the budget (checked before each chunk as well, since
  // chunks computed in this thread hold the event loop), or a chunk's failure
  const stop = new AbortController();
  const deadline = job.timeBudget === undefined ? Infinity : performance.now() + job.timeBudget;
  let why: string | undefined;
  const halt = (reason: string): void => { why ??= reason; stop.abort(); };
  const onAbort = (): void => halt('the signal was aborted');
  job.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = Number.isFinite(deadline) ? setTimeout(() => halt('the time budget was spent'), job.timeBudget).unref() : undefined;
  let failure: unknown;
  const pool = await ChunkPool.open(job.workers, ir);
  try {
    // as many lanes as threads, each computing one chunk at a time and storing it when done (in this thread: one lane,
    // so every chunk is on disk before the next starts)
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < todo.length) {
        if (!stop.signal.aborted && performance.now() > deadline) halt('the time budget was spent');
        if (stop.signal.aborted) return;
        const s = todo[next++];
        try {
          const rec = await pool.run(spec, s, stop.signal);
          store.put(s, rec);
          done.set(s, rec);
          finished += chunkLength(spec, s);
          job.onProgress?.(finished, all);
        } catch (e) {
          if (stop.signal.aborted && why !== undefined && failure === undefined) return; // dropped by the stop
          failure ??= e;
          halt('a chunk failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, pool.threads) }, lane));
  } finally {
    clearTimeout(timer);
    job.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
  if (failure !== undefined) throw failure;
  if (why !== undefined && finished < all) {
    throw new ImplicitRegError('cancelled', `${fn}: stopped after ${finished} of ${all} instances (${why}); the ${done.size} finished chunks are kept in ${chunkDir(job.out)}: run again with resume to go on`);
  }
  return done;
}

/**
 * The records of a whole job merged from chunk files, in instance order. `inputs` are chunk directories (`out/chunks`
 * of each machine, or the one directory all tasks of an array job share). Throws naming every missing chunk.
 * @example mergeShards(['a/chunks', 'b/chunks'], gridJobSpec({ alphas: [1e-3] }))
 */
export function mergeShards(inputs: string[], spec: GridSpec): Float64Array {
  checkPaths('mergeShards', inputs);
  if (inputs.length === 0) throw new ImplicitRegError('value', `mergeShards: argument inputs must name at least one chunk directory, got []`);
  inputs.forEach((d, i) => {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new ImplicitRegError('value', `mergeShards: argument inputs[${i}] = '${d}' is not a directory of chunk files`);
  });
  checkSpec('mergeShards', 'spec', spec);
  return mergeChunks(spec, inputs.map((d) => new ChunkDir(d, spec)));
}

/** The specs of the jobs whose chunks are in the directories `inputs`, without repeats. */
export function jobsIn(inputs: string[]): GridSpec[] {
  checkPaths('jobsIn', inputs);
  const seen = new Map<string, GridSpec>();
  for (const d of inputs) for (const s of findJobSpecs(d)) seen.set(jobId(s), s);
  return [...seen.values()];
}

/** Records of a finished single-shard run (chunks keyed by start, instances [from, from + total)) as one array. */
export function assemble(chunks: Map<number, Float64Array>, nAlpha: number, total: number, from = 0): Float64Array {
  const fn = 'assemble';
  if (!(chunks instanceof Map)) throw new ImplicitRegError('value', `${fn}: argument chunks must be a Map of chunk start → records, got ${describe(chunks)}`);
  checkNumber(fn, 'nAlpha', nAlpha, { integer: true, min: 1, max: 1e6 });
  checkNumber(fn, 'total', total, { integer: true, min: 0, max: GRID_SIZE });
  checkNumber(fn, 'from', from, { integer: true, min: 0, max: GRID_SIZE - total });
  const per = nAlpha * GRID_FIELDS;
  for (const [start, rec] of chunks) {
    const fits = Number.isInteger(start) && start >= from && rec instanceof Float64Array && rec.length % per === 0 && start + rec.length / per <= from + total;
    if (!fits) throw new ImplicitRegError('shape', `${fn}: argument chunks holds a chunk at ${describe(start)} that does not fit instances [from, from + total) = [${from}, ${from + total}) × nAlpha = ${nAlpha} of ${GRID_FIELDS} doubles`);
  }
  const out = new Float64Array(total * per);
  for (const [start, rec] of chunks) out.set(rec, (start - from) * per);
  return out;
}
