// Progress of a job from its chunk files — the view an array job's tasks share (Slurm, Kubernetes: every task writes
// its chunks into one directory): chunks and instances done, the rate over the span of the files' modification times
// (first chunk started ≈ first file's time minus one chunk's duration; the span is measured between files, so the rate
// is that of all tasks together) and the time to go at that rate. The queue keeps the same numbers in its database
// (src/runner/queue.ts queueStatus); one machine's runner reports through onProgress.
import { existsSync, statSync } from 'node:fs';
import { ImplicitRegError } from '../core/errors.js';
import { checkNumber, describe } from '../core/validate.js';
import { checkSpec, ChunkDir, chunkLength, chunkStarts, jobId, type GridSpec } from './chunks.js';

export interface ChunkProgress {
  job: string;
  chunks: number;
  chunksDone: number;
  instances: number;
  instancesDone: number;
  /** Instances per second between the first and the last chunk file (NaN with fewer than two files). */
  rate: number;
  /** Seconds to go at that rate (0 when done, NaN when unknown). */
  eta: number;
  /** Seconds since the last chunk file was written (NaN before the first). */
  idle: number;
}

/**
 * The progress of `spec`'s job from the chunk files in `dirs` (a chunk counts once, from whichever directory has it).
 * @example chunkProgress(gridSpec({ grid: 'census', options: { alphas: [1e-3] } }), ['results/census/chunks'])
 */
export function chunkProgress(spec: GridSpec, dirs: string[], now = Date.now()): ChunkProgress {
  const fn = 'chunkProgress';
  checkSpec(fn, 'spec', spec);
  if (!Array.isArray(dirs) || !dirs.every((d) => typeof d === 'string' && d !== '')) {
    throw new ImplicitRegError('value', `${fn}: argument dirs must be an array of directory paths, got ${describe(dirs)}`);
  }
  checkNumber(fn, 'now', now);
  const stores = dirs.filter((d) => existsSync(d)).map((d) => new ChunkDir(d, spec));
  const starts = chunkStarts(spec);
  const done: { n: number; t: number }[] = [];
  for (const s of starts) {
    for (const st of stores) {
      if (st.has(s)) {
        done.push({ n: chunkLength(spec, s), t: statSync(st.path(s)).mtimeMs });
        break;
      }
    }
  }
  const instances = spec.to - spec.from;
  const instancesDone = done.reduce((a, d) => a + d.n, 0);
  done.sort((a, b) => a.t - b.t);
  let rate = NaN;
  if (done.length >= 2) {
    // the first file's instances were computed before its time: count the instances after it over the span
    const span = (done[done.length - 1].t - done[0].t) / 1e3;
    if (span > 0) rate = (instancesDone - done[0].n) / span;
  }
  const left = instances - instancesDone;
  return {
    job: jobId(spec), chunks: starts.length, chunksDone: done.length, instances, instancesDone, rate,
    eta: left === 0 ? 0 : rate > 0 ? left / rate : NaN,
    idle: done.length ? (now - done[done.length - 1].t) / 1e3 : NaN,
  };
}
