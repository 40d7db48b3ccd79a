// The explorer page: a form for the problem and dynamics, live Vega-Lite plots fed chunk by chunk from a Web Worker,
// and a reduced 3×3 grid run on the worker pool. The solvers never run on the page's thread during a run (the
// workers post one message per chunk), so the page stays responsive.
import embed, { vega, type Result } from 'vega-embed';
import { BrowserPool, init, summarize, wasmModule, type ExploreSpec, type TrajectoryProgress } from 'implicit-reg';
import { chunkPoints, eigenSpec, EXPLORER_DATA, lossSpec, traceSpec } from '../src/plots/explorer.ts';
import { gridHistogramSpec } from '../src/plots/grid3.ts';
import { reducedGridRanges } from './digest.ts';
import { installHooks } from './hooks.ts';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const form = $<HTMLFormElement>('#form');
const status = $<HTMLParagraphElement>('#status');
const stopButton = $<HTMLButtonElement>('#stop');
const EMBED = { actions: false, renderer: 'svg' as const };
const GRID_ALPHAS = [1e-5, 1e-3, 1];

// ?fma=0 selects the portable kernels (the same bits on every machine), ?fma=1 insists on the FMA build; by default the
// FMA build where this browser fuses
const fmaParam = new URLSearchParams(location.search).get('fma');
const build = { fma: fmaParam === '0' ? false : fmaParam === '1' ? true : ('auto' as const) };
const module = await wasmModule(build);
const ir = await init(build);
document.body.dataset.fma = String(ir.fma);
const pool = new BrowserPool({ module, size: Math.max(2, Math.min(navigator.hardwareConcurrency || 2, 8)) });
installHooks({ ir, pool });

/**
 * The form as a spec, checked here with messages that name the form's fields: the library's errors name its
 * function arguments, and one limit (m ≤ n(n+1)/2 for sensing) shows there only as a failed SDP.
 */
function readSpec(): ExploreSpec {
  const f = new FormData(form);
  const bound = (k: string, b: 'min' | 'max') => {
    const v = (form.elements.namedItem(k) as HTMLInputElement)[b];
    return v === '' ? undefined : Number(v);
  };
  // an integer, a positive integer or a positive number, within the input's own min/max
  const num = (k: string, label: string, kind: 'integer' | 'count' | 'positive') => {
    const raw = String(f.get(k) ?? '').trim();
    const v = Number(raw);
    const [min, max] = [bound(k, 'min'), bound(k, 'max')];
    if (raw === '' || !Number.isFinite(v) || (kind !== 'positive' && !Number.isInteger(v)) || (kind !== 'integer' && !(v > 0)) ||
        (min !== undefined && v < min) || (max !== undefined && v > max)) {
      const what = { integer: 'an integer', count: 'a positive integer', positive: 'a positive number' }[kind];
      const range = min !== undefined && max !== undefined ? ` in [${min}, ${max}]` : min !== undefined ? ` ≥ ${min}` : '';
      throw new Error(`${label} must be ${what}${range}, got '${raw}'`);
    }
    return v;
  };
  const problem = f.get('problem') === 'completion' ? 'completion' : 'sensing';
  const method = f.get('method') === 'flow' ? 'flow' : 'gd';
  const n = num('n', 'n', 'integer');
  const m = num('m', 'm', 'integer');
  const dim = (n * (n + 1)) / 2;
  if (m > dim) {
    throw new Error(problem === 'sensing'
      ? `m must be ≤ n(n+1)/2 = ${dim}: more measurements of a symmetric ${n}×${n} matrix are linearly dependent (got ${m})`
      : `m must be ≤ n(n+1)/2 = ${dim}, the number of distinct entries of a symmetric ${n}×${n} matrix (got ${m})`);
  }
  const r = num('r', 'rank r of X*', 'integer');
  if (r > n) throw new Error(`rank r of X* must be ≤ n = ${n} (got ${r})`);
  const seed = num('seed', 'seed', 'integer');
  if (seed > 2 ** 32 - 3) throw new Error(`seed must be ≤ ${2 ** 32 - 3} (got ${seed})`);
  return {
    problem, n, m, r, seed, method,
    scale: num('scale', '‖U0‖_F', 'positive'),
    eta: method === 'gd' ? num('eta', 'step η', 'positive') : undefined,
    horizon: method === 'gd' ? num('horizon', 'iterations', 'count') : num('horizon', 'time t_max', 'positive'),
    chunks: 40,
  };
}

// the <select name="method">: `form.method` is the form's own method attribute in the DOM's types (the element shadows
// it only at run time, through the form's named properties)
const methodSelect = form.elements.namedItem('method') as HTMLSelectElement;
methodSelect.addEventListener('change', () => {
  const flow = methodSelect.value === 'flow';
  $('#horizon-label').textContent = flow ? 'time t_max' : 'iterations';
  form.horizon.value = flow ? '100' : '20000';
  form.eta.disabled = flow;
});

const fmt = (v: number, d = 4) => (Number.isFinite(v) ? v.toPrecision(d) : String(v));
let running: AbortController | undefined;
const PLOTS = ['#plot-loss', '#plot-trace', '#plot-eig'];
let shownViews: Promise<Result[]> | undefined;

/**
 * Empty the plot boxes and give each a fresh element for the next run's plots: a render of a stopped run that was
 * still in flight then lands in a detached element, never over the next run's plots.
 */
function resetPlots(): HTMLElement[] {
  void shownViews?.then((vs) => vs.forEach((v) => v.finalize()), () => undefined); // their timers and listeners
  shownViews = undefined;
  return PLOTS.map((sel) => {
    const el = document.createElement('div');
    $(sel).replaceChildren(el);
    return el;
  });
}

