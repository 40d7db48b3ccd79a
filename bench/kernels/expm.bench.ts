// Matrix exponential: the wasm kernel (Al-Mohy & Higham 2009) vs its plain-TS twin (same algorithm) vs mathjs expm
// (diagonal Padé (q, q) with scaling 2^-j, q and j from a Golub–Van Loan style error estimate in the ∞-norm; on its
// DenseMatrix). Inputs: seeded, entries uniform in [−1, 1), scaled to ‖A‖₁ = 1 and 10 — for n = 50 and 100 the
// choices are (m, s) = (7, 0) and (13, 1), those of SciPy on the same matrices (bench/scipy/expm_time.py times
// scipy.linalg.expm on exactly these inputs, written by bench/scipy/expm-matrices.ts). The notes give (m, s) and
// mathjs's relative difference to the wasm result.
import { expm as mjExpm, matrix as mjMatrix } from 'mathjs';
import type { Matrix } from '../../src/node.js';
import { expmPlain } from '../../src/kernels/plain/index.js';
import { isMain, kernels, norm1, randomMatrix, rng, runSuite, SMOKE, toRows, touch, type Suite, type TaskSpec } from '../common.js';
import { expmParams } from '../../test/support/expm-params.js';

function withNorm(a: Matrix, target: number): Matrix {
  const f = target / norm1(a);
  for (let i = 0; i < a.data.length; i++) a.data[i] *= f;
  return a;
}

/** The timed single matrices: n ∈ {3, 10, 50, 100} (smoke: 3, 10) × ‖A‖₁ ∈ {1, 10}, seeded. */
export function expmBenchInputs(): { n: number; norm: number; a: Matrix }[] {
  const sizes = SMOKE ? [3, 10] : [3, 10, 50, 100];
  const out: { n: number; norm: number; a: Matrix }[] = [];
  for (const norm of [1, 10]) for (const n of sizes) out.push({ n, norm, a: withNorm(randomMatrix(rng(600 + n + 7 * norm), n, n), norm) });
  return out;
}

/** The batch: `count` 3×3 matrices with ‖A‖₁ = 1, back to back. */
export function expmBatchInput(): { n: number; count: number; mats: Matrix[]; data: Float64Array } {
  const n = 3;
  const count = SMOKE ? 100 : 10_000;
  const rand = rng(700);
  const mats = Array.from({ length: count }, () => withNorm(randomMatrix(rand, n, n), 1));
  const data = new Float64Array(count * n * n);
  mats.forEach((m, i) => data.set(m.data, i * n * n));
  return { n, count, mats, data };
}

async function build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }> {
  const ir = await kernels();
  const raw = ir.raw;
  const tasks: TaskSpec[] = [];
  for (const { n, norm, a } of expmBenchInputs()) {
    const mj = mjMatrix(toRows(a));
    const ref = ir.expm(a);
    const group = `expm:n=${n},norm=${norm}`;
    const tag = `n=${n},norm=${norm}`;
    const params = (): string => {
      if (typeof raw.dexpmParams !== 'function') return '—'; // an older build (BENCH_WASM)
      const [m, s] = expmParams(ir, a);
      return `${m}/${s}`;
    };
    tasks.push(
      { name: `expm:plain:${tag}`, group, baseline: true, fn: () => touch(expmPlain(a).data) },
      { name: `expm:wasm:${tag}`, group, fn: () => touch(ir.expm(a).data), info: () => ({ 'm/s': params() }) },
      {
        name: `expm:mathjs:${tag}`, group, skipAboveMs: 1000,
        fn: () => { const x = mjExpm(mj); return (x.get([0, 0]) as number) + (x.get([n - 1, n - 1]) as number); },
        info: () => {
          const x = mjExpm(mj).toArray() as number[][];
          let d = 0;
          let m = 0;
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            d = Math.max(d, Math.abs(x[i][j] - ref.data[i * n + j]));
            m = Math.max(m, Math.abs(ref.data[i * n + j]));
          }
          return { relDiff: d / m };
        },
      },
    );
  }
  // batched 3×3 at ‖A‖₁ = 1: one wasm call for all, against loops of single calls
  {
    const { n, count, mats, data } = expmBatchInput();
    const group = 'expm-batch:n=3';
    const c = `n=${n},count=${count},norm=1`;
    tasks.push(
      {
        name: `expm:plain-loop:${c}`, group, baseline: true, items: count,
        fn: () => { let s = 0; for (const m of mats) s += expmPlain(m).data[0]; return s; },
      },
      {
        name: `expm:wasm-loop:${c}`, group, items: count,
        fn: () => { let s = 0; for (const m of mats) s += ir.expm(m).data[0]; return s; },
      },
      { name: `expm:wasm-batch:${c}`, group, items: count, fn: () => touch(ir.expmBatch(n, data)) },
    );
  }
  return { tasks };
}

export const suite: Suite = { name: 'expm', build };

if (isMain(import.meta.url)) await runSuite(suite);
