// Writes the inputs of the expm cross-checks as JSON, so SciPy works on the very same doubles:
//   DIR/expm_cases.json — the accuracy test set (test/support/expm-cases.ts) with, per matrix, our wasm result,
//                         our plain-TS result, our (m, s), and the BigNumber reference of the tests
//                         (test/support/bigexpm.ts), for bench/scipy/expm_accuracy.py;
//   DIR/expm_bench.json — the matrices timed by bench/kernels/expm.bench.ts (single and the 3×3 batch), for
//                         bench/scipy/expm_time.py.
// JSON numbers are the shortest round-trip decimals: Python's float() reads back the identical doubles.
// Development cross-check only (not a dependency of the package, its tests or CI).
// usage: npx tsx bench/scipy/expm-matrices.ts DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, matrix } from '../../src/node.js';
import { expmPlain } from '../../src/kernels/plain/index.js';
import { expmCases } from '../../test/support/expm-cases.js';
import { expmReference } from '../../test/support/bigexpm.js';
import { expmBatchInput, expmBenchInputs } from '../kernels/expm.bench.js';

const dir = process.argv[2] ?? '/tmp/expm';
mkdirSync(dir, { recursive: true });
const ir = await init();
const raw = ir.raw;
const attempt = (f: () => { data: Float64Array }): number[] | string => {
  try {
    return Array.from(f().data);
  } catch (e) {
    return (e as Error).message;
  }
};
const cases = expmCases().map((c) => {
  const a = matrix(c.n, c.n, c.a);
  const work = raw.alloc(raw.dexpmWorkSize(c.n) * 8 + 16);
  const pa = raw.alloc(c.n * c.n * 8);
  const ms = raw.alloc(8);
  new Float64Array(raw.memory.buffer, pa, c.n * c.n).set(c.a);
  raw.dexpmParams(c.n, pa, work, ms);
  const [m, s] = new Int32Array(raw.memory.buffer, ms, 2);
  for (const p of [work, pa, ms]) raw.free(p);
  return {
    ...c, m, s,
    wasm: attempt(() => ir.expm(a)),
    plain: attempt(() => expmPlain(a)),
    reference: Array.from(expmReference(a)),
  };
});
writeFileSync(join(dir, 'expm_cases.json'), JSON.stringify(cases));
const batch = expmBatchInput();
writeFileSync(join(dir, 'expm_bench.json'), JSON.stringify({
  single: expmBenchInputs().map(({ n, norm, a }) => ({ n, norm, a: Array.from(a.data) })),
  batch: { n: batch.n, count: batch.count, data: Array.from(batch.data) },
}));
console.log(JSON.stringify({ dir, cases: cases.length }));
