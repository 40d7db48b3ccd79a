// Dormand–Prince 5(4) on a linear system y′ = My, t ∈ [0, 10], rtol 1e-8, atol 1e-10: the wasm kernel
// (built-in right-hand side, one call for the whole trajectory) vs rk45Plain (a JS right-hand side) vs
// numeric.dopri. M is seeded and stable: a skew part plus a negative definite part −(SSᵀ/n + 0.1 I), so every
// eigenvalue has real part ≤ −0.1. Notes: nfev, steps and the error ‖y − e^{10M} y0‖∞ at t = 10 (reference from
// ir.expm). numeric.dopri has only an absolute tolerance on the inf-norm of the local error estimate; it gets
// tol = atol + rtol·‖y0‖∞, and it also stores the whole trajectory (part of its cost).
import numeric from 'numeric';
import { matrix, type Matrix } from '../../src/node.js';
import { rk45Plain } from '../../src/kernels/plain/index.js';
import { isMain, kernels, randomMatrix, rng, runSuite, SMOKE, toRows, touch, type Suite, type TaskSpec } from '../common.js';

function stableMatrix(n: number, seed: number): Matrix {
  const rand = rng(seed);
  const g = randomMatrix(rand, n, n);
  const s = randomMatrix(rand, n, n);
  const m = matrix(n, n);
  const k = 1 / Math.sqrt(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sst = 0;
      for (let p = 0; p < n; p++) sst += s.data[i * n + p] * s.data[j * n + p];
      m.data[i * n + j] = k * (g.data[i * n + j] - g.data[j * n + i]) - sst / n - (i === j ? 0.1 : 0);
    }
  }
  return m;
}

// dy = M y (M n×n row-major, n = y.length), the plain loop a user would write (one accumulator: the sum is
// latency-bound, where the wasm kernel's f64x2 dot keeps two chains in flight).
function matvec(m: Float64Array, y: Float64Array, dy: Float64Array): void {
  const n = y.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += m[r + j] * y[j];
    dy[i] = s;
  }
}

async function build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }> {
  const ir = await kernels();
  const tasks: TaskSpec[] = [];
  const sizes = SMOKE ? [3] : [10, 50];
  const t1 = SMOKE ? 1 : 10;
  const rtol = 1e-8;
  const atol = 1e-10;
  for (const n of sizes) {
    const M = stableMatrix(n, 800 + n);
    const rand = rng(900 + n);
    const y0 = Float64Array.from({ length: n }, () => 2 * rand() - 1);
    // reference y(t1) = e^{t1 M} y0
    const e = ir.expm(matrix(n, n, M.data.map((x) => t1 * x)));
    const yRef = ir.gemv(e, y0);
    const errInf = (y: ArrayLike<number>): number => {
      let d = 0;
      for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(y[i] - yRef[i]));
      return d;
    };
    const md = M.data;
    const f = (_t: number, y: Float64Array, dy: Float64Array): void => matvec(md, y, dy);
    const mRows = toRows(M);
    const yArr = Array.from(y0);
    let nuCalls = 0;
    const fNu = (_t: number, y: number[]): number[] => {
      nuCalls++;
      return numeric.dot(mRows, y);
    };
    let yInf = 0;
    for (const v of y0) yInf = Math.max(yInf, Math.abs(v));
    const tolNu = atol + rtol * yInf;
    const group = `rk45:linear,n=${n}`;
    const tag = `linear,n=${n}`;
    tasks.push(
      {
        name: `rk45:plain:${tag}`, group, baseline: true,
        fn: () => touch(rk45Plain(f, y0, 0, t1, { rtol, atol }).y),
        info: () => {
          const r = rk45Plain(f, y0, 0, t1, { rtol, atol });
          return { nfev: r.nfev, steps: r.steps, err: errInf(r.y) };
        },
      },
      {
        name: `rk45:wasm:${tag}`, group,
        fn: () => touch(ir.rk45({ system: { kind: 'linear', M }, y0, t1, rtol, atol }).y),
        info: () => {
          const r = ir.rk45({ system: { kind: 'linear', M }, y0, t1, rtol, atol });
          return { nfev: r.nfev, steps: r.steps, err: errInf(r.y) };
        },
      },
      {
        name: `rk45:numeric:${tag}`, group,
        fn: () => { const r = numeric.dopri(0, t1, yArr, fNu, tolNu, 1e7); return touch(r.y[r.y.length - 1]); },
        info: () => {
          nuCalls = 0;
          const r = numeric.dopri(0, t1, yArr, fNu, tolNu, 1e7);
          return { nfev: nuCalls, steps: r.x.length - 1, err: errInf(r.y[r.y.length - 1]), tol: tolNu };
        },
      },
    );
  }
  return { tasks };
}

export const suite: Suite = { name: 'rk45', build };

if (isMain(import.meta.url)) await runSuite(suite);
