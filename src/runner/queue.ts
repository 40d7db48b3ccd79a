// `implicit-reg/runner/queue`: grid jobs through a work queue on PostgreSQL (pg-boss, which needs Node ≥ 22.12).
//
// The producer turns a job's chunks (src/runner/chunks.ts) into pg-boss jobs on the queue 'implicit-reg.grid', each
// with an id derived from (job id, chunk start), so enqueuing twice inserts nothing new. Any number of workers on any
// machines pull chunks and compute each in their worker threads (src/runner/pool.ts). A worker stores a chunk's
// records and completes its pg-boss job in one transaction of its own: INSERT … ON CONFLICT DO NOTHING into
// implicit_reg.grid_chunk (primary key (job id, chunk start)), then pg-boss's complete() through the same connection,
// fenced to the attempt the worker was given, then COMMIT. A worker killed mid-chunk holds a lease that it no longer
// renews (pg-boss's heartbeat, or the chunk timeout); once it lapses, a supervising worker puts the chunk back and
// another worker runs it again. A chunk computed twice — re-delivered after its first worker had in fact stored
// it, or stored by a worker whose lease had lapsed — has the same bytes both times and the primary key keeps one row:
// nothing is lost, nothing is duplicated. Progress and results live in the database: status and merge read the
// table.
import { createHash } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import pg from 'pg';
import { PgBoss, type ConstructorOptions, type Job } from 'pg-boss';
import { ImplicitRegError } from '../core/errors.js';
import type { Kernels } from '../kernels/kernels.js';
import { canonicalJson, chunkLength, chunkStarts, formatRange, jobId, mergeChunks, parseSpec, type GridSpec } from './chunks.js';
import { ChunkPool } from './pool.js';

/** The pg-boss queue of grid chunks. */
export const QUEUE_NAME = 'implicit-reg.grid';
/** The schema of the package's own tables. */
export const RESULT_SCHEMA = 'implicit_reg';

/** Where the queue and the results live. */
export interface QueueConnection {
  /** PostgreSQL connection URL, e.g. postgres://user:pass@host:5432/db. */
  db: string;
  /** pg-boss's schema (default 'pgboss'). */
  bossSchema?: string;
}

/** How long a worker may hold a chunk, and how often a chunk is retried (set per chunk when it is enqueued). */
export interface LeaseOptions {
  /**
   * Heartbeat lease in seconds (pg-boss heartbeatSeconds: an integer ≥ 10; default 30). A worker renews it every
   * lease/2 seconds while it computes; a chunk whose worker stopped renewing goes back to the queue once the lease
   * has lapsed, at the next supervision pass of any running worker. 0: no heartbeat, the chunk timeout alone.
   */
  lease?: number;
  /** Longest a chunk may run, seconds (pg-boss expireInSeconds; default 3600, at most 86400). */
  chunkTimeout?: number;
  /** How often a chunk is put back after its worker died or failed before it counts as failed (default 10). */
  retries?: number;
}

/** What a pg-boss job of the queue carries. */
export interface ChunkData {
  /** The job id. */
  job: string;
  /** The chunk's first instance. */
  start: number;
  /** Instances in the chunk. */
  count: number;
}

