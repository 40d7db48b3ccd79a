// The census: exhaustive enumeration of n×n PSD completion problems (n = 3, 4; docs/census.md), one wasm call per
// range of instance ids (assembly/grid/census.ts). An instance is an observation mask of k entries — one
// representative per orbit of the index permutations, or every mask (src/grid/masks.ts) — and a value from the value
// grid for each observed entry. Ids are stable for (n, value list, mask mode):
//   blocks by k = 0, 1, …, N (N = n(n+1)/2), block k holding M(k)·V^k instances (M(k) masks, V values), starting at
//   offset(k) = Σ_{k' < k} M(k')·V^{k'};  id = offset(k) + rank·V^k + Σ_q d_q·V^(k−1−q)
// with rank the mask's position among the block's masks (lexicographic) and d_q the value index of the q-th observed
// entry (first observed entry slowest). `local id` = id − offset(k) keys the initialization: at n = 3, k = 4 with all
// 15 masks and docs/algorithms/grid.md's ten values it is the 3×3 grid's instance id, and the records are the 3×3 grid's bit for bit.
import { ImplicitRegError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { checkMatrix, checkNumber, checkNumberList, checkOneOf, checkOptions, INT32_MAX, optionalNumber } from '../core/validate.js';
import type { Kernels } from '../kernels/kernels.js';
import type { RunControl } from '../kernels/run.js';
import { gridDefaults, GRID_STATUS, type Grid3Options } from './grid3.js';
import { canonicalMask, censusMasks, entries, maskOrbits, MAX_ORDER, type MaskMode } from './masks.js';

/** Doubles per (instance, α) record: the 3×3 grid's 8 fields, then λ*, primal residual, dual infeasibility, relative gap. */
export const CENSUS_FIELDS = 12;

/** Record status codes: the flows' (as the 3×3 grid's), and why an instance was not flowed. */
export const CENSUS_STATUS = {
  ...GRID_STATUS,
  /** λ* < −1e-9: no PSD completion (a dual certificate exists). */
  infeasible: -1,
  /** Feasible by λ* (docs/algorithms/grid.md's rule) only in the limit: no PSD completion attains the data, no minimum trace. */
  unattained: -2,
  /** The SDP's minimum did not meet its certificate (listed, never dropped). */
  uncertified: -3,
  /** Every observed value is 0: X_min = 0, so Δ is undefined. */
  zeroTrace: -4,
} as const;

/** The V values uniformly spaced in [−1, 1]: (2j − (V − 1))/(V − 1), each one correctly rounded division (V ≥ 2). */
export function gridValues(V: number): number[] {
  if (!Number.isInteger(V) || V < 2 || V > 100) throw new ImplicitRegError('value', `gridValues: argument V must be an integer in [2, 100], got ${V}`);
  return Array.from({ length: V }, (_, j) => (2 * j - (V - 1)) / (V - 1));
}

/** The census's default values: {−1, −½, 0, ½, 1} = gridValues(5). */
export const FIVE_VALUES: readonly number[] = gridValues(5);

/** Default k per n: the 3×3 grid's 4, the 4×4 census's 4 … 8. */
const DEFAULT_K: Record<number, number[]> = { 3: [4], 4: [4, 5, 6, 7, 8] };

/** Options of a census (every field but alphas defaulted by censusDefaults). */
export interface CensusOptions extends Grid3Options {
  /** Order of the matrices: 3 or 4 (default 4). */
  n?: number;
  /** The value grid (default {−1, −½, 0, ½, 1}); distinct finite numbers, at most 100. */
  values?: number[];
  /** Numbers of observed entries, ascending and contiguous (default 4 … 8 at n = 4, 4 at n = 3). */
  k?: number[];
  /** One mask per orbit of the index permutations ('orbits', default) or every mask ('all'). */
  masks?: MaskMode;
  /** Certificate tolerance of the SDP: primal residual, dual infeasibility and relative gap each ≤ sdpTol (default 1e-8). */
  sdpTol?: number;
  /** ADMM iteration cap per instance (default 1e5). */
  sdpMaxIter?: number;
}

/** CensusOptions with every default filled in (what {@link censusDefaults} returns and a run's output records). */
export type ResolvedCensusOptions = Required<CensusOptions>;

/** What fixes a census's ids: order, values, k and mask mode (the flows' options may be there, and are ignored). */
export type CensusGrid = Partial<CensusOptions>;

/**
 * Every option resolved and validated (the flows' defaults are the 3×3 grid's: src/grid/grid3.ts gridDefaults).
 * @example censusDefaults({ alphas: [1e-3] }).k // [4, 5, 6, 7, 8]
 */
export function censusDefaults(o: CensusOptions): ResolvedCensusOptions {
  const fn = 'censusDefaults';
  const { n, values, k, masks } = censusShape(o, fn);
  const sdpTol = o.sdpTol ?? 1e-8;
  if (!(typeof sdpTol === 'number' && sdpTol > 0 && sdpTol < 1)) throw new ImplicitRegError('value', `${fn}: argument options.sdpTol must be in (0, 1), got ${sdpTol}`);
  // crosses into wasm as an i32 (a larger cap would saturate there)
  const sdpMaxIter = optionalNumber(fn, 'options.sdpMaxIter', o.sdpMaxIter, 100_000, { integer: true, min: 1, max: INT32_MAX });
  const g = gridDefaults(o, fn, 'options'); // the flows' options, validated as the 3×3 grid's
  // a tally's per-α slots are indexed by a byte
  if (g.alphas.length > 255) throw new ImplicitRegError('value', `${fn}: argument options.alphas must be 1 to 255 positive finite numbers, got ${g.alphas.length} of them`);
  return { ...g, n, values, k, masks, sdpTol, sdpMaxIter };
}

/** The census's grid without its flows: n, values, k and mask mode, validated and defaulted (alphas not needed). */
export function censusShape(o: CensusGrid, fn = 'censusShape'): Pick<ResolvedCensusOptions, 'n' | 'values' | 'k' | 'masks'> {
  // an options object without null fields (a null n, values, k or masks would silently take the default)
  checkOptions(fn, 'options', o, true);
  const n = o.n ?? 4;
  if (n !== 3 && n !== 4) throw new ImplicitRegError('value', `${fn}: argument options.n must be 3 or 4 (the census runs n ≤ 4; masks and ids exist up to n = 5), got ${n}`);
  const values = o.values ?? [...FIVE_VALUES];
  if (!Array.isArray(values) || values.length < 1 || values.length > 100 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new ImplicitRegError('value', `${fn}: argument options.values must be 1 to 100 finite numbers, got ${JSON.stringify(values)}`);
  }
  if (new Set(values).size !== values.length) throw new ImplicitRegError('value', `${fn}: argument options.values must be distinct, got ${values.join(',')}`);
  const N = (n * (n + 1)) / 2;
  const k = o.k ?? DEFAULT_K[n];
  if (!Array.isArray(k) || k.length === 0 || !k.every((x, i) => Number.isInteger(x) && x >= 1 && x <= N && (i === 0 || x === k[i - 1] + 1))) {
    throw new ImplicitRegError('value', `${fn}: argument options.k must be ascending consecutive integers in [1, ${N}] for n = ${n}, got ${JSON.stringify(k)}`);
  }
  const masks = o.masks ?? 'orbits';
  if (masks !== 'orbits' && masks !== 'all') throw new ImplicitRegError('value', `${fn}: argument options.masks must be 'orbits' or 'all', got ${String(masks)}`);
  return { n, values: [...values], k: [...k], masks };
}

/** The enumeration's tables for (n, V, mask mode): blocks by k and their masks. */
export interface CensusLayout {
  /** Order of the matrices. */
  n: number;
  /** Number of values in the value grid. */
  V: number;
  /** The mask mode. */
  masks: MaskMode;
  /** One block per k = 0 … N (N = n(n+1)/2), holding the ids of the instances with k observed entries. */
  blocks: {
    /** Number of observed entries. */
    k: number;
    /** The block's first id, offset(k) = Σ_{k' < k} M(k')·V^{k'}. */
    offset: number;
    /** Number of masks M(k) in the block. */
    count: number;
    /** V^k: value assignments per mask. */
    Vk: number;
    /** The block's masks (entry indices, ascending), in rank order. */
    masks: number[][];
  }[];
  /** One past the last id of block N. */
  end: number;
}

const layoutCache = new Map<string, CensusLayout>();

/**
 * The id layout of the census grid (n, V values, mask mode) — see the file comment.
 * @example censusLayout(4, 5, 'orbits').blocks[6].offset // the first id with k = 6
 */
export function censusLayout(n: number, V: number, masks: MaskMode): CensusLayout {
  const fn = 'censusLayout';
  checkNumber(fn, 'n', n, { integer: true, min: 1, max: MAX_ORDER });
  checkNumber(fn, 'V', V, { integer: true, min: 1, max: 100 });
  checkOneOf(fn, 'masks', masks, ['orbits', 'all'] as const);
  const key = `${n}/${V}/${masks}`;
  const hit = layoutCache.get(key);
  if (hit) return hit;
  const N = (n * (n + 1)) / 2;
  const blocks: CensusLayout['blocks'] = [];
  let offset = 0;
  for (let k = 0; k <= N; k++) {
    const ms = censusMasks(n, k, masks);
    const Vk = V ** k;
    blocks.push({ k, offset, count: ms.length, Vk, masks: ms });
    offset += ms.length * Vk;
  }
  if (!Number.isSafeInteger(offset)) throw new ImplicitRegError('value', `${fn}: n = ${n} with V = ${V} values and mask mode '${masks}' has ${offset} ids, more than 2^53`);
  const out = { n, V, masks, blocks, end: offset };
  layoutCache.set(key, out);
  return out;
}

/** The ids [first, end) of the options' k: one contiguous range. */
export function censusRange(o: CensusGrid): [number, number] {
  const r = censusShape(o, 'censusRange');
  const L = censusLayout(r.n, r.values.length, r.masks);
  const k0 = r.k[0], k1 = r.k[r.k.length - 1];
  return [L.blocks[k0].offset, L.blocks[k1].offset + L.blocks[k1].count * L.blocks[k1].Vk];
}

/** One census instance, decoded from its id. */
export interface CensusInstance {
  /** The census id. */
  id: number;
  /** Number of observed entries. */
  k: number;
  /** The mask's rank among its block's masks (orbit representatives or all masks). */
  rank: number;
  /** The observed entries' indices (ascending, into `entries(n)`). */
  mask: number[];
  /** The observed entries' (row, column), row ≤ column, in the order of `mask`. */
  entries: Array<readonly [number, number]>;
  /** Value index per observed entry. */
  digits: number[];
  /** The observed values, in the order of `mask`. */
  values: number[];
  /** id − offset(k): the key of the seeded initialization. */
  local: number;
  /** Masks in the mask's orbit under relabeling (1 … n!; with mode 'all' still the orbit's size). */
  orbitSize: number;
}

/**
 * Decode a census id (see the file comment).
 * @example censusInstance({ alphas: [1] }, censusRange({ alphas: [1] })[0]) // the first k = 4 instance at n = 4
 */
export function censusInstance(o: CensusGrid, id: number): CensusInstance {
  const r = censusShape(o, 'censusInstance');
  const L = censusLayout(r.n, r.values.length, r.masks);
  if (!Number.isSafeInteger(id) || id < 0 || id >= L.end) throw new ImplicitRegError('value', `censusInstance: argument id must be an integer in [0, ${L.end}), got ${id}`);
  const b = L.blocks.find((x) => id >= x.offset && id < x.offset + x.count * x.Vk)!;
  const local = id - b.offset;
  const rank = Math.floor(local / b.Vk);
  let rest = local - rank * b.Vk;
  const digits = new Array<number>(b.k);
  for (let q = b.k - 1; q >= 0; q--) {
    digits[q] = rest % r.values.length;
    rest = Math.floor(rest / r.values.length);
  }
  const mask = b.masks[rank];
  const E = entries(r.n);
  // with mode 'all' the mask need not be its orbit's representative: look its orbit up by the canonical form
  const key = (r.masks === 'orbits' ? mask : canonicalMask(r.n, mask)).join(',');
  const orbit = maskOrbits(r.n, b.k).find((x) => x.mask.join(',') === key)!;
  return {
    id, k: b.k, rank, mask: [...mask], entries: mask.map((e) => E[e]), digits, values: digits.map((d) => r.values[d]), local,
    orbitSize: orbit.size,
  };
}

// the tables censusRun reads, per layout, and the wasm-side copies per Kernels instance
interface Tables { layout: Float64Array; masks: Int32Array; entries: Int32Array; kmax: number }
const tablesCache = new Map<string, Tables>();

function tables(L: CensusLayout, ks: number[]): Tables {
  const key = `${L.n}/${L.V}/${L.masks}/${ks[0]}-${ks[ks.length - 1]}`;
  const hit = tablesCache.get(key);
  if (hit) return hit;
  const layout = new Float64Array(4 * L.blocks.length);
  const flat: number[] = [];
  for (const b of L.blocks) {
    // only the option's blocks carry masks; the others keep their ids (offsets) but no instances to decode
    const used = ks.includes(b.k);
    layout.set([b.offset, used ? b.count : 0, b.Vk, flat.length], 4 * b.k);
    if (used) for (const m of b.masks) flat.push(...m);
  }
  const E = entries(L.n);
  const out = { layout, masks: Int32Array.from(flat.length ? flat : [0]), entries: Int32Array.from(E.flat()), kmax: ks[ks.length - 1] };
  tablesCache.set(key, out);
  return out;
}

/**
 * Records for census ids [start, start + count) × alphas (instance-major, CENSUS_FIELDS doubles each: feasible,
 * borderline, tr X_min, tr X∞, Δ, status, t, nfev, λ*, primal residual, dual infeasibility, relative gap), in one
 * wasm call. Ids must lie in censusRange(options).
 * With a time budget or an AbortSignal (opts is a RunControl; progress in instances) a stopped call returns the
 * records of the instances it finished: a shorter array (length / (alphas.length·CENSUS_FIELDS) instances, from start).
 * @example runCensus(ir, censusRange({ alphas: [1e-3] })[0], 100, { alphas: [1e-3] })
 */
export function runCensus(ir: Kernels, start: number, count: number, opts: CensusOptions & RunControl): Float64Array {
  const fn = 'runCensus';
  const o = censusDefaults(opts);
  const [lo, hi] = censusRange(o);
  if (!Number.isSafeInteger(start) || !Number.isInteger(count) || count < 0 || start < lo || start + count > hi) {
    throw new ImplicitRegError('value', `${fn}: arguments start, count must select ids within [${lo}, ${hi}) (k = ${o.k.join(',')}), got ${start}, ${count}`);
  }
  const { value: r, stopped } = ir.runs.run(fn, opts, () => censusRecords(ir, start, count, o, 0), 'opts');
  if (r.done !== count && !stopped) throw new ImplicitRegError('state', `${fn}: the census kernel stopped after ${r.done} of ${count} instances`);
  return r.records.subarray(0, r.done * o.alphas.length * CENSUS_FIELDS);
}

// the census kernel over [start, start + count) × o.alphas, whose first α has index alphaBase in the U0 generator;
// the records of the instances done (all unless the host's tick stopped the call)
function censusRecords(ir: Kernels, start: number, count: number, o: ResolvedCensusOptions, alphaBase: number): { records: Float64Array; done: number } {
  const L = censusLayout(o.n, o.values.length, o.masks);
  const T = tables(L, o.k);
  const hp = ir.heap;
  const na = o.alphas.length;
  const len = count * na * CENSUS_FIELDS;
  const params = [o.gtol, o.ltol, o.fitTol, o.qtol, o.method === 'auto' ? 1 : 0, o.tMax, o.rtol, o.atol, o.maxSteps, o.sdpTol, o.sdpMaxIter, o.seed, alphaBase];
  const p = {
    layout: hp.alloc(T.layout.length), masks: hp.alloc(Math.ceil(T.masks.length / 2)), entries: hp.alloc(Math.ceil(T.entries.length / 2)),
    values: hp.alloc(o.values.length), alphas: hp.alloc(na), params: hp.alloc(params.length), out: hp.alloc(len + 1),
    work: hp.alloc(ir.raw.censusWorkSize(o.n, T.kmax)),
  };
  try {
    hp.write(p.layout, T.layout);
    hp.i32.set(T.masks, p.masks >>> 2);
    hp.i32.set(T.entries, p.entries >>> 2);
    hp.write(p.values, o.values);
    hp.write(p.alphas, o.alphas);
    hp.write(p.params, params);
    const done = ir.raw.censusRun(o.n, start, count, p.layout, L.blocks.length, p.masks, p.entries, p.values, o.values.length, p.alphas, na, p.params, T.kmax, p.out, p.work);
    return { records: hp.read(p.out, Math.max(done, 0) * na * CENSUS_FIELDS), done };
  } finally {
    for (const q of Object.values(p)) hp.free(q);
  }
}

/**
 * The U0 the census uses for (seed, instance, α index): n×n, ‖U0‖_F = alpha, from the 3×3 grid's generator keyed by
 * the local id — to reproduce one instance's flow with the general solvers.
 */
export function censusInitialU(ir: Kernels, opts: CensusOptions, id: number, alphaIndex: number, alpha: number): Matrix {
  const o = censusDefaults(opts);
  const inst = censusInstance(o, id);
  if (!Number.isInteger(alphaIndex) || alphaIndex < 0 || alphaIndex > 255) throw new ImplicitRegError('value', `censusInitialU: argument alphaIndex must be an integer in [0, 255], got ${alphaIndex}`);
  if (!(alpha > 0 && Number.isFinite(alpha))) throw new ImplicitRegError('value', `censusInitialU: argument alpha must be positive and finite, got ${alpha}`);
  const nn = o.n * o.n;
  const ptr = ir.heap.alloc(nn);
  try {
    ir.raw.censusInitialU(o.seed, inst.local, alphaIndex, alpha, o.n, ptr);
    return matrix(o.n, o.n, ir.heap.read(ptr, nn));
  } finally {
    ir.heap.free(ptr);
  }
}

/** λ* and attainment of a completion problem (assembly/grid/lambda.ts). */
export interface CompletionLambda {
  /** sup over completions X of λ_min(X) (+∞ when no diagonal entry is observed). */
  lambdaStar: number;
  /** Some PSD completion attains the data (meaningful when λ* ≥ −1e-9). */
  attained: boolean;
  /** Every diagonal entry is observed (tr X is constant on the feasible set). */
  allDiagonal: boolean;
}

/**
 * λ* = sup over completions of λ_min, exactly from the pattern (n ≤ 4; chordal patterns and the 4-cycle), and whether
 * a PSD completion attains the data. `known` is n×n with NaN for unobserved entries (symmetric).
 * @example completionLambdaStar(ir, matrix(2, 2, [1, NaN, NaN, NaN])) // { lambdaStar: 1, attained: true, … }
 */
export function completionLambdaStar(ir: Kernels, known: Matrix): CompletionLambda {
  const fn = 'completionLambdaStar';
  checkMatrix(fn, 'known', known);
  const n = known.rows;
  if (!(known.cols === n && n >= 1 && n <= 4 && known.data.length === n * n)) throw new ImplicitRegError('shape', `${fn}: argument known must be n×n with 1 ≤ n ≤ 4, got ${known.rows}×${known.cols}`);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = known.data[i * n + j], b = known.data[j * n + i];
      if (!(Number.isNaN(a) ? Number.isNaN(b) : a === b)) throw new ImplicitRegError('symmetry', `${fn}: argument known must be symmetric with matching unobserved (NaN) entries, got (${i},${j}) = ${a} and (${j},${i}) = ${b}`);
      if (!Number.isNaN(a) && !Number.isFinite(a)) throw new ImplicitRegError('nonfinite', `${fn}: argument known must hold finite values or NaN, got ${a} at (${i},${j})`);
    }
  }
  const hp = ir.heap;
  const pk = hp.alloc(n * n), po = hp.alloc(4), pa = hp.alloc(4);
  try {
    hp.write(pk, known.data);
    const code = ir.raw.completionLambda(n, pk, po, pa);
    if (code === -1) throw new ImplicitRegError('value', `${fn}: argument known has a non-chordal pattern other than the 4-cycle`);
    if (code !== 0) throw new ImplicitRegError('convergence', `${fn}: an eigendecomposition did not converge`);
    const out = hp.read(po, 3);
    return { lambdaStar: out[0], attained: out[1] !== 0, allDiagonal: out[2] !== 0 };
  } finally {
    hp.free(pk); hp.free(po); hp.free(pa);
  }
}

