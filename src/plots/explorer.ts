// Vega-Lite specs of the explorer's live plots (demo/ renders them with vega-embed; the CLI can render the same specs
// to SVG in Node with vega's View.toSVG). Pure functions returning JSON: no browser-only features. The data sit in
// named `datasets`, so a page can stream new points into the view (view.change(name, …)) without recompiling.
import type { TopLevelSpec } from 'vega-lite';
import type { ExploreChunk } from '../solvers/explore.js';

/** x of every sample: an iteration (GD) or a time (flow). */
export interface ExplorerAxis {
  method: 'gd' | 'flow';
  /** Fix the x domain to [0, horizon] (a live plot then fills from left to right) with ticks at the decades. */
  horizon?: number;
  width?: number;
  height?: number;
}

export interface LossPoint { x: number; loss: number }
export interface TracePoint { x: number; trace: number }
export interface EigenPoint { x: number; k: number; value: number }

/** Dataset names (for streaming updates). */
export const EXPLORER_DATA = { loss: 'loss', trace: 'trace', reference: 'reference', eig: 'eig' } as const;

const xTitle = (a: ExplorerAxis) => (a.method === 'gd' ? 'iteration' : 'time t');

/**
 * 0, the powers of ten in [3·lo, horizon / 3], and the horizon: on the symlog axis (linear below lo) a tick closer
 * than a factor 3 to 0's or the horizon's would crowd their labels, which Vega then hides at random.
 * @example decadeTicks(1, 20000) // [0, 10, 100, 1000, 20000]
 */
export function decadeTicks(lo: number, horizon: number): number[] {
  const out = [0];
  for (let d = 10 ** Math.ceil(Math.log10(3 * lo) - 1e-9); d <= (horizon / 3) * (1 + 1e-9); d *= 10) out.push(Number(d.toPrecision(12)));
  out.push(horizon);
  return out;
}

// 1, 10, 100, 1k, 20k, 1M, and 0.1 for times: d3's SI format would print every tick with the largest one's prefix
const TICK_LABEL = "datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

// symlog: the samples start at 0 and the dynamics happen on a logarithmic clock (plateau, then fast learning); the
// linear region below `constant` holds the first chunk (1 iteration, or a thousandth of the flow's horizon)
const xEnc = (a: ExplorerAxis) => {
  const constant = a.method === 'gd' ? 1 : a.horizon ? a.horizon * 1e-3 : 1;
  return {
    field: 'x', type: 'quantitative' as const, title: xTitle(a),
    scale: { type: 'symlog' as const, constant, ...(a.horizon ? { domain: [0, a.horizon] } : {}) },
    axis: { labelExpr: TICK_LABEL, labelOverlap: true, labelFlush: true, ...(a.horizon ? { values: decadeTicks(constant, a.horizon) } : {}) },
  };
};
const size = (a: ExplorerAxis) => ({ width: a.width ?? 320, height: a.height ?? 200 });

/**
 * Loss L(U) = ¼‖A(UUᵀ) − y‖² against iteration or time, log scale.
 * @example lossSpec(points, { method: 'gd' })
 */
export function lossSpec(points: LossPoint[], axis: ExplorerAxis): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Loss L(U) = ¼‖A(UUᵀ) − y‖²',
    ...size(axis),
    datasets: { [EXPLORER_DATA.loss]: points },
    data: { name: EXPLORER_DATA.loss },
    transform: [{ filter: 'datum.loss > 0' }], // a log scale cannot show an exact zero
    mark: { type: 'line', point: false, color: '#4c78a8' },
    encoding: {
      x: xEnc(axis),
      y: { field: 'loss', type: 'quantitative', title: 'L', scale: { type: 'log' }, axis: { format: '.0e', tickCount: 6 } },
    },
  };
}

/**
 * Nuclear norm ‖X_t‖_* = tr X_t (X = UUᵀ ⪰ 0) against the certified minimum nuclear norm (a horizontal rule).
 * @example traceSpec(points, 1.02, { method: 'flow' })
 */
export function traceSpec(points: TracePoint[], minNuclear: number | null, axis: ExplorerAxis & { log?: boolean }): TopLevelSpec {
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: ['‖X_t‖_*', 'min ‖X‖_* (SDP)'], range: ['#f58518', '#54a24b'] }, legend: { orient: 'bottom' as const } };
  const y = { type: 'quantitative' as const, title: '‖X‖_*', scale: axis.log ? { type: 'log' as const } : { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Nuclear norm vs the minimum',
    ...size(axis),
    datasets: {
      [EXPLORER_DATA.trace]: points,
      [EXPLORER_DATA.reference]: minNuclear === null ? [] : [{ value: minNuclear }],
    },
    layer: [
      {
        data: { name: EXPLORER_DATA.trace },
        transform: [{ calculate: "'‖X_t‖_*'", as: 'series' }],
        mark: { type: 'line' },
        encoding: { x: xEnc(axis), y: { ...y, field: 'trace' }, color },
      },
      {
        data: { name: EXPLORER_DATA.reference },
        transform: [{ calculate: "'min ‖X‖_* (SDP)'", as: 'series' }],
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 },
        encoding: { y: { ...y, field: 'value' }, color },
      },
    ],
  };
}

/**
 * Eigenvalues of X_t = U Uᵀ (the top `top`, log scale): under a small initialization one eigenvalue grows first
 * while the rest stay at the initial scale — the rank-1 bottleneck (Belabbas 2020).
 * @example eigenSpec(points, { method: 'gd' })
 */
export function eigenSpec(points: EigenPoint[], axis: ExplorerAxis & { top?: number }): TopLevelSpec {
  const top = axis.top ?? 8;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Eigenvalues of X_t (top ${top})`,
    ...size(axis),
    datasets: { [EXPLORER_DATA.eig]: points },
    data: { name: EXPLORER_DATA.eig },
    transform: [{ filter: `datum.k <= ${top} && datum.value > 0` }],
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: xEnc(axis),
      y: { field: 'value', type: 'quantitative', title: 'λ_k(X_t)', scale: { type: 'log' }, axis: { format: '.0e', tickCount: 6 } },
      color: { field: 'k', type: 'ordinal', title: 'k', scale: { scheme: 'category10' } },
    },
  };
}

/** The points one trajectory chunk adds to each plot. */
export function chunkPoints(c: ExploreChunk): { loss: LossPoint[]; trace: TracePoint[]; eig: EigenPoint[] } {
  return {
    loss: c.x.map((x, i) => ({ x, loss: c.loss[i] })),
    trace: c.x.map((x, i) => ({ x, trace: c.trace[i] })),
    eig: c.eigenvalues.map((value, i) => ({ x: c.end, k: i + 1, value })),
  };
}
