// Symmetric eigendecomposition (cyclic Jacobi) against independent references.
//
// Bounds (docs/algorithms/eigh.md, the kernel's accuracy bar):
//  - eigenvalues within 1e-13·‖A‖₂ of exact ones where those are known (Jacobi is backward stable:
//    |λ̂ − λ| ≤ O(nε)‖A‖₂; nε = 2.2e-14 at n = 100, so 1e-13 leaves no room for a real defect);
//  - ‖AV − VΛ‖_F ≤ 1e-12·‖A‖_F and ‖VᵀV − I‖_F ≤ 1e-12 (accumulated rotations: O(n·sweeps·ε));
//  - graded positive definite: each eigenvalue to relative 1e-12 (Demmel–Veselić: O(nε·κ(H)) with κ(H) ≤ 2).
// The residuals are formed with the plain-TS triple loop; its own rounding (≤ γ_n‖A‖‖V‖ entrywise, ~1e-14 at
// n = 100) is far below 1e-12.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, type Eigh, type Kernels, type Matrix } from '../../src/node.js';
import {
  Rng,
  diag,
  eye,
  frob,
  hadamardQ,
  mat,
  maxAbs,
  naiveMatmul,
  permuteSign,
  qdqt,
  randomOrthogonal,
  randomSymmetric,
  sturmEigenvalues,
  spdEigenvaluesRelative,
  sub,
  tridiag,
} from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

/** ‖AV − VΛ‖_F / ‖A‖_F (0/0 := 0). */
function residual(a: Matrix, e: Eigh): number {
  const n = a.rows;
  const av = naiveMatmul(a, e.vectors);
  const r = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r.data[i * n + j] = av.data[i * n + j] - e.vectors.data[i * n + j] * e.values[j];
  const na = frob(a);
  const nr = frob(r);
  return na === 0 ? nr : nr / na;
}

/** ‖VᵀV − I‖_F. */
function orthoError(v: Matrix): number {
  return frob(sub(naiveMatmul(v, v, true, false), eye(v.rows)));
}

function isAscending(w: ArrayLike<number>): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1] <= w[i])) return false;
  return true;
}

/** max_j |v_jᵀ A v_j − λ_j| / ‖A‖_F: column j of V is the eigenvector OF values[j] (Rayleigh quotient). */
function pairingError(a: Matrix, e: Eigh): number {
  const n = a.rows;
  const av = naiveMatmul(a, e.vectors);
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let rq = 0;
    for (let i = 0; i < n; i++) rq += e.vectors.data[i * n + j] * av.data[i * n + j];
    worst = Math.max(worst, Math.abs(rq - e.values[j]));
  }
  const na = frob(a);
  return na === 0 ? worst : worst / na;
}

/** The four invariants every decomposition must satisfy, one expectation each. */
function expectInvariants(a: Matrix, e: Eigh): void {
  expect(e.values.length).toBe(a.rows);
  expect(e.vectors.rows).toBe(a.rows);
  expect(e.vectors.cols).toBe(a.rows);
  expect(isAscending(e.values)).toBe(true);
  expect(residual(a, e)).toBeLessThanOrEqual(1e-12);
  expect(orthoError(e.vectors)).toBeLessThanOrEqual(1e-12);
  // |vᵀAv − λ| ≤ ‖v‖·‖Av − λv‖: implied by the residual bound for a unit v
  expect(pairingError(a, e)).toBeLessThanOrEqual(1e-12);
}

/** max_j |values[j] − exact[j]| / ‖A‖₂ with ‖A‖₂ = max|exact| (exact sorted ascending). */
function eigenvalueError(values: ArrayLike<number>, exact: ArrayLike<number>): number {
  const norm2 = maxAbs(exact);
  let worst = 0;
  for (let j = 0; j < exact.length; j++) worst = Math.max(worst, Math.abs(values[j] - exact[j]));
  return norm2 === 0 ? worst : worst / norm2;
}

// ------------------------------------------------------------------------------------------------

