// Writes bench/flow50.ts's instance (Gaussian sensing n = 50, m = 300, seed 1; rank-2 X* seed 2; U0 Gaussian with
// ‖U0‖_F = 1e-4, seed 3) as binary float64 files for bench/scipy/flow50_scipy.py, so SciPy integrates the very same
// flow. Development cross-check only.
// usage: npx tsx bench/scipy/flow50-instance.ts DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { init } from '../../src/node.js';
import { gaussianSensing, lowRankPSD, measure } from '../../src/operators/problems.js';
import { initialFactor } from '../../src/solvers/factor-init.js';

const dir = process.argv[2] ?? '/tmp/flow50';
mkdirSync(dir, { recursive: true });
const ir = await init();
const n = 50, m = 300;
const op = gaussianSensing({ n, m, seed: 1 });
const y = measure(op, lowRankPSD({ n, r: 2, seed: 2 }).X);
const U0 = initialFactor(ir, n, n, { kind: 'gaussian', scale: 1e-4, seed: 3 });
const bytes = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer);
writeFileSync(join(dir, 'packed.f64'), bytes(op.packed)); // m × n(n+1)/2, upper triangle row by row, off-diagonals doubled
writeFileSync(join(dir, 'y.f64'), bytes(y));
writeFileSync(join(dir, 'U0.f64'), bytes(U0.data));
console.log(JSON.stringify({ dir, n, m }));
