// @ts-check
// A module Worker that runs implicit-reg off the page's thread. A page's import map does not reach its workers, so the
// package's browser build is imported by its path inside node_modules (it has no bare imports of its own); it fetches
// its .wasm from next to it (node_modules/implicit-reg/build/).
import { init, matrix, frobenius, Rng, gaussianMatrix } from './node_modules/implicit-reg/dist/browser.js';

const irReady = init(); // start compiling at once; every message awaits the same instance

/** Eigendecomposition of a seeded symmetric n×n matrix and its residual ‖SV − VΛ‖_F / ‖S‖_F. */
async function eighJob(/** @type {number} */ n, /** @type {number} */ seed) {
  const ir = await irReady;
  const G = gaussianMatrix(new Rng(seed), n, n);
  const S = ir.syrk(G); // G·Gᵀ, exactly symmetric
  const t0 = performance.now();
  const { values, vectors } = ir.eigh(S);
  const ms = performance.now() - t0;
  const SV = ir.matmul(S, vectors);
  const R = matrix(n, n, SV.data.map((v, i) => v - vectors.data[i] * values[i % n]));
  const residual = frobenius(R) / frobenius(S);
  return { n, seed, ms, residual, min: values[0], max: values[n - 1], ok: residual < 1e-12 };
}

self.onmessage = (/** @type {MessageEvent<{ n: number; seed: number }>} */ e) => {
  eighJob(e.data.n, e.data.seed).then(
    (result) => self.postMessage({ result }),
    (err) => self.postMessage({ error: String(err?.message ?? err) }),
  );
};
