// Matrix exponential (scaling and squaring, Padé 3/5/7/9/13, Al-Mohy & Higham 2009) against closed forms and exact
// references. The literature's test matrices and SciPy's errors on them: expm-amh.test.ts.
//
// Bound: relative Frobenius error ≤ 1e-12 (docs/algorithms/expm.md) on well-conditioned problems. The relative condition
// number of exp at a NORMAL matrix is κ_exp(A) = ‖A‖₂ (Van Loan 1977), so the best any algorithm can do is
// ~‖A‖₂·u: 1.1e-13 at ‖A‖ = 1e3, leaving the bar meaningful across the whole sweep. For a nonnormal A the
// condition number can be arbitrarily large (e.g. [[−1, 10⁴], [0, −1]]: κ ~ 10⁴·‖A‖), so no 1e-12 forward
// bound can hold for every large-norm nonnormal input; the large-norm sweeps therefore use symmetric and
// normal matrices with an EXACT reference, and the nonnormal cases are 2×2 closed forms of modest conditioning.
import { beforeAll, describe, expect, it } from 'vitest';
import { ImplicitRegError, init, type Kernels, type Matrix } from '../../src/node.js';
import {
  Rng,
  detLU,
  diag,
  eye,
  frob,
  gaussMatrix,
  hadamardQ,
  mat,
  naiveMatmul,
  norm1,
  permuteSign,
  qdqt,
  randomSymmetric,
  scale,
  sub,
} from '../support/helpers.js';
import { expmParams } from '../support/expm-params.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

function relErr(x: Matrix, ref: Matrix): number {
  return frob(sub(x, ref)) / frob(ref);
}

