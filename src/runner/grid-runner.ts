// The exhaustive 3×3 grid on all cores of one machine (SPEC §8), on the chunked-job layer (src/runner/chunks.ts):
// chunks of instances go to worker threads (src/runner/pool.ts); every finished chunk is stored as its own file in
// `out/chunks/`, so a killed run resumes without redoing finished chunks; `shard k/N` takes every N-th chunk so
// machines (or the tasks of an array job) can split the grid, and the chunk files of all shards merge into the same
// result. Results do not depend on workers, shards or chunking: every instance's initialization derives from
// (seed, instance id, α index) only.
import { join } from 'node:path';
import { ImplicitRegError } from '../core/errors.js';
import { GRID_FIELDS, type Grid3Options } from '../grid/grid3.js';
import type { Kernels } from '../kernels/kernels.js';
import { chunkLength, ChunkDir, findJobSpecs, gridSpec, jobId, mergeChunks, shardChunks, type GridSpec } from './chunks.js';
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
  onProgress?: (done: number, total: number) => void;
}

/** The spec a {@link GridJob} computes (its grid options, instance range and chunking). */
export function gridJobSpec(job: Omit<GridJob, 'out'>): GridSpec {
  const { alphas, seed, gtol, ltol, tMax, rtol, atol, maxSteps } = job;
  return gridSpec({ options: { alphas, seed, gtol, ltol, tMax, rtol, atol, maxSteps }, from: job.from, to: job.limit, chunk: job.chunk });
}

/** Where a run with output directory `out` keeps its chunk files. */
export const chunkDir = (out: string): string => join(out, 'chunks');

/**
 * Run (or resume) this shard of the grid; returns its records keyed by chunk start.
 * @example await runGridJob({ alphas: [1e-5, 1e-3, 1], out: 'results/grid3' })
 */
export async function runGridJob(job: GridJob, ir?: Kernels): Promise<Map<number, Float64Array>> {
  return runJob(gridJobSpec(job), job, ir);
}

/** How a job runs here: where its chunk files go, on how many threads, which shard, and progress. */
export type JobRun = Pick<GridJob, 'out' | 'workers' | 'shard' | 'resume' | 'onProgress'>;

/**
 * Run (or resume) this shard of any registered grid's job `spec` (e.g. a census, src/grid/census.ts); returns its
 * chunk outputs keyed by chunk start.
 * @example await runJob(gridSpec({ grid: 'census', options: { alphas: [1e-3] } }), { out: 'results/census' })
 */
export async function runJob(spec: GridSpec, job: JobRun, ir?: Kernels): Promise<Map<number, Float64Array>> {
  const fn = 'runJob';
  const shard = job.shard ?? [1, 1];
  if (!(Number.isInteger(shard[0]) && Number.isInteger(shard[1]) && shard[0] >= 1 && shard[0] <= shard[1])) {
    throw new ImplicitRegError('value', `${fn}: argument shard must be k/N with 1 ≤ k ≤ N, got ${shard.join('/')}`);
  }
  const store = new ChunkDir(chunkDir(job.out), spec).open();
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
  const pool = await ChunkPool.open(job.workers, ir);
  try {
    await Promise.all(todo.map(async (s) => {
      const rec = await pool.run(spec, s);
      store.put(s, rec);
      done.set(s, rec);
      finished += chunkLength(spec, s);
      job.onProgress?.(finished, all);
    }));
  } finally {
    await pool.close();
  }
  return done;
}

/**
 * The records of a whole job merged from chunk files, in instance order. `inputs` are chunk directories (`out/chunks`
 * of each machine, or the one directory all tasks of an array job share). Throws naming every missing chunk.
 * @example mergeShards(['a/chunks', 'b/chunks'], gridJobSpec({ alphas: [1e-3] }))
 */
export function mergeShards(inputs: string[], spec: GridSpec): Float64Array {
  return mergeChunks(spec, inputs.map((d) => new ChunkDir(d, spec)));
}

/** The specs of the jobs whose chunks are in the directories `inputs`, without repeats. */
export function jobsIn(inputs: string[]): GridSpec[] {
  const seen = new Map<string, GridSpec>();
  for (const d of inputs) for (const s of findJobSpecs(d)) seen.set(jobId(s), s);
  return [...seen.values()];
}

/** Records of a finished single-shard run (chunks keyed by start, instances [from, from + total)) as one array. */
export function assemble(chunks: Map<number, Float64Array>, nAlpha: number, total: number, from = 0): Float64Array {
  const per = nAlpha * GRID_FIELDS;
  const out = new Float64Array(total * per);
  for (const [start, rec] of chunks) out.set(rec, (start - from) * per);
  return out;
}
