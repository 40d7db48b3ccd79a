// Summary and figure of a grid run (docs/algorithms/grid.md outputs): counts, per-α convergence and Δ statistics, the instances
// furthest from the minimum, the ones that did not converge, and the binned Δ per α that src/plots/grid3.ts draws
// (Gunasekar et al. 2017, Fig. 4): over the paper's [−0.2, 0.2], or over a range fitted to the data.
import { GRID_FIELDS, GRID_SIZE, GRID_STATUS } from './grid3.js';
import { ImplicitRegError } from '../core/errors.js';
import { checkNumber, checkNumberList, checkOptions, describe, optionalBoolean } from '../core/validate.js';

/** Δ of converged flows binned over [lo, hi) (the grid's and the census's Fig. 4 histograms). */
export interface DeltaHistogram {
  /** Lower edge of the first bin (−0.2). */
  lo: number;
  /** Upper edge of the last bin (0.2). */
  hi: number;
  /** The counts of 80 equal bins. */
  bins: number[];
  /** Count with Δ < lo. */
  below: number;
  /** Count with Δ ≥ hi. */
  above: number;
}

/** The summary of one initialization scale α of a grid run. Δ = (tr X∞ − tr X_min)/tr X_min throughout. */
export interface GridAlphaSummary {
  /** The scale ‖U0‖_F. */
  alpha: number;
  /** Feasible instances run. */
  run: number;
  /**
   * Flows that met the stopping rule; the fractions, quantiles, worst list and histogram are over these (fractions
   * and quantiles are NaN when no flow converged: documented, there is nothing to summarize).
   */
  converged: number;
  /** Reached tMax (algebraic convergence) — listed, never silently dropped. */
  tMax: number[];
  /** Ids of the flows stopped by the step cap. */
  maxSteps: number[];
  /** Ids of the flows whose loss overflowed or grew past the divergence bound. */
  diverged: number[];
  /** Ids of the flows stopped at a point that does not fit the data (a saddle). */
  stationary: number[];
  /** Ids of the flows whose step fell below its floor (a non-finite step included). */
  stepTooSmall: number[];
  /** Fraction of the converged flows with |Δ| ≤ 1e-3 (NaN when none converged). */
  fractionWithin1e3: number;
  /** Fraction of the converged flows with |Δ| ≤ 1e-2 (NaN when none converged). */
  fractionWithin1e2: number;
  /** Quantiles of Δ over the converged flows, keyed '0', '0.01', '0.1', '0.25', '0.5', '0.75', '0.9', '0.99', '1'. */
  quantiles: Record<string, number>;
  /** The 20 converged flows of largest |Δ|, largest first. */
  worst: {
    /** Instance id. */
    id: number;
    /** Its Δ. */
    delta: number;
    /** Its GRID_STATUS code (always converged). */
    status: number;
  }[];
  /** Δ of the converged flows binned over [lo, hi). */
  histogram: DeltaHistogram;
}

/** The summary of a grid run's records (see {@link summarize}). */
export interface GridSummary {
  /** Instances summarized. */
  instances: number;
  /** Instances with a PSD completion. */
  feasible: number;
  /** Feasible instances per mask (15 counts, indexed like GRID_MASKS). */
  feasiblePerMask: number[];
  /** Borderline instances (every PSD completion singular). */
  borderline: number;
  /** One summary per initialization scale, in the order of the run's alphas. */
  alphas: GridAlphaSummary[];
}

const HIST_BINS = 80;

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /**
   * Bin Δ over a range fitted to the converged flows (shared by all α, bin edges at round multiples) instead of the
   * paper's [−0.2, 0.2]: a small sample's Δ may sit in a few of those bins or run past them (default false).
   */
  fitRange?: boolean;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x > 0 (round bin widths and tick steps). */
export function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= x * (1 - 1e-12)) ?? 10 * p;
}

/** [lo, hi) holding every value in about HIST_BINS bins of a round width (the values: finite, at least one). */
function fittedRange(values: number[]): { lo: number; hi: number; bins: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const w = niceStep((max - min) / HIST_BINS || Math.abs(max) * 1e-3 || 1e-3); // all equal: a narrow range around them
  let k0 = Math.floor(min / w);
  let k1 = Math.floor(max / w) + 1;
  // min/w and max/w are rounded: make sure the rounded edges still hold min and max
  if (k0 * w > min) k0--;
  if (k1 * w <= max) k1++;
  return { lo: k0 * w, hi: k1 * w, bins: k1 - k0 };
}

