// Our cost for one factored-GD step on the instance gdstep_numpy.py times (bench/flow50.ts's: Gaussian sensing
// n = 50, m = 300, d = 50, U0 Gaussian ‖U0‖_F = 1e-4 seed 3, η = 1e-4): the median µs per step over 15 calls of
// factoredGD with 200 steps each, the whole run in wasm. Printed as JSON beside NumPy's for same-run ratios:
//   for i in 1 2 3 4 5; do npx tsx bench/scipy/gdstep-ours.ts; OPENBLAS_NUM_THREADS=1 python3 bench/scipy/gdstep_numpy.py DIR; done
import { init } from '../../src/node.js';
import { gaussianSensing, lowRankPSD, measure } from '../../src/operators/problems.js';
import { OperatorHandle } from '../../src/operators/operator.js';
import { factoredGD } from '../../src/solvers/gd.js';
import { initialFactor } from '../../src/solvers/factor-init.js';

const ir = await init();
const n = 50, m = 300, d = 50;
const op = gaussianSensing({ n, m, seed: 1 });
const y = measure(op, lowRankPSD({ n, r: 2, seed: 2 }).X);
const h = new OperatorHandle(ir, op, 'gdstep');
const U0 = initialFactor(ir, n, d, { kind: 'gaussian', scale: 1e-4, seed: 3 });
const ts: number[] = [];
for (let rep = 0; rep < 15; rep++) {
  const t0 = performance.now();
  factoredGD(ir, { op: h, y, d, init: { kind: 'given', U: U0 }, eta: 1e-4, maxIter: 200, record: [] });
  ts.push(((performance.now() - t0) * 1e3) / 200);
}
ts.sort((a, b) => a - b);
console.log(JSON.stringify({ ours_us: ts[7] }));
