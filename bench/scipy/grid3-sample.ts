// Writes a seeded sample of grid flows (instance, α, U0, observations, the t our flow stopped at, tr X∞ and nfev)
// as JSON for bench/scipy/grid3_scipy.py, which times SciPy's solve_ivp RK45 on the same flows to the same t.
// usage: npx tsx bench/scipy/grid3-sample.ts [count] > sample.json
import { init } from '../../src/node.js';
import { ENTRIES3, gridInstance } from '../../src/grid/completion3.js';
import { GRID_FIELDS, GRID_SIZE, gridDefaults, gridInitialU, runGrid3 } from '../../src/grid/grid3.js';
import { Rng } from '../../src/core/random.js';

const count = Number(process.argv[2] ?? 40);
const ir = await init();
const alphas = [1e-5, 1e-3, 1];
const opts = gridDefaults({ alphas });
const rng = new Rng(2026);
const out: unknown[] = [];
while (out.length < count) {
  const id = rng.int(GRID_SIZE);
  const a = rng.int(alphas.length);
  const rec = runGrid3(ir, id, 1, { ...opts, alphas: [alphas[a]] });
  if (rec[5] < 0) continue; // infeasible
  // runGrid3 with one α uses α index 0 for the seed; take U0 from the same (seed, id, 0) so the flows are the same
  const g = gridInstance(id);
  out.push({
    id, alpha: alphas[a], U0: Array.from(gridInitialU(ir, opts.seed, id, 0, alphas[a]).data),
    rows: g.observed.map((e) => ENTRIES3[e][0]), cols: g.observed.map((e) => ENTRIES3[e][1]), y: Array.from(g.values),
    t: rec[6], trace: rec[3], nfev: rec[7], status: rec[5], rtol: opts.rtol, atol: opts.atol,
  });
}
void GRID_FIELDS;
console.log(JSON.stringify(out));
