// Writes bench/kernels/eigh.bench.ts's matrices (eighBenchMatrix(n), n ∈ {10, 50, 100, 200, 400}) as binary float64
// files DIR/eigh-n{n}.f64 with our eigenvalues beside them (eigh-n{n}-values.f64), for bench/scipy/eigh_numpy.py,
// and prints our own times on them (median µs per call over 15 samples, after a 1.5 s warm-up so the wasm runs
// optimized code) as JSON, so the two can be compared run by run. Development cross-check only.
// usage: for i in 1 2 3 4 5; do npx tsx bench/scipy/eigh-matrices.ts DIR; OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/scipy/eigh_numpy.py DIR; done
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { init } from '../../src/node.js';
import { eighBenchMatrix } from '../kernels/eigh.bench.js';

const dir = process.argv[2] ?? '/tmp/eigh-matrices';
mkdirSync(dir, { recursive: true });
const ir = await init();
const sizes = [10, 50, 100, 200, 400];
const bytes = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer);
for (const n of sizes) {
  const a = eighBenchMatrix(n);
  writeFileSync(join(dir, `eigh-n${n}.f64`), bytes(a.data));
  writeFileSync(join(dir, `eigh-n${n}-values.f64`), bytes(ir.eigh(a).values));
}
const warm = eighBenchMatrix(100);
for (const t0 = performance.now(); performance.now() - t0 < 1500;) {
  ir.eigh(warm);
  ir.eigh(warm, { vectors: false });
}
function median(f: () => unknown, n: number): number {
  const reps = Math.max(1, Math.round(2e6 / n ** 3));
  const ts: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) f();
    ts.push(((performance.now() - t0) * 1e3) / reps);
  }
  ts.sort((x, y) => x - y);
  return ts[7];
}
const out: Record<string, number> = {};
for (const n of sizes) {
  const a = eighBenchMatrix(n);
  out[`ours_eigh_n${n}_us`] = median(() => ir.eigh(a), n);
  out[`ours_values_n${n}_us`] = median(() => ir.eigh(a, { vectors: false }), n);
}
console.log(JSON.stringify(out));
