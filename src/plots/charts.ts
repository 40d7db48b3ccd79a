// Small builders of Vega-Lite specs shared by the experiments' figures (and reusable in the browser):
// line charts with optional log axes, error bars (mean ± sd) and reference rules.
import type { VegaLiteSpec } from './render.js';

type Row = Record<string, unknown>;

export interface LineChartOptions {
  data: Row[];
  x: string;
  y: string;
  /** Series field (legend). */
  color?: string;
  /** Field of the lower/upper error bar ends (e.g. mean − sd, mean + sd). */
  yLo?: string;
  yHi?: string;
  /** Draw yLo..yHi as a shaded band instead of error bars (dense curves). */
  band?: boolean;
  logX?: boolean;
  logY?: boolean;
  title: string;
  xTitle?: string;
  yTitle?: string;
  /** Small multiples: one panel per value of this field. */
  column?: string;
  /** Horizontal reference lines: { y, label }. */
  rules?: { y: number; label: string }[];
  width?: number;
  height?: number;
  points?: boolean;
}

export function lineChart(o: LineChartOptions): VegaLiteSpec {
  const x = { field: o.x, type: 'quantitative' as const, title: o.xTitle ?? o.x, scale: o.logX ? { type: 'log' as const } : { zero: false } };
  const yScale = o.logY ? { type: 'log' as const } : { zero: false };
  const y = { field: o.y, type: 'quantitative' as const, title: o.yTitle ?? o.y, scale: yScale };
  const color = o.color ? { field: o.color, type: 'nominal' as const, title: o.color } : undefined;
  const layers: unknown[] = [
    { mark: { type: 'line', point: o.points ?? true, clip: true }, encoding: { x, y, ...(color ? { color } : {}) } },
  ];
  if (o.yLo && o.yHi) {
    layers.push({
      mark: o.band ? { type: 'errorband', opacity: 0.25, clip: true } : { type: 'errorbar', ticks: true, clip: true },
      encoding: { x, y: { field: o.yLo, type: 'quantitative', scale: yScale, title: o.yTitle ?? o.y }, y2: { field: o.yHi }, ...(color ? { color } : {}) },
    });
  }
  for (const r of o.rules ?? []) {
    layers.push({ data: { values: [{ v: r.y, label: r.label }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'v', type: 'quantitative' } } });
    layers.push({ data: { values: [{ v: r.y, label: r.label }] }, mark: { type: 'text', align: 'left', dx: 3, dy: -6, color: 'gray' }, encoding: { y: { field: 'v', type: 'quantitative' }, text: { field: 'label' }, x: { value: 0 } } });
  }
  const inner = { width: o.width ?? 300, height: o.height ?? 220, layer: layers };
  if (o.column) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: o.title, data: { values: o.data },
      facet: { column: { field: o.column, type: 'nominal', title: null } }, spec: inner, resolve: { scale: { y: 'independent' } },
    } as unknown as VegaLiteSpec;
  }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: o.title, data: { values: o.data }, ...inner } as unknown as VegaLiteSpec;
}

/** Several charts side by side (each a full spec without $schema/data conflicts). */
export function hconcat(title: string, charts: VegaLiteSpec[]): VegaLiteSpec {
  const strip = (c: VegaLiteSpec) => { const { $schema: _s, ...rest } = c as unknown as Record<string, unknown>; return rest; };
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, hconcat: charts.map(strip) } as unknown as VegaLiteSpec;
}
