// Bounded runs: a time budget, an AbortSignal and progress on every long-running solver, passed down to the solvers
// a solver calls (the RunStack: the bounds of enclosing runs apply to the inner ones).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adaptiveRestarts, checkCommutative, eftekhariRun, gaussianSensing, initSync, lowRankPSD, measure, runGrid3, GRID_FIELDS,
  type Kernels,
} from '../../src/node.js';

let ir: Kernels;
beforeAll(() => {
  ir = initSync();
});

describe('time budgets and signals', () => {
  it('runGrid3 with a spent budget returns the records of the instances it finished, equal to a fresh run of those', () => {
    const stopped = runGrid3(ir, 35_600, 400, { alphas: [1e-3], timeBudget: 1e-9 });
    const done = stopped.length / GRID_FIELDS;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(400);
    expect(Array.from(stopped)).toEqual(Array.from(runGrid3(ir, 35_600, done, { alphas: [1e-3] })));
  });

  it('runGrid3 reports progress in instances', () => {
    const seen: number[] = [];
    runGrid3(ir, 35_600, 300, { alphas: [1e-5, 1e-3, 1], onProgress: (p) => seen.push(p.done, p.total) });
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i += 2) expect(seen[i]).toBe(300);
  });

  it('adaptiveRestarts: an AbortSignal fired after the first window stops the run there with status aborted', () => {
    const op = gaussianSensing({ n: 5, m: 12, seed: 1 });
    const y = measure(op, lowRankPSD({ n: 5, r: 1, seed: 2 }).X);
    const ac = new AbortController();
    const r = adaptiveRestarts(ir, { op, y, eta: 0.01, K: 400, W: 20, tau: 0.998, r0: 5, rho0: 1, r: 1, seed: 3, signal: ac.signal, onWindow: () => ac.abort() });
    expect(r.status).toBe('aborted');
    expect(r.iterations).toBe(20);
    expect(r.loss.length).toBe(21);
  });

  it('adaptiveRestarts: a spent time budget reaches the inner GD windows (status budget, fewer than K iterations)', () => {
    const op = gaussianSensing({ n: 5, m: 12, seed: 1 });
    const y = measure(op, lowRankPSD({ n: 5, r: 1, seed: 2 }).X);
    const r = adaptiveRestarts(ir, { op, y, eta: 0.01, K: 1_000_000, W: 1_000_000, tau: 0.998, r0: 5, rho0: 1, r: 1, seed: 3, timeBudget: 50 });
    expect(r.status).toBe('budget');
    expect(r.iterations).toBeLessThan(1_000_000);
  });

  it('checkCommutative passes its budget to the flows it runs: a spent budget is reported as stopped', () => {
    const rep = checkCommutative(ir, { seed: 1, n: 4, m: 2, alphas: [1e-2, 1e-4], timeBudget: 1e-9 });
    expect(rep.stopped).toBe('budget');
    expect(rep.rows.every((r) => r.uSpace === undefined || r.uSpace.status === 'budget')).toBe(true);
  });

  it('eftekhariRun passes its signal to the flows: an aborted signal before the run is a cancelled error', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => eftekhariRun(ir, { seed: 1, n: 4, signal: ac.signal })).toThrowError(expect.objectContaining({ code: 'cancelled' }));
  });
});