async function runTrajectory(): Promise<void> {
  running?.abort();
  const ctrl = (running = new AbortController());
  const [lossEl, traceEl, eigEl] = resetPlots();
  let spec: ExploreSpec;
  try {
    spec = readSpec();
  } catch (e) {
    status.textContent = `error: ${(e as Error).message}`;
    stopButton.disabled = true; // the run it replaced is aborted
    return;
  }
  const axis = { method: spec.method, horizon: spec.horizon };
  let minNuclear = NaN;
  let note = '';
  // the plots are embedded with the first chunk's points (an empty log-scale plot has no domain), later chunks are
  // streamed into the views' named datasets; the promise chain keeps the chunks in order
  let views: Promise<Result[]> | undefined;
  status.textContent = 'computing the minimum nuclear norm (SDP)…';
  stopButton.disabled = false;
  const started = performance.now();
  try {
    await pool.run({ kind: 'trajectory', spec }, (msg) => {
      const p = msg as TrajectoryProgress;
      if (p.kind === 'reference') {
        minNuclear = p.minNuclear;
        note = p.status === 'optimal' ? '' : `   (min nuclear norm: ${p.message ?? p.status})`;
        return;
      }
      const c = p.chunk;
      const pts = chunkPoints(c);
      if (!views) {
        const ref = Number.isFinite(minNuclear) ? minNuclear : null;
        shownViews = views = Promise.all([
          embed(lossEl, lossSpec(pts.loss, axis), EMBED),
          embed(traceEl, traceSpec(pts.trace, ref, axis), EMBED),
          embed(eigEl, eigenSpec(pts.eig, axis), EMBED),
        ]);
      } else {
        views = views.then(async ([loss, trace, eig]) => {
          await Promise.all([
            loss.view.change(EXPLORER_DATA.loss, vega.changeset().insert(pts.loss)).runAsync(),
            trace.view.change(EXPLORER_DATA.trace, vega.changeset().insert(pts.trace)).runAsync(),
            eig.view.change(EXPLORER_DATA.eig, vega.changeset().insert(pts.eig)).runAsync(),
          ]);
          return [loss, trace, eig];
        });
      }
      const tr = c.trace.at(-1)!;
      const lam = c.eigenvalues;
      const ratio = lam[0] / lam.reduce((a, b) => a + Math.max(b, 0), 0);
      status.textContent = `${spec.method === 'gd' ? `k = ${c.end}` : `t = ${fmt(c.end, 6)}`}   L = ${fmt(c.loss.at(-1)!, 3)}   ‖X‖_* = ${fmt(tr, 8)}   ` +
        `min ‖X‖_* = ${fmt(minNuclear, 8)}   Δ = ${fmt((tr - minNuclear) / minNuclear, 3)}   λ1/Σλ = ${fmt(ratio, 4)}   ` +
        `status: ${c.status}${c.done ? ' (done)' : ''}   ${((performance.now() - started) / 1000).toFixed(1)} s${note}` +
        (c.status === 'diverged' ? '\nthe step η is too large for this problem: try a smaller η' : '');
    }, ctrl.signal);
    await views;
  } catch (e) {
    // stopped or failed: no half-drawn plots and no stale numbers (unless a newer run owns the page by now)
    if (running === ctrl) {
      resetPlots();
      status.textContent = (e as { code?: string }).code === 'cancelled' ? 'stopped' : `error: ${(e as Error).message}`;
    }
  } finally {
    if (running === ctrl) stopButton.disabled = true;
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void runTrajectory();
});
stopButton.addEventListener('click', () => running?.abort());

async function runGrid(): Promise<void> {
  const perMask = Number($<HTMLInputElement>('#grid-per-mask').value);
  const bar = $<HTMLProgressElement>('#grid-progress');
  const text = $('#grid-status');
  const button = $<HTMLButtonElement>('#grid-run');
  const plot = $('#plot-grid');
  // a new run or a bad input: the last run's bar and histogram go
  bar.value = 0;
  plot.replaceChildren();
  if (!(Number.isInteger(perMask) && perMask >= 1 && perMask <= 10000)) {
    text.textContent = `instances per pattern must be an integer in [1, 10000], got '${$<HTMLInputElement>('#grid-per-mask').value}'`;
    return;
  }
  button.disabled = true;
  const started = performance.now();
  try {
    const ranges = reducedGridRanges(perMask);
    const records = await pool.runGrid(ranges, { alphas: GRID_ALPHAS, chunk: 100 }, (done, total) => {
      bar.value = done / total;
      text.textContent = `${done} / ${total} instances · ${((performance.now() - started) / 1000).toFixed(1)} s`;
    });
    const total = ranges.reduce((a, [, c]) => a + c, 0);
    // Δ binned over a range that fits this sample (the paper's [−0.2, 0.2] would crop or squeeze it)
    const summary = summarize(records, GRID_ALPHAS, total, 0, { fitRange: true });
    const notConverged = summary.alphas.map((a) => `${a.tMax.length + a.maxSteps.length + a.diverged.length}`).join('/');
    text.textContent += ` · ${summary.feasible} feasible · not converged per α: ${notConverged}`;
    await embed(plot, gridHistogramSpec(summary, { width: 240, height: 150 }), EMBED);
  } catch (e) {
    bar.value = 0;
    plot.replaceChildren();
    text.textContent = `error: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
}
$('#grid-run').addEventListener('click', () => void runGrid());

status.textContent = `ready: ${pool.size} workers`;
document.body.dataset.ready = '1';
void runTrajectory();
