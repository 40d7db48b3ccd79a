// eigh's tridiagonal path (dsytrd + dstedc + dormtr; values only: dsytrd + dsterf) against independent references.
//
// Bounds (docs/algorithms/eigh.md) and why they hold:
//  - eigenvalues: each step is backward stable (Householder: ‖δA‖ ≤ c·n·ε·‖A‖, Higham 2002 Thm. 19.4; QL and the
//    divide-and-conquer merges: O(ε)‖T‖ each, Gu & Eisenstat 1995), so by Weyl |λ̂ − λ| ≤ c·n·ε·‖A‖₂. The tests
//    require ≤ 2·n·ε·‖A‖₂ (and n·ε ≥ 32ε for small n), measured margins are 10–100×;
//  - residual ‖AV − VΛ‖_F ≤ 1e-12·‖A‖_F·√n and orthogonality ‖VᵀV − I‖_F ≤ 1e-12·√n (SPEC's bar; O(nε) ≈ 1e-13
//    at n = 500, Gu–Eisenstat's z makes the merged vectors orthogonal to working precision however close the roots);
//  - where the reference spectrum comes from forming Q·diag(λ)·Qᵀ in floating point, forming it perturbs the
//    spectrum by ≤ ‖δA‖₂ ≤ n·γ_n·max|λ| at worst (≈ √n·u·max|λ| in practice), inside the same 2nε bound.
// The residuals are formed with plain-TS triple loops (their own rounding ≤ γ_n‖A‖‖V‖ ≪ the bounds).
import { beforeAll, describe, expect, it } from 'vitest';
import { EIGH_JACOBI_MAX_N, init, type Eigh, type Kernels, type Matrix } from '../../src/node.js';
import {
  EPS,
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
  sub,
  thrown,
  tridiag,
} from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const TRI = { method: 'tridiagonal' } as const;

/** ‖AV − VΛ‖_F / (‖A‖_F·√n) (0/0 := 0), formed on A/max|a_ij| so that 1e±300 norms neither overflow nor underflow. */
function residual(a0: Matrix, e: Eigh): number {
  const n = a0.rows;
  const m = maxAbs(a0) || 1;
  const a = mat(n, n, a0.data.map((x) => x / m));
  const av = naiveMatmul(a, e.vectors);
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = av.data[i * n + j] - e.vectors.data[i * n + j] * (e.values[j] / m);
      s += r * r;
    }
  }
  const na = frob(a);
  return Math.sqrt(s) / ((na === 0 ? 1 : na) * Math.sqrt(n));
}

/** ‖VᵀV − I‖_F / √n. */
function orthoError(v: Matrix): number {
  return frob(sub(naiveMatmul(v, v, true, false), eye(v.rows))) / Math.sqrt(v.rows);
}

/** max_j |values[j] − exact[j]| / (n·ε·‖A‖₂), ‖A‖₂ = max|exact| (exact ascending); the tests require ≤ 2. */
function eigenvalueError(values: ArrayLike<number>, exact: ArrayLike<number>): number {
  const n = exact.length;
  const norm2 = maxAbs(exact);
  let worst = 0;
  for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(values[j] - exact[j]));
  return worst / (Math.max(n, 16) * EPS * (norm2 === 0 ? 1 : norm2));
}

function isAscending(w: ArrayLike<number>): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1] <= w[i])) return false;
  return true;
}

function expectInvariants(a: Matrix, e: Eigh): void {
  expect(e.method).toBe('tridiagonal');
  expect(isAscending(e.values)).toBe(true);
  expect(residual(a, e)).toBeLessThanOrEqual(1e-12);
  expect(orthoError(e.vectors)).toBeLessThanOrEqual(1e-12);
}

const sorted = (x: ArrayLike<number>): number[] => Array.from(x).sort((p, q) => p - q);

// ------------------------------------------------------------------------------------------------

describe('tridiagonal path: Toeplitz [−1, 2, −1], λ_k = 2 − 2cos(kπ/(n+1))', () => {
  // the entries are exact, so the closed form is the exact spectrum of the stored matrix; cos is within 1 ulp
  for (const n of [2, 3, 10, 100, 500]) {
    const a = tridiag(new Array(n).fill(2), new Array(n - 1).fill(-1));
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));

    it(`n = ${n}: eigenvalues within 2nε‖A‖₂`, () => {
      expect(eigenvalueError(ir.eigh(a, TRI).values, exact)).toBeLessThanOrEqual(2);
    });

    it(`n = ${n}: residual and orthogonality`, () => {
      expectInvariants(a, ir.eigh(a, TRI));
    });
  }
});

