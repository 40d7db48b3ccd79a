// Writes issue 3's 3×3 benchmark flows (the bench's mask, y and U0 for ‖U0‖_F ∈ {1e-5, 1e-3, 1}, with the t where
// our flow reached ‖∇L‖_F ≤ 1e-9 and its nfev) as JSON for bench/scipy/flow3x3_scipy.py. Development cross-check.
// usage: npx tsx bench/scipy/flow3x3-sample.ts > s.json
import { init } from '../../src/node.js';
import { OperatorHandle } from '../../src/operators/operator.js';
import { gradientFlow } from '../../src/solvers/flow.js';
import { initialFactor } from '../../src/solvers/factor-init.js';

const ir = await init();
const op = { kind: 'entry' as const, n: 3, m: 4, rows: Int32Array.from([0, 0, 1, 2]), cols: Int32Array.from([0, 1, 2, 2]) };
const y = [0.8, -0.3, 0.5, 0.6];
const h = new OperatorHandle(ir, op, 'flow3x3');
const out = [1e-5, 1e-3, 1].map((alpha) => {
  const init = { kind: 'gaussian' as const, scale: alpha, seed: 11 };
  const r = gradientFlow(ir, { op: h, y, init, tMax: 1e5, gtol: 1e-9, rtol: 1e-9, atol: 1e-12 });
  return { alpha, U0: Array.from(initialFactor(ir, 3, 3, init).data), t: r.t, nfev: r.nfev, status: r.status };
});
console.log(JSON.stringify(out));
