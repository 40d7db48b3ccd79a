// Summary and figure of a grid run (SPEC §8 outputs): counts, per-α convergence and Δ statistics, the instances
// furthest from the minimum, the ones that did not converge, and the histogram of Δ over [−0.2, 0.2] per α
// (Gunasekar et al. 2017, Fig. 4).
import { GRID_FIELDS, GRID_STATUS } from './grid3.js';

export interface GridAlphaSummary {
  alpha: number;
  run: number;
  /** Flows that met the stopping rule; the fractions, quantiles, worst list and histogram are over these. */
  converged: number;
  /** Reached tMax (algebraic convergence) — listed, never silently dropped. */
  tMax: number[];
  maxSteps: number[];
  diverged: number[];
  fractionWithin1e3: number;
  fractionWithin1e2: number;
  quantiles: Record<string, number>;
  worst: { id: number; delta: number; status: number }[];
  histogram: { lo: number; hi: number; bins: number[]; below: number; above: number };
}

export interface GridSummary {
  instances: number;
  feasible: number;
  feasiblePerMask: number[];
  borderline: number;
  alphas: GridAlphaSummary[];
}

const HIST_BINS = 80;

export function summarize(records: Float64Array, alphas: number[], total: number): GridSummary {
  const na = alphas.length;
  const rec = (id: number, a: number) => records.subarray((id * na + a) * GRID_FIELDS, (id * na + a + 1) * GRID_FIELDS);
  const feasiblePerMask = new Array<number>(15).fill(0);
  let feasible = 0;
  let borderline = 0;
  for (let id = 0; id < total; id++) {
    const r = rec(id, 0);
    if (r[0] === 1) {
      feasible++;
      feasiblePerMask[Math.floor(id / 10000)]++;
    }
    if (r[1] === 1) borderline++;
  }
  const perAlpha = alphas.map((alpha, a): GridAlphaSummary => {
    const deltas: { id: number; delta: number; status: number }[] = [];
    const s: GridAlphaSummary = {
      alpha, run: 0, converged: 0, tMax: [], maxSteps: [], diverged: [], fractionWithin1e3: 0, fractionWithin1e2: 0,
      quantiles: {}, worst: [], histogram: { lo: -0.2, hi: 0.2, bins: new Array<number>(HIST_BINS).fill(0), below: 0, above: 0 },
    };
    for (let id = 0; id < total; id++) {
      const r = rec(id, a);
      const status = r[5];
      if (status === GRID_STATUS.infeasible) continue;
      s.run++;
      if (status === GRID_STATUS.converged) s.converged++;
      else if (status === GRID_STATUS.tMax) s.tMax.push(id);
      else if (status === GRID_STATUS.maxSteps) s.maxSteps.push(id);
      else s.diverged.push(id);
      // Δ statistics over converged flows only: a flow stopped by tMax may not have fitted the data yet (its Δ can
      // even be negative); those are listed in tMax, never mixed in silently
      if (status !== GRID_STATUS.converged) continue;
      const d = r[4];
      deltas.push({ id, delta: d, status });
      if (d < -0.2) s.histogram.below++;
      else if (d >= 0.2) s.histogram.above++;
      else s.histogram.bins[Math.min(HIST_BINS - 1, Math.floor(((d + 0.2) / 0.4) * HIST_BINS))]++;
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

/** The histogram of Δ per α as an SVG figure (one panel per α, as the paper's Figure 4). */
export function histogramSvg(summary: GridSummary): string {
  const W = 300, H = 200, pad = 40, gap = 20;
  const panels = summary.alphas;
  const width = panels.length * (W + gap) + pad;
  const parts: string[] = [];
  panels.forEach((p, i) => {
    const x0 = pad + i * (W + gap);
    const bins = p.histogram.bins;
    const top = Math.max(1, ...bins);
    const bw = W / bins.length;
    bins.forEach((c, b) => {
      const h = (c / top) * (H - 20);
      parts.push(`<rect x="${(x0 + b * bw).toFixed(2)}" y="${(H - h + 10).toFixed(2)}" width="${(bw * 0.9).toFixed(2)}" height="${h.toFixed(2)}" fill="#4c78a8"/>`);
    });
    parts.push(`<line x1="${x0}" y1="${H + 10}" x2="${x0 + W}" y2="${H + 10}" stroke="#333"/>`);
    for (const t of [-0.2, -0.1, 0, 0.1, 0.2]) {
      const x = x0 + ((t + 0.2) / 0.4) * W;
      parts.push(`<line x1="${x}" y1="${H + 10}" x2="${x}" y2="${H + 15}" stroke="#333"/><text x="${x}" y="${H + 28}" font-size="10" text-anchor="middle">${t}</text>`);
    }
    parts.push(`<text x="${x0 + W / 2}" y="${H + 45}" font-size="11" text-anchor="middle">Δ = (‖X∞‖* − ‖Xmin‖*)/‖Xmin‖*</text>`);
    parts.push(`<text x="${x0 + W / 2}" y="-6" font-size="12" text-anchor="middle">‖U0‖_F = ${p.alpha} (${p.converged} converged flows; |Δ| ≤ 1e-3: ${(100 * p.fractionWithin1e3).toFixed(1)}%)</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 80}" viewBox="0 -20 ${width} ${H + 80}" font-family="sans-serif">${parts.join('')}</svg>\n`;
}
