#!/usr/bin/env node
// Command-line entry:
//   implicit-reg selfcheck                      kernels against closed forms
//   implicit-reg grid3 [--alphas 1e-5,1e-3,1] [--workers N] [--shard k/N] [--out DIR] [--resume] [--limit N] [--tmax T]
//   implicit-reg grid3-merge --out DIR [--alphas …] FILE…   merge shard checkpoint files into one result
//   implicit-reg theory <commutative|belabbas|eftekhari> [--seed N] [--json] …   a theory check as a table (src/theory/cli.ts)
//   implicit-reg reproduce <id|all> [--full] …               the papers' experiments, figures and REPORT.md
// Arguments are parsed with Node's built-in util.parseArgs (no dependency needed for this surface).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { GRID_FIELDS, GRID_SIZE, gridDefaults } from '../grid/grid3.js';
import { assemble, checkpointPath, mergeShards, runGridJob } from '../runner/grid-runner.js';
import { summarize } from '../grid/summary.js';
import { gridHistogramSpec } from '../plots/grid3.js';
import { renderSvg } from '../plots/render.js';
import { init } from '../node.js';
import { selfcheck } from '../kernels/selfcheck.js';
import { THEORY_USAGE, cmdTheory } from './theory.js';
import { cmdReproduce, REPRODUCE_USAGE } from './reproduce.js';
import { flagList, flagNumber } from './args.js';

const USAGE = `usage:
  implicit-reg selfcheck
  implicit-reg grid3 [--alphas 1e-5,1e-3,1] [--workers N] [--shard k/N] [--out DIR] [--resume] [--limit N] [--tmax T]
  implicit-reg grid3-merge --out DIR [--alphas 1e-5,1e-3,1] [--tmax T] FILE...
${THEORY_USAGE}
${REPRODUCE_USAGE}`;

async function cmdSelfcheck(args: string[]): Promise<number> {
  parseArgs({ args, options: {} }); // no flags: an unknown one is an error
  const ir = await init();
  const rows = selfcheck(ir);
  console.log('implicit-reg selfcheck — kernels against closed forms\n');
  console.log('check                     reference               error      bound     time');
  let ok = true;
  for (const r of rows) {
    const pass = r.error <= r.bound;
    ok &&= pass;
    console.log(`${r.check.padEnd(26)}${r.reference.padEnd(24)}${r.error.toExponential(2).padEnd(11)}${r.bound.toExponential(0).padEnd(10)}${r.microseconds.toFixed(1).padStart(8)} µs  ${pass ? 'ok' : 'FAIL'}`);
  }
  return ok ? 0 : 1;
}

function gridOptions(values: Record<string, string | boolean | undefined>) {
  const alphas = values.alphas === undefined ? [1e-5, 1e-3, 1] : flagList('alphas', values.alphas, { gt: 0 });
  const tMax = values.tmax === undefined ? undefined : flagNumber('tmax', values.tmax, { gt: 0 });
  return gridDefaults({ alphas, tMax });
}

// --limit: the first N instances of the grid
const gridLimit = (v: unknown): number => (v === undefined ? GRID_SIZE : Math.min(flagNumber('limit', v, { integer: true, min: 1 }), GRID_SIZE));

async function writeResults(out: string, records: Float64Array, opts: ReturnType<typeof gridDefaults>, total: number, seconds: number): Promise<void> {
  writeFileSync(join(out, 'records.bin'), new Uint8Array(records.buffer, records.byteOffset, records.byteLength));
  const summary = summarize(records, opts.alphas, total);
  writeFileSync(join(out, 'summary.json'), JSON.stringify({ options: opts, seconds, ...summary }, null, 1));
  const spec = gridHistogramSpec(summary);
  writeFileSync(join(out, 'histogram.vl.json'), JSON.stringify(spec, null, 1));
  writeFileSync(join(out, 'histogram.svg'), await renderSvg(spec));
  console.log(`\n${summary.instances} instances, ${summary.feasible} feasible (${summary.borderline} borderline), ${seconds.toFixed(1)} s`);
  for (const a of summary.alphas) {
    console.log(`‖U0‖_F = ${a.alpha}: ${a.converged}/${a.run} converged, ${a.tMax.length} reached tMax, |Δ| ≤ 1e-3: ${(100 * a.fractionWithin1e3).toFixed(1)}%, ≤ 1e-2: ${(100 * a.fractionWithin1e2).toFixed(1)}%, median Δ ${a.quantiles['0.5'].toExponential(2)}, max |Δ| ${Math.abs(a.worst[0]?.delta ?? 0).toExponential(2)}`);
  }
  console.log(`wrote ${join(out, 'records.bin')} (${GRID_FIELDS} doubles per instance × α: feasible, borderline, tr X_min, tr X∞, Δ, status, t, nfev), summary.json, histogram.svg`);
}