describe('expm: 2×2 closed forms', () => {
  // rotation generator: exp([[0, θ], [−θ, 0]]) = [[cos θ, sin θ], [−sin θ, cos θ]] (normal: κ_exp = θ)
  for (const theta of [1e-3, 0.5, 1, 3, 10, 100]) {
    it(`rotation generator, θ = ${theta}`, () => {
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      expect(relErr(ir.expm(mat(2, 2, [0, theta, -theta, 0])), mat(2, 2, [c, s, -s, c]))).toBeLessThanOrEqual(1e-12);
    });
  }

  // nilpotent N = [[0, a], [0, 0]]: exp(N) = I + N. κ_exp(N) ≈ 1 + a²/6 (the Fréchet derivative
  // E ↦ E + (NE + EN)/2 + NEN/6), ≤ 18 for a ≤ 10: well conditioned.
  for (const a of [1e-3, 1, 10]) {
    it(`nilpotent [[0, ${a}], [0, 0]] → [[1, ${a}], [0, 1]]`, () => {
      expect(relErr(ir.expm(mat(2, 2, [0, a, 0, 0])), mat(2, 2, [1, a, 0, 1]))).toBeLessThanOrEqual(1e-12);
    });
  }

  // upper triangular, distinct diagonal: exp([[a, b], [0, c]]) = [[e^a, b(e^a − e^c)/(a − c)], [0, e^c]];
  // the divided difference is formed as e^c·expm1(a − c)/(a − c) to avoid cancellation in the reference.
  // |b/(a − c)| ≤ 3 keeps the nonnormality (and κ_exp) modest. (6, 1, 4) has ‖A‖₁ = 6 > θ₁₃: scaling path.
  for (const [a, b, c] of [[1, 2, -0.5], [-3, 0.7, 2], [0.01, -0.02, 0.004], [6, 1, 4], [-0.2, 0.3, -0.4]]) {
    it(`upper triangular [[${a}, ${b}], [0, ${c}]]`, () => {
      const off = (b * Math.exp(c) * Math.expm1(a - c)) / (a - c);
      const ref = mat(2, 2, [Math.exp(a), off, 0, Math.exp(c)]);
      expect(relErr(ir.expm(mat(2, 2, [a, b, 0, c])), ref)).toBeLessThanOrEqual(1e-12);
    });
  }

  // equal diagonal: exp([[a, b], [0, a]]) = e^a [[1, b], [0, 1]]
  for (const [a, b] of [[0.5, 3], [-2, 1], [7, -0.25], [1e-4, 2e-4]]) {
    it(`upper triangular, equal diagonal [[${a}, ${b}], [0, ${a}]]`, () => {
      const ea = Math.exp(a);
      expect(relErr(ir.expm(mat(2, 2, [a, b, 0, a])), mat(2, 2, [ea, b * ea, 0, ea]))).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('expm: identities on seeded matrices', () => {
  for (const s of [0.1, 1, 3]) {
    it(`expm(A)·expm(−A) = I, A Gaussian 10×10 with ‖A‖₂ ≈ ${2 * s}`, () => {
      // each factor has relative error ~‖A‖u·κ; the product error is measured relative to ‖e^A‖_F‖e^{−A}‖_F,
      // the scale of the rounding in the product itself
      const a = gaussMatrix(new Rng(200 + s * 10), 10, 10, s / Math.sqrt(10));
      const ep = ir.expm(a);
      const em = ir.expm(scale(a, -1));
      const err = frob(sub(naiveMatmul(ep, em), eye(10)));
      expect(err).toBeLessThanOrEqual(1e-12 * frob(ep) * frob(em));
    });
  }

  for (const n of [3, 6]) {
    it(`det expm(A) = e^{tr A}, A Gaussian ${n}×${n}`, () => {
      // det by plain-TS LU: relative error ≲ n·u·κ(e^A) with κ(e^A) ≤ e^{2‖A‖₂} ≈ 50 here; expm's own
      // relative error ~1e-15 moves det by ≤ n·κ(e^A) times that
      const a = gaussMatrix(new Rng(300 + n), n, n, 1 / Math.sqrt(n));
      let tr = 0;
      for (let i = 0; i < n; i++) tr += a.data[i * n + i];
      const det = detLU(ir.expm(a));
      expect(Math.abs(det - Math.exp(tr)) / Math.exp(tr)).toBeLessThanOrEqual(1e-12);
    });
  }

  it('symmetric A: Padé agrees with V·e^Λ·Vᵀ from eigh (cross-method)', () => {
    // V e^Λ Vᵀ = exp(A + δA) with ‖δA‖ ≈ 1e-15‖A‖ (eigh backward stable), ‖A‖₂ ≈ 4: relative error ~1e-14
    const n = 20;
    const a = randomSymmetric(new Rng(400), n, 1 / Math.sqrt(n));
    const { values, vectors } = ir.eigh(a);
    const ref = qdqt(vectors, Array.from(values, Math.exp));
    expect(relErr(ir.expm(a), ref)).toBeLessThanOrEqual(1e-12);
  });
});

const params = (a: Matrix): [number, number] => expmParams(ir, a);

/**
 * A = Q B Qᵀ with Q an exactly orthogonal signed Hadamard/4 (16×16) and B with entries on a dyadic grid
 * fine enough for 30 bits: every entry of A is computed exactly, so exp(A) = Q exp(B) Qᵀ is an exact
 * reference (up to the rounding of exp(B) and of the final plain-TS product, a few u).
 * B is scaled so that ‖A‖₁ = target to 30 bits.
 */
function exactCase(seed: number, target: number, kind: 'nsd' | 'indefinite' | 'normal'): { a: Matrix; ref: Matrix } {
  const n = 16;
  const rng = new Rng(seed);
  const q = permuteSign(rng, hadamardQ(n));
  // generator of B (unscaled): symmetric diag(−w), diag(±w), or 2×2 rotation blocks [[μ, θ], [−θ, μ]]
  const w = Array.from({ length: n }, () => rng.uniform());
  const sign = Array.from({ length: n }, () => (kind === 'indefinite' && rng.uniform() < 0.5 ? 1 : -1));
  const buildB = (f: number, grid: number): Matrix => {
    const g = (x: number) => (grid === 0 ? x * f : Math.round((x * f) / grid) * grid);
    const b = mat(n, n);
    if (kind === 'normal') {
      for (let k = 0; k < n; k += 2) {
        const mu = g(-0.2 * w[k]);
        const th = g(w[k + 1]);
        b.data[k * n + k] = mu;
        b.data[(k + 1) * n + k + 1] = mu;
        b.data[k * n + k + 1] = th;
        b.data[(k + 1) * n + k] = -th;
      }
    } else {
      for (let k = 0; k < n; k++) b.data[k * n + k] = g(sign[k] * w[k]);
    }
    return b;
  };
  const qbqt = (b: Matrix) => naiveMatmul(naiveMatmul(q, b), q, false, true);
  const f = target / norm1(qbqt(buildB(1, 0)));
  const grid = 2 ** (Math.floor(Math.log2(target)) - 30);
  const b = buildB(f, grid);
  const a = qbqt(b);
  // exp(B): diagonal e^λ, or e^μ [[cos θ, sin θ], [−sin θ, cos θ]] per block
  const eb = mat(n, n);
  if (kind === 'normal') {
    for (let k = 0; k < n; k += 2) {
      const mu = b.data[k * n + k];
      const th = b.data[k * n + k + 1];
      const em = Math.exp(mu);
      eb.data[k * n + k] = em * Math.cos(th);
      eb.data[k * n + k + 1] = em * Math.sin(th);
      eb.data[(k + 1) * n + k] = -em * Math.sin(th);
      eb.data[(k + 1) * n + k + 1] = em * Math.cos(th);
    }
  } else {
    for (let k = 0; k < n; k++) eb.data[k * n + k] = Math.exp(b.data[k * n + k]);
  }
  return { a, ref: qbqt(eb) };
}

describe('expm: norm sweep over every Padé degree and the scaling path (exact references)', () => {
  // ‖A‖₁ from 1e-3 to 1e3; for these normal matrices d_p = ‖A^p‖₁^{1/p} ≈ ‖A‖₂ ≤ ‖A‖₁, so the degrees come out
  // lower than ‖A‖₁ alone would give (Higham 2005); the last test checks that every degree and squaring occurs
  const sweep = [1e-3, 1e-2, 0.1, 0.5, 1, 4, 10, 100, 1e3];
  const kinds = [['nsd', 500, 'symmetric negative semidefinite'], ['indefinite', 600, 'symmetric indefinite'],
    ['normal', 700, 'normal nonsymmetric (damped rotation blocks)']] as const;
  const inputs = kinds.flatMap(([kind, seed, label]) =>
    sweep.filter((t) => kind !== 'indefinite' || t <= 100).map((target) => ({ kind, seed, label, target })));
  const build = (c: (typeof inputs)[number]) => exactCase(c.seed + Math.round(Math.log10(c.target) * 10), c.target, c.kind);

  for (const c of inputs) {
    it(`${c.label}, ‖A‖₁ = ${c.target}: relative error ≤ 1e-12`, () => {
      const { a, ref } = build(c);
      expect(relErr(ir.expm(a), ref)).toBeLessThanOrEqual(1e-12);
    });
  }

  it('the sweep exercises every Padé degree (3, 5, 7, 9, 13) and the squaring phase', () => {
    const ms = inputs.map((c) => params(build(c).a));
    expect(new Set(ms.map(([m]) => m))).toEqual(new Set([3, 5, 7, 9, 13]));
    expect(Math.max(...ms.map(([, s]) => s))).toBeGreaterThanOrEqual(5);
  });
});

describe('expm: edge cases', () => {
  // n = 1: e^a. κ = |a| ≤ 700 → attainable ~8e-14; Math.exp is within 1 ulp
  for (const a of [-700, -20, -1, 0, 1e-8, 0.5, 3, 50, 700]) {
    it(`n = 1: exp(${a})`, () => {
      const x = ir.expm(mat(1, 1, [a])).data[0];
      expect(Math.abs(x - Math.exp(a)) / Math.exp(a)).toBeLessThanOrEqual(1e-12);
    });
  }

  for (const n of [1, 3, 8]) {
    it(`zero ${n}×${n} → I exactly`, () => {
      // every power of 0 vanishes and the Padé solve is b₀X = b₀I: exact
      expect(Array.from(ir.expm(mat(n, n)).data)).toEqual(Array.from(eye(n).data));
    });
  }

  it('writes into `out` and returns it', () => {
    const out = mat(2, 2, [NaN, NaN, NaN, NaN]);
    expect(ir.expm(diag([1, -1]), out)).toBe(out);
    expect(relErr(out, diag([Math.E, 1 / Math.E]))).toBeLessThanOrEqual(1e-12);
  });

  it('1e3·I (n = 2): e^1000 overflows → ImplicitRegError code "overflow", not Inf', () => {
    let caught: unknown;
    try {
      ir.expm(scale(eye(2), 1e3));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ImplicitRegError);
    expect((caught as ImplicitRegError).code).toBe('overflow');
    expect((caught as ImplicitRegError).message).toMatch(/^expm: /);
  });

  it('after an overflow the instance still computes correctly', () => {
    expect(() => ir.expm(scale(eye(2), 1e3))).toThrow(ImplicitRegError);
    expect(relErr(ir.expm(mat(2, 2, [0, 1, -1, 0])), mat(2, 2, [Math.cos(1), Math.sin(1), -Math.sin(1), Math.cos(1)]))).toBeLessThanOrEqual(1e-12);
  });
});

describe('expmBatch', () => {
  const n = 5;
  const count = 60;
  const rng = new Rng(800);
  const data = new Float64Array(count * n * n);
  // norms from 1e-3 to 1e2 so that the blocks go through different Padé degrees and squaring counts
  for (let b = 0; b < count; b++) data.set(gaussMatrix(rng, n, n, 10 ** (-3 + (5 * b) / count)).data, b * n * n);

  it('equals per-matrix expm exactly', () => {
    // documented as expm on each block: the same arithmetic on the same bytes gives identical doubles
    const batch = ir.expmBatch(n, data);
    let mismatches = 0;
    for (let b = 0; b < count; b++) {
      const single = ir.expm(mat(n, n, data.subarray(b * 25, b * 25 + 25)));
      for (let i = 0; i < 25; i++) if (batch[b * 25 + i] !== single.data[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('an overflowing block throws code "overflow" naming its index', () => {
    const d = new Float64Array(3 * 4);
    d.set([0, 1, -1, 0], 0);
    d.set([1e3, 0, 0, 1e3], 4); // block 1 overflows
    let caught: unknown;
    try {
      ir.expmBatch(2, d);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ImplicitRegError);
    expect((caught as ImplicitRegError).code).toBe('overflow');
    expect((caught as ImplicitRegError).message).toMatch(/matrix 1\b/);
  });
});