describe('tridiagonal path: Q·diag(λ)·Qᵀ with clusters and exact multiplicities', () => {
  // seeded orthogonal Q (MGS twice); λ: a quarter equal to 1 (exact multiplicity n/4), a quarter in a cluster
  // 2 + k·1e-12 (k = 0..6), a tenth equal to −3, the rest uniform in [−5, 5]
  for (const n of [100, 250]) {
    const rng = new Rng(700 + n);
    const lambda = Array.from({ length: n }, (_, i) =>
      i < n / 4 ? 1 : i < n / 2 ? 2 + (i % 7) * 1e-12 : i < 0.6 * n ? -3 : rng.range(-5, 5));
    const q = randomOrthogonal(rng, n);
    const a = qdqt(q, lambda);

    it(`n = ${n}: eigenvalues within 2nε‖A‖₂`, () => {
      expect(eigenvalueError(ir.eigh(a, TRI).values, sorted(lambda))).toBeLessThanOrEqual(2);
    });

    it(`n = ${n}: residual and orthogonality`, () => {
      expectInvariants(a, ir.eigh(a, TRI));
    });

    it(`n = ${n}: the computed basis of the n/4-fold eigenvalue 1 spans the true eigenspace`, () => {
      // the eigenspace of 1 is separated by a gap ≥ 1 from the rest, so its projector is perturbed by
      // O(‖δA‖/gap) ≈ nε: ‖P̂ − P‖_F ≤ 1e-12
      const { values, vectors } = ir.eigh(a, TRI);
      const cols: number[] = [];
      for (let j = 0; j < n; j++) if (Math.abs(values[j] - 1) < 1e-6) cols.push(j);
      expect(cols.length).toBe(lambda.filter((l) => l === 1).length);
      const qcols = lambda.map((l, k) => (l === 1 ? k : -1)).filter((k) => k >= 0);
      const pv = mat(n, n);
      const pq = mat(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          let t = 0;
          for (const k of cols) s += vectors.data[i * n + k] * vectors.data[j * n + k];
          for (const k of qcols) t += q.data[i * n + k] * q.data[j * n + k];
          pv.data[i * n + j] = s;
          pq.data[i * n + j] = t;
        }
      }
      expect(frob(sub(pv, pq))).toBeLessThanOrEqual(1e-12);
    });
  }

  it('n = 256, Hadamard Q (exactly orthogonal, A formed exactly): eigenvalues within 2nε‖A‖₂ of λ, a 100-fold 0.5', () => {
    // Q = signed permutation of the Sylvester–Hadamard matrix / 16 and λ_k = m_k·2^-20: every entry of A is exact
    const n = 256;
    const rng = new Rng(710);
    const q = permuteSign(rng, hadamardQ(n));
    const lambda = Array.from({ length: n }, (_, i) => (i < 100 ? 0.5 : Math.round(rng.range(-1, 1) * 2 ** 20) / 2 ** 20));
    const a = qdqt(q, lambda);
    const e = ir.eigh(a, TRI);
    expect(eigenvalueError(e.values, sorted(lambda))).toBeLessThanOrEqual(2);
    expectInvariants(a, e);
  });
});

