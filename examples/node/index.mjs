// @ts-check
// implicit-reg from Node: load the wasm, run three kernels and a small seeded problem, and check the answers.
// Exits 1 when a check fails, so the script doubles as a smoke test of an installed copy.
//   npm install && node index.mjs      (type-check: npx tsc)
import {
  init, matrix, frobenius, Rng, gaussianMatrix,
  gaussianSensing, lowRankPSD, measure, factoredGD, gradientFlow, minNuclearNorm,
} from 'implicit-reg';

const ir = await init(); // compiles the shipped build/implicit-reg.wasm once; later calls return the same instance

/** @type {string[]} */
const failed = [];
/** Print one result and remember it when it misses its bound. */
function report(/** @type {string} */ what, /** @type {number} */ value, /** @type {number} */ bound) {
  const ok = value <= bound;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what.padEnd(44)} ${value.toExponential(2)}  (≤ ${bound.toExponential(0)})`);
  if (!ok) failed.push(what);
}

// gemm: C = A·Bᵀ against a plain triple loop
const rng = new Rng(7);
const A = gaussianMatrix(rng, 40, 30);
const B = gaussianMatrix(rng, 20, 30);
const C = ir.matmul(A, B, { transB: true });
let gemmErr = 0;
for (let i = 0; i < 40; i++) {
  for (let j = 0; j < 20; j++) {
    let s = 0;
    for (let k = 0; k < 30; k++) s += A.data[i * 30 + k] * B.data[j * 30 + k];
    gemmErr = Math.max(gemmErr, Math.abs(C.data[i * 20 + j] - s));
  }
}
report('gemm 40×30 · (20×30)ᵀ, max |error|', gemmErr, 1e-12);

// eigh of a symmetric 60×60: residual ‖SV − VΛ‖_F / ‖S‖_F
const G = gaussianMatrix(rng, 60, 60);
const S = ir.syrk(G); // G·Gᵀ: one triangle computed and mirrored, so exactly symmetric as eigh requires
const { values, vectors } = ir.eigh(S);
const SV = ir.matmul(S, vectors);
const VL = matrix(60, 60, vectors.data.map((v, idx) => v * values[idx % 60]));
const resid = frobenius(matrix(60, 60, SV.data.map((v, idx) => v - VL.data[idx]))) / frobenius(S);
report('eigh 60×60, ‖SV − VΛ‖_F / ‖S‖_F', resid, 1e-13);
console.log(`     eigenvalues ${values[0].toFixed(3)} … ${values[59].toFixed(3)}`);

// expm of a rotation generator: exp([[0, −θ], [θ, 0]]) = [[cos θ, −sin θ], [sin θ, cos θ]]
const theta = 0.7;
const R = ir.expm(matrix(2, 2, [0, -theta, theta, 0]));
const want = [Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta)];
report('expm of a 2×2 rotation generator, max |error|', Math.max(...want.map((w, i) => Math.abs(R.data[i] - w))), 1e-14);

// Gradient descent on L(U) = ¼‖A(UUᵀ) − y‖² from a small start recovers a rank-1 X* from m = 4n Gaussian
// measurements (Gunasekar et al. 2017); the flow (RK45 in wasm) follows the same dynamics.
const n = 10;
const op = gaussianSensing({ n, m: 4 * n, seed: 1 });
const { X: Xstar } = lowRankPSD({ n, r: 1, seed: 2 });
const y = measure(op, Xstar);
const start = { kind: /** @type {const} */ ('gaussian'), scale: 1e-3, seed: 3 };
const t0 = performance.now();
const gd = factoredGD(ir, { op, y, init: start, eta: 2e-3, maxIter: 20_000 });
const gdMs = performance.now() - t0;
const distance = (/** @type {import('implicit-reg').Matrix} */ U) =>
  frobenius(matrix(n, n, ir.syrk(U).data.map((v, i) => v - Xstar.data[i])));
console.log(`     GD: ${gd.status} after ${gd.iterations} iterations (${gdMs.toFixed(0)} ms), L = ${gd.loss.toExponential(2)}, tr X = ${gd.trace.toFixed(6)}`);
report('GD, ‖UUᵀ − X*‖_F', distance(gd.U), 1e-3);

const flow = gradientFlow(ir, { op, y, init: start, tMax: 1e4 });
console.log(`     flow: ${flow.status} at t = ${flow.t.toPrecision(3)} (${flow.steps} steps), tr X = ${flow.trace.toFixed(6)}`);
report('gradient flow, ‖UUᵀ − X*‖_F', distance(flow.U), 1e-3);

// the certified minimum nuclear norm: the small-initialization limit should sit on it (tr X* = ‖X*‖_* here)
const ref = minNuclearNorm(ir, { A: op, y });
console.log(`     min ‖X‖_* = ${ref.value.toFixed(6)} (${ref.status}), tr X* = ${Xstar.data.filter((_, i) => i % (n + 1) === 0).reduce((a, b) => a + b, 0).toFixed(6)}`);
report('|tr X_GD − min ‖X‖_*| / min ‖X‖_*', Math.abs(gd.trace - ref.value) / ref.value, 1e-3);

if (failed.length) {
  console.error(`\n${failed.length} check(s) failed: ${failed.join('; ')}`);
  process.exit(1);
}
console.log('\nall checks passed');
