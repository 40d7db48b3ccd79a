// The exhaustive 3×3 grid on all cores (SPEC §8): chunks of instances go to worker threads (piscina: a maintained
// worker pool, one wasm instance per worker); every finished chunk is appended to a checkpoint file, so a killed run
// resumes without redoing finished chunks; `shard k/N` takes every N-th chunk so machines can split the grid, and
// the shards' checkpoint files merge into the same result. Results do not depend on workers, shards or chunking:
// every instance's initialization derives from (seed, instance id, α index) only.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { ImplicitRegError } from '../core/errors.js';
import { checkFunction, checkNumber, checkOptions, checkString, describe, optionalBoolean, optionalNumber } from '../core/validate.js';
import { GRID_FIELDS, GRID_SIZE, gridDefaults, runGrid3, type Grid3Options } from '../grid/grid3.js';
import type { Kernels } from '../kernels/kernels.js';
import { readWasm } from '../wasm/node-files.js';

export interface GridJob extends Omit<Grid3Options, 'timeBudget' | 'signal' | 'onProgress'> {
  /** Output directory (checkpoint files, records, summary). */
  out: string;
  /** Worker threads (default: available parallelism); 0 runs in this thread with `ir`. */
  workers?: number;
  /** This shard, 1-based: [k, N]. Default [1, 1]. */
  shard?: [number, number];
  /** Instances per chunk (default 2500). */
  chunk?: number;
  /** Only the first `limit` instances of the grid (tests, smoke runs). */
  limit?: number;
  /** Resume from the checkpoint in `out` (default true); false starts over. */
  resume?: boolean;
  onProgress?: (done: number, total: number) => void;
}

function checkShard(fn: string, shard: unknown, name = 'shard'): asserts shard is [number, number] {
  if (!Array.isArray(shard) || shard.length !== 2 || !shard.every(Number.isInteger) || !(shard[0] >= 1 && shard[0] <= shard[1] && shard[1] <= 2 ** 31 - 1)) {
    throw new ImplicitRegError('value', `${fn}: argument ${name} must be [k, N] with integers 1 ≤ k ≤ N, got ${Array.isArray(shard) ? shard.join('/') : describe(shard)}`);
  }
}

// checkpoint: a sequence of chunks, each a header of 4 doubles (magic, start, count, nAlpha) then the records
const MAGIC = 3.25e8 + 3; // arbitrary constant marking a chunk header

export function checkpointPath(out: string, shard: [number, number]): string {
  checkString('checkpointPath', 'out', out);
  checkShard('checkpointPath', shard);
  return join(out, `grid3.shard-${shard[0]}-of-${shard[1]}.bin`);
}

/** Read a checkpoint: the complete chunks (a torn trailing chunk from a kill is dropped and truncated away). */
export function readCheckpoint(path: string, nAlpha: number): Map<number, Float64Array> {
  checkString('readCheckpoint', 'path', path);
  if (path === '') throw new ImplicitRegError('value', `readCheckpoint: argument path must be a file path, got ''`);
  checkNumber('readCheckpoint', 'nAlpha', nAlpha, { integer: true, min: 1, max: 1e6 });
  const chunks = new Map<number, Float64Array>();
  if (!existsSync(path)) return chunks;
  const buf = readFileSync(path);
  const all = new Float64Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 8));
  let p = 0;
  while (p + 4 <= all.length) {
    const [magic, start, count, na] = all.subarray(p, p + 4);
    const len = count * na * GRID_FIELDS;
    if (magic !== MAGIC || na !== nAlpha || p + 4 + len > all.length) break;
    chunks.set(start, all.slice(p + 4, p + 4 + len));
    p += 4 + len;
  }
  if (p * 8 < buf.byteLength) truncateSync(path, p * 8);
  return chunks;
}

function appendChunk(fd: number, start: number, count: number, nAlpha: number, rec: Float64Array): void {
  const out = new Float64Array(4 + rec.length);
  out.set([MAGIC, start, count, nAlpha]);
  out.set(rec, 4);
  writeSync(fd, new Uint8Array(out.buffer));
}

/** The chunk starts of a shard. */
export function shardChunks(total: number, chunk: number, shard: [number, number]): number[] {
  checkNumber('shardChunks', 'total', total, { integer: true, min: 0, max: GRID_SIZE });
  checkNumber('shardChunks', 'chunk', chunk, { integer: true, min: 1, max: GRID_SIZE });
  checkShard('shardChunks', shard);
  const starts: number[] = [];
  for (let i = 0, s = 0; s < total; i++, s += chunk) if (i % shard[1] === shard[0] - 1) starts.push(s);
  return starts;
}

/**
 * Run (or resume) this shard of the grid; returns its records keyed by chunk start.
 * @example await runGridJob({ alphas: [1e-5, 1e-3, 1], out: 'results/grid3' })
 */
