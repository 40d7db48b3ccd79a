// Scaled arithmetic where overflow is avoidable: eigh/eighBatch by powers of two, ‖f‖₂ in rk45, effective rank.
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveRank, fromRows, initSync, matrix, rk45Plain, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(() => {
  ir = initSync();
});

describe('eigh scales extreme matrices by a power of two', () => {
  it('[[1e308, 1e308], [1e308, −1e308]]: eigenvalues ±√2·1e308 (closed form), not ±∞', () => {
    const { values, vectors } = ir.eigh(fromRows([[1e308, 1e308], [1e308, -1e308]]));
    const ref = Math.SQRT2 * 1e308;
    expect(Math.abs(values[0] + ref) / ref).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(values[1] - ref) / ref).toBeLessThanOrEqual(4e-16);
    // eigenvector of λ = √2·1e308 ∝ (1 + √2, 1)
    const t = vectors.data[0 * 2 + 1] / vectors.data[1 * 2 + 1];
    expect(Math.abs(t - (1 + Math.SQRT2))).toBeLessThanOrEqual(1e-14);
  });

  it('a 2×2 of entries ~1e-200: eigenvalues scale exactly (λ(cA) = cλ(A) for c = 1e-200)', () => {
    const a = fromRows([[2, 1], [1, 2]]);
    const tiny = matrix(2, 2, a.data.map((v) => v * 1e-200));
    const v = ir.eigh(tiny).values;
    expect(Math.abs(v[0] - 1e-200) / 1e-200).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(v[1] - 3e-200) / 3e-200).toBeLessThanOrEqual(4e-16);
  });

  it('eighBatch scales each matrix on its own', () => {
    const data = Float64Array.from([2, 1, 1, 2, 2e300, 1e300, 1e300, 2e300]);
    const v = ir.eighBatch(2, data).values;
    expect(Array.from(v.subarray(0, 2))).toEqual([1, 3]);
    expect(Math.abs(v[2] - 1e300) / 1e300).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(v[3] - 3e300) / 3e300).toBeLessThanOrEqual(4e-16);
  });

  it('an eigenvalue beyond double precision is an overflow error, never ∞', () => {
    expect(() => ir.eigh(fromRows([[1.7e308, 1.7e308], [1.7e308, 1.7e308]]))).toThrowError(expect.objectContaining({ code: 'overflow' }));
  });
});

describe('norms and ranks scaled', () => {
  it('effectiveRank of diag(1e200, 1e200) is 2 (it was 0: Σλ² overflowed)', () => {
    expect(effectiveRank(ir, fromRows([[1e200, 0], [0, 1e200]])).rank).toBe(2);
  });

  it('rk45 from y0 = 1e200 integrates y\' = −y to t = 1 (‖f‖₂ computed scaled, LAPACK dnrm2 style)', () => {
    const r = ir.rk45({ system: { kind: 'diagonal', lambda: [-1, -1] }, y0: [1e200, 1e200], t1: 1, rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe('done');
    expect(Math.abs(r.y[0] / 1e200 - Math.exp(-1))).toBeLessThanOrEqual(1e-9);
    expect(r.fNorm / 1e200).toBeCloseTo(Math.SQRT2 * Math.exp(-1), 8);
  });

  it('rk45Plain reports the same finite ‖f‖₂ from y0 = 1e200', () => {
    const r = rk45Plain((_t, y, dy) => { dy[0] = -y[0]; dy[1] = -y[1]; }, [1e200, 1e200], 0, 1, { rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe('done');
    expect(r.fNorm / 1e200).toBeCloseTo(Math.SQRT2 * Math.exp(-1), 8);
  });

  it('a product that overflows is an overflow error (matmul), never ∞', () => {
    expect(() => ir.matmul(fromRows([[1e200]]), fromRows([[1e200]]))).toThrowError(expect.objectContaining({ code: 'overflow' }));
  });
});
