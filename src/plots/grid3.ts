// Vega-Lite spec of the 3×3 grid's histogram of Δ, one panel per α (Gunasekar et al. 2017, Fig. 4), from a
// GridSummary (src/grid/summary.ts, which bins the converged flows over the paper's [−0.2, 0.2] or a range fitted to
// them). Pure JSON, no browser-only features: the demo renders it with vega-embed, the CLI to SVG with vega's
// View.toSVG.
import type { TopLevelSpec } from 'vega-lite';
import { niceStep, type GridSummary } from '../grid/summary.js';

export interface GridBinRow {
  /** Panel label: the α and its counts. */
  panel: string;
  lo: number;
  hi: number;
  count: number;
}

const pct = (f: number) => (Number.isFinite(f) ? `${(100 * f).toFixed(1)}%` : '–');

/** Panel label of one α (the column header). */
export function gridPanelLabel(a: GridSummary['alphas'][number]): string {
  return `‖U0‖_F = ${a.alpha.toExponential(0)}`;
}

/** One subtitle line per α: converged flows, the share within 1e-3 and 1e-2, and the count outside the axis. */
export function gridStatsLine(a: GridSummary['alphas'][number]): string {
  const out = a.histogram.below + a.histogram.above;
  return `${gridPanelLabel(a)}: ${a.converged} converged flows, |Δ| ≤ 1e-3: ${pct(a.fractionWithin1e3)}, ≤ 1e-2: ${pct(a.fractionWithin1e2)}, outside the axis: ${out}`;
}

/** One row per (α, bin), bins of equal width over [lo, hi). */
export function gridBinRows(summary: GridSummary): GridBinRow[] {
  const rows: GridBinRow[] = [];
  for (const a of summary.alphas) {
    const { lo, hi, bins } = a.histogram;
    const w = (hi - lo) / bins.length;
    const panel = gridPanelLabel(a);
    bins.forEach((count, b) => rows.push({ panel, lo: lo + b * w, hi: lo + (b + 1) * w, count }));
  }
  return rows;
}

/** About five round tick values in [lo, hi] (a binned axis would otherwise tick every bin edge). */
export function histogramTicks(lo: number, hi: number): number[] {
  const s = niceStep((hi - lo) / 5);
  const out: number[] = [];
  for (let k = Math.ceil(lo / s - 1e-9); k * s <= hi + 1e-9 * s; k++) out.push(Number((k * s).toPrecision(12)));
  return out;
}

/**
 * Histogram of Δ = (‖X∞‖_* − ‖X_min‖_*)/‖X_min‖_* per α, one column per α in the summary's order.
 * @example gridHistogramSpec(summarize(records, [1e-5, 1e-3, 1], 150000))
 */
export function gridHistogramSpec(summary: GridSummary, o: { width?: number; height?: number } = {}): TopLevelSpec {
  const rows = gridBinRows(summary);
  const lo = summary.alphas[0]?.histogram.lo ?? -0.2;
  const hi = summary.alphas[0]?.histogram.hi ?? 0.2;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Δ of the gradient flow, 3×3 completion grid (${summary.instances} instances, ${summary.feasible} feasible)`,
      subtitle: summary.alphas.map(gridStatsLine), anchor: 'start',
    },
    data: { values: rows },
    facet: {
      column: {
        field: 'panel', type: 'nominal', title: null, sort: summary.alphas.map(gridPanelLabel),
        header: { labelFontSize: 11, labelLimit: 0 },
      },
    },
    spec: {
      width: o.width ?? 260,
      height: o.height ?? 180,
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: {
          field: 'lo', type: 'quantitative', title: 'Δ = (‖X∞‖_* − ‖X_min‖_*)/‖X_min‖_*', scale: { domain: [lo, hi] },
          bin: { binned: true, step: (hi - lo) / (summary.alphas[0]?.histogram.bins.length || 1) },
          axis: { values: histogramTicks(lo, hi), format: '~g' },
        },
        x2: { field: 'hi' },
        y: { field: 'count', type: 'quantitative', title: 'instances', axis: { format: 'd', tickMinStep: 1 } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