describe('tridiagonal path: Wilkinson W21+ and glued Wilkinson matrices', () => {
  // W21+: diagonal |10 − i|, off-diagonal 1; its top eigenvalues come in pairs agreeing to ~1e-13. Glued: ten
  // copies coupled by 1e-10, so every eigenvalue of W21+ becomes a cluster of ten within ~1e-10 (a classic stress
  // test of divide-and-conquer deflation and of orthogonality). Entries are exact; the Sturm-count bisection of
  // the plain-TS helpers gives each eigenvalue to a few ε‖T‖.
  const w21d = Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
  const w21e = new Array(20).fill(1);

  it('W21+: eigenvalues within 2nε‖A‖₂ of bisection, residual and orthogonality', () => {
    const a = tridiag(w21d, w21e);
    const e = ir.eigh(a, TRI);
    expect(eigenvalueError(e.values, sturmEigenvalues(w21d, w21e))).toBeLessThanOrEqual(2);
    expectInvariants(a, e);
  });

  it('10 glued copies (n = 210, coupling 1e-10): eigenvalues within 2nε‖A‖₂, residual and orthogonality', () => {
    const d: number[] = [];
    const e: number[] = [];
    for (let b = 0; b < 10; b++) {
      d.push(...w21d);
      e.push(...w21e);
      if (b < 9) e.push(1e-10);
    }
    const a = tridiag(d, e);
    const res = ir.eigh(a, TRI);
    expect(eigenvalueError(res.values, sturmEigenvalues(d, e))).toBeLessThanOrEqual(2);
    expectInvariants(a, res);
  });
});

describe('tridiagonal path: Clement matrix', () => {
  // zero diagonal, off-diagonals sqrt(k(n − k)): spectrum −(n−1), −(n−3), …, n−1 (Clement 1959); rounding the
  // square roots perturbs it by ≤ ‖δT‖₂ ≲ n·u ≪ nε‖T‖₂
  for (const n of [12, 51, 200]) {
    const e = Array.from({ length: n - 1 }, (_, k) => Math.sqrt((k + 1) * (n - k - 1)));
    const a = tridiag(new Array(n).fill(0), e);
    const exact = Array.from({ length: n }, (_, k) => -n + 1 + 2 * k);

    it(`n = ${n}: eigenvalues within 2nε‖A‖₂ of −n+1, −n+3, …, n−1`, () => {
      expect(eigenvalueError(ir.eigh(a, TRI).values, exact)).toBeLessThanOrEqual(2);
    });

    it(`n = ${n}: residual and orthogonality`, () => {
      expectInvariants(a, ir.eigh(a, TRI));
    });
  }
});

describe('tridiagonal path: diagonal, zero and tiny orders', () => {
  it('diagonal: values are exactly the sorted diagonal and V a signed permutation pairing them', () => {
    // zero off-diagonals: every Householder vector is zero (τ = 0, H = I), T = A, every block has order 1
    const d = [3, -1, 0.5, 7, -1, 2e-300, -4e10, 0, 12, -5e-5];
    const n = d.length;
    const { values, vectors } = ir.eigh(diag(d), TRI);
    expect(Array.from(values)).toEqual(sorted(d));
    for (let j = 0; j < n; j++) {
      const nz: number[] = [];
      for (let i = 0; i < n; i++) if (vectors.data[i * n + j] !== 0) nz.push(i);
      expect(nz.length).toBe(1);
      expect(Math.abs(vectors.data[nz[0] * n + j])).toBe(1);
      expect(d[nz[0]]).toBe(values[j]);
    }
  });

  it('zero matrix (n = 40): values exactly 0, V orthonormal', () => {
    const e = ir.eigh(mat(40, 40), TRI);
    expect(Array.from(e.values)).toEqual(new Array(40).fill(0));
    expect(orthoError(e.vectors)).toBeLessThanOrEqual(1e-15);
  });

  it('n = 1: the entry and [1]', () => {
    const e = ir.eigh(mat(1, 1, [-2.5]), TRI);
    expect(Array.from(e.values)).toEqual([-2.5]);
    expect(Math.abs(e.vectors.data[0])).toBe(1);
  });

  for (const n of [2, 3]) {
    it(`n = ${n}: random symmetric, within 2nε‖A‖₂ of Jacobi, residual and orthogonality`, () => {
      const a = randomSymmetric(new Rng(720 + n), n);
      const e = ir.eigh(a, TRI);
      expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
      expectInvariants(a, e);
    });
  }
});

