// What a census keeps (docs/census.md): the full census has ~10⁸ instances, too many for per-instance records, so a
// chunk's output is a fixed-size tally that adds up across chunks — per mask orbit: instances, feasible, borderline,
// unattained, uncertified, zero-trace counts and, per α, flows run, converged, |Δ| ≤ 1e-3 and ≤ 1e-2, Σ nfev and the
// WORST instances with the largest |Δ| (id and Δ); per (k, α): the flows' status counts, the histogram of Δ over
// [−0.2, 0.2] (80 bins and the two tails) and of log10 |Δ| (quarter decades over [1e-16, 10), zeros and the rest).
// Tallies merge by addition (the worst lists by keeping the WORST largest |Δ|, ties to the smaller id), so the result
// does not depend on how the census was cut into chunks, shards or queue jobs.
import { ImplicitRegError } from '../core/errors.js';
import { checkFinite, checkNumber, checkNumberList, checkObject, checkVector, describe } from '../core/validate.js';
import { CENSUS_FIELDS, CENSUS_STATUS, censusDefaults, censusLayout, censusRange, type CensusOptions, type ResolvedCensusOptions } from './census.js';
import { entries, maskOrbits } from './masks.js';
import type { DeltaHistogram } from './summary.js';

/** The α values of the sweep of the worst instances (docs/algorithms/grid.md: down to 1e-12). */
export const CENSUS_SWEEP_ALPHAS = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-12];

/** Worst instances kept per (orbit, α). */
export const WORST = 3;
const ORBIT_COUNTS = 6; // instances, feasible, borderline, unattained, uncertified, zero trace
const ALPHA_COUNTS = 5; // run, converged, |Δ| ≤ 1e-3, |Δ| ≤ 1e-2, Σ nfev
const PER_ORBIT_ALPHA = ALPHA_COUNTS + 2 * WORST;
/** Histogram of Δ: bins over [−0.2, 0.2). */
export const HIST_BINS = 80;
export const HIST_LO = -0.2;
export const HIST_HI = 0.2;
/** Histogram of log10 |Δ|: quarter decades over [1e-16, 10). */
export const LOG_LO = -16;
export const LOG_BINS = 68;
const STATUS_COUNTS = 6; // flow statuses 0 … 5
const PER_K_ALPHA = STATUS_COUNTS + (HIST_BINS + 2) + (LOG_BINS + 2);

/** Where each part of a tally lives, for resolved census options. */
export interface TallyLayout {
  ks: number[];
  /** Orbits (masks) per k, and the index of each k's first orbit. */
  orbits: number[];
  firstOrbit: number[];
  alphas: number;
  orbitStride: number;
  orbitBase: number;
  kBase: number;
  size: number;
}

/** The tally layout of a census (depends on n, values, masks, k and the number of α only). */
export function tallyLayout(o: ResolvedCensusOptions): TallyLayout {
  const L = censusLayout(o.n, o.values.length, o.masks);
  const orbits = o.k.map((k) => L.blocks[k].count);
  const firstOrbit: number[] = [];
  let t = 0;
  for (const c of orbits) { firstOrbit.push(t); t += c; }
  const A = o.alphas.length;
  const orbitStride = ORBIT_COUNTS + A * PER_ORBIT_ALPHA;
  const kBase = t * orbitStride;
  return { ks: o.k, orbits, firstOrbit, alphas: A, orbitStride, orbitBase: 0, kBase, size: kBase + o.k.length * A * PER_K_ALPHA };
}

/** Doubles of one chunk's tally. */
export function tallySize(opts: CensusOptions): number {
  return tallyLayout(censusDefaults(opts)).size;
}

function emptyTally(T: TallyLayout): Float64Array {
  const t = new Float64Array(T.size);
  // empty worst slots: id −1
  const total = T.firstOrbit.length ? T.firstOrbit[T.firstOrbit.length - 1] + T.orbits[T.orbits.length - 1] : 0;
  for (let g = 0; g < total; g++) {
    for (let a = 0; a < T.alphas; a++) {
      const w = g * T.orbitStride + ORBIT_COUNTS + a * PER_ORBIT_ALPHA + ALPHA_COUNTS;
      for (let s = 0; s < WORST; s++) { t[w + 2 * s] = -1; t[w + 2 * s + 1] = 0; }
    }
  }
  return t;
}

