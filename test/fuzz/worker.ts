// One fuzz worker (a worker thread running TypeScript through `--import tsx`): builds a probe's baseline call, applies
// the mutation, makes the call on its one wasm instance, classifies the outcome and checks that the instance still
// computes correctly afterwards (a failed call must leave it usable).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { parentPort, workerData } from 'node:worker_threads';
import { PROBES, type Ctx, type Path } from './registry.js';

export type Outcome = 'ok' | 'error-named' | 'error-clear' | 'hang' | 'internal' | 'silent-nonfinite' | 'accepted-invalid' | 'wrong-name';

export interface Job {
  id: number;
  probe: string;
  /** Index into the probe's params, or −1 for the baseline call. */
  param: number;
  value?: unknown;
  valid?: boolean;
  seed: number;
}

export interface Report {
  id: number;
  outcome: Outcome;
  detail: string;
}

const lib: any = { ...(await import('../../src/node.js')), ...(await import('../../src/solvers/explore.js')) };
const runner: any = await import('../../src/runner/index.js');
const ir = lib.initSync();
const byName = new Map(PROBES.map((p) => [p.name, p]));
// codes that answer a valid call clearly: the result is not representable, does not fit, did not converge, is
// singular, was cancelled, or the bytes given are not the package's module
const CLEAR = new Set(['overflow', 'memory', 'convergence', 'singular', 'cancelled', 'load']);

function clone(x: any): any {
  if (x instanceof Float64Array) return Float64Array.from(x);
  if (Array.isArray(x)) return x.map(clone);
  return x;
}

function maxAbs(d: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]));
  return m;
}

function scaled(d: ArrayLike<number>, how: string): number[] {
  const target = how === '1e300' ? 1e300 : how === '1e-300' ? 1e-300 : how === 'subnormal' ? 1e-310 : 0;
  const m = maxAbs(d);
  return Array.from(d, (v) => (target === 0 ? 0 : m === 0 ? target : (v / m) * target));
}

// the real value of a token, given the baseline value it replaces
function resolve(v: any, orig: any): any {
  const t = v !== null && typeof v === 'object' && !Array.isArray(v) ? v.$ : undefined;
  if (t === undefined) return v;
  if (t === 'object') return {};
  if (t === 'fn') return () => {};
  if (t === 'aborted-signal') { const a = new AbortController(); a.abort(); return a.signal; }
  const isMat = orig && typeof orig === 'object' && 'rows' in orig && 'data' in orig;
  if (t.startsWith('mat-') || t === 'rows-array' || t === 'bad-length' || t === 'plain-data') {
    const o = isMat ? orig : { rows: 2, cols: 2, data: new Float64Array(4) };
    const copy = (data: ArrayLike<number>) => ({ rows: o.rows, cols: o.cols, data: Float64Array.from(data) });
    if (t === 'rows-array') return [[1, 2], [3, 4]];
    if (t === 'bad-length') return { rows: o.rows, cols: o.cols, data: new Float64Array(o.rows * o.cols + 1) };
    if (t === 'plain-data') return { rows: o.rows, cols: o.cols, data: Array.from(o.data) };
    if (t === 'mat-nan') { const c = copy(o.data); c.data[0] = NaN; return c; }
    if (t === 'mat-inf') { const c = copy(o.data); c.data[0] = Infinity; return c; }
    if (t === 'mat-wrong-shape') return { rows: o.rows + 1, cols: o.cols + 2, data: new Float64Array((o.rows + 1) * (o.cols + 2)).fill(0.5) };
    if (t === 'mat-empty') return { rows: 0, cols: 0, data: new Float64Array(0) };
    if (t === 'mat-asym') { const c = copy(o.data); c.data[1] += 1 + Math.abs(c.data[1]); return c; }
    if (t.startsWith('mat-scale:')) return copy(scaled(o.data, t.slice(10)));
  }
  if (t.startsWith('vec-')) {
    const o: ArrayLike<number> = orig && typeof orig === 'object' && typeof orig.length === 'number' ? orig : [1, 2];
    const keep = (a: number[]) => (o instanceof Float64Array ? Float64Array.from(a) : a);
    const a = Array.from(o);
    if (t === 'vec-nan') { a[0] = NaN; return keep(a); }
    if (t === 'vec-inf') { a[0] = Infinity; return keep(a); }
    if (t === 'vec-empty') return keep([]);
    if (t === 'vec-short') return keep(a.slice(0, -1));
    if (t === 'vec-long') return keep([...a, 1]);
    if (t === 'vec-negative') { a[0] = -1; return keep(a); }
    if (t.startsWith('vec-scale:')) return keep(scaled(o, t.slice(10)));
  }
  throw new Error(`fuzz worker: unknown token ${t}`);
}

function get(args: any[], path: Path): any {
  let x: any = args;
  for (const k of path) x = x?.[k];
  return x;
}

