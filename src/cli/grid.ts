// What every grid command shares: the flags that say which job (grid options, instance range, chunking) and the
// result files of a finished job (records.bin, summary.json, the histogram), whichever engine computed it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { ImplicitRegError } from '../core/errors.js';
import { GRID_FIELDS, GRID_SIZE } from '../grid/grid3.js';
import { summarize } from '../grid/summary.js';
import { gridHistogramSpec } from '../plots/grid3.js';
import { renderSvg } from '../plots/render.js';
import { gridSpec, jobId, type GridSpec } from '../runner/chunks.js';
import { flagList, flagNumber } from './args.js';

export const GRID_SPEC_USAGE = '[--alphas 1e-5,1e-3,1] [--tmax T] [--from N] [--limit N] [--chunk N]';

/** parseArgs options of the job flags. */
export const GRID_SPEC_FLAGS = {
  alphas: { type: 'string' }, tmax: { type: 'string' }, from: { type: 'string' }, limit: { type: 'string' }, chunk: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** Whether any job flag was given. */
export const hasSpecFlags = (values: Values): boolean => Object.keys(GRID_SPEC_FLAGS).some((k) => values[k] !== undefined);

/** A non-negative integer flag, or undefined when absent. */
export function intFlag(values: Values, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) throw new ImplicitRegError('value', `--${name} must be a non-negative integer, got '${String(v)}'`);
  return Number(v);
}

/** The job the flags describe: instances [--from, --limit) of the grid, chunks of --chunk instances. */
export function specFromFlags(values: Values): GridSpec {
  const alphas = values.alphas === undefined ? [1e-5, 1e-3, 1] : flagList('alphas', values.alphas, { gt: 0 });
  const tMax = values.tmax === undefined ? undefined : flagNumber('tmax', values.tmax, { gt: 0 });
  const limit = intFlag(values, 'limit');
  return gridSpec({ options: { alphas, tMax }, from: intFlag(values, 'from'), to: limit === undefined ? undefined : Math.min(limit, GRID_SIZE), chunk: intFlag(values, 'chunk') });
}

/** records.bin, summary.json and the histogram (Vega-Lite spec and SVG) of a finished job in `out`. */
export async function writeResults(out: string, records: Float64Array, spec: GridSpec, seconds: number): Promise<void> {
  mkdirSync(out, { recursive: true });
  const total = spec.to - spec.from;
  writeFileSync(join(out, 'records.bin'), new Uint8Array(records.buffer, records.byteOffset, records.byteLength));
  const summary = summarize(records, spec.options.alphas, total, spec.from);
  writeFileSync(join(out, 'summary.json'), JSON.stringify({ job: jobId(spec), options: spec.options, from: spec.from, to: spec.to, seconds, ...summary }, null, 1));
  const hist = gridHistogramSpec(summary);
  writeFileSync(join(out, 'histogram.vl.json'), JSON.stringify(hist, null, 1));
  writeFileSync(join(out, 'histogram.svg'), await renderSvg(hist));
  console.log(`\n${summary.instances} instances, ${summary.feasible} feasible (${summary.borderline} borderline), ${seconds.toFixed(1)} s`);
  for (const a of summary.alphas) {
    console.log(`‖U0‖_F = ${a.alpha}: ${a.converged}/${a.run} converged, ${a.tMax.length} reached tMax, |Δ| ≤ 1e-3: ${(100 * a.fractionWithin1e3).toFixed(1)}%, ≤ 1e-2: ${(100 * a.fractionWithin1e2).toFixed(1)}%, median Δ ${a.quantiles['0.5'].toExponential(2)}, max |Δ| ${Math.abs(a.worst[0]?.delta ?? 0).toExponential(2)}`);
  }
  console.log(`wrote ${join(out, 'records.bin')} (instances ${spec.from}…${spec.to - 1}, ${GRID_FIELDS} doubles per instance × α: feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev), summary.json, histogram.svg`);
}

/** The progress bar of the grid commands (rate and ETA; plain lines every 10 s when not on a terminal). */
export function progressBar(label: string, unit = 'instances'): cliProgress.SingleBar {
  return new cliProgress.SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
    noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
}