// insert (id, Δ) into the worst list at w (sorted by |Δ| descending, ties by id ascending)
function insertWorst(t: Float64Array, w: number, id: number, d: number): void {
  const better = (i2: number, d2: number, i1: number, d1: number) => i1 < 0 || Math.abs(d2) > Math.abs(d1) || (Math.abs(d2) === Math.abs(d1) && i2 < i1);
  if (!better(id, d, t[w + 2 * (WORST - 1)], t[w + 2 * (WORST - 1) + 1])) return;
  let s = WORST - 1;
  while (s > 0 && better(id, d, t[w + 2 * (s - 1)], t[w + 2 * (s - 1) + 1])) {
    t[w + 2 * s] = t[w + 2 * (s - 1)];
    t[w + 2 * s + 1] = t[w + 2 * (s - 1) + 1];
    s--;
  }
  t[w + 2 * s] = id;
  t[w + 2 * s + 1] = d;
}

/**
 * The tally of the records of census ids [start, start + count) (as runCensus returns them).
 * @example tallyRecords(o, start, runCensus(ir, start, 1000, o))
 */
export function tallyRecords(opts: CensusOptions, start: number, records: Float64Array): Float64Array {
  const fn = 'tallyRecords';
  const o = censusDefaults(opts);
  const T = tallyLayout(o);
  const L = censusLayout(o.n, o.values.length, o.masks);
  const A = T.alphas;
  checkVector(fn, 'records', records);
  const count = records.length / (A * CENSUS_FIELDS);
  if (!Number.isInteger(count)) throw new ImplicitRegError('shape', `tallyRecords: argument records must hold whole instances of ${A * CENSUS_FIELDS} doubles, got ${records.length}`);
  const [lo, hi] = censusRange(o);
  checkNumber(fn, 'start', start, { integer: true, min: lo, max: hi - count });
  const t = emptyTally(T);
  let bi = 0;
  for (let q = 0; q < count; q++) {
    const id = start + q;
    // the block of id (ids ascend: advance through the option's ks)
    while (bi < T.ks.length && id >= L.blocks[T.ks[bi]].offset + L.blocks[T.ks[bi]].count * L.blocks[T.ks[bi]].Vk) bi++;
    const b = L.blocks[T.ks[bi]];
    if (bi >= T.ks.length || id < b.offset) throw new ImplicitRegError('value', `tallyRecords: id ${id} is outside the census's k = ${T.ks.join(',')}`);
    const rank = Math.floor((id - b.offset) / b.Vk);
    const g = T.firstOrbit[bi] + rank;
    const ob = g * T.orbitStride;
    const r0 = q * A * CENSUS_FIELDS;
    t[ob] += 1;
    if (records[r0] === 1) t[ob + 1] += 1;
    if (records[r0 + 1] === 1) t[ob + 2] += 1;
    const s0 = records[r0 + 5];
    if (s0 === CENSUS_STATUS.unattained) t[ob + 3] += 1;
    else if (s0 === CENSUS_STATUS.uncertified) t[ob + 4] += 1;
    else if (s0 === CENSUS_STATUS.zeroTrace) t[ob + 5] += 1;
    for (let a = 0; a < A; a++) {
      const r = r0 + a * CENSUS_FIELDS;
      const status = records[r + 5];
      if (status < 0) continue;
      const oa = ob + ORBIT_COUNTS + a * PER_ORBIT_ALPHA;
      const kb = T.kBase + (bi * A + a) * PER_K_ALPHA;
      t[oa] += 1;
      t[oa + 4] += records[r + 7];
      t[kb + status] += 1;
      if (status !== CENSUS_STATUS.converged) continue;
      const d = records[r + 4];
      const ad = Math.abs(d);
      t[oa + 1] += 1;
      if (ad <= 1e-3) t[oa + 2] += 1;
      if (ad <= 1e-2) t[oa + 3] += 1;
      insertWorst(t, oa + ALPHA_COUNTS, id, d);
      const h = kb + STATUS_COUNTS;
      if (d < HIST_LO) t[h + HIST_BINS] += 1;
      else if (d >= HIST_HI) t[h + HIST_BINS + 1] += 1;
      else t[h + Math.min(HIST_BINS - 1, Math.floor(((d - HIST_LO) / (HIST_HI - HIST_LO)) * HIST_BINS))] += 1;
      const lg = h + HIST_BINS + 2;
      if (ad < 10 ** LOG_LO) t[lg + LOG_BINS] += 1;
      else if (ad >= 10) t[lg + LOG_BINS + 1] += 1;
      else t[lg + Math.min(LOG_BINS - 1, Math.floor((Math.log10(ad) - LOG_LO) * 4))] += 1;
    }
  }
  return t;
}