function set(args: any[], path: Path, value: unknown): void {
  let x: any = args;
  for (const k of path.slice(0, -1)) {
    if (x[k] === undefined || x[k] === null || typeof x[k] !== 'object') x[k] = {};
    else if (!Array.isArray(x[k]) && !ArrayBuffer.isView(x[k]) && Object.getPrototypeOf(x[k]) === Object.prototype) x[k] = { ...x[k] };
    else if (Array.isArray(x[k])) x[k] = [...x[k]];
    x = x[k];
  }
  x[path[path.length - 1]] = value;
}

// the first non-finite number in a result, as a path, skipping documented places
function nonfinite(r: any, ok: (path: string) => boolean): string | undefined {
  const seen = new Set<any>();
  const walk = (x: any, path: string, depth: number): string | undefined => {
    if (typeof x === 'number') return Number.isFinite(x) || ok(path) ? undefined : `${path} = ${x}`;
    if (x === null || typeof x !== 'object' || seen.has(x) || depth > 8) return undefined;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      const a = x as unknown as ArrayLike<number>;
      for (let i = 0; i < Math.min(a.length, 1e6); i++) {
        if (typeof a[i] === 'number' && !Number.isFinite(a[i]) && !ok(`${path}[${i}]`)) return `${path}[${i}] = ${a[i]}`;
      }
      return undefined;
    }
    if (x instanceof Map) {
      for (const [k, v] of x) { const f = walk(v, `${path}.get(${k})`, depth + 1); if (f) return f; }
      return undefined;
    }
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) { const f = walk(x[i], `${path}[${i}]`, depth + 1); if (f) return f; }
      return undefined;
    }
    for (const k of Object.keys(x)) { const f = walk(x[k], `${path}.${k}`, depth + 1); if (f) return f; }
    return undefined;
  };
  return walk(r, '', 0);
}

const mentions = (msg: string, name: string): boolean => new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(msg);

// the instance must still compute a small product, an eigendecomposition and an exponential exactly enough
function instanceHealthy(): string | undefined {
  try {
    const a = lib.matrix(2, 2, [1, 2, 3, 4]);
    const p = ir.matmul(a, a).data;
    if (p[0] !== 7 || p[1] !== 10 || p[2] !== 15 || p[3] !== 22) return `matmul gives ${Array.from(p)}`;
    const e = ir.eigh(lib.matrix(2, 2, [2, 1, 1, 2])).values;
    if (Math.abs(e[0] - 1) > 1e-14 || Math.abs(e[1] - 3) > 1e-14) return `eigh gives ${Array.from(e)}`;
    const x = ir.expm(lib.matrix(1, 1, [1])).data[0];
    if (Math.abs(x - Math.E) > 1e-15) return `expm gives ${x}`;
    return undefined;
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

async function run(job: Job): Promise<Report> {
  const probe = byName.get(job.probe);
  if (!probe) throw new Error(`fuzz worker: unknown probe ${job.probe}`);
  const c: Ctx = { lib, runner, ir, seed: job.seed, tmp: workerData.tmp };
  const args = probe.build(c);
  const param = job.param >= 0 ? probe.params[job.param] : undefined;
  if (param) set(args, param.path, resolve(job.value, get(args, param.path)));
  const valid = param ? job.valid === true : true;
  const call = probe.call ?? ((cc: Ctx, a: any[]) => {
    const f = cc.lib[probe.name];
    if (typeof f !== 'function') throw new Error(`fuzz registry: ${probe.name} is not an export`);
    return f(...a);
  });
  let outcome: Outcome;
  let detail = '';
  try {
    const result = await call(c, args);
    const bad = nonfinite(result, (path) => probe.nonfiniteOk?.(path, result) ?? false);
    if (!valid) { outcome = 'accepted-invalid'; detail = 'returned'; }
    else if (bad) { outcome = 'silent-nonfinite'; detail = bad; }
    else outcome = 'ok';
  } catch (e) {
    const err = e as Error & { code?: string };
    const msg = `${err?.name}${err?.code ? `(${err.code})` : ''}: ${String(err?.message).split('\n')[0].slice(0, 300)}`;
    detail = msg;
    if (!(e instanceof lib.ImplicitRegError)) outcome = 'internal';
    else if (param && mentions(err.message, param.name)) outcome = 'error-named';
    // a size that cannot be allocated is a clear answer whether or not the count itself was in range
    else if ((valid && err.code !== undefined && CLEAR.has(err.code)) || err.code === 'memory') outcome = 'error-clear';
    else outcome = 'wrong-name';
    if (outcome === 'internal' && err?.stack) detail += ` @ ${err.stack.split('\n').slice(1, 3).map((s) => s.trim()).join(' ')}`;
  }
  const sick = instanceHealthy();
  if (sick) return { id: job.id, outcome: 'internal', detail: `instance unusable after the call (${sick}); call: ${outcome}: ${detail}` };
  return { id: job.id, outcome, detail };
}

parentPort!.on('message', async (job: Job) => {
  let report: Report;
  try {
    report = await run(job);
  } catch (e) {
    report = { id: job.id, outcome: 'internal', detail: `harness: ${(e as Error).stack}` };
  }
  parentPort!.postMessage(report);
});
parentPort!.postMessage({ ready: true });
