// G-fig4 — Gunasekar et al. 2017, Fig. 4: the exhaustive 3×3 completion grid (docs/algorithms/grid.md). Every feasible instance's
// gradient flow from ‖U0‖_F = α against the exact minimum-trace completion; histogram of Δ per α; then, for the
// worst instance of every mask, Δ as α goes down to 1e-12 (does the deviation vanish or persist?).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GRID_FIELDS, GRID_SIZE, GRID_STATUS, gridDefaults, runGrid3 } from '../grid/grid3.js';
import { assemble, runGridJob } from '../runner/grid-runner.js';
import { summarize, type GridSummary } from '../grid/summary.js';
import { gridInstance } from '../grid/completion3.js';
import { lineChart } from '../plots/charts.js';
import { gridHistogramSpec } from '../plots/grid3.js';
import type { Claim, Experiment, Point } from './types.js';

const SWEEP_ALPHAS = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-12];

export interface SweepRow { id: number; mask: number; values: number[]; trMin: number; alpha: number; delta: number; status: string }

// the names of GRID_STATUS's codes
const STATUS_NAME: Record<number, string> = Object.fromEntries(Object.entries(GRID_STATUS).map(([k, v]) => [v, k]));

/** The instance with the largest |Δ| among converged flows of each mask, at the summary's first α. */
export function worstPerMask(records: Float64Array, nAlpha: number, total: number): number[] {
  const best = new Map<number, { id: number; d: number }>();
  for (let id = 0; id < total; id++) {
    const r = records.subarray(id * nAlpha * GRID_FIELDS, (id * nAlpha + 1) * GRID_FIELDS);
    if (r[5] !== GRID_STATUS.converged) continue;
    const mask = Math.floor(id / 10000);
    const d = Math.abs(r[4]);
    if (!best.has(mask) || d > best.get(mask)!.d) best.set(mask, { id, d });
  }
  return [...best.entries()].sort((a, b) => b[1].d - a[1].d).map(([, v]) => v.id);
}