// a tally of `size` doubles (the tally layout of the options): counts, sums and worst lists, all finite
function checkTally(fn: string, name: string, t: unknown, size: number): void {
  checkVector(fn, name, t, size);
  checkFinite(fn, name, t);
}

/** The sum of tallies of one census (worst lists merged). */
export function mergeTallies(opts: CensusOptions, tallies: Float64Array[]): Float64Array {
  const fn = 'mergeTallies';
  const o = censusDefaults(opts);
  const T = tallyLayout(o);
  if (!Array.isArray(tallies)) throw new ImplicitRegError('value', `${fn}: argument tallies must be an array of tallies, got ${describe(tallies)}`);
  tallies.forEach((t, i) => checkTally(fn, `tallies[${i}]`, t, T.size));
  const out = emptyTally(T);
  const worst = new Set<number>();
  const totalOrbits = T.orbits.reduce((s, c) => s + c, 0);
  for (let g = 0; g < totalOrbits; g++) for (let a = 0; a < T.alphas; a++) {
    const w = g * T.orbitStride + ORBIT_COUNTS + a * PER_ORBIT_ALPHA + ALPHA_COUNTS;
    for (let s = 0; s < 2 * WORST; s++) worst.add(w + s);
  }
  for (const t of tallies) {
    for (let i = 0; i < T.size; i++) if (!worst.has(i)) out[i] += t[i];
    for (let g = 0; g < totalOrbits; g++) for (let a = 0; a < T.alphas; a++) {
      const w = g * T.orbitStride + ORBIT_COUNTS + a * PER_ORBIT_ALPHA + ALPHA_COUNTS;
      for (let s = 0; s < WORST; s++) if (t[w + 2 * s] >= 0) insertWorst(out, w, t[w + 2 * s], t[w + 2 * s + 1]);
    }
  }
  return out;
}

/** Flow statistics at one initialization scale α. Δ = (tr X∞ − tr X_min)/tr X_min throughout. */
export interface CensusAlphaStats {
  /** The scale ‖U0‖_F. */
  alpha: number;
  /** Flows run (feasible, attained, certified, nonzero instances). */
  run: number;
  /** Flows that converged; the fractions are over these. */
  converged: number;
  /** Flows that did not converge (tMax, maxSteps, diverged, stationary, stepTooSmall) — listed, excluded from Δ. */
  notConverged: number;
  /** Fraction of the converged flows with |Δ| ≤ 1e-3 (NaN when none converged). */
  fractionWithin1e3: number;
  /** Fraction of the converged flows with |Δ| ≤ 1e-2 (NaN when none converged). */
  fractionWithin1e2: number;
  /** Mean right-hand-side evaluations per flow run (NaN when none ran). */
  meanNfev: number;
}

/** Instance counts of a part of the census (one mask, or every mask with k entries). */
export interface CensusCounts {
  /** Instances (all value assignments of the masks). */
  instances: number;
  /** Instances with a PSD completion (λ* ≥ −1e-9). */
  feasible: number;
  /** Feasible instances whose every PSD completion is singular. */
  borderline: number;
  /** Instances feasible only in the limit (CENSUS_STATUS.unattained). */
  unattained: number;
  /** Instances whose SDP minimum missed its certificate (CENSUS_STATUS.uncertified). */
  uncertified: number;
  /** Instances with every observed value 0 (CENSUS_STATUS.zeroTrace). */
  zeroTrace: number;
}

/** The census's counts and statistics for one mask (an orbit representative in mode 'orbits'). */
export interface CensusOrbitSummary extends CensusCounts {
  /** Number of observed entries. */
  k: number;
  /** The mask's rank in its block (instance ids: offset(k) + rank·V^k + …). */
  rank: number;
  /** The representative's observed entries (i, j). */
  mask: Array<readonly [number, number]>;
  /** Masks in its orbit (how often it stands for a mask of the full enumeration). */
  orbitSize: number;
  /** Statistics per α, in the order of the census's alphas. */
  alphas: (CensusAlphaStats & {
    /** The converged instances of largest |Δ| (at most 3), largest first. */
    worst: {
      /** Census id. */
      id: number;
      /** Its Δ. */
      delta: number;
    }[];
  })[];
}

