// Symmetric eigendecomposition (values and vectors): wasm Jacobi vs the plain-TS twin vs ml-matrix
// (Householder tridiagonalization + implicit QL, assumeSymmetric), mathjs eigs (classical Jacobi with a
// largest-element search, cos/sin rotations, for real symmetric input) and numeric.eig (Hessenberg + Francis QR
// for general matrices). Slow peers (first call > 1 s) are skipped and the table says so. Then the batched 3×3 path and the warm start.
// The notes give each peer's largest eigenvalue difference to the wasm result (dλ), to show all compute the same thing.
import { eigs, matrix as mjMatrix, type Matrix as MjMatrix } from 'mathjs';
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import numeric from 'numeric';
import { matrix } from '../../src/node.js';
import { eighPlain } from '../../src/kernels/plain/index.js';
import { isMain, kernels, randomSymmetric, rng, runSuite, SMOKE, toRows, type Suite, type TaskSpec } from '../common.js';

function maxDiffSorted(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  const s = Array.from(x).sort((p, q) => p - q);
  let m = 0;
  for (let i = 0; i < s.length; i++) m = Math.max(m, Math.abs(s[i] - ref[i]));
  return m;
}

async function build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }> {
  const ir = await kernels();
  const tasks: TaskSpec[] = [];
  const sizes = SMOKE ? [3, 10] : [3, 10, 50, 100];
  const SLOW_PEER_MS = 1000;
  for (const n of sizes) {
    const a = randomSymmetric(rng(200 + n), n);
    const group = `eigh:n=${n}`;
    const ref = ir.eigh(a).values;
    const ml = new MlMatrix(toRows(a));
    const mj = mjMatrix(toRows(a));
    const nu = toRows(a);
    tasks.push(
      {
        name: `eigh:plain:n=${n}`, group, baseline: true,
        fn: () => eighPlain(a).values[0],
        info: () => ({ sweeps: eighPlain(a).sweeps }),
      },
      {
        name: `eigh:wasm:n=${n}`, group,
        fn: () => ir.eigh(a).values[0],
        info: () => ({ sweeps: ir.eigh(a).sweeps }),
      },
      {
        name: `eigh:ml-matrix:n=${n}`, group,
        fn: () => new EigenvalueDecomposition(ml, { assumeSymmetric: true }).realEigenvalues[0],
        info: () => ({ dλ: maxDiffSorted(new EigenvalueDecomposition(ml, { assumeSymmetric: true }).realEigenvalues, ref) }),
      },
      {
        name: `eigh:mathjs:n=${n}`, group, skipAboveMs: SLOW_PEER_MS,
        fn: () => ((eigs(mj).values as MjMatrix).get([0]) as number),
        info: () => ({ dλ: maxDiffSorted((eigs(mj).values as MjMatrix).toArray() as number[], ref) }),
      },
      {
        name: `eigh:numeric:n=${n}`, group, skipAboveMs: SLOW_PEER_MS,
        fn: () => (numeric.eig(nu).lambda.x as number[])[0],
        info: () => ({ dλ: maxDiffSorted(numeric.eig(nu).lambda.x as number[], ref) }),
      },
    );
  }

  // batched 3×3: one wasm call for all, against a loop of single calls
  {
    const n = 3;
    const count = SMOKE ? 100 : 10_000;
    const rand = rng(300);
    const mats = Array.from({ length: count }, () => randomSymmetric(rand, n));
    const data = new Float64Array(count * n * n);
    mats.forEach((m, i) => data.set(m.data, i * n * n));
    const mls = mats.map((m) => new MlMatrix(toRows(m)));
    const group = `eigh-batch:n=3`;
    const c = `n=${n},count=${count}`;
    tasks.push(
      {
        name: `eigh:plain-loop:${c}`, group, baseline: true, items: count,
        fn: () => { let s = 0; for (const m of mats) s += eighPlain(m).values[0]; return s; },
      },
      {
        name: `eigh:wasm-loop:${c}`, group, items: count,
        fn: () => { let s = 0; for (const m of mats) s += ir.eigh(m).values[0]; return s; },
      },
      { name: `eigh:wasm-batch:${c}`, group, items: count, fn: () => ir.eighBatch(n, data).values[0] },
      {
        name: `eigh:ml-matrix-loop:${c}`, group, items: count,
        fn: () => { let s = 0; for (const m of mls) s += new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues[0]; return s; },
      },
    );
  }

  // warm start: V0 = eigenvectors of a nearby matrix A + 1e-6·E, so B = V0ᵀ A V0 is nearly diagonal
  {
    const n = SMOKE ? 10 : 50;
    const a = randomSymmetric(rng(400 + n), n);
    const e = randomSymmetric(rng(500 + n), n);
    const near = matrix(n, n, a.data.map((x, i) => x + 1e-6 * e.data[i]));
    const v0 = ir.eigh(near).vectors;
    const group = `eigh-warm:n=${n}`;
    tasks.push(
      {
        name: `eigh:wasm-cold:n=${n}`, group, baseline: true,
        fn: () => ir.eigh(a).values[0],
        info: () => ({ sweeps: ir.eigh(a).sweeps }),
      },
      {
        name: `eigh:wasm-warm:n=${n}`, group,
        fn: () => ir.eigh(a, { warmStart: v0 }).values[0],
        info: () => {
          const w = ir.eigh(a, { warmStart: v0 });
          return { sweeps: w.sweeps, dλ: maxDiffSorted(w.values, ir.eigh(a).values) };
        },
      },
    );
  }
  return { tasks };
}

export const suite: Suite = { name: 'eigh', build };

if (isMain(import.meta.url)) await runSuite(suite);
