// `implicit-reg/runner`: grid jobs on Node — the chunked-job layer every engine shares (specs, job ids, idempotent
// chunk files, merge), worker threads, shards and array jobs (Slurm, Kubernetes Indexed Jobs). The PostgreSQL work
// queue is the separate subpath `implicit-reg/runner/queue` (it needs Node ≥ 22.12). Node only, and apart from the
// library entry so that importing 'implicit-reg' loads no worker pool.
export { runGridJob, runJob, mergeShards, assemble, gridJobSpec, chunkDir, jobsIn, type GridJob, type JobRun } from './grid-runner.js';
export {
  gridSpec, jobId, canonicalJson, parseSpec, chunkStarts, chunkLength, instanceDoubles, chunkDoubles, shardChunks, mergeChunks, findJobSpecs,
  ChunkDir, DEFAULT_CHUNK, type GridSpec, type GridSpecInput, type ChunkSource,
} from './chunks.js';
export { ChunkPool } from './pool.js';
export { resolveShard, parseShard, type ResolvedShard } from './shard.js';
export { GRIDS, type GridKind, type GridName, type GridOptions } from './grids.js';