/** The census's counts and statistics for one number k of observed entries (all its masks). */
export interface CensusKSummary extends CensusCounts {
  /** Number of observed entries. */
  k: number;
  /** Masks (orbit representatives in mode 'orbits') with k entries. */
  orbits: number;
  /** Statistics per α, in the order of the census's alphas. */
  alphas: (CensusAlphaStats & {
    /** Flows per final status, keyed by status name (converged, tMax, maxSteps, diverged, stationary, stepTooSmall). */
    statusCounts: Record<string, number>;
    /** Δ of the converged flows binned over [lo, hi). */
    histogram: DeltaHistogram;
    /** Counts of log10 |Δ| in quarter decades from 1e-16 (bins), below 1e-16 and ≥ 10. */
    logHistogram: {
      /** log10 of the lower edge of the first bin (−16). */
      lo: number;
      /** Bins per decade (4). */
      binsPerDecade: number;
      /** The counts of 68 bins covering [1e-16, 10). */
      bins: number[];
      /** Count with |Δ| < 1e-16 (exact zeros included). */
      zero: number;
      /** Count with |Δ| ≥ 10. */
      above: number;
    };
    /** |Δ| quantiles (upper edges of the quarter-decade bins: accurate to a factor 10^¼). */
    absQuantiles: Record<string, number>;
  })[];
}

/** The summary of a whole census (see {@link summarizeCensus}); its counts are those of every instance. */
export interface CensusSummary extends CensusCounts {
  /** Order of the matrices. */
  n: number;
  /** The value grid. */
  values: number[];
  /** The mask mode. */
  masks: ResolvedCensusOptions['masks'];
  /** The numbers of observed entries enumerated. */
  k: number[];
  /** The initialization scales ‖U0‖_F. */
  alphas: number[];
  /** One summary per k, ascending. */
  perK: CensusKSummary[];
  /** One summary per mask, by k and then rank. */
  perOrbit: CensusOrbitSummary[];
  /** Per α: the largest |Δ| over all orbits (each orbit's worst few), descending. */
  worst: {
    /** The scale ‖U0‖_F. */
    alpha: number;
    /** At most 20 instances, largest |Δ| first (ties: smaller id first). */
    instances: {
      /** Census id. */
      id: number;
      /** Its number of observed entries. */
      k: number;
      /** Its mask's rank in the k block. */
      rank: number;
      /** Its Δ. */
      delta: number;
    }[];
  }[];
}

const STATUS_NAMES = ['converged', 'tMax', 'maxSteps', 'diverged', 'stationary', 'stepTooSmall'];

/**
 * The census's summary from a merged tally.
 * @example summarizeCensus(o, mergeTallies(o, chunks))
 */