export async function runGridJob(job: GridJob, ir?: Kernels): Promise<Map<number, Float64Array>> {
  const fn = 'runGridJob';
  checkOptions(fn, 'job', job, true);
  const opts = gridDefaults({ ...job, onProgress: undefined }, fn, 'job');
  const shard = job.shard ?? [1, 1];
  checkShard(fn, shard, 'job.shard');
  checkString(fn, 'job.out', job.out);
  if (job.out === '') throw new ImplicitRegError('value', `${fn}: argument job.out must be a directory path, got ''`);
  const chunk = optionalNumber(fn, 'job.chunk', job.chunk, 2500, { integer: true, min: 1, max: GRID_SIZE });
  const total = Math.min(optionalNumber(fn, 'job.limit', job.limit, GRID_SIZE, { integer: true, min: 0 }), GRID_SIZE);
  const workersOpt = job.workers === undefined ? undefined : checkNumber(fn, 'job.workers', job.workers, { integer: true, min: 0, max: 1024 });
  optionalBoolean(fn, 'job.resume', job.resume, true);
  if (job.onProgress !== undefined) checkFunction(fn, 'job.onProgress', job.onProgress);
  try {
    mkdirSync(job.out, { recursive: true });
  } catch (e) {
    throw new ImplicitRegError('value', `${fn}: argument job.out = '${job.out}' cannot be made a directory: ${(e as Error).message}`);
  }
  const path = checkpointPath(job.out, shard);
  if (job.resume === false && existsSync(path)) truncateSync(path, 0);
  const done = readCheckpoint(path, opts.alphas.length);
  const starts = shardChunks(total, chunk, shard);
  const todo = starts.filter((s) => !done.has(s));
  const count = (s: number) => Math.min(chunk, total - s);
  let finished = starts.filter((s) => done.has(s)).reduce((a, s) => a + count(s), 0);
  const all = starts.reduce((a, s) => a + count(s), 0);
  job.onProgress?.(finished, all);
  const fd = openSync(path, 'a');
  try {
    const record = (s: number, rec: Float64Array) => {
      appendChunk(fd, s, count(s), opts.alphas.length, rec);
      done.set(s, rec);
      finished += count(s);
      job.onProgress?.(finished, all);
    };
    const workers = workersOpt ?? availableParallelism();
    if (workers === 0) {
      if (!ir) throw new ImplicitRegError('value', `${fn}: workers = 0 needs the Kernels instance argument`);
      for (const s of todo) record(s, runGrid3(ir, s, count(s), opts));
    } else {
      // the worker is compiled JavaScript: from src/ (tests, tsx) use the built dist/ copy
      const here = import.meta.url;
      const filename = new URL(here.endsWith('.ts') ? '../../dist/runner/grid-worker.js' : './grid-worker.js', here).href;
      const module = await WebAssembly.compile(await readWasm());
      const pool = new Piscina({ filename, minThreads: workers, maxThreads: workers, workerData: { module } });
      try {
        await Promise.all(todo.map(async (s) => record(s, await pool.run({ start: s, count: count(s), opts }))));
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    closeSync(fd);
  }
  return done;
}

/** Merge the checkpoint files of shards 1..N in `dirs` (or one dir) into one record array for [0, total). */
export function mergeShards(files: string[], nAlpha: number, total = GRID_SIZE): Float64Array {
  const fn = 'mergeShards';
  if (!Array.isArray(files)) throw new ImplicitRegError('value', `${fn}: argument files must be an array of paths, got ${describe(files)}`);
  files.forEach((f, i) => {
    checkString(fn, `files[${i}]`, f);
    if (!existsSync(f)) throw new ImplicitRegError('value', `${fn}: argument files[${i}] = '${f}' does not exist`);
  });
  checkNumber(fn, 'nAlpha', nAlpha, { integer: true, min: 1, max: 1e6 });
  checkNumber(fn, 'total', total, { integer: true, min: 0, max: GRID_SIZE });
  const out = new Float64Array(total * nAlpha * GRID_FIELDS);
  const seen = new Uint8Array(total);
  for (const f of files) {
    if (!existsSync(f) || statSync(f).size === 0) continue;
    for (const [start, rec] of readCheckpoint(f, nAlpha)) {
      const count = rec.length / (nAlpha * GRID_FIELDS);
      for (let i = 0; i < count; i++) {
        if (seen[start + i]) throw new ImplicitRegError('value', `mergeShards: instance ${start + i} appears in more than one shard file`);
        seen[start + i] = 1;
      }
      out.set(rec, start * nAlpha * GRID_FIELDS);
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new ImplicitRegError('value', `mergeShards: instance ${missing} is in no shard file (the shards are incomplete for total = ${total} instances)`);
  return out;
}

/** Records of a finished single-shard run as one array ordered by instance. */
export function assemble(chunks: Map<number, Float64Array>, nAlpha: number, total: number): Float64Array {
  const fn = 'assemble';
  if (!(chunks instanceof Map)) throw new ImplicitRegError('value', `${fn}: argument chunks must be a Map of chunk start → records, got ${describe(chunks)}`);
  checkNumber(fn, 'nAlpha', nAlpha, { integer: true, min: 1, max: 1e6 });
  checkNumber(fn, 'total', total, { integer: true, min: 0, max: GRID_SIZE });
  for (const [start, rec] of chunks) {
    if (!(Number.isInteger(start) && start >= 0 && rec instanceof Float64Array && rec.length % (nAlpha * GRID_FIELDS) === 0 && start + rec.length / (nAlpha * GRID_FIELDS) <= total)) {
      throw new ImplicitRegError('shape', `${fn}: argument chunks holds a chunk at ${start} that does not fit total = ${total} instances × nAlpha = ${nAlpha} of ${GRID_FIELDS} fields`);
    }
  }
  const out = new Float64Array(total * nAlpha * GRID_FIELDS);
  for (const [start, rec] of chunks) out.set(rec, start * nAlpha * GRID_FIELDS);
  return out;
}
