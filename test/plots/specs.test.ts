// The Vega-Lite specs of src/plots/explorer.ts and src/plots/grid3.ts: they compile and render to SVG in Node with
// vega's headless View (so they use no browser-only feature, as the CLI needs), and the histogram's bars equal an
// independent binning of Δ computed here straight from the grid records.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { exploreTrajectory, type ExploreSpec } from '../../src/solvers/explore.js';
import { GRID_FIELDS, GRID_STATUS, runGrid3 } from '../../src/grid/grid3.js';
import { summarize } from '../../src/grid/summary.js';
import { init, type Kernels } from '../../src/node.js';
import { chunkPoints, decadeTicks, eigenSpec, EXPLORER_DATA, lossSpec, traceSpec } from '../../src/plots/explorer.js';
import { gridBinRows, gridHistogramSpec, gridPanelLabel, gridStatsLine, histogramTicks } from '../../src/plots/grid3.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

async function svgOf(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const logger = { ...vega.logger(vega.Warn), warn: (...a: unknown[]) => { warnings.push(a.join(' ')); return logger; } } as unknown as vega.LoggerInterface;
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  const svg = await view.toSVG();
  expect(warnings).toEqual([]);
  return svg;
}

const SPEC: ExploreSpec = { problem: 'sensing', n: 6, m: 15, r: 1, seed: 2, scale: 1e-3, method: 'gd', eta: 5e-3, horizon: 2000, chunks: 8 };

describe('explorer specs', () => {
  it('render a real trajectory to SVG in Node, with the named datasets a page streams into', async () => {
    const chunks = [...exploreTrajectory(ir, SPEC)];
    const pts = chunks.map(chunkPoints);
    const loss = pts.flatMap((p) => p.loss);
    const trace = pts.flatMap((p) => p.trace);
    const eig = pts.flatMap((p) => p.eig);
    expect(loss.length).toBe(chunks.reduce((a, c) => a + c.x.length, 0));
    expect(eig.length).toBe(chunks.length * SPEC.n);
    for (const spec of [lossSpec(loss, { method: 'gd' }), traceSpec(trace, 1, { method: 'gd' }), eigenSpec(eig, { method: 'gd', top: 3 })]) {
      expect((await svgOf(spec)).startsWith('<svg')).toBe(true);
    }
    const names = compile(traceSpec(trace, 1, { method: 'flow' })).spec.data!.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining([EXPLORER_DATA.trace, EXPLORER_DATA.reference]));
  });

  it('x ticks: 0, the decades not crowding 0 or the horizon (a factor 3 on the symlog axis), and the horizon', () => {
    expect(decadeTicks(1, 20_000)).toEqual([0, 10, 100, 1000, 20_000]);
    expect(decadeTicks(1, 30_000)).toEqual([0, 10, 100, 1000, 10_000, 30_000]);
    expect(decadeTicks(0.1, 100)).toEqual([0, 1, 10, 100]); // the flow: constant = horizon/1000
    expect(decadeTicks(1, 5)).toEqual([0, 5]);
  });

  it('a zero loss (exact fit) is filtered out of the log axis instead of breaking it', async () => {
    const svg = await svgOf(lossSpec([{ x: 0, loss: 1 }, { x: 10, loss: 1e-8 }, { x: 20, loss: 0 }], { method: 'flow' }));
    expect(svg).toContain('1e-8');
  });
});

describe('gridHistogramSpec', () => {
  it('bars equal an independent binning of Δ over [−0.2, 0.2) from the records, one panel per α', async () => {
    const alphas = [1e-5, 1e-3, 1];
    const start = 67_700; // mask 6: feasible instances, some flows converge
    const count = 100;
    const rec = runGrid3(ir, start, count, { alphas });
    const summary = summarize(rec, alphas, count);
    const rows = gridBinRows(summary);
    alphas.forEach((_, a) => {
      const counts = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const r = rec.subarray((i * alphas.length + a) * GRID_FIELDS);
        if (r[5] !== GRID_STATUS.converged || !(r[4] >= -0.2 && r[4] < 0.2)) continue;
        const b = Math.min(79, Math.floor(((r[4] + 0.2) / 0.4) * 80));
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      const panel = gridPanelLabel(summary.alphas[a]);
      const mine = rows.filter((r) => r.panel === panel);
      expect(mine.length).toBe(80);
      mine.forEach((r, b) => {
        expect(r.lo).toBeCloseTo(-0.2 + b * 0.005, 14);
        expect(r.count).toBe(counts.get(b) ?? 0);
      });
    });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(0); // the range holds converged flows
    const svg = await svgOf(gridHistogramSpec(summary));
    for (const a of summary.alphas) expect(svg).toContain(gridStatsLine(a).replace(/</g, '&lt;'));
  });

  it('fitRange: one round-width range for all α holds every converged Δ, the ticks are round, the spec renders', async () => {
    const alphas = [1e-5, 1e-3, 1];
    const start = 67_700;
    const count = 100;
    const rec = runGrid3(ir, start, count, { alphas });
    const summary = summarize(rec, alphas, count, 0, { fitRange: true });
    const { lo, hi, bins } = summary.alphas[0].histogram;
    const w = (hi - lo) / bins.length;
    expect(bins.length).toBeGreaterThanOrEqual(40);
    expect(bins.length).toBeLessThanOrEqual(81);
    expect(Number((w / 10 ** Math.floor(Math.log10(w))).toPrecision(6))).toBeOneOf([1, 2, 2.5, 5]);
    const converged: number[] = [];
    alphas.forEach((_, a) => {
      for (let i = 0; i < count; i++) {
        const r = rec.subarray((i * alphas.length + a) * GRID_FIELDS);
        if (r[5] === GRID_STATUS.converged) converged.push(r[4]);
      }
    });
    expect(converged.length).toBeGreaterThan(0);
    expect(lo).toBeLessThanOrEqual(Math.min(...converged));
    expect(hi).toBeGreaterThan(Math.max(...converged));
    expect(hi - lo).toBeLessThan(Math.max(...converged) - Math.min(...converged) + 2 * w); // fits, not padded
    for (const s of summary.alphas) {
      expect(s.histogram.lo).toBe(lo); // shared: the panels compare
      expect(s.histogram.hi).toBe(hi);
      expect(s.histogram.below + s.histogram.above).toBe(0);
      expect(s.histogram.bins.reduce((x, y) => x + y, 0)).toBe(s.converged);
    }
    const ticks = histogramTicks(lo, hi);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of ticks) expect(t >= lo && t <= hi && Number(t.toPrecision(2)) === t).toBe(true);
    expect((await svgOf(gridHistogramSpec(summary))).startsWith('<svg')).toBe(true);
    // the default stays the paper's axis
    expect(summarize(rec, alphas, count).alphas[0].histogram).toMatchObject({ lo: -0.2, hi: 0.2 });
    expect(() => summarize(rec, alphas, count, 0, { fitRange: 'yes' as unknown as boolean })).toThrow(/options\.fitRange/);
  });
});
