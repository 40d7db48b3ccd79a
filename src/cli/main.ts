#!/usr/bin/env node
// Command-line entry:
//   implicit-reg selfcheck                      kernels against closed forms
//   implicit-reg grid3 [job flags] [--workers N] [--shard k/N | --shards N] [--out DIR] [--resume] [--time-budget S]
//                                                the grid on all cores; one shard of it, or one task of an array job
//   implicit-reg grid3-merge --out DIR [job flags] [CHUNK_DIR…]   merge the shards' chunk files into one result
//   implicit-reg census [census flags] [--workers N] [--shard k/N] …  the census of small completion problems (src/cli/census.ts)
//   implicit-reg census-merge --out DIR [census flags] [CHUNK_DIR…]   merge a census's chunk files
//   implicit-reg progress [--out DIR] [CHUNK_DIR…]                    a job's progress from its chunk files (array jobs)
//   implicit-reg queue <enqueue|work|status|merge> --db URL …       the grid through a PostgreSQL work queue (src/cli/queue.ts)
//   implicit-reg theory <commutative|belabbas|eftekhari> [--seed N] [--json] …   a theory check as a table (src/theory/cli.ts)
//   implicit-reg reproduce <id|all> [--full] …               the papers' experiments, figures and REPORT.md
// Arguments are parsed with Node's built-in util.parseArgs (no dependency needed for this surface).
import { parseArgs } from 'node:util';
import { assemble, chunkDir, jobsIn, mergeShards, runGridJob } from '../runner/grid-runner.js';
import { jobId } from '../runner/chunks.js';
import { resolveShard } from '../runner/shard.js';
import { init } from '../node.js';
import { selfcheck } from '../kernels/selfcheck.js';
import { THEORY_USAGE, cmdTheory } from './theory.js';
import { cmdReproduce, REPRODUCE_USAGE } from './reproduce.js';
import { cmdQueue, QUEUE_USAGE } from './queue.js';
import { CENSUS_COMMANDS_USAGE, cmdCensus, cmdCensusMerge, cmdProgress } from './census.js';
import { GRID_SPEC_FLAGS, GRID_SPEC_USAGE, hasSpecFlags, RUN_FLAGS, RUN_USAGE, runCliJob, specFromFlags, writeResults } from './grid.js';
import { flagNumber } from './args.js';

const USAGE = `usage:
  implicit-reg selfcheck
  implicit-reg grid3 ${GRID_SPEC_USAGE} [--workers N] [--shard k/N | --shards N] [--out DIR] [--resume] ${RUN_USAGE}
  implicit-reg grid3-merge --out DIR ${GRID_SPEC_USAGE} [CHUNK_DIR...]
${CENSUS_COMMANDS_USAGE}
${QUEUE_USAGE}
${THEORY_USAGE}
${REPRODUCE_USAGE}`;

async function cmdSelfcheck(args: string[]): Promise<number> {
  parseArgs({ args, options: {} }); // no flags: an unknown one is an error
  const ir = await init();
  const rows = selfcheck(ir);
  console.log('implicit-reg selfcheck — kernels against closed forms\n');
  console.log('check                     reference               error      bound     time');
  let ok = true;
  for (const r of rows) {
    const pass = r.error <= r.bound;
    ok &&= pass;
    console.log(`${r.check.padEnd(26)}${r.reference.padEnd(24)}${r.error.toExponential(2).padEnd(11)}${r.bound.toExponential(0).padEnd(10)}${r.microseconds.toFixed(1).padStart(8)} µs  ${pass ? 'ok' : 'FAIL'}`);
  }
  return ok ? 0 : 1;
}

async function cmdGrid3(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...GRID_SPEC_FLAGS, ...RUN_FLAGS, workers: { type: 'string' }, shard: { type: 'string' }, shards: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' } },
  });
  const spec = specFromFlags(values);
  const out = String(values.out ?? 'results/grid3');
  // --shard k/N, else the task of a Slurm job array or a Kubernetes Indexed Job, else the whole grid
  const { shard, source } = resolveShard({ shard: values.shard, shards: values.shards });
  const workers = values.workers === undefined ? undefined : flagNumber('workers', values.workers, { integer: true, min: 1, max: 1024 });
  if (shard[1] > 1) console.log(`job ${jobId(spec)}, shard ${shard[0]}/${shard[1]} (${source})`);
  const ir = workers === 0 ? await init() : undefined;
  const done = await runCliJob('grid3', values, (c) => runGridJob({
    ...spec.options, out, shard, workers, from: spec.from, limit: spec.to, chunk: spec.chunk, resume: Boolean(values.resume), ...c,
  }, ir));
  if (done === 3) return 3;
  const { chunks, seconds } = done;
  if (shard[1] > 1) {
    console.log(`shard ${shard[0]}/${shard[1]} done in ${seconds.toFixed(1)} s: ${chunks.size} chunk files of job ${jobId(spec)} in ${chunkDir(out)} — when every shard is done, 'implicit-reg grid3-merge --out ${out}' (add the chunk directories of other machines as arguments)`);
    return 0;
  }
  await writeResults(out, assemble(chunks, spec.options.alphas.length, spec.to - spec.from, spec.from), spec, seconds);
  return 0;
}

async function cmdGrid3Merge(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...GRID_SPEC_FLAGS, out: { type: 'string' } } });
  const out = String(values.out ?? 'results/grid3');
  const inputs = positionals.length ? positionals : [chunkDir(out)];
  // the job: the one the flags describe, else the one whose chunks are in the inputs
  let spec = specFromFlags(values);
  if (!hasSpecFlags(values)) {
    const found = jobsIn(inputs);
    if (found.length > 1) {
      console.error(`implicit-reg grid3-merge: ${inputs.join(', ')} hold chunks of ${found.length} jobs; give the job's options (${GRID_SPEC_USAGE}) to pick one:`);
      for (const f of found) console.error(`  ${jobId(f)}: ${JSON.stringify({ ...f.options, from: f.from, to: f.to, chunk: f.chunk })}`);
      return 2;
    }
    if (found.length === 1) spec = found[0];
  }
  console.log(`merging job ${jobId(spec)} from ${inputs.join(', ')}`);
  await writeResults(out, mergeShards(inputs, spec), spec, 0);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? 'selfcheck';
  try {
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      console.log(USAGE);
      return 0;
    }
    if (cmd === 'selfcheck') return await cmdSelfcheck(argv.slice(1));
    if (cmd === 'grid3') return await cmdGrid3(argv.slice(1));
    if (cmd === 'grid3-merge') return await cmdGrid3Merge(argv.slice(1));
    if (cmd === 'census') return await cmdCensus(argv.slice(1));
    if (cmd === 'census-merge') return await cmdCensusMerge(argv.slice(1));
    if (cmd === 'progress') return await cmdProgress(argv.slice(1));
    if (cmd === 'queue') return await cmdQueue(argv.slice(1));
    if (cmd === 'theory') return await cmdTheory(argv.slice(1));
    if (cmd === 'reproduce') return await cmdReproduce(argv.slice(1));
  } catch (e) {
    // one line naming the flag or argument, no stack trace
    const err = e as Error;
    console.error(`implicit-reg ${cmd}: ${String(err?.message ?? err).split('\n')[0]}`);
    return 2;
  }
  console.error(`implicit-reg: unknown command '${cmd}'\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
