// Shared benchmark machinery: seeded inputs, the smoke switch, and a runner that times each task with
// tinybench, reads the MEDIAN latency and prints `task | median | ratio vs baseline` per group.
//
// Timing model. Each task function returns a number derived from its result (e.g. its first + last entry); the
// runner folds it into a global sink and checks it for NaN, so no work can be optimized away. Calls that take less than MIN_SAMPLE_MS
// are repeated `reps` times inside one tinybench sample (reps calibrated once per task), and the reported
// median is the sample median divided by reps: the timer's resolution and overhead then stay below ~0.1 %.
// Every task is called once before timing (outside the budget): that call decides whether a slow peer is
// skipped, and the task's `info` reports facts about its result (nfev, sweeps, error against a reference).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { init, initSync, matrix, type Kernels, type Matrix } from '../src/node.js';

/** True for the CI smoke run: tiny sizes, a few milliseconds per task. `--smoke` on argv or BENCH_SMOKE=1. */
export const SMOKE: boolean = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';

/** Per-task budgets in milliseconds. */
export const BUDGET = SMOKE
  ? { time: 5, warmupTime: 2, iterations: 2, warmupIterations: 1 }
  : { time: 500, warmupTime: 100, iterations: 10, warmupIterations: 2 };

// A sample shorter than this is made of several calls (see the timing model above).
const MIN_SAMPLE_MS = SMOKE ? 0.01 : 0.1;
// A task whose single call is slower than this gets a reduced budget (slow peers at large n).
const SLOW_CALL_MS = 100;

let kernelsOnce: Kernels | undefined;

/**
 * The wasm kernels under test: the shipped build/implicit-reg.wasm, or the snapshot named by BENCH_WASM (run.ts
 * hands its children one snapshot, so a rebuild during a long run cannot mix two builds in one table).
 */
export async function kernels(): Promise<Kernels> {
  const snapshot = process.env.BENCH_WASM;
  if (!snapshot) return init();
  return (kernelsOnce ??= initSync(readFileSync(snapshot)));
}

// ------------------------------------------------------------------------------------------------
// Seeded inputs (never Math.random), built outside the timed functions.

/** mulberry32: a small, fast, seeded uniform generator on [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows×cols with entries uniform in [−1, 1). */
export function randomMatrix(rand: () => number, rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = 2 * rand() - 1;
  return m;
}

/** Symmetric n×n with independent entries uniform in [−1, 1) on and above the diagonal. */
export function randomSymmetric(rand: () => number, n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = 2 * rand() - 1;
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
  }
  return m;
}

