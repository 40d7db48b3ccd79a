// The README's solver example runs as written (smaller iteration counts where it only shows the call) and shows
// what it claims: small-init GD recovers the rank-1 X* while the minimum-Frobenius solution does not.
import { describe, expect, it } from 'vitest';
import { factoredGD, gaussianSensing, init, lowRankPSD, measure, xSpaceGD } from '../src/node.js';

describe('README example', () => {
  it('GD from ‖U0‖_F = 1e-4 gets within 1e-2 of X* in 1e5 steps; X-space GD from 0 stays > 0.3 away', async () => {
    const ir = await init();
    const n = 20;
    const op = gaussianSensing({ n, m: 3 * n, seed: 1 });
    const { X: Xstar } = lowRankPSD({ n, r: 1, seed: 2 });
    const y = measure(op, Xstar);
    const gd = factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: 1e-4, seed: 3 }, eta: 1e-3, maxIter: 100_000 });
    const X = ir.matmul(gd.U, gd.U, { transB: true });
    const err = (A: Float64Array) => Math.sqrt(A.reduce((s, v, i) => s + (v - Xstar.data[i]) ** 2, 0)); // ‖X*‖_F = 1
    expect(gd.status).toBe('maxIter'); // L decays algebraically at the end: no ltol is reached, as the README says
    expect(err(X.data)).toBeLessThan(1e-2);
    const minFro = xSpaceGD(ir, { op, y, eta: 1e-3, maxIter: 100_000, ltol: 1e-20 });
    expect(err(minFro.X.data)).toBeGreaterThan(0.3);
  });
});
