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
import { gridSpec, jobId, chunkStarts, type GridSpec } from '../runner/chunks.js';
import { gridValues } from '../grid/census.js';
import { writeCensusResults } from './census-results.js';
import type { Kernels } from '../kernels/kernels.js';
import { flagList, flagNumber } from './args.js';

export const GRID_SPEC_USAGE = '[--alphas 1e-5,1e-3,1] [--tmax T] [--from N] [--limit N] [--chunk N] [--grid census <census flags>]';
export const CENSUS_USAGE = '[--n 4] [--values 5|10|v1,v2,…] [--k 4-8|6,7] [--masks orbits|all] [--alphas 1e-5,1e-3,1] [--tmax T] [--limit N] [--chunk N]';

/** parseArgs options of the job flags (the census's flags too: --grid census selects the census). */
export const GRID_SPEC_FLAGS = {
  alphas: { type: 'string' }, tmax: { type: 'string' }, from: { type: 'string' }, limit: { type: 'string' }, chunk: { type: 'string' },
  grid: { type: 'string' }, n: { type: 'string' }, values: { type: 'string' }, k: { type: 'string' }, masks: { type: 'string' },
} as const;

/** parseArgs options of the census commands. */
export const CENSUS_FLAGS = {
  n: { type: 'string' }, values: { type: 'string' }, k: { type: 'string' }, masks: { type: 'string' }, alphas: { type: 'string' },
  tmax: { type: 'string' }, limit: { type: 'string' }, chunk: { type: 'string' },
} as const;

/** Default instances per chunk of a census job: its output is a fixed-size tally, so chunks can be large. */
export const CENSUS_CHUNK = 20_000;

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

/** Whether any census flag was given. */
export const hasCensusFlags = (values: Values): boolean => Object.keys(CENSUS_FLAGS).some((k) => values[k] !== undefined);

/** --values: V (an integer ≥ 2: the V values (2j − (V − 1))/(V − 1) in [−1, 1]) or a comma-separated list. */
export function parseValues(text: string): number[] {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const V = Number(t);
    if (V < 2 || V > 100) throw new ImplicitRegError('value', `--values must be a count V in [2, 100] or a comma-separated list of numbers, got '${text}'`);
    return gridValues(V);
  }
  const v = t.split(',').map((x) => Number(x.trim()));
  if (v.length < 2 || v.some((x) => !Number.isFinite(x))) throw new ImplicitRegError('value', `--values must be a count V ≥ 2 or a comma-separated list of numbers, got '${text}'`);
  return v;
}

/** --k: 'a-b' (a range) or a comma-separated list. */
export function parseK(text: string): number[] {
  const t = text.trim();
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(t);
  // k ≤ N = 15 at n = 5: a longer range is no census's (and 4-1e12 would not fit an array)
  if (m && Number(m[2]) - Number(m[1]) > 100) throw new ImplicitRegError('value', `--k must be a range a-b of at most 100 integers or a comma-separated list of integers, got '${text}'`);
  const k = m ? Array.from({ length: Math.max(0, Number(m[2]) - Number(m[1]) + 1) }, (_, i) => Number(m[1]) + i) : t.split(',').map((x) => Number(x.trim()));
  if (!k.length || k.some((x) => !Number.isInteger(x))) throw new ImplicitRegError('value', `--k must be a range a-b or a comma-separated list of integers, got '${text}'`);
  return k;
}

/** The census job the flags describe (defaults: n = 4, 5 values, k = 4…8, orbit representatives). */
export function censusSpecFromFlags(values: Values): GridSpec {
  const alphas = String(values.alphas ?? '1e-5,1e-3,1').split(',').map(Number);
  if (alphas.some((a) => !(a > 0 && Number.isFinite(a)))) throw new ImplicitRegError('value', `--alphas must be positive numbers, got '${values.alphas}'`);
  const tMax = values.tmax === undefined ? undefined : flagNumber('tmax', values.tmax, { gt: 0 });
  const n = intFlag(values, 'n');
  const masks = values.masks === undefined ? undefined : String(values.masks);
  if (masks !== undefined && masks !== 'orbits' && masks !== 'all') throw new ImplicitRegError('value', `--masks must be 'orbits' or 'all', got '${masks}'`);
  const options = {
    alphas, tMax, n, masks: masks as 'orbits' | 'all' | undefined,
    values: values.values === undefined ? undefined : parseValues(String(values.values)),
    k: values.k === undefined ? undefined : parseK(String(values.k)),
  };
  const whole = gridSpec({ grid: 'census', options, chunk: intFlag(values, 'chunk') ?? CENSUS_CHUNK });
  const limit = values.limit === undefined ? undefined : flagNumber('limit', values.limit, { integer: true, min: 1 });
  return limit === undefined ? whole : gridSpec({ grid: 'census', options, chunk: whole.chunk, to: Math.min(whole.to, whole.from + limit) });
}

