// implicit-reg through a bundler: Vite resolves 'implicit-reg' with the "browser" export condition, emits the .wasm
// the package loads with new URL(…, import.meta.url), and bundles the worker pool's module worker.
import { BrowserPool, exploreProblem, init, minNuclearNorm, wasmModule, type ExploreSpec } from 'implicit-reg';

const out = document.querySelector<HTMLPreElement>('#out')!;
const show = (line: string) => { out.textContent += `${line}\n`; };

// GD from three initial scales on one seeded rank-1 sensing problem: the smaller ‖U0‖_F, the closer tr X ends to the
// minimum nuclear norm (Gunasekar et al. 2017). One spec per pool task, run in parallel workers.
const base: ExploreSpec = { problem: 'sensing', n: 8, m: 24, r: 1, seed: 4, scale: 1, method: 'gd', eta: 3e-3, horizon: 20_000, chunks: 4 };
const scales = [1e-4, 1e-2, 1];

async function main(): Promise<{ ok: boolean; minNuclear: number; gaps: number[] }> {
  const ir = await init(); // the page's own instance, for the reference solution
  const { op, y } = exploreProblem(base);
  const ref = minNuclearNorm(ir, { A: op, y });
  show(`min ‖X‖_* = ${ref.value.toFixed(6)} (${ref.status}, certified by an SDP solved on the page)`);

  const pool = new BrowserPool({ module: await wasmModule(), size: 2 });
  try {
    const runs = await pool.sweep(scales.map((scale) => ({ ...base, scale })));
    const gaps = runs.map((r) => (r.trace - ref.value) / ref.value);
    runs.forEach((r, i) => show(`‖U0‖_F = ${scales[i].toExponential(0)}: ${r.status} after ${r.end} iterations, ` +
      `tr X = ${r.trace.toFixed(6)}, Δ = ${gaps[i].toExponential(2)}`));
    // the implicit bias: the smallest initialization lands (almost) on the minimum
    return { ok: ref.status === 'optimal' && Math.abs(gaps[0]) < 1e-3, minNuclear: ref.value, gaps };
  } finally {
    pool.destroy();
  }
}

main().then(
  (r) => { document.body.dataset.result = JSON.stringify(r); },
  (e: unknown) => {
    show(`error: ${(e as Error).message}`);
    document.body.dataset.result = JSON.stringify({ ok: false, error: (e as Error).message });
  },
);