export function summarizeCensus(opts: CensusOptions, tally: Float64Array): CensusSummary {
  const o = censusDefaults(opts);
  const T = tallyLayout(o);
  checkTally('summarizeCensus', 'tally', tally, T.size);
  const E = entries(o.n);
  const A = T.alphas;
  const perOrbit: CensusOrbitSummary[] = [];
  T.ks.forEach((k, bi) => {
    const L = censusLayout(o.n, o.values.length, o.masks);
    const orbits = maskOrbits(o.n, k);
    L.blocks[k].masks.forEach((m, rank) => {
      const ob = (T.firstOrbit[bi] + rank) * T.orbitStride;
      const key = m.join(',');
      perOrbit.push({
        k, rank, mask: m.map((e) => E[e]), orbitSize: orbits.find((x) => x.mask.join(',') === key)?.size ?? NaN,
        instances: tally[ob], feasible: tally[ob + 1], borderline: tally[ob + 2], unattained: tally[ob + 3], uncertified: tally[ob + 4], zeroTrace: tally[ob + 5],
        alphas: o.alphas.map((alpha, a) => {
          const oa = ob + ORBIT_COUNTS + a * PER_ORBIT_ALPHA;
          const worst: { id: number; delta: number }[] = [];
          for (let s = 0; s < WORST; s++) if (tally[oa + ALPHA_COUNTS + 2 * s] >= 0) worst.push({ id: tally[oa + ALPHA_COUNTS + 2 * s], delta: tally[oa + ALPHA_COUNTS + 2 * s + 1] });
          return { ...alphaStats(alpha, tally[oa], tally[oa + 1], tally[oa + 2], tally[oa + 3], tally[oa + 4]), worst };
        }),
      });
    });
  });
  const perK: CensusKSummary[] = T.ks.map((k, bi) => {
    const mine = perOrbit.filter((x) => x.k === k);
    const sum = (f: (x: CensusOrbitSummary) => number) => mine.reduce((s, x) => s + f(x), 0);
    return {
      k, orbits: mine.length, instances: sum((x) => x.instances), feasible: sum((x) => x.feasible), borderline: sum((x) => x.borderline),
      unattained: sum((x) => x.unattained), uncertified: sum((x) => x.uncertified), zeroTrace: sum((x) => x.zeroTrace),
      alphas: o.alphas.map((alpha, a) => {
        const agg = (f: (s: CensusAlphaStats) => number) => mine.reduce((s, x) => s + f(x.alphas[a]), 0);
        const run = agg((s) => s.run), conv = agg((s) => s.converged);
        const kb = T.kBase + (bi * A + a) * PER_K_ALPHA;
        const h = kb + STATUS_COUNTS;
        const lg = h + HIST_BINS + 2;
        const logBins = Array.from(tally.subarray(lg, lg + LOG_BINS));
        const zero = tally[lg + LOG_BINS], above = tally[lg + LOG_BINS + 1];
        const statusCounts: Record<string, number> = {};
        STATUS_NAMES.forEach((nm, s) => { statusCounts[nm] = tally[kb + s]; });
        return {
          ...alphaStats(alpha, run, conv, sumField(mine, a, 2, tally, T), sumField(mine, a, 3, tally, T), sumField(mine, a, 4, tally, T)),
          statusCounts,
          histogram: { lo: HIST_LO, hi: HIST_HI, bins: Array.from(tally.subarray(h, h + HIST_BINS)), below: tally[h + HIST_BINS], above: tally[h + HIST_BINS + 1] },
          logHistogram: { lo: LOG_LO, binsPerDecade: 4, bins: logBins, zero, above },
          absQuantiles: logQuantiles(logBins, zero, conv),
        };
      }),
    };
  });
  const tot = (f: (x: CensusKSummary) => number) => perK.reduce((s, x) => s + f(x), 0);
  const worst = o.alphas.map((alpha, a) => ({
    alpha,
    instances: perOrbit.flatMap((x) => x.alphas[a].worst.map((w) => ({ id: w.id, k: x.k, rank: x.rank, delta: w.delta })))
      .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || p.id - q.id).slice(0, 20),
  }));
  return {
    n: o.n, values: o.values, masks: o.masks, k: o.k, alphas: o.alphas,
    instances: tot((x) => x.instances), feasible: tot((x) => x.feasible), borderline: tot((x) => x.borderline),
    unattained: tot((x) => x.unattained), uncertified: tot((x) => x.uncertified), zeroTrace: tot((x) => x.zeroTrace),
    perK, perOrbit, worst,
  };
}

// Σ over the k's orbits of the raw count `field` (2: |Δ| ≤ 1e-3, 3: ≤ 1e-2, 4: Σ nfev) at α index a
function sumField(mine: CensusOrbitSummary[], a: number, field: 2 | 3 | 4, tally: Float64Array, T: TallyLayout): number {
  let s = 0;
  for (const x of mine) {
    const bi = T.ks.indexOf(x.k);
    s += tally[(T.firstOrbit[bi] + x.rank) * T.orbitStride + ORBIT_COUNTS + a * PER_ORBIT_ALPHA + field];
  }
  return s;
}

function alphaStats(alpha: number, run: number, converged: number, w3: number, w2: number, nfev: number): CensusAlphaStats {
  return {
    alpha, run, converged, notConverged: run - converged,
    fractionWithin1e3: converged ? w3 / converged : NaN, fractionWithin1e2: converged ? w2 / converged : NaN,
    meanNfev: run ? nfev / run : NaN,
  };
}

// quantiles of |Δ| from the quarter-decade histogram: the upper edge of the bin holding the q-th value
function logQuantiles(bins: number[], zero: number, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of [0.5, 0.9, 0.99, 1]) {
    if (!total) { out[String(q)] = NaN; continue; }
    const target = Math.max(1, Math.ceil(q * total));
    let c = zero;
    let v = c >= target ? 10 ** LOG_LO : NaN;
    for (let b = 0; b < bins.length && Number.isNaN(v); b++) {
      c += bins[b];
      if (c >= target) v = 10 ** (LOG_LO + (b + 1) / 4);
    }
    out[String(q)] = Number.isNaN(v) ? Infinity : v;
  }
  return out;
}