/** ‖A‖₁, the largest absolute column sum. */
export function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.abs(a.data[i * a.cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** The matrix as an array of rows (the peers' input format; built once, outside timing). */
export function toRows(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** A cheap fingerprint of a result (first + last entry) for the sink; NaN anywhere in it propagates. */
export function touch(d: ArrayLike<number>): number {
  return d[0] + d[d.length - 1];
}

/** Format a duration given in milliseconds. */
export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1e-3) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

// ------------------------------------------------------------------------------------------------
// Tasks and the runner.

export interface TaskSpec {
  /** `kernel:variant:n=…` */
  name: string;
  /** Rows sharing a group are compared with the group's baseline. */
  group: string;
  /** The timed call; returns a number derived from the result (see `touch`). */
  fn: () => number;
  /** The group's reference for the ratio column (the plain-TS twin unless the group says otherwise). */
  baseline?: boolean;
  /** Floating-point operations per call: adds a GFLOP/s column. */
  flops?: number;
  /** Items per call (batched kernels): adds a per-item time column. */
  items?: number;
  /** Facts about the result, computed once outside timing (nfev, sweeps, error, …). */
  info?: () => Record<string, string | number>;
  /** Skip the task (and say so) if its first call takes longer than this many milliseconds. */
  skipAboveMs?: number;
}

export interface Row {
  suite: string;
  group: string;
  task: string;
  /** Median per call, milliseconds (NaN when skipped). */
  medianMs: number;
  meanMs: number;
  /** tinybench samples, and calls per sample. */
  samples: number;
  reps: number;
  /** median / median of the group's baseline (< 1: faster than the baseline). */
  ratio: number | null;
  baseline: boolean;
  gflops?: number;
  perItemMs?: number;
  info?: Record<string, string | number>;
  skipped?: string;
}

let sink = 0;

/** The sum of every task's results so far (printed at the end of a run so the sink is observable). */
export function checksum(): number {
  return sink;
}

function consume(x: number, name: string): void {
  if (x !== x) throw new Error(`${name}: the result contains NaN`);
  sink += x;
}

/**
 * Calls per sample so one sample lasts ≥ MIN_SAMPLE_MS: a first pass of ~5 samples' worth of calls lets the JIT
 * settle, a second pass of the same length gives the per-call estimate.
 */
function calibrate(fn: () => number, name: string): number {
  let per = 0;
  for (let pass = 0; pass < 2; pass++) {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 5 * MIN_SAMPLE_MS || calls < 3) {
      consume(fn(), name);
      calls++;
      t = performance.now();
      if (t - t0 > 200) break; // slow calls: one per sample
    }
    per = (t - t0) / calls;
  }
  return Math.max(1, Math.min(1e6, Math.ceil(MIN_SAMPLE_MS / Math.max(per, 1e-6))));
}

/** A suite: builds its tasks (inputs seeded, outside timing); `dispose` frees what the tasks hold. */
export interface Suite {
  name: string;
  build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }>;
}

/** Time every task (one tinybench Bench each, so slow peers can get a smaller budget). Rows come without ratios. */
export async function measure(suite: string, tasks: TaskSpec[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of tasks) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const first = spec.fn();
    const firstMs = performance.now() - t0;
    consume(first, spec.name);
    const base: Row = {
      suite, group: spec.group, task: spec.name, medianMs: NaN, meanMs: NaN, samples: 0, reps: 0, ratio: null,
      baseline: spec.baseline ?? false,
    };
    if (spec.skipAboveMs !== undefined && firstMs > spec.skipAboveMs) {
      rows.push({ ...base, skipped: `skipped: first call took ${fmtTime(firstMs)} > ${fmtTime(spec.skipAboveMs)}` });
      continue;
    }
    if (spec.info) base.info = spec.info();
    const slow = firstMs > SLOW_CALL_MS;
    const reps = slow ? 1 : calibrate(spec.fn, spec.name);
    const fn = spec.fn;
    const name = spec.name;
    const timed =
      reps === 1
        ? () => consume(fn(), name)
        : () => {
            let acc = 0;
            for (let r = 0; r < reps; r++) acc += fn();
            consume(acc, name);
          };
    const bench = new Bench({
      time: slow ? Math.min(BUDGET.time, 4 * firstMs) : BUDGET.time,
      iterations: slow ? Math.min(BUDGET.iterations, 5) : BUDGET.iterations,
      warmupTime: slow ? 0 : BUDGET.warmupTime,
      warmupIterations: slow ? 1 : BUDGET.warmupIterations,
      throws: true,
    });
    bench.add(spec.name, timed);
    await bench.run();
    const res = bench.tasks[0].result;
    if (res.state !== 'completed') throw new Error(`${spec.name}: tinybench ended in state ${res.state}`);
    const medianMs = res.latency.p50 / reps;
    const row: Row = { ...base, medianMs, meanMs: res.latency.mean / reps, samples: res.latency.samplesCount, reps };
    if (spec.flops) row.gflops = spec.flops / (medianMs * 1e6);
    if (spec.items) row.perItemMs = medianMs / spec.items;
    rows.push(row);
  }
  return rows;
}

/** Fill the ratio column: median / median of the group's baseline. */
export function addRatios(rows: Row[]): Row[] {
  for (const row of rows) {
    const b = rows.find((r) => r.suite === row.suite && r.group === row.group && r.baseline);
    row.ratio = b && Number.isFinite(b.medianMs) && Number.isFinite(row.medianMs) ? row.medianMs / b.medianMs : null;
  }
  return rows;
}

/** Build, time, print: the whole suite in this process (smoke runs and `npx tsx bench/<suite>.bench.ts`). */
export async function runSuite(suite: Suite): Promise<Row[]> {
  const { tasks, dispose } = await suite.build();
  const rows = addRatios(await measure(suite.name, tasks));
  dispose?.();
  printTable(suite.name, rows);
  return rows;
}

/** Print `task | median | ratio vs baseline | …`, one block per group. */
export function printTable(suite: string, rows: Row[]): void {
  const head = ['task', 'median', 'ratio vs baseline', 'GFLOP/s', 'per item', 'notes'];
  const body: string[][] = [];
  let lastGroup = '';
  for (const r of rows) {
    if (r.group !== lastGroup && body.length > 0) body.push([]);
    lastGroup = r.group;
    const notes: string[] = [];
    if (r.baseline) notes.push('baseline');
    if (r.info) for (const [k, v] of Object.entries(r.info)) notes.push(`${k}=${typeof v === 'number' ? fmtNum(v) : v}`);
    if (r.skipped) notes.push(r.skipped);
    body.push([
      r.task,
      r.skipped ? '—' : fmtTime(r.medianMs),
      r.ratio === null ? '' : r.ratio.toPrecision(3),
      r.gflops === undefined ? '' : r.gflops.toPrecision(3),
      r.perItemMs === undefined ? '' : fmtTime(r.perItemMs),
      notes.join(', '),
    ]);
  }
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 || c === 5 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ').trimEnd();
  console.log(`\n## ${suite}${SMOKE ? ' (smoke)' : ''} — median per call; ratio = median / baseline median (< 1 is faster)`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(b.length === 0 ? '' : line(b));
}

function fmtNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6 ? v.toExponential(2) : v.toPrecision(4);
}

/** True when this module is the script node was started with (so each suite also runs on its own). */
export function isMain(url: string): boolean {
  const arg = process.argv[1];
  return arg !== undefined && url === pathToFileURL(resolve(arg)).href;
}