/** Summary of the records of `total` instances × alphas, the first of which is instance `first` (default 0). */
export function summarize(records: Float64Array, alphas: number[], total: number, first = 0, options?: SummarizeOptions): GridSummary {
  const fn = 'summarize';
  checkNumberList(fn, 'alphas', alphas, { gt: 0 });
  checkNumber(fn, 'total', total, { integer: true, min: 0, max: GRID_SIZE });
  checkNumber(fn, 'first', first, { integer: true, min: 0, max: GRID_SIZE - total });
  const fit = optionalBoolean(fn, 'options.fitRange', checkOptions(fn, 'options', options).fitRange, false);
  const na = alphas.length;
  if (!(records instanceof Float64Array) || records.length < total * na * GRID_FIELDS) {
    throw new ImplicitRegError('shape', `${fn}: argument records must be a Float64Array of at least total·alphas.length·${GRID_FIELDS} = ${total * na * GRID_FIELDS} records fields, got ${describe(records)}`);
  }
  const rec = (id: number, a: number) => records.subarray(((id - first) * na + a) * GRID_FIELDS, ((id - first) * na + a + 1) * GRID_FIELDS);
  const feasiblePerMask = new Array<number>(15).fill(0);
  let feasible = 0;
  let borderline = 0;
  for (let id = first; id < first + total; id++) {
    const r = rec(id, 0);
    if (r[0] === 1) {
      feasible++;
      feasiblePerMask[Math.floor(id / 10000)]++;
    }
    if (r[1] === 1) borderline++;
  }
  // the histogram's range: the paper's, or one holding the Δ of every converged flow of every α
  let range = { lo: -0.2, hi: 0.2, bins: HIST_BINS };
  if (fit) {
    const all: number[] = [];
    for (let id = first; id < first + total; id++) {
      for (let a = 0; a < na; a++) {
        const r = rec(id, a);
        if (r[5] === GRID_STATUS.converged && Number.isFinite(r[4])) all.push(r[4]);
      }
    }
    if (all.length) range = fittedRange(all);
  }
  const { lo, hi } = range;
  const perAlpha = alphas.map((alpha, a): GridAlphaSummary => {
    const deltas: { id: number; delta: number; status: number }[] = [];
    const s: GridAlphaSummary = {
      alpha, run: 0, converged: 0, tMax: [], maxSteps: [], diverged: [], stationary: [], stepTooSmall: [], fractionWithin1e3: 0, fractionWithin1e2: 0,
      quantiles: {}, worst: [], histogram: { lo, hi, bins: new Array<number>(range.bins).fill(0), below: 0, above: 0 },
    };
    for (let id = first; id < first + total; id++) {
      const r = rec(id, a);
      const status = r[5];
      if (status === GRID_STATUS.infeasible) continue;
      s.run++;
      if (status === GRID_STATUS.converged) s.converged++;
      else if (status === GRID_STATUS.tMax) s.tMax.push(id);
      else if (status === GRID_STATUS.maxSteps) s.maxSteps.push(id);
      else if (status === GRID_STATUS.diverged) s.diverged.push(id);
      else if (status === GRID_STATUS.stationary) s.stationary.push(id);
      else s.stepTooSmall.push(id);
      // Δ statistics over converged flows only: a flow stopped by tMax may not have fitted the data yet (its Δ can
      // even be negative); those are listed in tMax, never mixed in silently
      if (status !== GRID_STATUS.converged) continue;
      const d = r[4];
      deltas.push({ id, delta: d, status });
      if (d < lo) s.histogram.below++;
      else if (d >= hi) s.histogram.above++;
      else s.histogram.bins[Math.min(range.bins - 1, Math.floor(((d - lo) / (hi - lo)) * range.bins))]++;
    }
    const n = deltas.length;
    s.fractionWithin1e3 = n ? deltas.filter((x) => Math.abs(x.delta) <= 1e-3).length / n : NaN;
    s.fractionWithin1e2 = n ? deltas.filter((x) => Math.abs(x.delta) <= 1e-2).length / n : NaN;
    const sorted = deltas.map((x) => x.delta).sort((p, q) => p - q);
    for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) s.quantiles[String(q)] = n ? sorted[Math.min(n - 1, Math.floor(q * n))] : NaN;
    s.worst = deltas.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta)).slice(0, 20);
    return s;
  });
  return { instances: total, feasible, feasiblePerMask, borderline, alphas: perAlpha };
}