const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS ${RESULT_SCHEMA};
CREATE TABLE IF NOT EXISTS ${RESULT_SCHEMA}.grid_job (
  job_id text PRIMARY KEY,
  spec text NOT NULL,
  chunks integer NOT NULL,
  instances integer NOT NULL,
  created_on timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${RESULT_SCHEMA}.grid_chunk (
  job_id text NOT NULL REFERENCES ${RESULT_SCHEMA}.grid_job (job_id) ON DELETE CASCADE,
  start integer NOT NULL,
  count integer NOT NULL,
  records bytea NOT NULL,
  worker text NOT NULL,
  seconds double precision NOT NULL,
  done_on timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, start)
);`;
// any fixed key: serializes concurrent first-time schema creation by several workers
const SCHEMA_LOCK = 7_425_113_901;

async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA_SQL);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** The pg-boss job id of a chunk: a UUID from SHA-256 of (job id, start), so the same chunk always has the same id. */
export function chunkJobId(job: string, start: number): string {
  const h = createHash('sha256').update(`${job}/${start}`).digest('hex');
  // version 8 (custom), RFC 9562 variant
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function leaseSettings(o: LeaseOptions): { heartbeatSeconds?: number; expireInSeconds: number; retryLimit: number } {
  const fn = 'enqueueGrid';
  const lease = o.lease ?? 30;
  const expire = o.chunkTimeout ?? 3600;
  const retries = o.retries ?? 10;
  if (!(Number.isInteger(lease) && (lease === 0 || lease >= 10))) throw new ImplicitRegError('value', `${fn}: argument lease must be 0 or an integer ≥ 10 seconds (pg-boss heartbeats), got ${lease}`);
  if (!(Number.isInteger(expire) && expire >= 1 && expire <= 86_400)) throw new ImplicitRegError('value', `${fn}: argument chunkTimeout must be an integer in [1, 86400] seconds, got ${expire}`);
  if (!(Number.isInteger(retries) && retries >= 0)) throw new ImplicitRegError('value', `${fn}: argument retries must be a non-negative integer, got ${retries}`);
  return { ...(lease ? { heartbeatSeconds: lease } : {}), expireInSeconds: expire, retryLimit: retries };
}

function boss(c: QueueConnection, extra: ConstructorOptions = {}): PgBoss {
  const b = new PgBoss({ connectionString: c.db, schema: c.bossSchema ?? 'pgboss', application_name: 'implicit-reg', schedule: false, ...extra });
  b.on('error', (e) => console.error(`implicit-reg queue: pg-boss: ${e.message}`));
  return b;
}

const pgPool = (c: QueueConnection, max = 4) => new pg.Pool({ connectionString: c.db, max, application_name: 'implicit-reg' });

/** What {@link enqueueGrid} did. */
export interface EnqueueResult {
  /** The job id. */
  job: string;
  /** Chunks of the job in all. */
  chunks: number;
  /** Chunks queued by this call. */
  queued: number;
  /** Chunks already stored in the table (not queued again). */
  stored: number;
  /** Chunks already in the queue (not queued again). */
  present: number;
  /** Chunks that had failed every attempt and were put back. */
  revived: number;
}

/**
 * Put the job's chunks on the queue, idempotently: chunks already stored or already queued are left alone, chunks
 * that failed every attempt are put back.
 * @example await enqueueGrid({ db: 'postgres://localhost/grid' }, gridSpec({ options: { alphas: [1e-5, 1e-3, 1] } }))
 */
export async function enqueueGrid(c: QueueConnection, spec: GridSpec, lease: LeaseOptions = {}): Promise<EnqueueResult> {
  const settings = leaseSettings(lease);
  const id = jobId(spec);
  const starts = chunkStarts(spec);
  const b = boss(c, { supervise: false });
  const pool = pgPool(c);
  try {
    await b.start();
    await ensureSchema(pool);
    await b.createQueue(QUEUE_NAME, { retentionSeconds: 86_400 * 365 }); // a no-op when it exists
    await pool.query(`INSERT INTO ${RESULT_SCHEMA}.grid_job (job_id, spec, chunks, instances) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [id, canonicalJson(spec), starts.length, spec.to - spec.from]);
    const stored = new Set((await pool.query(`SELECT start FROM ${RESULT_SCHEMA}.grid_chunk WHERE job_id = $1`, [id])).rows.map((r) => r.start as number));
    const todo = starts.filter((s) => !stored.has(s));
    let queued = 0;
    for (let i = 0; i < todo.length; i += 1000) {
      const batch = todo.slice(i, i + 1000).map((s) => ({
        id: chunkJobId(id, s), data: { job: id, start: s, count: chunkLength(spec, s) } satisfies ChunkData,
        ...settings, retentionSeconds: 86_400 * 365,
      }));
      queued += (await b.insert(QUEUE_NAME, batch, { returnId: true }))?.length ?? 0;
    }
    // chunks that failed every attempt (a bug, a machine that kept dying) go back on the queue
    const failed = (await pool.query(`SELECT id FROM ${c.bossSchema ?? 'pgboss'}.job WHERE name = $1 AND state = 'failed' AND data->>'job' = $2`, [QUEUE_NAME, id])).rows.map((r) => r.id as string);
    if (failed.length) await b.retry(QUEUE_NAME, failed);
    return { job: id, chunks: starts.length, queued, stored: stored.size, present: todo.length - queued, revived: failed.length };
  } finally {
    await b.stop({ graceful: false, close: true }).catch(() => undefined);
    await pool.end();
  }
}

