// Eftekhari diagnostics (src/theory/eftekhari.ts) against closed forms and a plain-TS reference: σ(Dg(cI)) = c·σ(A),
// all ones for orthonormal A_i and orthogonal U, zero when {A_iU} must be dependent, and the Gram spectrum of the
// explicitly built Jacobian by Cholesky + one-sided Jacobi (helpers.spdEigenvaluesRelative), a different method.
import { beforeAll, describe, expect, it } from 'vitest';
import { denseFromPacked, gaussianSensing, identity, init, matrix, type Kernels, type Matrix } from '../../src/node.js';
import { effectiveRank, sigmaMinDg } from '../../src/theory/eftekhari.js';
import { Rng, gaussMatrix, mat, naiveMatmul, randomOrthogonal, spdEigenvaluesRelative, thrown } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

/** Singular values of the Jacobian rows vec(A_iU), descending, by the plain-TS relative-accuracy SPD eigensolver. */
function referenceSigmas(A: Matrix[], U: Matrix): number[] {
  const rows = A.map((a) => naiveMatmul(a, U).data);
  const m = rows.length;
  const G = mat(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < rows[i].length; k++) s += rows[i][k] * rows[j][k];
    G.data[i * m + j] = s;
  }
  return spdEigenvaluesRelative(G).map(Math.sqrt).reverse();
}

describe('sigmaMinDg', () => {
  it('matches the plain-TS reference on Gaussian sensing (n = 6, m = 10, p = 3) to 1e-12·σ_1', () => {
    const op = gaussianSensing({ n: 6, m: 10, seed: 3 });
    const A = Array.from({ length: 10 }, (_, i) => denseFromPacked(op, i));
    const U = gaussMatrix(new Rng(4), 6, 3);
    const got = sigmaMinDg(ir, op, U);
    const want = referenceSigmas(A, U);
    // σ_i² from two Gram eigensolvers, each to ~m·ε·σ_1²; σ_m is well separated from 0 here (≈ 0.3σ_1)
    for (let i = 0; i < 10; i++) expect(Math.abs(got.singularValues[i] - want[i])).toBeLessThanOrEqual(1e-12 * want[0]);
    expect(got.sigmaM).toBe(got.singularValues[9]);
  });

  it('U = c·I gives c times the singular values of A itself (√eig of ⟨A_i, A_j⟩)', () => {
    const op = gaussianSensing({ n: 5, m: 7, seed: 8 });
    const A = Array.from({ length: 7 }, (_, i) => denseFromPacked(op, i));
    const c = 0.3;
    const U = identity(5);
    for (let i = 0; i < 25; i++) U.data[i] *= c;
    const got = sigmaMinDg(ir, op, U).singularValues;
    const want = referenceSigmas(A, identity(5)).map((v) => c * v);
    for (let i = 0; i < 7; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-12 * want[0]);
  });

  it('orthonormal A_i (diagonal entries e_j e_jᵀ) and orthogonal U: every singular value is 1', () => {
    // ⟨A_iU, A_jU⟩ = tr(A_iA_j UUᵀ) = tr(A_iA_j) = δ_ij
    const op = { kind: 'entry' as const, n: 6, m: 6, rows: Int32Array.from([0, 1, 2, 3, 4, 5]), cols: Int32Array.from([0, 1, 2, 3, 4, 5]) };
    const U = randomOrthogonal(new Rng(9), 6);
    for (const s of sigmaMinDg(ir, op, U).singularValues) expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-14);
  });

  it('σ_m = 0 (to rounding) when m > n·p forces dependence: rank-1 U, n = 4, m = 6', () => {
    const op = gaussianSensing({ n: 4, m: 6, seed: 2 });
    const U = gaussMatrix(new Rng(1), 4, 1);
    const r = sigmaMinDg(ir, op, U);
    // the Gram's zero eigenvalues come out at ~m·ε·σ_1², i.e. σ ≲ 1e-7·σ_1
    expect(r.singularValues[4]).toBeLessThanOrEqual(1e-7 * r.singularValues[0]);
    expect(r.sigmaM).toBeLessThanOrEqual(1e-7 * r.singularValues[0]);
    expect(r.singularValues[3]).toBeGreaterThan(1e-3 * r.singularValues[0]);
  });

  it('rejects a U with the wrong number of rows', () => {
    const op = gaussianSensing({ n: 4, m: 3, seed: 2 });
    expect(thrown(() => sigmaMinDg(ir, op, matrix(3, 2))).message).toMatch(/U must be 4×p/);
  });
});

describe('effectiveRank', () => {
  it('diag(3, 1e-9, 0) has ε-rank 1 at ε = 1e-6 and 2 at ε = 1e-12; the zero matrix has rank 0', () => {
    const X = matrix(3, 3, [3, 0, 0, 0, 1e-9, 0, 0, 0, 0]);
    expect(effectiveRank(ir, X).rank).toBe(1);
    expect(effectiveRank(ir, X, { eps: 1e-12 }).rank).toBe(2);
    expect(effectiveRank(ir, matrix(2, 2)).rank).toBe(0);
  });

  it('a rotated spectrum {4, 2, 1e-8, 1e-8}: ε-rank 2 (tail 1.4e-8/4.5 ≤ 1e-6), 4 at ε = 1e-10', () => {
    const Q = randomOrthogonal(new Rng(7), 4);
    const d = [4, 2, 1e-8, 1e-8];
    const X = mat(4, 4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += Q.data[i * 4 + k] * d[k] * Q.data[j * 4 + k];
      X.data[i * 4 + j] = s;
    }
    for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) X.data[i * 4 + j] = X.data[j * 4 + i];
    expect(effectiveRank(ir, X).rank).toBe(2);
    // the eigenvalues 1e-8 are resolved to ~1e-15 absolute (Jacobi), far inside the ε = 1e-10 window (4.5e-10)
    expect(effectiveRank(ir, X, { eps: 1e-10 }).rank).toBe(4);
  });

  it('rejects eps outside (0, 1) and a non-square X', () => {
    expect(thrown(() => effectiveRank(ir, identity(2), { eps: 0 })).message).toMatch(/eps must lie in \(0, 1\)/);
    expect(thrown(() => effectiveRank(ir, matrix(2, 3))).message).toMatch(/square/);
  });
});