export const gFig4: Experiment = {
  id: 'G-fig4',
  title: 'Exhaustive 3×3 completion: how far the gradient-flow limit is from the minimum nuclear norm',
  source: 'Gunasekar et al. 2017, Fig. 4',
  async run(ctx) {
    const tiny = ctx.scale === 'tiny';
    const alphas = tiny ? [1e-3, 1] : [1e-5, 1e-3, 1];
    const opts = gridDefaults({ alphas });
    // tiny: the first two masks only (mask 1 has the first feasible flows), in this thread
    const total = tiny ? 20_000 : GRID_SIZE;
    const gridDir = join(ctx.out, 'grid');
    mkdirSync(gridDir, { recursive: true });
    // finished chunks are kept under the job id (a hash of the options and range): a rerun with the same options
    // resumes, one with other options computes its own
    const workers = ctx.options.workers === undefined ? (tiny ? 0 : undefined) : Number(ctx.options.workers);
    let tick: ((n?: number) => void) | undefined;
    let last = 0;
    const t0 = performance.now();
    const chunks = await runGridJob({
      ...opts, out: gridDir, limit: total, workers, resume: true, chunk: tiny ? 2500 : undefined,
      onProgress: (done, all) => {
        tick ??= ctx.progress.step('grid flows', all);
        tick(done - last);
        last = done;
      },
    }, ctx.ir);
    const gridSeconds = (performance.now() - t0) / 1e3;
    const records = assemble(chunks, alphas.length, total);
    writeFileSync(join(ctx.out, 'records.bin'), new Uint8Array(records.buffer, records.byteOffset, records.byteLength));
    const summary: GridSummary = summarize(records, alphas, total);

    // the α sweep of the worst instance of each mask
    const worst = worstPerMask(records, alphas.length, total).slice(0, tiny ? 2 : 15);
    const sweepAlphas = tiny ? [1e-3, 1e-6] : SWEEP_ALPHAS;
    const sweep: SweepRow[] = [];
    const tickS = ctx.progress.step('α sweep of the worst instances', worst.length);
    for (const id of worst) {
      const rec = runGrid3(ctx.ir, id, 1, { ...opts, alphas: sweepAlphas });
      const g = gridInstance(id);
      sweepAlphas.forEach((alpha, a) => {
        const r = rec.subarray(a * GRID_FIELDS, (a + 1) * GRID_FIELDS);
        sweep.push({ id, mask: Math.floor(id / 10000), values: Array.from(g.values), trMin: r[2], alpha, delta: r[4], status: STATUS_NAME[r[5]] });
      });
      tickS();
    }

    const points: Point[] = summary.alphas.map((a) => ({
      kind: 'alpha', alpha: a.alpha, run: a.run, converged: a.converged, tMax: a.tMax.length, maxSteps: a.maxSteps.length, diverged: a.diverged.length, stationary: a.stationary.length, stepTooSmall: a.stepTooSmall.length,
      within1e3: a.fractionWithin1e3, within1e2: a.fractionWithin1e2,
      q01: a.quantiles['0.01'], q10: a.quantiles['0.1'], q25: a.quantiles['0.25'], median: a.quantiles['0.5'], q75: a.quantiles['0.75'], q90: a.quantiles['0.9'], q99: a.quantiles['0.99'],
      maxAbs: Math.abs(a.worst[0]?.delta ?? NaN),
    }));
    for (const s of sweep) points.push({ kind: 'sweep', id: s.id, mask: s.mask, values: s.values.map((v) => v.toFixed(4)).join(' '), trMin: s.trMin, alpha: s.alpha, delta: s.delta, status: s.status });

    // claims, from the numbers
    const small = summary.alphas.filter((a) => a.alpha < 0.1);
    const big = summary.alphas.find((a) => a.alpha >= 1);
    const claims: Claim[] = [];
    const fmt = (f: number) => `${(100 * f).toFixed(1)}%`;
    const conc = small.map((a) => `α = ${a.alpha}: ${fmt(a.fractionWithin1e2)} within |Δ| ≤ 1e-2, ${fmt(a.fractionWithin1e3)} within 1e-3, median Δ ${a.quantiles['0.5'].toExponential(2)}`).join('; ');
    const allMost = small.every((a) => a.fractionWithin1e2 >= 0.9);
    const mostHalf = small.every((a) => a.fractionWithin1e2 >= 0.5 && Math.abs(a.quantiles['0.5']) <= 1e-2);
    claims.push({
      claim: 'For small α (1e-5, 1e-3) the histogram of Δ is concentrated at Δ = 0 (criterion here: ≥ 90% of converged flows within |Δ| ≤ 1e-2)',
      measured: conc,
      verdict: allMost ? 'reproduced' : mostHalf ? 'partly' : 'not reproduced',
    });
    if (big) {
      const spreadMore = small.every((a) => big.fractionWithin1e2 < a.fractionWithin1e2 && big.quantiles['0.9'] - big.quantiles['0.1'] > a.quantiles['0.9'] - a.quantiles['0.1']);
      claims.push({
        claim: 'For α = 1 the distribution is spread out (wider than for small α)',
        measured: `α = 1: ${fmt(big.fractionWithin1e2)} within 1e-2, 10–90% range of Δ [${big.quantiles['0.1'].toExponential(2)}, ${big.quantiles['0.9'].toExponential(2)}], vs ${small.map((a) => `[${a.quantiles['0.1'].toExponential(2)}, ${a.quantiles['0.9'].toExponential(2)}]`).join(', ')} for small α`,
        verdict: spreadMore ? 'reproduced' : 'not reproduced',
      });
    }
    // conjecture: Δ → 0 as α → 0 on the worst instances
    const byId = new Map<number, SweepRow[]>();
    for (const s of sweep) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
    const first = sweepAlphas[0], lastA = sweepAlphas[sweepAlphas.length - 1];
    let shrank = 0, persisted = 0;
    const lines: string[] = [];
    for (const [id, rows] of byId) {
      const a = rows.find((r) => r.alpha === first)!, b = rows.find((r) => r.alpha === lastA)!;
      if (b.status !== 'converged') continue;
      if (Math.abs(b.delta) < 0.1 * Math.abs(a.delta) || Math.abs(b.delta) <= 1e-3) shrank++; else persisted++;
      if (lines.length < 4) lines.push(`#${id}: Δ = ${a.delta.toExponential(2)} at α = ${first} → ${b.delta.toExponential(2)} at α = ${lastA}`);
    }
    claims.push({
      claim: 'Conjecture (Gunasekar et al.): as α → 0 the limit approaches the minimum nuclear norm solution (Δ → 0)',
      measured: `worst instance of each mask, α from ${first} to ${lastA}: Δ shrank ≥ 10× (or to ≤ 1e-3) on ${shrank}, persisted on ${persisted}; ${lines.join('; ')}`,
      verdict: persisted === 0 ? 'reproduced' : shrank === 0 ? 'not reproduced' : 'partly',
    });

    // summary.json: the grid's counts and Δ statistics, the α sweep, and what they say about the conjecture
    const conclusion = persisted === 0
      ? `On the worst instance of each mask Δ shrinks as α → ${lastA}: consistent with the conjecture.`
      : `On ${persisted} of ${persisted + shrank} masks' worst instances Δ does not shrink as α goes from ${first} to ${lastA} (it stays or grows): the deviation from the minimum nuclear norm persists as α → 0, so the conjecture fails on these instances. Most flows still end near the minimum (${small.map((a) => `${(100 * a.fractionWithin1e2).toFixed(1)}% within |Δ| ≤ 1e-2 at α = ${a.alpha}`).join(', ')}), which is what the paper's histogram shows.`;
    writeFileSync(join(ctx.out, 'summary.json'), JSON.stringify({ options: opts, seconds: gridSeconds, ...summary, alphaSweep: sweep, conclusion }, null, 1));
    const sweepData = sweep.filter((s) => s.status === 'converged').map((s) => ({ alpha: s.alpha, absDelta: Math.max(Math.abs(s.delta), 1e-16), instance: `#${s.id}` }));
    const notes = [
      `Grid: ${summary.instances} instances, ${summary.feasible} feasible (${summary.borderline} borderline), ${opts.alphas.length} α, ${gridSeconds.toFixed(1)} s; flows stop when the data are fitted (‖A(X) − y‖ ≤ ${opts.fitTol}‖y‖) and ‖∇L‖_F ≤ ${opts.gtol} or tr X varied by ≤ ${opts.qtol}·tr X over the last doubling of t, or when L ≤ ${opts.ltol} (docs/stopping.md); Dormand–Prince switching to Rodas5P in stiff stretches, rtol ${opts.rtol}, atol ${opts.atol}, tMax = ${opts.tMax}.`,
      `Flows not converged, listed in summary.json and left out of the Δ statistics: ${summary.alphas.map((a) => `α = ${a.alpha}: ${a.tMax.length} tMax, ${a.maxSteps.length} maxSteps, ${a.stationary.length} stationary, ${a.diverged.length + a.stepTooSmall.length} diverged or step too small`).join('; ')}.`,
      'Per-instance records: records.bin (float64, 8 per instance × α: feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev).',
    ];
    return {
      config: { total, ...opts, sweepAlphas, workers: workers ?? 'all cores' },
      seeds: [opts.seed],
      stepConversion: 'Gradient flow U̇ = −A*(r)U on L = ¼‖A(UUᵀ) − y‖² (docs/model.md); Gunasekar\'s flow on ‖A(UUᵀ) − y‖² is the same path at 4× the time scale, which changes neither limits nor Δ.',
      points,
      figures: [
        { name: 'histogram', caption: 'Histogram of Δ over [−0.2, 0.2] per initialization scale (converged flows), as Gunasekar Fig. 4', spec: gridHistogramSpec(summary) },
        { name: 'alpha-sweep', caption: '|Δ| of the worst instance of each mask as α → 0', spec: lineChart({ data: sweepData, x: 'alpha', y: 'absDelta', color: 'instance', logX: true, logY: true, title: '|Δ| of the worst instances as ‖U0‖_F → 0', xTitle: '‖U0‖_F', yTitle: '|Δ|' }) },
      ],
      claims,
      notes: [...notes, conclusion],
    };
  },
};