describe('tridiagonal path: huge and tiny norms', () => {
  // A·s for s = 1e±150, 1e±300: the path scales by a power of two when max|a_ij| leaves [2^-250, 2^250], so the
  // eigenvalues of A·s are s times those of A up to the rounding of forming A·s (≤ u relative per entry)
  const n = 120;
  const a = randomSymmetric(new Rng(730), n);
  for (const s of [1e150, 1e-150, 1e300, 1e-300]) {
    it(`scaling by ${s}: values equal s·λ(A) within 2nε‖sA‖₂, residual and orthogonality`, () => {
      const base = ir.eigh(a, TRI).values;
      const b = mat(n, n, a.data.map((x) => x * s));
      const e = ir.eigh(b, TRI);
      expect(eigenvalueError(e.values, base.map((x) => x * s))).toBeLessThanOrEqual(2);
      expectInvariants(b, e);
    });
  }
});

describe('tridiagonal path: against Jacobi on random matrices', () => {
  for (const n of [4, 33, 64, 150]) {
    it(`n = ${n}: eigenvalues within 2nε‖A‖₂ of Jacobi's, residual and orthogonality`, () => {
      const a = randomSymmetric(new Rng(740 + n), n);
      const e = ir.eigh(a, TRI);
      expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
      expectInvariants(a, e);
    });
  }

  it('graded D·H·D (n = 11): absolute accuracy holds (relative accuracy is Jacobi\'s, tested in eigh.test.ts)', () => {
    const rng = new Rng(31);
    const dd = Array.from({ length: 11 }, (_, i) => 10 ** (-10 + 2 * i));
    const h = qdqt(randomOrthogonal(rng, 11), Array.from({ length: 11 }, () => rng.range(1, 2)));
    const a = mat(11, 11);
    for (let i = 0; i < 11; i++) for (let j = 0; j <= i; j++) a.data[i * 11 + j] = a.data[j * 11 + i] = dd[i] * h.data[i * 11 + j] * dd[j];
    const e = ir.eigh(a, TRI);
    expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
    expectInvariants(a, e);
  });

  it('entries 1, 1e-156 and 1e-310 (BᵀB of rankSpread with one A_i subnormal): QL without overflow or underflow, reflectors of tiny columns', () => {
    // T's own: the QL leaf's Wilkinson shift squared p ≈ 1e155 and its sweep's p² + e² underflowed to 0 (values NaN
    // and ∞); A's: a Householder vector of a column ~1e-160 was formed from squares that lost bits to gradual
    // underflow (a non-orthogonal H: eigenvalues off by 1e-5)
    for (const [d0, d1, e0] of [[1e-310, 1, 1e-156], [1e-310, 1e-310, 1e-160], [0, 0, 1e-162]]) {
      const a = mat(4, 4, [d0, e0, 0, 0, e0, d1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
      const e = ir.eigh(a, TRI);
      expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
      expectInvariants(a, e);
    }
    const q = [1.2953082344423e-310, 0, -1.7108933510167182e-156, -1.713012219591906e-169, 0, 6.6300032256317e-311, 1.1267519008588377e-169, -1.2071302121444473e-169,
      -1.7108933510167182e-156, 1.1267519008588377e-169, 1.0462932062617152, -4.683753385137379e-17, -1.713012219591906e-169, -1.2071302121444473e-169, -4.683753385137379e-17, 0.9999999999999994];
    for (const [x, y] of [[1e-156, 1e-310], [1e-200, 1e-320], [1e-160, 0]]) {
      const a = mat(4, 4, [y, 0, x, 0, 0, y, 0, x, x, 0, 1, 0, 0, x, 0, 2]);
      const e = ir.eigh(a, TRI);
      expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
      expectInvariants(a, e);
    }
    const a = mat(4, 4, q);
    const e = ir.eigh(a, TRI);
    expect(eigenvalueError(e.values, ir.eigh(a, { method: 'jacobi' }).values)).toBeLessThanOrEqual(2);
    expectInvariants(a, e);
  });
});

describe('tridiagonal path: values only', () => {
  it('n = 4, 17, 32 (one QL leaf with vectors): values-only (PWK) within 2nε‖A‖₂ of the with-vectors values', () => {
    for (const n of [4, 17, 32]) {
      const a = randomSymmetric(new Rng(750 + n), n);
      expect(eigenvalueError(ir.eigh(a, { ...TRI, vectors: false }).values, ir.eigh(a, TRI).values)).toBeLessThanOrEqual(2);
    }
  });

  for (const n of [100, 300]) {
    it(`n = ${n}: values-only (PWK) within 2nε‖A‖₂ of the with-vectors (divide and conquer) values`, () => {
      const a = randomSymmetric(new Rng(760 + n), n);
      const vo = ir.eigh(a, { vectors: false });
      expect(vo.method).toBe('tridiagonal');
      expect('vectors' in vo).toBe(false);
      expect(eigenvalueError(vo.values, ir.eigh(a).values)).toBeLessThanOrEqual(2);
    });
  }

  it('Toeplitz n = 500: values-only within 2nε‖A‖₂ of the closed form', () => {
    const n = 500;
    const a = tridiag(new Array(n).fill(2), new Array(n - 1).fill(-1));
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expect(eigenvalueError(ir.eigh(a, { vectors: false }).values, exact)).toBeLessThanOrEqual(2);
  });

  it('Jacobi values only: the values of the Jacobi decomposition', () => {
    const a = randomSymmetric(new Rng(770), 12);
    const vo = ir.eigh(a, { method: 'jacobi', vectors: false });
    expect(vo.method).toBe('jacobi');
    expect(Array.from(vo.values)).toEqual(Array.from(ir.eigh(a, { method: 'jacobi' }).values));
  });
});

describe('eigh: the automatic choice', () => {
  it(`Jacobi up to n = EIGH_JACOBI_MAX_N = ${EIGH_JACOBI_MAX_N}, the tridiagonal path from n = ${EIGH_JACOBI_MAX_N + 1}`, () => {
    expect(EIGH_JACOBI_MAX_N).toBe(3);
    expect(ir.eigh(randomSymmetric(new Rng(780), 3)).method).toBe('jacobi');
    expect(ir.eigh(randomSymmetric(new Rng(781), 4)).method).toBe('tridiagonal');
  });

  it('at the crossover both paths agree: n = 3 and n = 4 within 2nε‖A‖₂', () => {
    for (const n of [3, 4]) {
      const a = randomSymmetric(new Rng(782 + n), n);
      expect(eigenvalueError(ir.eigh(a).values, ir.eigh(a, { method: n === 3 ? 'tridiagonal' : 'jacobi' }).values)).toBeLessThanOrEqual(2);
    }
  });

  it('a warm start takes the Jacobi path at any n', () => {
    const a = randomSymmetric(new Rng(790), 40);
    const e = ir.eigh(a, { warmStart: eye(40) });
    expect(e.method).toBe('jacobi');
    expect(e.sweeps).toBeGreaterThan(0);
  });

  it('a sweep limit takes the Jacobi path (it is a Jacobi option)', () => {
    const a = randomSymmetric(new Rng(791), 40);
    expect(ir.eigh(a, { maxSweeps: 60 }).method).toBe('jacobi');
  });

  it('method tridiagonal with a warm start throws, naming the option', () => {
    const err = thrown(() => ir.eigh(eye(5), { method: 'tridiagonal', warmStart: eye(5) }));
    expect(err.code).toBe('value');
    expect(err.message).toMatch(/^eigh: argument opts\.warmStart needs method 'jacobi' or 'auto', got method 'tridiagonal'/);
  });

  it('an unknown method throws, naming it', () => {
    const err = thrown(() => ir.eigh(eye(5), { method: 'qr' as 'auto' }));
    expect(err.code).toBe('value');
    expect(err.message).toMatch(/^eigh: argument opts\.method must be 'auto', 'jacobi' or 'tridiagonal', got 'qr'/);
  });
});

describe('raw kernels: dsytrd and dormtr', () => {
  it('Q·T·Qᵀ reproduces A (n = 150, three panels): ‖QTQᵀ − A‖_F ≤ 1e-13‖A‖_F, Q orthogonal', () => {
    const n = 150;
    const a = randomSymmetric(new Rng(800), n);
    const raw = ir.raw;
    const h = ir.heap;
    const pa = h.alloc(n * n);
    const pd = h.alloc(n);
    const pe = h.alloc(n);
    const pt = h.alloc(n);
    const pq = h.alloc(n * n);
    const pw = h.alloc(Math.max(raw.dsytrdWorkSize(n), raw.dormtrWorkSize(n)));
    h.write(pa, a.data);
    raw.dsytrd(n, pa, pd, pe, pt, pw);
    h.write(pq, eye(n).data);
    raw.dormtr(n, pa, pt, pq, n, pw);
    const q = mat(n, n, h.read(pq, n * n));
    const d = h.read(pd, n);
    const e = h.read(pe, n - 1);
    for (const p of [pa, pd, pe, pt, pq, pw]) h.free(p);
    const t = tridiag(d, e);
    const rec = naiveMatmul(naiveMatmul(q, t), q, false, true);
    expect(frob(sub(rec, a)) / frob(a)).toBeLessThanOrEqual(1e-13);
    expect(orthoError(q)).toBeLessThanOrEqual(1e-14);
  });
});

describe('raw kernels: dsyevdSelect (one sign class of eigenpairs, for the PSD projection)', () => {
  // A = Q diag(λ) Qᵀ with k negative eigenvalues; the selected pairs must satisfy the same residual and orthogonality
  // bars as full eigh, their values the 2nε‖A‖₂ bound, and the class/count encoding the documented one
  function select(a: Matrix, mode: number): { code: number; w: Float64Array; v: Float64Array } {
    const n = a.rows;
    const raw = ir.raw;
    const h = ir.heap;
    const pa = h.alloc(n * n);
    const pw = h.alloc(n);
    const pv = h.alloc(n * n);
    const pk = h.alloc(raw.dsyevdWorkSize(n, 1));
    h.write(pa, a.data);
    const code = raw.dsyevdSelect(n, pa, pw, pv, pk, mode);
    const k = code >> 1;
    const out = { code, w: h.read(pw, n), v: h.read(pv, n * Math.max(k, 1)) };
    for (const p of [pa, pw, pv, pk]) h.free(p);
    return out;
  }
  function check(a: Matrix, lambda: number[], code: number, w: Float64Array, v: Float64Array, positive: boolean, k: number): void {
    const n = a.rows;
    expect(code).toBe(2 * k + (positive ? 1 : 0));
    const first = positive ? n - k : 0;
    const exact = sorted(lambda).slice(first, first + k);
    // 2nε‖A‖₂ with n the order of A (not the k of the class)
    let worst = 0;
    for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(w[first + j] - exact[j]));
    expect(worst).toBeLessThanOrEqual(2 * n * EPS * maxAbs(lambda));
    const vm = mat(n, k, v.subarray(0, n * k));
    const av = naiveMatmul(a, vm);
    let r2 = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) r2 += (av.data[i * k + j] - vm.data[i * k + j] * w[first + j]) ** 2;
    expect(Math.sqrt(r2) / (frob(a) * Math.sqrt(n))).toBeLessThanOrEqual(1e-12);
    expect(frob(sub(naiveMatmul(vm, vm, true, false), eye(k))) / Math.sqrt(n)).toBeLessThanOrEqual(1e-12);
  }
  const SMALLER = 3;

  it('n = 200, 5 negative eigenvalues (two within 1e-9): the bisection + inverse-iteration path', () => {
    const n = 200;
    const rng = new Rng(810);
    const lambda = Array.from({ length: n }, (_, i) => (i < 5 ? [-2, -1, -1 - 1e-9, -0.5, -3][i] : rng.range(0.1, 4)));
    const a = qdqt(randomOrthogonal(rng, n), lambda);
    const { code, w, v } = select(a, SMALLER);
    check(a, lambda, code, w, v, false, 5);
  });

  it('n = 200, 3 positive eigenvalues, one of them triple: the positive class, reorthogonalized', () => {
    const n = 200;
    const rng = new Rng(811);
    const lambda = Array.from({ length: n }, (_, i) => (i < 3 ? 2.5 : rng.range(-4, -0.1)));
    const a = qdqt(randomOrthogonal(rng, n), lambda);
    const { code, w, v } = select(a, SMALLER);
    check(a, lambda, code, w, v, true, 3);
  });

  it('n = 120, 40 negative eigenvalues: the divide-and-conquer path', () => {
    const n = 120;
    const rng = new Rng(812);
    const lambda = Array.from({ length: n }, (_, i) => (i < 40 ? rng.range(-3, -0.1) : rng.range(0.1, 3)));
    const a = qdqt(randomOrthogonal(rng, n), lambda);
    const { code, w, v } = select(a, SMALLER);
    check(a, lambda, code, w, v, false, 40);
  });
});
