// The chunked-job layer every engine shares — worker threads on one machine, shards and array jobs, the PostgreSQL
// queue. A job is a spec (which grid, its resolved options, the instance range, the chunk size) whose id is derived
// from the spec's canonical JSON; it is cut into chunks of consecutive instances. A chunk's output is the record
// array of its range, and it depends on (spec, instance) only, never on who computes it or how the job is split: so
// storing it is idempotent — here a file named by job id and chunk start, written under a temporary name and then
// renamed (re-running a chunk rewrites identical bytes); in the queue a row keyed by (job id, chunk start). Merging
// reads the chunks back in instance order and names every missing one.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ImplicitRegError } from '../core/errors.js';
import { checkNumber, checkOptions, describe, INT32_MAX } from '../core/validate.js';
import type { Grid3Options } from '../grid/grid3.js';
import { GRIDS, type GridName, type GridOptions } from './grids.js';

/** What a job computes. Build it with {@link gridSpec}: equal runs then have equal specs, and equal job ids. */
export interface GridSpec {
  /** Which grid (see {@link GRIDS}). */
  grid: GridName;
  /** Every option resolved (the grid's defaults filled in; the census's fields too for grid 'census'). */
  options: Required<Grid3Options> & GridOptions;
  /** Instances [from, to) of the grid. */
  from: number;
  /** One past the last instance. */
  to: number;
  /** Instances per chunk (the last chunk may be shorter). */
  chunk: number;
}

/** What {@link gridSpec} takes: a grid, its options as given, and optionally a range and chunk size. */
export interface GridSpecInput {
  /** Default 'grid3'. */
  grid?: GridName;
  /** The grid's options (alphas required; the rest defaulted by the grid). */
  options: GridOptions;
  /** First instance (default 0). */
  from?: number;
  /** One past the last instance (default: the whole grid). */
  to?: number;
  /** Instances per chunk (default 2500). */
  chunk?: number;
}

/** Default instances per chunk. */
export const DEFAULT_CHUNK = 2500;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * A validated spec with every default resolved.
 * @example jobId(gridSpec({ options: { alphas: [1e-5, 1e-3, 1] } })) // 'grid3-…'
 */
export function gridSpec(input: GridSpecInput): GridSpec {
  const fn = 'gridSpec';
  checkOptions(fn, 'input', input, true);
  checkOptions(fn, 'input.options', input.options, true);
  const grid = input.grid ?? 'grid3';
  const kind = Object.hasOwn(GRIDS, grid) ? GRIDS[grid] : undefined; // not an Object.prototype key
  if (!kind) throw new ImplicitRegError('value', `${fn}: argument grid must be one of ${Object.keys(GRIDS).join(', ')}, got ${String(grid)}`);
  const alphas = input.options?.alphas;
  if (!Array.isArray(alphas) || alphas.length === 0 || !alphas.every((a) => typeof a === 'number' && a > 0 && Number.isFinite(a))) {
    throw new ImplicitRegError('value', `${fn}: argument options.alphas must be positive finite numbers, got ${JSON.stringify(alphas)}`);
  }
  const options = kind.defaults(input.options) as GridSpec['options'];
  const [lo, hi] = kind.range(options);
  const from = input.from ?? lo;
  const to = input.to ?? hi;
  const chunk = input.chunk ?? DEFAULT_CHUNK;
  if (!isCount(from) || !isCount(to) || from < lo || from >= to || to > hi) {
    throw new ImplicitRegError('value', `${fn}: arguments from, to must select instances with ${lo} ≤ from < to ≤ ${hi}, got ${from}, ${to}`);
  }
  if (!isCount(chunk) || chunk === 0) throw new ImplicitRegError('value', `${fn}: argument chunk must be a positive integer, got ${chunk}`);
  // a chunk's instances are counted in i32 by the kernels
  if (chunk > INT32_MAX) throw new ImplicitRegError('value', `${fn}: argument chunk must be at most 2³¹ − 1, got ${chunk}`);
  return { grid, options, from, to, chunk };
}

