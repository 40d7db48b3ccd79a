// The explorer's chunked dynamics against one-call runs of the same solvers: fixed-step GD resumed from U chunk by
// chunk must reproduce the one-call GD bit for bit; the chunked flow must agree with one RK45 call to its tolerance.
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkBounds, exploreProblem, exploreTrajectory, type ExploreChunk, type ExploreSpec } from '../../src/solvers/explore.js';
import { factoredGD, gradientFlow, init, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const GD: ExploreSpec = { problem: 'sensing', n: 8, m: 30, r: 1, seed: 3, scale: 1e-3, method: 'gd', eta: 4e-3, horizon: 4000, chunks: 15 };
const FLOW: ExploreSpec = { problem: 'completion', n: 8, m: 24, r: 2, seed: 4, scale: 1e-3, method: 'flow', horizon: 80, chunks: 12 };

describe('exploreTrajectory', () => {
  it('GD in chunks equals one factoredGD call at every sampled iteration, bit for bit', () => {
    const chunks = [...exploreTrajectory(ir, GD)];
    const xs = chunks.flatMap((c) => c.x);
    const { op, y } = exploreProblem(GD);
    const one = factoredGD(ir, { op, y, init: { kind: 'gaussian', scale: GD.scale, seed: GD.seed + 2 }, eta: GD.eta!, maxIter: GD.horizon, gtol: 1e-10, record: xs });
    expect(one.history.map((h) => h.iteration)).toEqual(xs);
    expect(chunks.flatMap((c) => c.loss)).toEqual(one.history.map((h) => h.loss));
    expect(chunks.flatMap((c) => c.trace)).toEqual(one.history.map((h) => h.trace));
    expect(chunks.at(-1)!.end).toBe(GD.horizon);
  });

  it('the chunked flow ends where one RK45 call ends (to the integration tolerance)', () => {
    const last = [...exploreTrajectory(ir, FLOW)].at(-1)!;
    const { op, y } = exploreProblem(FLOW);
    const one = gradientFlow(ir, { op, y, init: { kind: 'gaussian', scale: FLOW.scale, seed: FLOW.seed + 2 }, tMax: FLOW.horizon, rtol: 1e-11, atol: 1e-14 });
    expect(last.end).toBeCloseTo(one.status === 'tMax' ? FLOW.horizon : one.t, 9);
    expect(Math.abs(last.trace.at(-1)! - one.trace)).toBeLessThan(1e-6 * one.trace);
  });

  it('the spectrum sums to tr X and is descending; samples increase in x', () => {
    for (const c of [...exploreTrajectory(ir, GD), ...exploreTrajectory(ir, FLOW)] as ExploreChunk[]) {
      const sum = c.eigenvalues.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - c.trace.at(-1)!)).toBeLessThan(1e-12 * Math.max(1, c.trace.at(-1)!));
      for (let k = 1; k < c.eigenvalues.length; k++) expect(c.eigenvalues[k]).toBeLessThanOrEqual(c.eigenvalues[k - 1]);
      for (let k = 1; k < c.x.length; k++) expect(c.x[k]).toBeGreaterThan(c.x[k - 1]);
    }
  });

  it('a small initialization learns one direction at a time (rank-1 bottleneck): λ2 stays small while λ1 rises, then grows', () => {
    const chunks = [...exploreTrajectory(ir, { ...GD, r: 2 })];
    const rising = chunks.find((c) => c.eigenvalues[0] >= 0.01)!; // the top direction is being learned
    expect(rising.eigenvalues[1]).toBeLessThan(0.05 * rising.eigenvalues[0]);
    expect(chunks.at(-1)!.eigenvalues[1]).toBeGreaterThan(0.1); // X* has rank 2: the second direction comes later
  });

  it('rejects bad specs with messages naming the argument', () => {
    expect(() => exploreProblem({ ...GD, problem: 'x' as 'sensing' })).toThrow(/argument problem must be 'sensing' or 'completion', got x/);
    expect(() => exploreProblem({ ...GD, seed: -1 })).toThrow(/argument seed must be an integer/);
    expect(() => [...exploreTrajectory(ir, { ...GD, method: 'sgd' as 'gd' })]).toThrow(/argument method must be 'gd' or 'flow', got sgd/);
    expect(() => [...exploreTrajectory(ir, { ...GD, horizon: 10.5 })]).toThrow(/horizon must be an integer number of GD iterations, got 10.5/);
  });
});

describe('chunkBounds', () => {
  it('increases geometrically to the horizon exactly, integers for GD', () => {
    const b = chunkBounds(20000, 10, true);
    expect(b[0]).toBe(1);
    expect(b.at(-1)).toBe(20000);
    expect(b.every((v, i) => Number.isInteger(v) && (i === 0 || v > b[i - 1]))).toBe(true);
    const f = chunkBounds(60, 10, false);
    expect(f[0]).toBeCloseTo(0.06, 15);
    expect(f.at(-1)).toBe(60);
    const ratios = f.slice(1, -1).map((v, i) => v / f[i]);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 12);
  });

  it('drops repeated integers when there are more chunks than iterations', () => {
    expect(chunkBounds(5, 40, true)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects a non-positive horizon or chunk count', () => {
    expect(() => chunkBounds(0, 5, false)).toThrow(/horizon must be positive and finite, got 0/);
    expect(() => chunkBounds(10, 0, false)).toThrow(/chunks must be a positive integer, got 0/);
  });
});
