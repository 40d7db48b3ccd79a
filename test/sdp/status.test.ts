// The SDP's one status vocabulary, its certified bounds, its bounds on a run (time budget) and its messages.
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianSensing, identity, initSync, lowRankPSD, measure, minNuclearNorm, solveSDP, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(() => {
  ir = initSync();
});

// observe X00 = 1, X11 = 1, X01 = 1 of a 3×3: the minimum trace is 2 (X22 = 0), a closed form
const closed = { A: { kind: 'entry' as const, n: 3, m: 3, rows: Int32Array.from([0, 1, 0]), cols: Int32Array.from([0, 1, 1]) }, y: [1, 1, 1] };

describe('SDP statuses and certified bounds', () => {
  it("'optimal' only with the independent certificate within tol, and lower ≤ 2 ≤ upper around the closed form", () => {
    const r = minNuclearNorm(ir, closed, { tol: 1e-9 });
    expect(r.status).toBe('optimal');
    expect(r.certificate.primalResidual).toBeLessThanOrEqual(1e-9);
    expect(r.certificate.dualInfeasibility).toBeLessThanOrEqual(1e-9);
    expect(r.certificate.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(r.bounds.lower!).toBeLessThanOrEqual(2 + 1e-12);
    expect(r.bounds.lower!).toBeGreaterThan(2 - 1e-7);
    expect(r.bounds.upper!).toBeGreaterThan(2 - 1e-7);
  });

  it('the certified lower bound t·yᵀν (t = c/(c + δ)) holds at any iterate: after 3 iterations it is ≤ the closed form 2', () => {
    const r = minNuclearNorm(ir, closed, { maxIter: 3 });
    expect(r.status).toBe('maxIter');
    expect(r.bounds.lower!).toBeLessThanOrEqual(2);
    expect(Number.isFinite(r.value)).toBe(true);
  });

  it('max ⟨C, X⟩ reports the primal side as the lower bound and the certified side (when there is one) as the upper', () => {
    // max X01 s.t. X00 = X11 = 1, X ⪰ 0: 1 (|X01| ≤ √(X00·X11))
    const A = { kind: 'entry' as const, n: 2, m: 2, rows: Int32Array.from([0, 1]), cols: Int32Array.from([0, 1]) };
    const C = { rows: 2, cols: 2, data: Float64Array.from([0, 0.5, 0.5, 0]) };
    const r = solveSDP(ir, { C, A, y: [1, 1], sense: 'max' });
    expect(r.status).toBe('optimal');
    expect(Math.abs(r.value - 1)).toBeLessThanOrEqual(1e-7);
    expect(r.bounds.lower).toBeCloseTo(r.value, 12);
    if (r.bounds.upper !== undefined) expect(r.bounds.upper).toBeGreaterThanOrEqual(1 - 1e-7);
  });

  it("tol must lie in (0, 1): Infinity is an error naming tol (it returned 'optimal' after one iteration)", () => {
    expect(() => minNuclearNorm(ir, closed, { tol: Infinity })).toThrowError(/argument tol must be a finite number > 0 and < 1, got Infinity/);
  });

  it('an exact Farkas certificate (negative observed diagonal) is infeasible with evidence 0 and no value', () => {
    const A = { kind: 'entry' as const, n: 2, m: 1, rows: Int32Array.of(0), cols: Int32Array.of(0) };
    const r = minNuclearNorm(ir, { A, y: [-1] });
    expect(r.status).toBe('infeasible');
    expect(r.evidence).toBe(0);
    expect(r.value).toBeNaN();
  });

  it('Gaussian sensing n = 400, m = 10 stops at its time budget with progress reported and bounds that bracket', () => {
    const A = gaussianSensing({ n: 400, m: 10, seed: 1 });
    const y = measure(A, lowRankPSD({ n: 400, r: 1, seed: 2 }).X);
    const seen: number[] = [];
    const t0 = performance.now();
    const r = minNuclearNorm(ir, { A, y }, { timeBudget: 3000, onProgress: (p) => seen.push(p.done) });
    const ms = performance.now() - t0;
    expect(r.status).toBe('budget');
    expect(seen.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000 + 12_000); // the last iteration and the certificate's three 400×400 eigh
    expect(r.bounds.lower!).toBeLessThanOrEqual(r.bounds.upper! + 1e-12);
  }, 60_000);
});

describe('dependent measurements, said so that a UI user understands', () => {
  it('m > n(n+1)/2: the message says m exceeds the dimension of the symmetric n×n matrices', () => {
    const A = gaussianSensing({ n: 2, m: 4, seed: 1 });
    const y = measure(A, identity(2));
    expect(() => minNuclearNorm(ir, { A, y })).toThrowError(/m = 4 measurements, more than n\(n\+1\)\/2 = 3, the dimension of the symmetric 2×2 matrices/);
  });

  it('otherwise: the message names the measurements that are dependent', () => {
    // A_2 = A_0 + A_1 (consistent data): measurements 0, 1, 2 are dependent, measurement 3 is not
    const base = gaussianSensing({ n: 3, m: 4, seed: 2 });
    const P = 6;
    const packed = Float64Array.from(base.packed);
    for (let k = 0; k < P; k++) packed[2 * P + k] = packed[k] + packed[P + k];
    const A = { ...base, packed };
    const y = measure(A, identity(3));
    expect(() => minNuclearNorm(ir, { A, y })).toThrowError(/measurements 0, 1, 2 are linearly dependent/);
  });
});