async function cmdGrid3(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      alphas: { type: 'string' }, workers: { type: 'string' }, shard: { type: 'string' }, out: { type: 'string' },
      resume: { type: 'boolean' }, limit: { type: 'string' }, tmax: { type: 'string' },
    },
  });
  const opts = gridOptions(values);
  const out = String(values.out ?? 'results/grid3');
  const shardText = values.shard ?? '1/1';
  const shard = /^\d+\/\d+$/.test(shardText) ? (shardText.split('/').map(Number) as [number, number]) : undefined;
  if (!shard || !(shard[0] >= 1 && shard[0] <= shard[1])) throw new Error(`--shard must be k/N with integers 1 ≤ k ≤ N, got '${shardText}'`);
  const total = gridLimit(values.limit);
  const workers = values.workers === undefined ? undefined : flagNumber('workers', values.workers, { integer: true, min: 1, max: 1024 });
  // a checkpoint belongs to its options: refuse to resume one made with others
  const metaPath = join(out, 'meta.json');
  const meta = JSON.stringify({ options: opts, total });
  if (values.resume && existsSync(metaPath) && readFileSync(metaPath, 'utf8') !== meta) {
    console.error(`implicit-reg grid3: ${metaPath} was written with other options; run without --resume to start over`);
    return 2;
  }
  const bar = new cliProgress.SingleBar({
    format: 'grid3 [{bar}] {percentage}% | {value}/{total} instances | {rate}/s | ETA {eta_formatted}',
    noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  const t0 = performance.now();
  let started = false;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out, { recursive: true });
  writeFileSync(metaPath, meta);
  const chunks = await runGridJob({
    ...opts, out, shard, workers, limit: total, resume: Boolean(values.resume),
    onProgress: (done, all) => {
      if (!started) {
        bar.start(all, done, { rate: '0' });
        started = true;
      }
      const s = (performance.now() - t0) / 1e3;
      bar.update(done, { rate: s > 0 ? Math.round(done / s).toString() : '0' });
    },
  });
  bar.stop();
  const seconds = (performance.now() - t0) / 1e3;
  if (shard[1] > 1) {
    console.log(`shard ${shard[0]}/${shard[1]} done in ${seconds.toFixed(1)} s: ${checkpointPath(out, shard)} — merge all shards with 'implicit-reg grid3-merge --out DIR FILE…'`);
    return 0;
  }
  await writeResults(out, assemble(chunks, opts.alphas.length, total), opts, total, seconds);
  return 0;
}

async function cmdGrid3Merge(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, options: { out: { type: 'string' }, alphas: { type: 'string' }, tmax: { type: 'string' }, limit: { type: 'string' } },
  });
  const opts = gridOptions(values);
  const out = String(values.out ?? 'results/grid3');
  const total = gridLimit(values.limit);
  if (positionals.length === 0) throw new Error('expected shard checkpoint FILEs to merge (grid3.shard-k-of-N.bin)');
  for (const f of positionals) if (!existsSync(f)) throw new Error(`FILE '${f}' does not exist`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out, { recursive: true });
  await writeResults(out, mergeShards(positionals, opts.alphas.length, total), opts, total, 0);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? 'selfcheck';
  try {
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      console.log(USAGE);
      return 0;
    }
    if (cmd === 'selfcheck') return await cmdSelfcheck(argv.slice(1));
    if (cmd === 'grid3') return await cmdGrid3(argv.slice(1));
    if (cmd === 'grid3-merge') return await cmdGrid3Merge(argv.slice(1));
    if (cmd === 'theory') return await cmdTheory(argv.slice(1));
    if (cmd === 'reproduce') return await cmdReproduce(argv.slice(1));
  } catch (e) {
    // one line naming the flag or argument; no stack trace (a bug would show as an internal error class name)
    const err = e as Error;
    console.error(`implicit-reg ${cmd}: ${String(err?.message ?? err).split('\n')[0]}`);
    return 2;
  }
  console.error(`implicit-reg: unknown command '${cmd}'\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