describe('eigh: Wilkinson W21+', () => {
  // W21+: diagonal |10 − i| (i = 0..20), off-diagonal 1. Its top eigenvalues come in pairs agreeing to
  // ~1e-13 (Wilkinson 1965, ch. 5 §45), the classic test of closely clustered values.
  const d = Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
  const e = new Array(20).fill(1);
  const a = tridiag(d, e);
  // all entries are small integers: T is exact, and the Sturm-count bisection (plain TS) gives each
  // eigenvalue to a few ε·‖T‖ absolute
  const exact = sturmEigenvalues(d, e);

  it('the bisection reference reproduces the published largest eigenvalue 10.746194182903…', () => {
    // Wilkinson, The Algebraic Eigenvalue Problem (1965), ch. 5 §45: λ_max(W21+) = 10.74619418290332…
    expect(Math.abs(exact[20] - 10.74619418290332)).toBeLessThan(1e-13);
  });

  it('eigenvalues within 1e-13·‖A‖₂ of bisection', () => {
    expect(eigenvalueError(ir.eigh(a).values, exact)).toBeLessThanOrEqual(1e-13);
  });

  it('invariants: residual, orthogonality, ascending, pairing', () => {
    expectInvariants(a, ir.eigh(a));
  });
});

describe('eigh: Clement matrix', () => {
  // order n, zero diagonal, off-diagonals sqrt(k(n − k)): exact spectrum −(n−1), −(n−3), …, n−1
  // (Clement 1959). Rounding the square roots perturbs the spectrum by ≤ ‖δT‖₂ ≲ n·u, ≪ 1e-13·‖T‖₂.
  for (const n of [2, 5, 12, 51]) {
    const e = Array.from({ length: n - 1 }, (_, k) => Math.sqrt((k + 1) * (n - k - 1)));
    const a = tridiag(new Array(n).fill(0), e);
    const exact = Array.from({ length: n }, (_, k) => -n + 1 + 2 * k);

    it(`n = ${n}: eigenvalues within 1e-13·‖A‖₂ of −n+1, −n+3, …, n−1`, () => {
      expect(eigenvalueError(ir.eigh(a).values, exact)).toBeLessThanOrEqual(1e-13);
    });

    it(`n = ${n}: invariants`, () => {
      expectInvariants(a, ir.eigh(a));
    });
  }
});

describe('eigh: diagonal input', () => {
  const d = [3, -1, 0.5, 7, -1, 2e-300, -4e10];

  it('values are exactly the sorted diagonal', () => {
    // nothing to rotate: any correct Jacobi returns the diagonal itself, no rounding involved
    expect(Array.from(ir.eigh(diag(d)).values)).toEqual([...d].sort((x, y) => x - y));
  });

  it('vectors are a signed permutation with column j the unit vector of the entry values[j]', () => {
    const { values, vectors } = ir.eigh(diag(d));
    const n = d.length;
    for (let j = 0; j < n; j++) {
      const nz: number[] = [];
      for (let i = 0; i < n; i++) if (vectors.data[i * n + j] !== 0) nz.push(i);
      expect(nz.length).toBe(1);
      expect(Math.abs(vectors.data[nz[0] * n + j])).toBe(1);
      expect(d[nz[0]]).toBe(values[j]);
    }
  });
});

describe('eigh: edge cases', () => {
  it('n = 1: value is the entry, vector is [1] (up to sign)', () => {
    const { values, vectors } = ir.eigh(mat(1, 1, [-3.25]));
    expect(Array.from(values)).toEqual([-3.25]);
    expect(Math.abs(vectors.data[0])).toBe(1);
  });

  it('zero matrix: all values exactly 0 and V orthonormal', () => {
    const a = mat(5, 5);
    const res = ir.eigh(a);
    expect(Array.from(res.values)).toEqual([0, 0, 0, 0, 0]);
    expectInvariants(a, res);
  });
});