/** A spec as gridSpec makes it (its fields, not its options' values, which gridSpec checked), else an ImplicitRegError naming `name`. */
export function checkSpec(fn: string, name: string, spec: unknown): asserts spec is GridSpec {
  const s = spec as GridSpec;
  const ok = s !== null && typeof s === 'object' && typeof s.grid === 'string' && Object.hasOwn(GRIDS, s.grid) && isCount(s.from)
    && isCount(s.to) && s.from < s.to && isCount(s.chunk) && s.chunk > 0 && s.chunk <= INT32_MAX
    && s.options !== null && typeof s.options === 'object' && Array.isArray(s.options.alphas) && s.options.alphas.length > 0
    && ((lo, hi) => s.from >= lo && s.to <= hi)(...GRIDS[s.grid].range(s.options));
  if (!ok) throw new ImplicitRegError('value', `${fn}: argument ${name} must be a grid job spec made by gridSpec, got ${describe(spec)}`);
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The job id: the grid's name and the first 64 bits of SHA-256 of the spec's canonical JSON. */
export function jobId(spec: GridSpec): string {
  checkSpec('jobId', 'spec', spec);
  return `${spec.grid}-${createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16)}`;
}

/** A spec read back from its canonical JSON (a job file, the queue's table); throws unless it is one. */
export function parseSpec(text: string, where: string): GridSpec {
  let spec: GridSpec;
  try {
    const o = JSON.parse(text) as GridSpecInput;
    spec = gridSpec({ grid: o.grid, options: o.options, from: o.from, to: o.to, chunk: o.chunk });
  } catch (e) {
    throw new ImplicitRegError('value', `parseSpec: ${where} does not hold a grid job spec: ${(e as Error).message}`);
  }
  if (canonicalJson(spec) !== text.trim()) throw new ImplicitRegError('value', `parseSpec: ${where} is not a spec's canonical JSON`);
  return spec;
}

/** Chunk starts of the job, in order. */
export function chunkStarts(spec: GridSpec): number[] {
  checkSpec('chunkStarts', 'spec', spec);
  const starts: number[] = [];
  for (let s = spec.from; s < spec.to; s += spec.chunk) starts.push(s);
  return starts;
}

/** Instances in the chunk starting at `start`. */
export function chunkLength(spec: GridSpec, start: number): number {
  return Math.min(spec.chunk, spec.to - start);
}

/** Doubles per instance (all α) of a grid whose chunks store records. */
export function instanceDoubles(spec: GridSpec): number {
  return spec.options.alphas.length * GRIDS[spec.grid].fields;
}

/** Doubles the chunk starting at `start` stores: its records, or the grid's fixed-size tally. */
export function chunkDoubles(spec: GridSpec, start: number): number {
  const fn = 'chunkDoubles';
  checkSpec(fn, 'spec', spec);
  checkNumber(fn, 'start', start, { integer: true, min: spec.from, max: spec.to - 1 });
  if ((start - spec.from) % spec.chunk !== 0) throw new ImplicitRegError('value', `${fn}: argument start must be a chunk start (from + a multiple of chunk = ${spec.chunk}), got ${start}`);
  return doublesOf(spec, start);
}

// chunkDoubles for a start that is one of the spec's chunk starts
function doublesOf(spec: GridSpec, start: number): number {
  const kind = GRIDS[spec.grid];
  const n = chunkLength(spec, start);
  return kind.chunkDoubles ? kind.chunkDoubles(spec.options, n) : n * instanceDoubles(spec);
}

/** The chunk starts of shard k of N (1-based): every N-th chunk, starting with the k-th. */
export function shardChunks(spec: GridSpec, shard: [number, number]): number[] {
  checkShard('shardChunks', 'shard', shard);
  return chunkStarts(spec).filter((_, i) => i % shard[1] === shard[0] - 1);
}

/** [k, N] with integers 1 ≤ k ≤ N, else an ImplicitRegError naming `name`. */
export function checkShard(fn: string, name: string, shard: unknown): asserts shard is [number, number] {
  const ok = Array.isArray(shard) && shard.length === 2 && shard.every((x) => Number.isInteger(x)) && shard[0] >= 1 && shard[0] <= shard[1]
    && shard[1] <= 2 ** 31 - 1;
  if (!ok) throw new ImplicitRegError('value', `${fn}: argument ${name} must be [k, N] with integers 1 ≤ k ≤ N, got ${Array.isArray(shard) ? `[${shard.map(describe).join(', ')}]` : describe(shard)}`);
}

export const formatRange = (start: number, end: number): string => `[${start}, ${end})`;

/** Where merged chunks come from: a chunk's records, or undefined when this source does not have it. */
export interface ChunkSource {
  /** The stored output of the chunk starting at `start`, or undefined when this source does not have it. */
  get(start: number): Float64Array | undefined;
}

/**
 * The job's chunk outputs in chunk order — for record grids the records of instances [from, to) in order — taken from
 * the first source that has each chunk. Throws naming every missing chunk by its instance range.
 * @example mergeChunks(spec, [new ChunkDir('results/grid3/chunks', spec)])
 */
export function mergeChunks(spec: GridSpec, sources: ChunkSource[]): Float64Array {
  checkSpec('mergeChunks', 'spec', spec);
  if (!Array.isArray(sources) || !sources.every((x) => typeof x?.get === 'function')) {
    throw new ImplicitRegError('value', `mergeChunks: argument sources must be an array of chunk sources (objects with get(start)), got ${describe(sources)}`);
  }
  const starts = chunkStarts(spec);
  const out = new Float64Array(starts.reduce((t, s) => t + doublesOf(spec, s), 0));
  const missing: string[] = [];
  let at = 0;
  for (const s of starts) {
    const n = chunkLength(spec, s);
    const want = doublesOf(spec, s);
    let rec: Float64Array | undefined;
    for (const src of sources) if ((rec = src.get(s))) break;
    if (!rec) missing.push(formatRange(s, s + n));
    else if (rec.length !== want) throw new ImplicitRegError('value', `mergeChunks: chunk ${formatRange(s, s + n)} of job ${jobId(spec)} has ${rec.length} doubles, expected ${want}`);
    else out.set(rec, at);
    at += want;
  }
  if (missing.length) {
    throw new ImplicitRegError('value', `mergeChunks: job ${jobId(spec)} (instances ${formatRange(spec.from, spec.to)} in chunks of ${spec.chunk}) lacks ${missing.length} of ${starts.length} chunks: instances ${missing.join(', ')}`);
  }
  return out;
}

/** Writes `bytes` to `path` atomically: a temporary name in the same directory, then a rename over the target. */
function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/**
 * One job's chunk outputs in a directory: `<job id>.<start, 9 digits>.bin` (the records, little-endian doubles) and
 * `<job id>.json` (the spec). Many processes may share the directory (array jobs on a shared file system): a chunk
 * file appears whole or not at all, and two writers of one chunk write the same bytes.
 */
export class ChunkDir implements ChunkSource {
  /** The job id of `spec`. */
  readonly id: string;
  /**
   * @param dir the directory (created by {@link ChunkDir.open})
   * @param spec the job
   */
  constructor(
    /** The directory holding the chunk files. */
    readonly dir: string,
    /** The job whose chunks these are. */
    readonly spec: GridSpec,
  ) {
    this.id = jobId(spec);
  }

  /** The file of the chunk starting at `start`. */
  path(start: number): string {
    return join(this.dir, `${this.id}.${String(start).padStart(9, '0')}.bin`);
  }

  /** The chunk's records, or undefined when its file is absent or not of the chunk's exact size. */
  get(start: number): Float64Array | undefined {
    const path = this.path(start);
    const bytes = doublesOf(this.spec, start) * 8;
    if (!existsSync(path) || statSync(path).size !== bytes) return undefined;
    const buf = readFileSync(path);
    const out = new Float64Array(bytes / 8);
    new Uint8Array(out.buffer).set(buf);
    return out;
  }

  /** Whether the chunk's file is present with the chunk's exact size. */
  has(start: number): boolean {
    const path = this.path(start);
    return existsSync(path) && statSync(path).size === doublesOf(this.spec, start) * 8;
  }

  /** Stores the chunk's records (idempotent: the same chunk always has the same bytes). */
  put(start: number, records: Float64Array): void {
    const n = doublesOf(this.spec, start);
    if (records.length !== n) throw new ImplicitRegError('value', `ChunkDir.put: argument records must hold ${n} doubles for chunk ${start}, got ${records.length}`);
    writeAtomic(this.path(start), new Uint8Array(records.buffer, records.byteOffset, records.byteLength));
  }

  /** Creates the directory and the job's spec file. */
  open(): this {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${this.id}.json`);
    if (!existsSync(path)) writeAtomic(path, `${canonicalJson(this.spec)}\n`);
    return this;
  }
}

/** The specs of the jobs whose spec files are in `dir` (none if it does not exist). */
export function findJobSpecs(dir: string): GridSpec[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9]+-[0-9a-f]{16}\.json$/.test(f))
    .sort()
    .map((f) => parseSpec(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
}
