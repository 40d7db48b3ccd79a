// matmul C = A·B, n×n: wasm through the typed API (copies in, a new result out), the typed API with a reused
// `out`, and the raw pointer kernel on preallocated wasm memory (no copies, no allocation), vs the plain-TS
// twin (baseline) and the peers a user would reach for (ml-matrix, mathjs, numeric). GFLOP/s = 2n³ / median.
// Peers get their native input (ml-matrix Matrix, mathjs DenseMatrix, numeric arrays of rows) built once.
import { multiply, matrix as mjMatrix } from 'mathjs';
import { Matrix as MlMatrix } from 'ml-matrix';
import numeric from 'numeric';
import { init, matrix } from '../../src/node.js';
import { matmulPlain } from '../../src/kernels/plain/index.js';
import { isMain, kernels, randomMatrix, rng, runSuite, SMOKE, toRows, touch, type Suite, type TaskSpec } from '../common.js';

async function build(): Promise<{ tasks: TaskSpec[]; dispose?: () => void }> {
  const ir = await kernels();
  // where init() chose the FMA build, the portable build beside it in the same run
  const portable = ir.fma ? await init({ fma: false }) : undefined;
  const sizes = SMOKE ? [3, 10] : [10, 50, 100, 256, 512];
  const tasks: TaskSpec[] = [];
  const frees: number[] = [];
  for (const n of sizes) {
    const rand = rng(100 + n);
    const a = randomMatrix(rand, n, n);
    const b = randomMatrix(rand, n, n);
    const flops = 2 * n ** 3;
    const out = matrix(n, n);
    const group = `matmul:n=${n}`;
    // peers' native inputs, converted once
    const mlA = new MlMatrix(toRows(a));
    const mlB = new MlMatrix(toRows(b));
    const mjA = mjMatrix(toRows(a));
    const mjB = mjMatrix(toRows(b));
    const nuA = toRows(a);
    const nuB = toRows(b);
    // raw kernel on preallocated wasm memory: A and B written once, C and the packing workspace reused
    const h = ir.heap;
    const pa = h.alloc(n * n);
    const pb = h.alloc(n * n);
    const pc = h.alloc(n * n);
    const pw = h.alloc(ir.raw.dgemmWorkSize());
    frees.push(pa, pb, pc, pw);
    h.write(pa, a.data);
    h.write(pb, b.data);
    const last = (pc >>> 3) + n * n - 1;
    tasks.push(
      { name: `matmul:plain:n=${n}`, group, flops, baseline: true, fn: () => touch(matmulPlain(a, b).data) },
      { name: `matmul:wasm${ir.fma ? '-fma' : ''}:n=${n}`, group, flops, fn: () => touch(ir.matmul(a, b).data) },
      ...(portable ? [{ name: `matmul:wasm-portable:n=${n}`, group, flops, fn: () => touch(portable.matmul(a, b).data) }] : []),
      // typed API writing into a reused result: copies in and out, but no result allocation
      { name: `matmul:wasm-out:n=${n}`, group, flops, fn: () => touch(ir.matmul(a, b, { out }).data) },
      {
        name: `matmul:wasm-raw:n=${n}`, group, flops,
        fn: () => {
          ir.raw.dgemm(0, 0, n, n, n, 1, pa, n, pb, n, 0, pc, n, pw);
          const f = h.f64;
          return f[pc >>> 3] + f[last];
        },
      },
      { name: `matmul:ml-matrix:n=${n}`, group, flops, fn: () => { const c = mlA.mmul(mlB); return c.get(0, 0) + c.get(n - 1, n - 1); } },
      { name: `matmul:mathjs:n=${n}`, group, flops, skipAboveMs: 5000, fn: () => { const c = multiply(mjA, mjB); return (c.get([0, 0]) as number) + (c.get([n - 1, n - 1]) as number); } },
      { name: `matmul:numeric:n=${n}`, group, flops, fn: () => { const c = numeric.dot(nuA, nuB); return c[0][0] + c[n - 1][n - 1]; } },
    );
  }
  return { tasks, dispose: () => frees.forEach((p) => ir.heap.free(p)) };
}

export const suite: Suite = { name: 'blas', build };

if (isMain(import.meta.url)) await runSuite(suite);
