// The result files of a finished census job (whichever engine computed its chunks): summary.json, the histograms of Δ
// per k and α (Vega-Lite and SVG), the α sweep of the worst instances and its figure, and a table on the console.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { censusInstance, censusSweep, CENSUS_STATUS_NAME, type SweepRow } from '../grid/census.js';
import { CENSUS_SWEEP_ALPHAS, mergeTallies, summarizeCensus, sweepOutcome, worstForSweep, type CensusSummary } from '../grid/census-summary.js';
import type { Kernels } from '../kernels/kernels.js';
import { censusHistogramSpec, censusSweepSpec } from '../plots/census.js';
import { renderSvg } from '../plots/render.js';
import { jobId, type GridSpec } from '../runner/chunks.js';

const SWEEP_ALPHAS = CENSUS_SWEEP_ALPHAS;

// JSON cannot hold NaN/±Infinity: write them as strings so nothing is silently turned into null
const jsonReplacer = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

const pct = (f: number) => (Number.isFinite(f) ? `${(100 * f).toFixed(2)}%` : '–');
// an upper bound on |Δ| (a quantile of no converged flows is NaN: shown as –)
const bound = (x: number) => (Number.isFinite(x) ? x.toExponential(0) : '–');

/** Console table of a census summary: one line per k, then per α. */
export function censusTable(s: CensusSummary): string[] {
  const lines = [`${s.n}×${s.n} census, values ${s.values.map((v) => +v.toFixed(4)).join(', ')}, masks: ${s.masks}: ${s.instances} instances, ${s.feasible} feasible (${s.borderline} borderline, ${s.unattained} feasible only in the limit), ${s.uncertified} SDP minima not certified, ${s.zeroTrace} with X_min = 0`];
  for (const k of s.perK) {
    lines.push(`  k = ${k.k}: ${k.orbits} orbits, ${k.instances} instances, ${k.feasible} feasible, ${k.borderline} borderline, ${k.unattained} unattained, ${k.uncertified} uncertified`);
    for (const a of k.alphas) {
      lines.push(`    ‖U0‖_F = ${a.alpha}: ${a.converged}/${a.run} converged (${Object.entries(a.statusCounts).filter(([n, c]) => n !== 'converged' && c > 0).map(([n, c]) => `${c} ${n}`).join(', ') || 'all'}), |Δ| ≤ 1e-3: ${pct(a.fractionWithin1e3)}, ≤ 1e-2: ${pct(a.fractionWithin1e2)}, median |Δ| ≤ ${bound(a.absQuantiles['0.5'])}, max |Δ| ≤ ${bound(a.absQuantiles['1'])}`);
    }
  }
  return lines;
}

/**
 * Merge a census job's chunk tallies and write its results to `out`; with `ir`, also the α sweep of each orbit's
 * worst instance at the smallest α (SWEEP_ALPHAS).
 */
export async function writeCensusResults(out: string, spec: GridSpec, chunks: Float64Array[], seconds: number, ir?: Kernels): Promise<{ summary: CensusSummary; sweep: SweepRow[] }> {
  mkdirSync(out, { recursive: true });
  const summary = summarizeCensus(spec.options, mergeTallies(spec.options, chunks));
  let sweep: SweepRow[] = [];
  if (ir) {
    const ids = worstForSweep(summary);
    for (const id of ids) sweep.push(...censusSweep(ir, spec.options, id, SWEEP_ALPHAS));
  }
  const outcome = sweepOutcome(sweep);
  writeFileSync(join(out, 'summary.json'), JSON.stringify({
    job: jobId(spec), options: spec.options, from: spec.from, to: spec.to, seconds, ...summary,
    alphaSweep: sweep.map((r) => ({ ...r, status: CENSUS_STATUS_NAME[r.status], ...instanceFields(spec, r.id) })), sweepOutcome: outcome,
  }, jsonReplacer, 1));
  const hist = censusHistogramSpec(summary);
  writeFileSync(join(out, 'histogram.vl.json'), JSON.stringify(hist, null, 1));
  writeFileSync(join(out, 'histogram.svg'), await renderSvg(hist));
  if (sweep.length) {
    const fig = censusSweepSpec(sweep.filter((r) => r.status === 0).map((r) => ({ instance: `#${r.id} (k = ${censusInstance(spec.options, r.id).k})`, alpha: r.alpha, absDelta: Math.abs(r.delta) })), `|Δ| of each orbit's worst instance as ‖U0‖_F → 0 (${spec.options.n}×${spec.options.n} census)`);
    writeFileSync(join(out, 'alpha-sweep.vl.json'), JSON.stringify(fig, null, 1));
    writeFileSync(join(out, 'alpha-sweep.svg'), await renderSvg(fig));
  }
  for (const l of censusTable(summary)) console.log(l);
  if (sweep.length) console.log(`α sweep (${SWEEP_ALPHAS.join(', ')}) of ${outcome.instances} worst instances: |Δ| shrank ≥ 10× or to ≤ 1e-3 on ${outcome.shrank}, persisted on ${outcome.persisted}, not converged at the smallest α on ${outcome.unfinished}`);
  console.log(`wrote ${join(out, 'summary.json')}, histogram.svg${sweep.length ? ', alpha-sweep.svg' : ''}`);
  return { summary, sweep };
}

function instanceFields(spec: GridSpec, id: number): { k: number; mask: string; values: number[] } {
  const inst = censusInstance(spec.options, id);
  return { k: inst.k, mask: inst.entries.map(([i, j]) => `(${i},${j})`).join(' '), values: inst.values };
}
