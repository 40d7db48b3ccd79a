// `implicit-reg census …`: the census of small PSD completion problems (src/grid/census.ts, docs/census.md) on the
// chunked-job layer — all cores of this machine, one shard of it (or one task of an array job), a merge of the shards'
// chunk files, and the progress of a job from its chunk files. The full census goes through the queue:
// `implicit-reg queue enqueue --grid census --values 10 --k 6,7 …` (src/cli/queue.ts).
//   census [census flags] [--workers N] [--shard k/N | --shards N] [--out DIR] [--resume] [--no-sweep] [--time-budget S]
//   census-merge --out DIR [census flags] [CHUNK_DIR…]
//   progress [--out DIR] [CHUNK_DIR…]                        any grid job's progress from its chunk files
import { parseArgs } from 'node:util';
import { ImplicitRegError } from '../core/errors.js';
import { init } from '../node.js';
import { chunkDir, jobsIn, mergeShards, runJob } from '../runner/grid-runner.js';
import { chunkStarts, jobId } from '../runner/chunks.js';
import { chunkProgress } from '../runner/progress.js';
import { resolveShard } from '../runner/shard.js';
import type { ResolvedCensusOptions } from '../grid/census.js';
import { writeCensusResults } from './census-results.js';
import { CENSUS_FLAGS, CENSUS_USAGE, censusSpecFromFlags, fmtEta, hasCensusFlags, intFlag, RUN_FLAGS, RUN_USAGE, runCliJob } from './grid.js';

export { CENSUS_USAGE };

export const CENSUS_COMMANDS_USAGE = `  implicit-reg census ${CENSUS_USAGE} [--workers N] [--shard k/N | --shards N] [--out DIR] [--resume] [--no-sweep] ${RUN_USAGE}
  implicit-reg census-merge --out DIR ${CENSUS_USAGE} [CHUNK_DIR...]
  implicit-reg progress [--out DIR] [CHUNK_DIR...]`;

/** `implicit-reg census`. */
export async function cmdCensus(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CENSUS_FLAGS, workers: { type: 'string' }, shard: { type: 'string' }, shards: { type: 'string' }, out: { type: 'string' },
      resume: { type: 'boolean' }, 'no-sweep': { type: 'boolean' }, ...RUN_FLAGS,
    },
  });
  const spec = censusSpecFromFlags(values);
  const o = spec.options as ResolvedCensusOptions;
  const out = String(values.out ?? `results/census-${o.n}x${o.n}`);
  const { shard, source } = resolveShard({ shard: values.shard, shards: values.shards });
  const workers = intFlag(values, 'workers');
  console.log(`census job ${jobId(spec)}: n = ${o.n}, ${o.values.length} values, k = ${o.k.join(',')}, ${o.masks} masks, ids [${spec.from}, ${spec.to}) in ${chunkStarts(spec).length} chunks of ${spec.chunk}${shard[1] > 1 ? `, shard ${shard[0]}/${shard[1]} (${source})` : ''}`);
  const ir = await init();
  const done = await runCliJob('census', values, (c) => runJob(spec, { out, shard, workers, resume: Boolean(values.resume), ...c }, workers === 0 ? ir : undefined));
  if (done === 3) return 3;
  const { chunks, seconds } = done;
  if (shard[1] > 1) {
    console.log(`shard ${shard[0]}/${shard[1]} done in ${seconds.toFixed(1)} s: ${chunks.size} chunk files in ${chunkDir(out)} — when every shard is done, 'implicit-reg census-merge --out ${out}' (add other machines' chunk directories as arguments); 'implicit-reg progress --out ${out}' shows how far the job is`);
    return 0;
  }
  const ordered = [...chunks.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  console.log(`\n${spec.to - spec.from} instances in ${seconds.toFixed(1)} s (${((spec.to - spec.from) / seconds).toFixed(0)} instances/s)`);
  await writeCensusResults(out, spec, ordered, seconds, values['no-sweep'] ? undefined : ir);
  return 0;
}

/** `implicit-reg census-merge`. */
export async function cmdCensusMerge(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...CENSUS_FLAGS, out: { type: 'string' }, 'no-sweep': { type: 'boolean' } } });
  const out = String(values.out ?? 'results/census-4x4');
  const inputs = positionals.length ? positionals : [chunkDir(out)];
  let spec = censusSpecFromFlags(values);
  if (!hasCensusFlags(values)) {
    const found = jobsIn(inputs).filter((s) => s.grid === 'census');
    if (found.length > 1) {
      console.error(`implicit-reg census-merge: ${inputs.join(', ')} hold chunks of ${found.length} census jobs; give the job's flags (${CENSUS_USAGE}) to pick one:`);
      for (const f of found) {
        const fo = f.options as ResolvedCensusOptions;
        console.error(`  ${jobId(f)}: n = ${fo.n}, ${fo.values.length} values, k = ${fo.k.join(',')}, ids [${f.from}, ${f.to})`);
      }
      return 2;
    }
    if (found.length === 1) spec = found[0];
  }
  console.log(`merging census job ${jobId(spec)} from ${inputs.join(', ')}`);
  const merged = mergeShards(inputs, spec);
  const size = merged.length / chunkStarts(spec).length;
  const chunks = chunkStarts(spec).map((_, i) => merged.subarray(i * size, (i + 1) * size));
  await writeCensusResults(out, spec, chunks, 0, values['no-sweep'] ? undefined : await init());
  return 0;
}

/** `implicit-reg progress`: every job whose chunk files are in the directories, from those files. */
export async function cmdProgress(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const inputs = positionals.length ? positionals : [chunkDir(String(values.out ?? 'results/census-4x4'))];
  const jobs = jobsIn(inputs);
  if (!jobs.length) throw new ImplicitRegError('value', `progress: no job spec files (<job id>.json) in ${inputs.join(', ')}`);
  for (const spec of jobs) {
    const p = chunkProgress(spec, inputs);
    const rate = Number.isFinite(p.rate) ? `${p.rate.toFixed(1)} instances/s` : '–';
    console.log(`${p.job}: ${p.chunksDone}/${p.chunks} chunks, ${p.instancesDone}/${p.instances} instances (${((100 * p.instancesDone) / p.instances).toFixed(1)}%) | ${rate} | ETA ${fmtEta(p.eta)}${Number.isFinite(p.idle) && p.instancesDone < p.instances ? ` | last chunk ${fmtEta(p.idle)} ago` : ''}`);
  }
  return 0;
}
