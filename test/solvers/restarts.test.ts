// Eftekhari & Zygalakis 2021, Algorithm 1: the restart rule on synthetic loss sequences, and end-to-end runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveRestarts, factoredGD, gaussianSensing, ImplicitRegError, init, lowRankPSD, measure, restartRule, windowRatio, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const params = { tau: 0.998, factor: 0.5, deltaRank: 3, r: 2 };

describe('restart rule on synthetic loss sequences', () => {
  it('windowRatio is the largest consecutive ratio', () => {
    expect(windowRatio([8, 4, 3, 2.7])).toBe(0.9); // 4/8 = 0.5, 3/4 = 0.75, 2.7/3 = 0.9
  });

  it('linear convergence (geometric decay 0.99 < τ) triggers a restart: ρ0 halves, r0 drops by Δrank', () => {
    const losses = Array.from({ length: 101 }, (_, k) => 0.99 ** k);
    const ratio = windowRatio(losses);
    expect(ratio).toBeCloseTo(0.99, 12);
    expect(restartRule(ratio, { rho0: 10, r0: 30 }, params)).toEqual({ rho0: 5, r0: 27 });
  });

  it('slow (sublinear) decay, ratio ≥ τ, does not restart', () => {
    const losses = Array.from({ length: 101 }, (_, k) => 1 / (1 + 0.001 * k)); // ratios → 1
    expect(windowRatio(losses)).toBeGreaterThan(params.tau);
    expect(restartRule(windowRatio(losses), { rho0: 10, r0: 30 }, params)).toBeNull();
  });

  it('one slow step in the window is enough to prevent a restart (max over the window)', () => {
    const losses = Array.from({ length: 101 }, (_, k) => 0.9 ** k);
    losses[50] = losses[49] * 0.999;
    expect(restartRule(windowRatio(losses), { rho0: 10, r0: 30 }, params)).toBeNull();
  });

  it('the rank never goes below r', () => {
    expect(restartRule(0.5, { rho0: 1, r0: 4 }, params)).toEqual({ rho0: 0.5, r0: 2 });
    expect(restartRule(0.5, { rho0: 1, r0: 2 }, params)).toEqual({ rho0: 0.5, r0: 2 });
  });
});

describe('adaptiveRestarts end to end', () => {
  const n = 10;
  const op = gaussianSensing({ n, m: 4 * 2 * n, seed: 4 });
  const Xs = lowRankPSD({ n, r: 2, seed: 5, normalize: 'trace' }).X;
  const y = measure(op, Xs);

  it('restarts follow the rule: each one at a window boundary, ρ0 ×½, r0 − 3 down to r; loss recorded for every iteration', () => {
    const res = adaptiveRestarts(ir, { op, y, eta: 5e-4, K: 2000, W: 100, tau: 0.998, r0: 10, rho0: 3, r: 2, seed: 1 });
    expect(res.iterations).toBe(2000);
    expect(res.loss.length).toBe(2001);
    expect(res.loss.every(Number.isFinite)).toBe(true);
    expect(res.restarts.length).toBeGreaterThan(0);
    let rho = 3;
    let r0 = 10;
    for (const rs of res.restarts) {
      expect(rs.iteration % 100).toBe(0);
      rho /= 2;
      r0 = Math.max(r0 - 3, 2);
      expect(rs.rho0).toBe(rho);
      expect(rs.r0).toBe(r0);
    }
  });

  it('is deterministic for a seed', () => {
    const o = { op, y, eta: 5e-4, K: 600, W: 100, tau: 0.998, r0: 10, rho0: 3, r: 2, seed: 9 };
    const a = adaptiveRestarts(ir, o);
    const b = adaptiveRestarts(ir, o);
    expect(Array.from(a.U.data)).toEqual(Array.from(b.U.data));
    expect(a.restarts).toEqual(b.restarts);
  });

  it('τ = 0 never restarts and equals plain GD from the same initialization', () => {
    const res = adaptiveRestarts(ir, { op, y, eta: 5e-4, K: 300, W: 100, tau: 0, r0: 10, rho0: 3, r: 2, seed: 1 });
    expect(res.restarts).toEqual([]);
    // the first initialization is rank r0 = 10 (= d), norm ρ0 = 3, from the run's seed; three windows of 100 steps
    // from the previous window's U are the same floating-point operations as one run of 300: bit for bit
    const plain = factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: 3, rank: 10, seed: 1 }, eta: 5e-4, maxIter: 300, record: { every: 1 } });
    expect(Array.from(res.U.data)).toEqual(Array.from(plain.U.data));
    expect(Array.from(res.loss)).toEqual(plain.history.map((p) => p.loss));
  });

  it('bad input: W > K throws naming W', () => {
    expect(() => adaptiveRestarts(ir, { op, y, eta: 5e-4, K: 10, W: 100, tau: 0.998, r0: 10, rho0: 3, r: 2, seed: 1 })).toThrowError(ImplicitRegError);
    expect(() => adaptiveRestarts(ir, { op, y, eta: 5e-4, K: 10, W: 100, tau: 0.998, r0: 10, rho0: 3, r: 2, seed: 1 })).toThrowError(/argument W/);
  });
});