/** Each orbit's worst instance at the smallest α (converged flows), without repeats, largest |Δ| first. */
export function worstForSweep(s: CensusSummary): number[] {
  const fn = 'worstForSweep';
  checkObject(fn, 's', s);
  const alphas = checkNumberList(fn, 's.alphas', s.alphas, { gt: 0 });
  const perOrbit: unknown = s.perOrbit;
  if (!Array.isArray(perOrbit) || !perOrbit.every((x) => Array.isArray(x?.alphas) && x.alphas.length === alphas.length && x.alphas.every((y: unknown) => Array.isArray((y as { worst?: unknown })?.worst)))) {
    throw new ImplicitRegError('value', `${fn}: argument s.perOrbit must list the orbits of a CensusSummary, each with a worst list per α of s.alphas, got ${describe(perOrbit)}`);
  }
  const a = alphas.indexOf(Math.min(...alphas));
  const picks = s.perOrbit.map((x) => x.alphas[a].worst[0]).filter((w): w is { id: number; delta: number } => !!w);
  picks.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || p.id - q.id);
  return [...new Set(picks.map((p) => p.id))];
}

/** What an α sweep says: per instance, did |Δ| shrink as α went from the largest to the smallest α? */
export interface SweepOutcome {
  /** Distinct instances swept. */
  instances: number;
  /** |Δ| at the smallest α below a tenth of that at the largest, or ≤ 1e-3. */
  shrank: number;
  /** Converged at the smallest α with |Δ| > 1e-3 and not a tenth of that at the largest. */
  persisted: number;
  /** Not converged at the smallest α. */
  unfinished: number;
  /** The persisting instances: id, Δ at the largest and the smallest α. */
  persisting: {
    /** Census id. */
    id: number;
    /** Δ at the largest α. */
    first: number;
    /** Δ at the smallest α. */
    last: number;
  }[];
}

/**
 * Classify the rows of α sweeps (as censusSweep returns; statuses as CENSUS_STATUS) — the criterion of the 3×3
 * grid's experiment (src/experiments/g-fig4.ts).
 */
export function sweepOutcome(rows: { id: number; alpha: number; delta: number; status: number }[]): SweepOutcome {
  const fn = 'sweepOutcome';
  if (!Array.isArray(rows)) throw new ImplicitRegError('value', `${fn}: argument rows must be an array of sweep rows { id, alpha, delta, status }, got ${describe(rows)}`);
  const statuses = Object.values(CENSUS_STATUS);
  rows.forEach((r, i) => {
    const name = `rows[${i}]`;
    checkObject(fn, name, r);
    checkNumber(fn, `${name}.id`, r.id, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
    checkNumber(fn, `${name}.alpha`, r.alpha, { gt: 0 });
    checkNumber(fn, `${name}.status`, r.status, { integer: true, min: Math.min(...statuses), max: Math.max(...statuses) });
    // a flow that did not converge may have no finite Δ (a diverged one: ∞ or NaN)
    if (r.status === CENSUS_STATUS.converged) checkNumber(fn, `${name}.delta`, r.delta);
    else if (typeof r.delta !== 'number') throw new ImplicitRegError('value', `${fn}: argument ${name}.delta must be a number, got ${describe(r.delta)}`);
  });
  const byId = new Map<number, typeof rows>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const out: SweepOutcome = { instances: byId.size, shrank: 0, persisted: 0, unfinished: 0, persisting: [] };
  for (const [id, rs] of byId) {
    const sorted = [...rs].sort((p, q) => q.alpha - p.alpha);
    const first = sorted[0], last = sorted[sorted.length - 1];
    if (last.status !== 0) { out.unfinished++; continue; }
    if (Math.abs(last.delta) <= 1e-3 || Math.abs(last.delta) < 0.1 * Math.abs(first.delta)) out.shrank++;
    else { out.persisted++; out.persisting.push({ id, first: first.delta, last: last.delta }); }
  }
  out.persisting.sort((p, q) => Math.abs(q.last) - Math.abs(p.last));
  return out;
}
