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

const module = await wasmModule();
const ir = await init();
const pool = new BrowserPool({ module, size: Math.max(2, Math.min(navigator.hardwareConcurrency || 2, 8)) });
installHooks({ ir, pool });

function readSpec(): ExploreSpec {
  const f = new FormData(form);
  const num = (k: string) => {
    const v = Number(f.get(k));
    if (!Number.isFinite(v)) throw new Error(`${k} must be a number, got '${String(f.get(k))}'`);
    return v;
  };
  const method = f.get('method') === 'flow' ? 'flow' : 'gd';
  return {
    problem: f.get('problem') === 'completion' ? 'completion' : 'sensing',
    n: num('n'), m: num('m'), r: num('r'), seed: num('seed'), scale: num('scale'),
    method, eta: num('eta'), horizon: num('horizon'), chunks: 40,
  };
}

form.method.addEventListener('change', () => {
  const flow = form.method.value === 'flow';
  $('#horizon-label').textContent = flow ? 'time t_max' : 'iterations';
  form.horizon.value = flow ? '100' : '20000';
  form.eta.disabled = flow;
});

const fmt = (v: number, d = 4) => (Number.isFinite(v) ? v.toPrecision(d) : String(v));
let running: AbortController | undefined;

async function runTrajectory(): Promise<void> {
  running?.abort();
  const ctrl = (running = new AbortController());
  let spec: ExploreSpec;
  try {
    spec = readSpec();
  } catch (e) {
    status.textContent = String((e as Error).message);
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
        views = Promise.all([
          embed('#plot-loss', lossSpec(pts.loss, axis), EMBED),
          embed('#plot-trace', traceSpec(pts.trace, ref, axis), EMBED),
          embed('#plot-eig', eigenSpec(pts.eig, axis), EMBED),
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
        `status: ${c.status}${c.done ? ' (done)' : ''}   ${((performance.now() - started) / 1000).toFixed(1)} s${note}`;
    }, ctrl.signal);
    await views;
  } catch (e) {
    if ((e as { code?: string }).code !== 'cancelled') status.textContent = `error: ${(e as Error).message}`;
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
  if (!(Number.isInteger(perMask) && perMask >= 1 && perMask <= 10000)) {
    text.textContent = `instances per pattern must be an integer in [1, 10000], got ${perMask}`;
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
    await embed('#plot-grid', gridHistogramSpec(summary, { width: 240, height: 150 }), EMBED);
  } catch (e) {
    text.textContent = `error: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
}
$('#grid-run').addEventListener('click', () => void runGrid());

status.textContent = `ready: ${pool.size} workers`;
document.body.dataset.ready = '1';
void runTrajectory();
