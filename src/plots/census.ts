// Vega-Lite specs of the census (src/grid/census-summary.ts): the histogram of Δ over [−0.2, 0.2] for each k and α
// (rows k, columns α — Gunasekar et al. 2017, Fig. 4, one size up), and |Δ| of the worst instances as α → 0.
import type { TopLevelSpec } from 'vega-lite';
import type { CensusSummary } from '../grid/census-summary.js';

const pct = (f: number) => (Number.isFinite(f) ? `${(100 * f).toFixed(1)}%` : '–');

/** One row per (k, α, bin). */
export function censusBinRows(s: CensusSummary): { k: string; alpha: string; lo: number; hi: number; count: number }[] {
  const rows: { k: string; alpha: string; lo: number; hi: number; count: number }[] = [];
  for (const k of s.perK) {
    for (const a of k.alphas) {
      const { lo, hi, bins } = a.histogram;
      const w = (hi - lo) / bins.length;
      bins.forEach((count, b) => rows.push({ k: `k = ${k.k}`, alpha: `‖U0‖_F = ${a.alpha.toExponential(0)}`, lo: lo + b * w, hi: lo + (b + 1) * w, count }));
    }
  }
  return rows;
}

/**
 * Histograms of Δ = (tr X∞ − tr X_min)/tr X_min per k (rows) and α (columns), converged flows.
 * @example censusHistogramSpec(summarizeCensus(o, tally))
 */
export function censusHistogramSpec(s: CensusSummary, o: { width?: number; height?: number } = {}): TopLevelSpec {
  const lo = s.perK[0]?.alphas[0]?.histogram.lo ?? -0.2;
  const hi = s.perK[0]?.alphas[0]?.histogram.hi ?? 0.2;
  const nb = s.perK[0]?.alphas[0]?.histogram.bins.length ?? 80;
  const subtitle = s.perK.map((k) => `k = ${k.k}: ${k.orbits} orbits, ${k.instances} instances, ${k.feasible} feasible (${k.borderline} borderline); `
    + k.alphas.map((a) => `α ${a.alpha.toExponential(0)}: |Δ| ≤ 1e-3 ${pct(a.fractionWithin1e3)}, ≤ 1e-2 ${pct(a.fractionWithin1e2)}, outside the axis ${a.histogram.below + a.histogram.above}`).join('; '));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Δ of the gradient flow, ${s.n}×${s.n} census (${s.values.length} values, k = ${s.k.join(', ')}): ${s.instances} instances, ${s.feasible} feasible`, subtitle, anchor: 'start' },
    data: { values: censusBinRows(s) },
    facet: {
      row: { field: 'k', type: 'nominal', title: null, sort: s.perK.map((k) => `k = ${k.k}`) },
      column: { field: 'alpha', type: 'nominal', title: null, sort: s.alphas.map((a) => `‖U0‖_F = ${a.toExponential(0)}`), header: { labelLimit: 0 } },
    },
    spec: {
      width: o.width ?? 220,
      height: o.height ?? 110,
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: {
          field: 'lo', type: 'quantitative', title: 'Δ = (‖X∞‖_* − ‖X_min‖_*)/‖X_min‖_*', scale: { domain: [lo, hi] },
          bin: { binned: true, step: (hi - lo) / nb }, axis: { values: [0, 1, 2, 3, 4].map((q) => lo + (q * (hi - lo)) / 4), format: '~g' },
        },
        x2: { field: 'hi' },
        y: { field: 'count', type: 'quantitative', title: 'instances', scale: { type: 'symlog' }, axis: { format: '~s' } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

export interface SweepPoint { instance: string; alpha: number; absDelta: number }

/**
 * |Δ| against ‖U0‖_F (log–log) for the worst instances, one line each.
 * @example censusSweepSpec([{ instance: '#123 (k = 6)', alpha: 1e-3, absDelta: 0.02 }, …])
 */
export function censusSweepSpec(rows: SweepPoint[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows.map((r) => ({ ...r, absDelta: Math.max(r.absDelta, 1e-16) })) },
    width: 420,
    height: 300,
    mark: { type: 'line', point: true, clip: true },
    encoding: {
      x: { field: 'alpha', type: 'quantitative', scale: { type: 'log' }, title: '‖U0‖_F', axis: { format: '.0e' } },
      y: { field: 'absDelta', type: 'quantitative', scale: { type: 'log' }, title: '|Δ|', axis: { format: '.0e' } },
      color: { field: 'instance', type: 'nominal', title: 'instance', legend: { columns: 2, labelLimit: 240 } },
    },
  };
}