describe('eigh: known spectra (exactly representable A)', () => {
  // A = Q diag(λ) Qᵀ with Q a seeded signed permutation of the Sylvester–Hadamard matrix / √n (exactly
  // orthogonal, entries ±2^-k) and λ_k = m_k·2^-20 (integers m_k): every entry of A is computed exactly,
  // so λ is the exact spectrum of the stored matrix.
  for (const n of [4, 16, 64]) {
    const rng = new Rng(100 + n);
    const q = permuteSign(rng, hadamardQ(n));
    const lambda = Array.from({ length: n }, () => Math.round(rng.range(-1, 1) * 2 ** 20) / 2 ** 20);
    const a = qdqt(q, lambda);
    const exact = [...lambda].sort((x, y) => x - y);

    it(`n = ${n}: eigenvalues within 1e-13·‖A‖₂ of λ`, () => {
      expect(eigenvalueError(ir.eigh(a).values, exact)).toBeLessThanOrEqual(1e-13);
    });

    it(`n = ${n}: invariants`, () => {
      expectInvariants(a, ir.eigh(a));
    });
  }
});

describe('eigh: repeated eigenvalues', () => {
  // Q diag(1, 1, 1, 2, 2, 5) Qᵀ, Q seeded orthogonal (MGS twice): forming A rounds each entry by
  // ≤ γ_6·5 ≈ 3e-15, a perturbation of the spectrum ≪ 1e-13·‖A‖₂ = 5e-13
  const lambda = [1, 1, 1, 2, 2, 5];
  const q = randomOrthogonal(new Rng(21), 6);
  const a = qdqt(q, lambda);

  it('eigenvalues within 1e-13·‖A‖₂ of 1, 1, 1, 2, 2, 5', () => {
    expect(eigenvalueError(ir.eigh(a).values, lambda)).toBeLessThanOrEqual(1e-13);
  });

  it('invariants', () => {
    expectInvariants(a, ir.eigh(a));
  });

  it('the computed basis of each eigenspace spans the true one (projectors agree to 1e-12)', () => {
    // the projector onto an eigenspace separated by a gap ≥ 1 is perturbed by O(‖δA‖/gap) ≈ 1e-15
    const { vectors } = ir.eigh(a);
    for (const [lo, hi] of [[0, 3], [3, 5], [5, 6]]) {
      const pv = mat(6, 6);
      const pq = mat(6, 6);
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 6; j++) {
          for (let k = lo; k < hi; k++) {
            pv.data[i * 6 + j] += vectors.data[i * 6 + k] * vectors.data[j * 6 + k];
            pq.data[i * 6 + j] += q.data[i * 6 + k] * q.data[j * 6 + k];
          }
        }
      }
      expect(frob(sub(pv, pq))).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('eigh: clustered eigenvalues', () => {
  // λ_k = 1 + k·1e-10, k = 0..7, conjugated by a seeded orthogonal Q: gaps of 1e-10 make the vectors
  // sensitive (angles ~ u/1e-10) but not the values (Weyl: |δλ| ≤ ‖δA‖₂ ≈ 1e-15)
  const lambda = Array.from({ length: 8 }, (_, k) => 1 + k * 1e-10);
  const a = qdqt(randomOrthogonal(new Rng(22), 8), lambda);

  it('eigenvalues within 1e-13·‖A‖₂ of 1, 1+1e-10, …, 1+7e-10', () => {
    expect(eigenvalueError(ir.eigh(a).values, lambda)).toBeLessThanOrEqual(1e-13);
  });

  it('invariants', () => {
    expectInvariants(a, ir.eigh(a));
  });
});

describe('eigh: graded positive definite D·H·D', () => {
  // D = diag(10^-10, 10^-8, …, 10^10), H = Q diag(μ) Qᵀ with μ ∈ [1, 2] (κ(H) ≤ 2). The eigenvalues span
  // 1e-20 … 1e20; an absolute-accuracy method would get the small ones wrong in every digit. The reference
  // is Cholesky + one-sided Jacobi in plain TS (a different algorithm), relatively accurate to O(nε κ(H)).
  function graded(seed: number, shuffle: boolean): Matrix {
    const rng = new Rng(seed);
    const n = 11;
    const dd = Array.from({ length: n }, (_, i) => 10 ** (-10 + 2 * i));
    if (shuffle) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [dd[i], dd[j]] = [dd[j], dd[i]];
      }
    }
    const mu = Array.from({ length: n }, () => rng.range(1, 2));
    const h = qdqt(randomOrthogonal(rng, n), mu);
    const a = mat(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = dd[i] * h.data[i * n + j] * dd[j];
    // (d_i h_ij) d_j and (d_j h_ji) d_i may round differently: copy the lower triangle up (exactly symmetric)
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[j * n + i] = a.data[i * n + j];
    return a;
  }

  for (const shuffle of [false, true]) {
    const label = shuffle ? 'grading in shuffled order' : 'grading along the diagonal';
    it(`${label}: each eigenvalue to relative 1e-12`, () => {
      const a = graded(shuffle ? 32 : 31, shuffle);
      const ref = spdEigenvaluesRelative(a);
      // relative accuracy is the Jacobi path's property (docs/algorithms/eigh.md); 'auto' picks the tridiagonal path at n = 11
      const { values } = ir.eigh(a, { method: 'jacobi' });
      for (let j = 0; j < ref.length; j++) {
        expect(Math.abs(values[j] - ref[j]) / ref[j]).toBeLessThanOrEqual(1e-12);
      }
    });

    it(`${label}: invariants`, () => {
      const a = graded(shuffle ? 32 : 31, shuffle);
      expectInvariants(a, ir.eigh(a));
    });
  }

  it('the reference is itself relatively accurate: on a diagonal 1e-10…1e10 it returns the entries', () => {
    const dd = Array.from({ length: 11 }, (_, i) => 10 ** (-10 + 2 * i));
    const ref = spdEigenvaluesRelative(diag(dd));
    for (let i = 0; i < 11; i++) expect(Math.abs(ref[i] - dd[i]) / dd[i]).toBeLessThanOrEqual(4 * 2 ** -52);
  });
});

describe('eigh: random seeded symmetric', () => {
  // 200: the top of the range docs/algorithms/eigh.md targets (n ≤ ~200)
  for (const n of [2, 3, 10, 50, 100, 200]) {
    it(`n = ${n}: invariants`, () => {
      const a = randomSymmetric(new Rng(40 + n), n);
      expectInvariants(a, ir.eigh(a));
    });
  }

  it('n = 50: eigenvalue sum equals the trace (to 1e-13·n·‖A‖_F)', () => {
    // Σλ_i = tr A exactly; each λ carries ≤ O(nε)‖A‖ error
    const a = randomSymmetric(new Rng(90), 50);
    const { values } = ir.eigh(a);
    let tr = 0;
    let s = 0;
    for (let i = 0; i < 50; i++) {
      tr += a.data[i * 51];
      s += values[i];
    }
    expect(Math.abs(s - tr)).toBeLessThanOrEqual(1e-13 * 50 * frob(a));
  });
});

describe('eigh: warm start', () => {
  // A with known spectrum (Hadamard-exact, n = 64); V0 = eigenvectors of A + 1e-6·E (E seeded symmetric)
  const n = 64;
  const rng = new Rng(50);
  const q = permuteSign(rng, hadamardQ(n));
  const lambda = Array.from({ length: n }, () => Math.round(rng.range(-1, 1) * 2 ** 20) / 2 ** 20);
  const a = qdqt(q, lambda);
  const exact = [...lambda].sort((x, y) => x - y);
  const pert = randomSymmetric(rng, n, 1e-6);
  const ap = mat(n, n, a.data.map((x, i) => x + pert.data[i]));

  it('gives the same invariants as a cold start', () => {
    const v0 = ir.eigh(ap).vectors;
    expectInvariants(a, ir.eigh(a, { warmStart: v0 }));
  });

  it('eigenvalues within 1e-13·‖A‖₂ of the exact ones', () => {
    const v0 = ir.eigh(ap).vectors;
    expect(eigenvalueError(ir.eigh(a, { warmStart: v0 }).values, exact)).toBeLessThanOrEqual(1e-13);
  });

  it('needs fewer sweeps than a cold start', () => {
    const v0 = ir.eigh(ap).vectors;
    const warm = ir.eigh(a, { warmStart: v0 });
    // a cold start on Jacobi ('auto' picks the tridiagonal path at n = 64, which counts no sweeps)
    const cold = ir.eigh(a, { method: 'jacobi' });
    expect(warm.sweeps).toBeLessThan(cold.sweeps);
  });

  it('warmStart = I behaves exactly as a cold start', () => {
    // V0 = I gives B = A exactly (products with 1 and 0 are exact), so the same sweeps follow
    const cold = ir.eigh(a, { method: 'jacobi' });
    const warm = ir.eigh(a, { warmStart: eye(n) });
    expect(warm.sweeps).toBe(cold.sweeps);
    expect(eigenvalueError(warm.values, exact)).toBeLessThanOrEqual(1e-13);
  });
});

describe('eighBatch', () => {
  const n = 3;
  const count = 1000;
  const rng = new Rng(60);
  const data = new Float64Array(count * n * n);
  for (let b = 0; b < count; b++) data.set(randomSymmetric(rng, n).data, b * n * n);

  it('1000 seeded 3×3 matrices: values and vectors equal per-matrix eigh exactly', () => {
    // the batch is documented as eigh on each block; the same Jacobi arithmetic on the same bytes
    // must give identical doubles
    const batch = ir.eighBatch(n, data);
    let mismatches = 0;
    for (let b = 0; b < count; b++) {
      const single = ir.eigh(mat(n, n, data.subarray(b * 9, b * 9 + 9)));
      for (let i = 0; i < n; i++) if (batch.values[b * n + i] !== single.values[i]) mismatches++;
      for (let i = 0; i < 9; i++) if (batch.vectors[b * 9 + i] !== single.vectors.data[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('odd count with special blocks (zero, diagonal, repeated, graded, 2×2-decoupled): equals per-matrix eigh exactly', () => {
    // blocks whose lanes converge at different sweeps, or never rotate, next to generic ones; 7 blocks so
    // that any pairing of matrices leaves one alone
    const blocks = [
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
      [3, 0, 0, 0, -1, 0, 0, 0, 2],
      Array.from(qdqt(randomOrthogonal(new Rng(61), 3), [2, 2, -1]).data),
      [1e-8, 1e-4, 0, 1e-4, 1, 1e2, 0, 1e2, 1e8],
      [1, 2, 0, 2, 1, 0, 0, 0, 5],
      Array.from(randomSymmetric(new Rng(62), 3).data),
      Array.from(randomSymmetric(new Rng(63), 3, 1e-150).data),
    ];
    const d = new Float64Array(blocks.flat());
    const batch = ir.eighBatch(3, d);
    let mismatches = 0;
    for (let b = 0; b < blocks.length; b++) {
      const single = ir.eigh(mat(3, 3, blocks[b]));
      for (let i = 0; i < 3; i++) if (!Object.is(batch.values[b * 3 + i], single.values[i])) mismatches++;
      for (let i = 0; i < 9; i++) if (!Object.is(batch.vectors[b * 9 + i], single.vectors.data[i])) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('a block that does not converge within maxSweeps is reported by its index', () => {
    // per-matrix eigh with maxSweeps = 1 tells which blocks need more than one sweep; the first of them is named
    let first = -1;
    for (let b = 0; b < count && first < 0; b++) {
      try {
        ir.eigh(mat(n, n, data.subarray(b * 9, b * 9 + 9)), { maxSweeps: 1 });
      } catch {
        first = b;
      }
    }
    expect(first).toBeGreaterThanOrEqual(0);
    expect(() => ir.eighBatch(n, data, { maxSweeps: 1 })).toThrow(new RegExp(`for matrix ${first}$`));
  });

  it('reports the largest per-matrix sweep count', () => {
    const batch = ir.eighBatch(n, data);
    let most = 0;
    for (let b = 0; b < count; b++) most = Math.max(most, ir.eigh(mat(n, n, data.subarray(b * 9, b * 9 + 9))).sweeps);
    expect(batch.sweeps).toBe(most);
  });

  it('each block satisfies the invariants', () => {
    const batch = ir.eighBatch(n, data);
    for (let b = 0; b < count; b += 97) {
      const a = mat(n, n, data.subarray(b * 9, b * 9 + 9));
      const e: Eigh = {
        values: batch.values.subarray(b * n, b * n + n),
        vectors: mat(n, n, batch.vectors.subarray(b * 9, b * 9 + 9)),
        sweeps: batch.sweeps,
      };
      expectInvariants(a, e);
    }
  });
});
