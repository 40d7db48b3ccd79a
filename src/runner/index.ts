// `implicit-reg/runner`: the Node grid runner — worker threads, a checkpoint that survives a kill, shards that merge.
// Node only, and apart from the library entry so that importing 'implicit-reg' loads no worker pool.
export { runGridJob, mergeShards, readCheckpoint, checkpointPath, shardChunks, assemble, type GridJob } from './grid-runner.js';
