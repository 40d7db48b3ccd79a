// `implicit-reg queue …`: the grid through a work queue on PostgreSQL (src/runner/queue.ts; pg-boss needs
// Node ≥ 22.12, so the runner is loaded only when a queue command runs and everything else keeps working on Node 20).
//   queue enqueue --db URL [job flags] [--lease S] [--chunk-timeout S] [--retries N]   put a job's chunks on the queue
//   queue work --db URL [--workers N] [--forever] [--supervise S] [--events]         pull and compute chunks
//   queue status --db URL [--job ID] [--json]                                         progress, from the database
//   queue merge --db URL --out DIR [--job ID]                                         records.bin, summary.json, histogram
// Job flags include --grid census and the census's flags (the full 4×4 census: --grid census --values 10 --k 6,7).
// --db defaults to the environment variable IMPLICIT_REG_DB.
import { parseArgs } from 'node:util';
import { ImplicitRegError } from '../core/errors.js';
import { jobId } from '../runner/chunks.js';
import { init } from '../node.js';
import { fmtEta, GRID_SPEC_FLAGS, GRID_SPEC_USAGE, intFlag, progressBar, specFromFlags, writeResults } from './grid.js';
import { flagNumber } from './args.js';

export const QUEUE_USAGE = `  implicit-reg queue enqueue --db URL ${GRID_SPEC_USAGE} [--lease S] [--chunk-timeout S] [--retries N]
  implicit-reg queue work --db URL [--workers N] [--forever] [--supervise S] [--events]
  implicit-reg queue status --db URL [--job ID] [--json]
  implicit-reg queue merge --db URL --out DIR [--job ID]
  (the queue needs Node >= 22.12; --db defaults to $IMPLICIT_REG_DB)`;

async function runner() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    throw new ImplicitRegError('value', `the work queue needs Node ≥ 22.12 (its queue library, pg-boss 12, does); this is Node ${process.versions.node}. Every other command runs on Node ≥ 20`);
  }
  return import('../runner/queue.js');
}

function dbOf(values: Record<string, unknown>): string {
  const db = (values.db as string | undefined) ?? process.env.IMPLICIT_REG_DB;
  if (!db) throw new ImplicitRegError('value', '--db URL (or the environment variable IMPLICIT_REG_DB) is required: the PostgreSQL database of the queue');
  return db;
}

const fmtRate = (r: number) => (Number.isFinite(r) ? `${r.toFixed(1)}/s` : '–');

async function enqueue(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: { ...GRID_SPEC_FLAGS, db: { type: 'string' }, lease: { type: 'string' }, 'chunk-timeout': { type: 'string' }, retries: { type: 'string' } },
  });
  // every flag checked before the queue library loads: a wrong flag is named on any Node version
  const spec = specFromFlags(values);
  const opts = { lease: intFlag(values, 'lease'), chunkTimeout: intFlag(values, 'chunk-timeout'), retries: intFlag(values, 'retries') };
  const db = dbOf(values);
  const q = await runner();
  const r = await q.enqueueGrid({ db }, spec, opts);
  console.log(`job ${r.job}: instances [${spec.from}, ${spec.to}) in ${r.chunks} chunks of ${spec.chunk}; queued ${r.queued} now, ${r.present} were already queued, ${r.stored} already stored${r.revived ? `, ${r.revived} failed chunks put back` : ''}`);
  console.log(`start workers with 'implicit-reg queue work --db URL' on any machines; watch with 'implicit-reg queue status --db URL'`);
  return 0;
}

async function work(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: { db: { type: 'string' }, workers: { type: 'string' }, forever: { type: 'boolean' }, supervise: { type: 'string' }, events: { type: 'boolean' } },
  });
  const q = await runner();
  const workers = values.workers === undefined ? undefined : flagNumber('workers', values.workers, { integer: true, min: 1, max: 1024 });
  // the first SIGINT/SIGTERM stops the worker: chunks in flight go back to the queue at once
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = progressBar('queue', 'instances (all workers)');
  let barJob: string | undefined;
  const t0 = performance.now();
  const r = await q.runQueueWorker({
    db: dbOf(values), workers, forever: values.forever, supervise: intFlag(values, 'supervise'), signal: ac.signal,
    onChunk: values.events ? (e) => console.log(JSON.stringify({ ...e, t: Date.now() })) : undefined,
    onProgress: (job, done, total, mine) => {
      const rate = Math.round(mine / ((performance.now() - t0) / 1e3)).toString();
      if (job !== barJob) {
        if (barJob) bar.stop();
        bar.start(total, done, { rate });
        barJob = job;
      }
      bar.update(done, { rate });
    },
  });
  if (barJob) bar.stop();
  console.error(`queue worker: ${r.chunks} chunks, ${r.instances} instances in ${r.seconds.toFixed(1)} s (${fmtRate(r.instances / r.seconds)})${ac.signal.aborted ? ' — stopped by a signal; chunks in flight went back to the queue' : ''}`);
  return ac.signal.aborted ? 1 : 0;
}

async function status(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, job: { type: 'string' }, json: { type: 'boolean' } } });
  const q = await runner();
  const rows = await q.queueStatus({ db: dbOf(values) }, values.job);
  if (values.json) {
    console.log(JSON.stringify(rows, null, 1));
    return 0;
  }
  if (!rows.length) console.log('no grid jobs in this database');
  for (const s of rows) {
    const st = Object.entries(s.states).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    console.log(`${s.job}: ${s.chunksDone}/${s.chunks} chunks, ${s.instancesDone}/${s.instances} instances (${((100 * s.instancesDone) / s.instances).toFixed(1)}%) | ${fmtRate(s.recentRate)} last minute, ${fmtRate(s.rate)} overall | ${s.activeWorkers} workers in the last minute | ETA ${fmtEta(s.eta)} | queue: ${st}`);
  }
  return 0;
}

async function merge(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, out: { type: 'string' }, job: { type: 'string' } } });
  if (!values.out) throw new ImplicitRegError('value', '--out DIR is required: where records.bin, summary.json and the histogram go');
  const q = await runner();
  const { spec, records } = await q.readQueueJob({ db: dbOf(values) }, values.job);
  console.log(`merging job ${jobId(spec)} from the database`);
  await writeResults(values.out, records, spec, 0, spec.grid === 'census' ? await init() : undefined);
  return 0;
}

/** `implicit-reg queue <enqueue|work|status|merge> …`. */
export async function cmdQueue(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'enqueue') return enqueue(rest);
  if (sub === 'work') return work(rest);
  if (sub === 'status') return status(rest);
  if (sub === 'merge') return merge(rest);
  console.error(`implicit-reg queue: unknown subcommand '${sub ?? ''}'\nusage:\n${QUEUE_USAGE}`);
  return 2;
}