/** The α sweep of one instance: Δ and status per ‖U0‖_F (docs/algorithms/grid.md: does a deviation persist as α → 0?). */
export interface SweepRow {
  /** The census id. */
  id: number;
  /** The scale ‖U0‖_F. */
  alpha: number;
  /** tr X_min, the minimum trace over PSD completions. */
  trMin: number;
  /** tr X∞, the trace the flow reached. */
  trace: number;
  /** Δ = (tr X∞ − tr X_min)/tr X_min. */
  delta: number;
  /** The record's CENSUS_STATUS code. */
  status: number;
  /** Right-hand-side evaluations of the flow. */
  nfev: number;
}

/** Status names of census records. */
export const CENSUS_STATUS_NAME: Record<number, string> = Object.fromEntries(Object.entries(CENSUS_STATUS).map(([k, v]) => [v, k]));

/**
 * Re-run instance `id` at each of `alphas` (the U0 for α index a is that of (seed, local id, a)), one α per kernel call.
 * With a time budget or an AbortSignal (opts is a RunControl; progress in α done) a stopped call returns the rows of
 * the α it finished, in order.
 * @example censusSweep(ir, o, id, [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-12])
 */
export function censusSweep(ir: Kernels, opts: CensusOptions & RunControl, id: number, alphas: number[]): SweepRow[] {
  const fn = 'censusSweep';
  const resolved = censusDefaults(opts);
  checkNumberList(fn, 'alphas', alphas, { gt: 0 });
  const [lo, hi] = censusRange(resolved);
  checkNumber(fn, 'id', id, { integer: true, min: lo, max: hi - 1 });
  const rows: SweepRow[] = [];
  ir.runs.run(fn, opts, () => {
    for (let a = 0; a < alphas.length; a++) {
      if (ir.runs.check(a, alphas.length)) break;
      const { records: f, done } = censusRecords(ir, id, 1, { ...resolved, alphas: [alphas[a]] }, a);
      if (done !== 1) throw new ImplicitRegError('state', `${fn}: the census kernel did not finish instance ${id} at alpha ${alphas[a]}`);
      rows.push({ id, alpha: alphas[a], trMin: f[2], trace: f[3], delta: f[4], status: f[5], nfev: f[7] });
    }
  }, 'opts');
  return rows;
}