/** The job the flags describe: instances [--from, --limit) of the grid, chunks of --chunk instances. */
export function specFromFlags(values: Values): GridSpec {
  if (values.grid !== undefined && values.grid !== 'grid3') {
    if (values.grid !== 'census') throw new ImplicitRegError('value', `--grid must be 'grid3' or 'census', got '${String(values.grid)}'`);
    if (values.from !== undefined) throw new ImplicitRegError('value', '--from is not a census flag: select its instances with --k (and --limit N, the first N of them)');
    return censusSpecFromFlags(values);
  }
  for (const f of ['n', 'values', 'k', 'masks']) if (values[f] !== undefined) throw new ImplicitRegError('value', `--${f} is a census flag: add --grid census`);
  const alphas = values.alphas === undefined ? [1e-5, 1e-3, 1] : flagList('alphas', values.alphas, { gt: 0 });
  const tMax = values.tmax === undefined ? undefined : flagNumber('tmax', values.tmax, { gt: 0 });
  const limit = intFlag(values, 'limit');
  return gridSpec({ options: { alphas, tMax }, from: intFlag(values, 'from'), to: limit === undefined ? undefined : Math.min(limit, GRID_SIZE), chunk: intFlag(values, 'chunk') });
}

/** records.bin, summary.json and the histogram (Vega-Lite spec and SVG) of a finished job in `out` (a census: its tallies). */
export async function writeResults(out: string, records: Float64Array, spec: GridSpec, seconds: number, ir?: Kernels): Promise<void> {
  if (spec.grid === 'census') {
    // a census's chunks are tallies; with `ir`, also the α sweep of the worst instances
    const starts = chunkStarts(spec);
    const size = records.length / starts.length;
    await writeCensusResults(out, spec, starts.map((_, i) => records.subarray(i * size, (i + 1) * size)), seconds, ir);
    return;
  }
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

/** Seconds as a short duration ('42 s', '17 min', '3.2 h'; '–' when unknown). */
export const fmtEta = (s: number): string => (!Number.isFinite(s) ? '–' : s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

/** The progress bar of the grid commands (rate and ETA; plain lines every 10 s when not on a terminal). */
export function progressBar(label: string, unit = 'instances'): cliProgress.SingleBar {
  return new cliProgress.SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
    noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
}

/** The flags that bound a long job run here: --time-budget SECONDS (Ctrl-C stops it too, see stopSignal). */
export const RUN_FLAGS = { 'time-budget': { type: 'string' } } as const;
export const RUN_USAGE = '[--time-budget S]';

/** --time-budget in milliseconds (undefined when not given). */
export function timeBudgetFlag(values: Values): number | undefined {
  const v = values['time-budget'];
  return v === undefined ? undefined : 1e3 * flagNumber('time-budget', v, { gt: 0 });
}

/** What the CLI hands a job runner: its bounds and a progress callback. */
export type CliJobControl = { signal: AbortSignal; timeBudget?: number; onProgress: (done: number, all: number) => void };

/**
 * Run a job the CLI's way: a progress bar with the rate, Ctrl-C/SIGTERM and --time-budget stop it between chunks (the
 * finished chunk files stay). Returns the chunks and the seconds taken, or exit code 3 when it was stopped.
 */
export async function runCliJob(command: string, values: Values, run: (c: CliJobControl) => Promise<Map<number, Float64Array>>): Promise<{ chunks: Map<number, Float64Array>; seconds: number } | 3> {
  const timeBudget = timeBudgetFlag(values);
  const bar = progressBar(command);
  const t0 = performance.now();
  let started = false;
  const stopper = stopSignal(command);
  try {
    const chunks = await run({
      signal: stopper.signal, timeBudget,
      onProgress: (done, all) => {
        if (!started) { bar.start(all, done, { rate: '0' }); started = true; }
        const s = (performance.now() - t0) / 1e3;
        bar.update(done, { rate: s > 0 ? Math.round(done / s).toString() : '0' });
      },
    });
    bar.stop();
    return { chunks, seconds: (performance.now() - t0) / 1e3 };
  } catch (e) {
    bar.stop();
    if (!(e instanceof ImplicitRegError && e.code === 'cancelled')) throw e;
    console.error(`implicit-reg ${command}: ${e.message.replace(/^runJob: /, '').replace(/run again with resume to go on$/, 'the same command with --resume goes on from there')}`);
    return 3;
  } finally {
    stopper.dispose();
  }
}

// the first SIGINT or SIGTERM aborts the signal (the job stops starting chunks, keeps the finished chunk files and
// returns); a second one exits at once. `dispose` restores the default handlers
function stopSignal(label: string): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ctl.signal.aborted) process.exit(130);
    console.error(`\n${label}: ${sig}: stopping; the finished chunks are kept (again to quit at once)`);
    ctl.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: ctl.signal, dispose: () => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); } };
}