/** What a queue worker reports about each chunk it handles. */
export interface ChunkEvent {
  /** 'claimed': a delivery arrived; 'stored': computed and stored; 'skipped': already stored, nothing computed. */
  kind: 'claimed' | 'stored' | 'skipped';
  /** The job id. */
  job: string;
  /** The chunk's first instance. */
  start: number;
  /** Instances in the chunk. */
  count: number;
  /** pg-boss's retry count of this delivery (0 on the first). */
  attempt: number;
  /** This worker's name: `hostname/pid`. */
  worker: string;
  /** With 'stored': seconds spent computing the chunk. */
  seconds?: number;
  /** With 'stored': whether this delivery's row was new (false: another delivery had stored the same bytes). */
  inserted?: boolean;
  /**
   * With 'stored': whether this delivery's completion counted (false: it was no longer current — its lease had lapsed).
   */
  completed?: boolean;
}

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions extends QueueConnection {
  /** Worker threads, and chunks in flight (default: available parallelism); 0 computes in this thread with `ir`. */
  workers?: number;
  /** Keep waiting for new chunks when the queue is empty (default: stop once nothing is queued or running). */
  forever?: boolean;
  /** Seconds between supervision passes, which put back chunks whose lease lapsed (default 10). */
  supervise?: number;
  /** Called for every chunk this worker claims, skips or stores. */
  onChunk?: (e: ChunkEvent) => void;
  /** After each stored chunk: the job's instances done by all workers, its total, this worker's instances. */
  onProgress?: (job: string, done: number, total: number, mine: number) => void;
  /** Aborting it stops the worker: chunks in flight go back to the queue at once. */
  signal?: AbortSignal;
}

/** What one {@link runQueueWorker} call did. */
export interface QueueWorkerResult {
  /** Chunks this worker computed and stored. */
  chunks: number;
  /** Instances in those chunks. */
  instances: number;
  /** Wall-clock seconds the worker ran. */
  seconds: number;
}

/**
 * Pull chunks from the queue and compute them until the queue is empty (or forever, or until `signal` aborts).
 * @example await runQueueWorker({ db: 'postgres://localhost/grid', workers: 8 })
 */
export async function runQueueWorker(o: QueueWorkerOptions, ir?: Kernels): Promise<QueueWorkerResult> {
  const fn = 'runQueueWorker';
  const workers = o.workers ?? availableParallelism();
  const supervise = o.supervise ?? 10;
  if (!(Number.isInteger(supervise) && supervise >= 1)) throw new ImplicitRegError('value', `${fn}: argument supervise must be a positive integer (seconds), got ${supervise}`);
  const bossSchema = o.bossSchema ?? 'pgboss';
  const name = `${hostname()}/${process.pid}`;
  const b = boss(o, {
    supervise: true, superviseIntervalSeconds: supervise, monitorIntervalSeconds: supervise, queueCacheIntervalSeconds: supervise, max: Math.max(4, workers + 2),
  });
  const pool = pgPool(o, Math.max(2, workers + 1));
  const chunks = await ChunkPool.open(workers, ir);
  const specs = new Map<string, GridSpec>();
  const t0 = performance.now();
  let mine = 0;
  let count = 0;
  let inFlight = 0;
  const specOf = async (id: string): Promise<GridSpec> => {
    let spec = specs.get(id);
    if (!spec) {
      const { rows } = await pool.query(`SELECT spec FROM ${RESULT_SCHEMA}.grid_job WHERE job_id = $1`, [id]);
      if (!rows.length) throw new ImplicitRegError('value', `${fn}: job ${id} of a queued chunk is not in ${RESULT_SCHEMA}.grid_job`);
      spec = parseSpec(rows[0].spec, `${RESULT_SCHEMA}.grid_job row ${id}`);
      if (jobId(spec) !== id) throw new ImplicitRegError('value', `${fn}: the spec of job ${id} hashes to ${jobId(spec)}`);
      specs.set(id, spec);
    }
    return spec;
  };
  const handle = async ([job]: Job<ChunkData>[]): Promise<void> => {
    inFlight++;
    try {
      const { job: id, start } = job.data;
      const spec = await specOf(id);
      const n = chunkLength(spec, start);
      const ev: ChunkEvent = { kind: 'claimed', job: id, start, count: n, attempt: job.retryCount, worker: name };
      o.onChunk?.(ev);
      // a re-delivered chunk whose first worker stored it but died before the completion counted: nothing to compute
      if ((await pool.query(`SELECT 1 FROM ${RESULT_SCHEMA}.grid_chunk WHERE job_id = $1 AND start = $2`, [id, start])).rows.length) {
        o.onChunk?.({ ...ev, kind: 'skipped' });
        return;
      }
      const t = performance.now();
      const rec = await chunks.run(spec, start);
      const seconds = (performance.now() - t) / 1e3;
      const client = await pool.connect();
      let inserted = false;
      let completed = false;
      try {
        await client.query('BEGIN');
        const ins = await client.query(
          `INSERT INTO ${RESULT_SCHEMA}.grid_chunk (job_id, start, count, records, worker, seconds) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [id, start, n, Buffer.from(rec.buffer, rec.byteOffset, rec.byteLength), name, seconds]);
        inserted = ins.rowCount === 1;
        // completes this delivery only (fenced to its retry count), in the same transaction as the records
        const done = await b.complete(QUEUE_NAME, { id: job.id, retryCount: job.retryCount }, null, {
          db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) },
        }) as { affected?: number };
        completed = (done.affected ?? 0) > 0;
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      mine += n;
      count++;
      o.onChunk?.({ ...ev, kind: 'stored', seconds, inserted, completed });
      if (o.onProgress) {
        const { rows } = await pool.query(`SELECT coalesce(sum(count), 0)::int AS done FROM ${RESULT_SCHEMA}.grid_chunk WHERE job_id = $1`, [id]);
        o.onProgress(id, rows[0].done, spec.to - spec.from, mine);
      }
    } finally {
      inFlight--;
    }
  };
  let stopping = false;
  const stop = async (graceful: boolean) => {
    if (stopping) return;
    stopping = true;
    // graceful: wait for chunks in flight; otherwise pg-boss fails them after a second so they go back at once
    await b.stop({ graceful: true, timeout: graceful ? 30_000 : 1000, close: true }).catch(() => undefined);
  };
  try {
    await b.start();
    await ensureSchema(pool);
    await b.createQueue(QUEUE_NAME, { retentionSeconds: 86_400 * 365 }); // a no-op when it exists
    await b.work<ChunkData>(QUEUE_NAME, {
      localConcurrency: Math.max(1, workers), batchSize: 1, pollingIntervalSeconds: 0.5, burstWhenReadyExceeds: 1,
    }, handle);
    const aborted = new Promise<void>((resolve) => {
      if (o.signal?.aborted) resolve();
      o.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    // without `forever`, stop when nothing is queued, waiting for retry, or running — anywhere
    for (;;) {
      const tick = new Promise<void>((r) => setTimeout(r, 1000).unref());
      await Promise.race([tick, aborted]);
      if (o.signal?.aborted) {
        await stop(false);
        break;
      }
      if (o.forever || inFlight > 0) continue;
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${bossSchema}.job WHERE name = $1 AND state < 'completed'`, [QUEUE_NAME]);
      if (rows[0].n === 0 && inFlight === 0) {
        await stop(true);
        break;
      }
    }
  } finally {
    await stop(true);
    await chunks.close();
    await pool.end();
  }
  return { chunks: count, instances: mine, seconds: (performance.now() - t0) / 1e3 };
}

/** Progress of one job, from the database. */
export interface JobStatus {
  /** The job id. */
  job: string;
  /** The job's spec. */
  spec: GridSpec;
  /** Chunks in all. */
  chunks: number;
  /** Chunks stored. */
  chunksDone: number;
  /** Instances in all. */
  instances: number;
  /** Instances stored. */
  instancesDone: number;
  /** pg-boss states of the job's chunks: created, retry, active, completed, failed, … */
  states: Record<string, number>;
  /** Workers that stored a chunk in the last minute. */
  activeWorkers: number;
  /** Instances per second over the whole run so far (NaN before any chunk). */
  rate: number;
  /**
   * Instances per second over the last minute (0 when nothing was stored in it and the job is unfinished; NaN when
   * finished).
   */
  recentRate: number;
  /** Seconds to go at the recent rate (NaN when unknown). */
  eta: number;
}

/**
 * The progress of every job in the database (or of `job`).
 * @example for (const s of await queueStatus({ db })) console.log(s.job, s.chunksDone, '/', s.chunks)
 */
export async function queueStatus(c: QueueConnection, job?: string): Promise<JobStatus[]> {
  const pool = pgPool(c, 1);
  try {
    const exists = (await pool.query(`SELECT to_regclass($1) AS t`, [`${RESULT_SCHEMA}.grid_job`])).rows[0].t;
    if (!exists) return [];
    const { rows } = await pool.query(`
      SELECT j.job_id, j.spec, j.chunks, j.instances,
        count(c.start)::int AS chunks_done, coalesce(sum(c.count), 0)::int AS instances_done,
        extract(epoch FROM max(c.done_on) - min(c.done_on - c.seconds * interval '1 second'))::float8 AS span,
        extract(epoch FROM now() - min(c.done_on - c.seconds * interval '1 second'))::float8 AS age,
        coalesce(sum(c.count) FILTER (WHERE c.done_on > now() - interval '60 seconds'), 0)::int AS recent,
        count(DISTINCT c.worker) FILTER (WHERE c.done_on > now() - interval '60 seconds')::int AS workers
      FROM ${RESULT_SCHEMA}.grid_job j LEFT JOIN ${RESULT_SCHEMA}.grid_chunk c USING (job_id)
      WHERE $1::text IS NULL OR j.job_id = $1
      GROUP BY j.job_id ORDER BY min(j.created_on), j.job_id`, [job ?? null]);
    const bossJob = (await pool.query(`SELECT to_regclass($1) AS t`, [`${c.bossSchema ?? 'pgboss'}.job`])).rows[0].t;
    const states = new Map<string, Record<string, number>>();
    if (bossJob) {
      const q = await pool.query(`SELECT data->>'job' AS job_id, state::text AS state, count(*)::int AS n FROM ${c.bossSchema ?? 'pgboss'}.job WHERE name = $1 GROUP BY 1, 2`, [QUEUE_NAME]);
      for (const r of q.rows) states.set(r.job_id, { ...states.get(r.job_id), [r.state]: r.n });
    }
    return rows.map((r): JobStatus => {
      const rate = r.span > 0 ? r.instances_done / r.span : NaN;
      const recentRate = r.recent > 0 ? r.recent / Math.min(60, r.age) : r.instances_done < r.instances ? 0 : NaN;
      const left = r.instances - r.instances_done;
      return {
        job: r.job_id, spec: parseSpec(r.spec, `${RESULT_SCHEMA}.grid_job row ${r.job_id}`), chunks: r.chunks, chunksDone: r.chunks_done,
        instances: r.instances, instancesDone: r.instances_done, states: states.get(r.job_id) ?? {}, activeWorkers: r.workers,
        rate, recentRate, eta: left === 0 ? 0 : recentRate > 0 ? left / recentRate : NaN,
      };
    });
  } finally {
    await pool.end();
  }
}

/**
 * The merged records of a job from the database (the only job there, or `job`); throws naming every missing chunk.
 * @example const { spec, records } = await readQueueJob({ db })
 */
export async function readQueueJob(c: QueueConnection, job?: string): Promise<{
  /** The job's spec. */
  spec: GridSpec;
  /** Its chunk outputs merged in instance order (as mergeChunks). */
  records: Float64Array;
}> {
  const fn = 'readQueueJob';
  const pool = pgPool(c, 1);
  try {
    const exists = (await pool.query(`SELECT to_regclass($1) AS t`, [`${RESULT_SCHEMA}.grid_job`])).rows[0].t;
    const jobs = exists ? (await pool.query(`SELECT job_id, spec FROM ${RESULT_SCHEMA}.grid_job WHERE $1::text IS NULL OR job_id = $1 ORDER BY created_on`, [job ?? null])).rows : [];
    if (jobs.length !== 1) {
      throw new ImplicitRegError('value', job === undefined
        ? `${fn}: the database holds ${jobs.length} jobs${jobs.length ? ` (${jobs.map((j) => j.job_id).join(', ')}); pass argument job to pick one` : ''}`
        : `${fn}: argument job ${job} is not in the database`);
    }
    const spec = parseSpec(jobs[0].spec, `${RESULT_SCHEMA}.grid_job row ${jobs[0].job_id}`);
    const stored = new Map<number, Float64Array>();
    const { rows } = await pool.query(`SELECT start, count, records FROM ${RESULT_SCHEMA}.grid_chunk WHERE job_id = $1 ORDER BY start`, [jobs[0].job_id]);
    for (const r of rows as { start: number; count: number; records: Buffer }[]) {
      if (r.records.byteLength % 8) throw new ImplicitRegError('value', `${fn}: chunk ${formatRange(r.start, r.start + r.count)} of job ${jobs[0].job_id} has ${r.records.byteLength} bytes, not whole doubles`);
      const rec = new Float64Array(r.records.byteLength / 8);
      new Uint8Array(rec.buffer).set(r.records);
      stored.set(r.start, rec);
    }
    return { spec, records: mergeChunks(spec, [{ get: (s) => stored.get(s) }]) };
  } finally {
    await pool.end();
  }
}
