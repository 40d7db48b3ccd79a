// The plain-TS twins against the wasm kernels (same algorithms, so agreement to rounding), plus independent
// references where they are cheap: AV = VΛ, VᵀV = I, expm of a symmetric matrix via its eigenbasis, and the
// logistic equation's closed form.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, matrix, ImplicitRegError, type Kernels, type Matrix } from '../../src/node.js';
import { eighPlain, expmPlain, matmulPlain, rk45Plain } from '../../src/kernels/plain/index.js';

const EPS = 2.220446049250313e-16;

// mulberry32: a small seeded generator (never Math.random), uniform in [0, 1)
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMatrix(rand: () => number, rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = 2 * rand() - 1;
  return m;
}

function randomSymmetric(rand: () => number, n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = 2 * rand() - 1;
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
  }
  return m;
}

function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.abs(a.data[i * a.cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

function frob(d: Float64Array): number {
  let s = 0;
  for (const x of d) s += x * x;
  return Math.sqrt(s);
}

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

describe('matmulPlain', () => {
  // Both compute each c_ij as a sum of the same k products, possibly in a different order. Each sum is within
  // γ_k (|A||B|)_ij of the exact value (Higham, Accuracy and Stability, §3.5), so they differ by ≤ 2γ_k (|A||B|)_ij.
  it.each([
    [1, 1, 1],
    [3, 5, 4],
    [17, 9, 13],
    [64, 64, 64],
    [40, 300, 9], // k > 256: the wasm kernel sums in two KC-blocks
  ])('agrees with ir.matmul entrywise to 2γ_k(|A||B|) for %i×%i times %i columns', (m, k, n) => {
    const rand = rng(1000 + m * 7 + k * 13 + n);
    const a = randomMatrix(rand, m, k);
    const b = randomMatrix(rand, k, n);
    const c = matmulPlain(a, b);
    const w = ir.matmul(a, b);
    expect(c.rows).toBe(m);
    expect(c.cols).toBe(n);
    const gamma = (k * EPS) / 2 / (1 - (k * EPS) / 2); // γ_k with unit roundoff u = ε/2
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let absProd = 0;
        for (let p = 0; p < k; p++) absProd += Math.abs(a.data[i * k + p] * b.data[p * n + j]);
        expect(Math.abs(c.data[i * n + j] - w.data[i * n + j])).toBeLessThanOrEqual(2 * gamma * absProd);
      }
    }
  });

  it('writes into out when given and rejects mismatched shapes with a message naming them', () => {
    const rand = rng(7);
    const a = randomMatrix(rand, 3, 4);
    const b = randomMatrix(rand, 4, 2);
    const out = matrix(3, 2);
    expect(matmulPlain(a, b, out)).toBe(out);
    expect(() => matmulPlain(a, a)).toThrow(/matmulPlain: inner dimensions must agree: a is 3×4, b is 3×4/);
    expect(() => matmulPlain(a, b, a)).toThrow(/argument out must be 3×2, got 3×4/);
  });
});

describe('eighPlain', () => {
  // Both are backward stable whatever order they visit the pairs in (the wasm kernel's cyclic ordering may differ
  // from the twin's row-cyclic one, and so may the sweep count): by Weyl each eigenvalue is within O(nε)‖A‖₂ ≤
  // O(nε)‖A‖_F of the exact one, and each eigenvector within O(nε)‖A‖_F / gap_j in angle (Davis–Kahan).
  it.each([1, 2, 5, 20, 41])('agrees with ir.eigh on a seeded symmetric matrix of order %i', (n) => {
    const a = randomSymmetric(rng(2000 + n), n);
    const p = eighPlain(a);
    const w = ir.eigh(a);
    expect(p.sweeps).toBeGreaterThanOrEqual(1);
    const scale = frob(a.data);
    const tolValue = 10 * n * EPS * scale;
    expect(maxAbsDiff(p.values, w.values)).toBeLessThanOrEqual(tolValue);
    for (let j = 1; j < n; j++) expect(p.values[j]).toBeGreaterThanOrEqual(p.values[j - 1]);
    for (let j = 0; j < n; j++) {
      let gap = Infinity;
      if (j > 0) gap = Math.min(gap, p.values[j] - p.values[j - 1]);
      if (j < n - 1) gap = Math.min(gap, p.values[j + 1] - p.values[j]);
      // ‖v_j ∓ w_j‖₂ (eigenvectors are defined up to sign) ≈ the angle between them; not sqrt(1 − cos²),
      // which cannot resolve angles below sqrt(ε)
      let dot = 0;
      for (let i = 0; i < n; i++) dot += p.vectors.data[i * n + j] * w.vectors.data[i * n + j];
      const sign = dot < 0 ? -1 : 1;
      let d2 = 0;
      for (let i = 0; i < n; i++) d2 += (p.vectors.data[i * n + j] - sign * w.vectors.data[i * n + j]) ** 2;
      expect(Math.sqrt(d2)).toBeLessThanOrEqual(10 * n * EPS * (1 + scale / gap));
    }
  });

  it('returns an orthonormal eigenbasis: ‖AV − VΛ‖ and ‖VᵀV − I‖ are O(nε)', () => {
    const n = 30;
    const a = randomSymmetric(rng(31), n);
    const { values, vectors: v } = eighPlain(a);
    const av = matmulPlain(a, v);
    let res = 0;
    let orth = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        res = Math.max(res, Math.abs(av.data[i * n + j] - v.data[i * n + j] * values[j]));
        let s = 0;
        for (let k = 0; k < n; k++) s += v.data[k * n + i] * v.data[k * n + j];
        orth = Math.max(orth, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
    expect(res).toBeLessThanOrEqual(10 * n * EPS * frob(a.data));
    expect(orth).toBeLessThanOrEqual(10 * n * EPS);
  });

  it("throws ImplicitRegError 'convergence' when the sweep limit is too small", () => {
    const a = randomSymmetric(rng(5), 8);
    let err: unknown;
    try {
      eighPlain(a, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImplicitRegError);
    expect((err as ImplicitRegError).code).toBe('convergence');
    expect((err as Error).message).toMatch(/eighPlain: Jacobi did not converge within maxSweeps = 1 sweeps \(n = 8\)/);
  });

  it('rejects a non-symmetric matrix with a message naming the argument', () => {
    expect(() => eighPlain(matrix(2, 2, [1, 2, 3, 4]))).toThrow(/eighPlain: argument a must be symmetric/);
  });
});

describe('expmPlain', () => {
  // ‖A‖₁ from 0.01 to 30 so that the degrees 3 … 13 and the squaring phase all occur. The twin makes the wasm
  // kernel's choice of (m, s) (Al-Mohy & Higham 2009: the same bounds and norms) and the same operations; only
  // the summation order of the products and of the blocked LU differ, so each product differs by at most 2γ_n
  // relatively and each of the s squarings at most doubles a relative perturbation:
  // ‖X − X'‖₁ ≤ c · 2^s · nε · ‖X‖₁ with a modest c for the Padé evaluation and solve (c = 100 here).
  it.each([0.01, 0.2, 0.9, 2, 5, 30])('agrees with ir.expm for ‖A‖₁ = %f', (target) => {
    for (const n of [1, 3, 12]) {
      const a = randomMatrix(rng(3000 + n + Math.round(target * 100)), n, n);
      const f = target / norm1(a);
      for (let i = 0; i < a.data.length; i++) a.data[i] *= f;
      const p = expmPlain(a);
      const w = ir.expm(a);
      const raw = ir.raw;
      const [work, pa, ms] = [raw.alloc(raw.dexpmWorkSize(n) * 8 + 16), raw.alloc(n * n * 8), raw.alloc(8)];
      new Float64Array(raw.memory.buffer, pa, n * n).set(a.data);
      raw.dexpmParams(n, pa, work, ms);
      const s = new Int32Array(raw.memory.buffer, ms, 2)[1];
      for (const q of [work, pa, ms]) raw.free(q);
      const diff = norm1({ rows: n, cols: n, data: p.data.map((x, i) => x - w.data[i]) });
      expect(diff).toBeLessThanOrEqual(100 * 2 ** s * n * EPS * norm1(w));
    }
  });

  it('matches V e^Λ Vᵀ for a symmetric matrix (independent, eigen-based reference)', () => {
    const n = 10;
    const a = randomSymmetric(rng(77), n);
    for (let i = 0; i < a.data.length; i++) a.data[i] *= 3;
    const { values, vectors: v } = eighPlain(a);
    const ref = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += v.data[i * n + k] * Math.exp(values[k]) * v.data[j * n + k];
        ref[i * n + j] = s;
      }
    }
    const x = expmPlain(a);
    // the exponential of a symmetric matrix is well conditioned: relative error a small multiple of nε‖A‖
    expect(maxAbsDiff(x.data, ref) / frob(ref)).toBeLessThanOrEqual(100 * n * EPS * norm1(a));
  });

  it("throws ImplicitRegError 'overflow' when exp(A) is not representable", () => {
    expect(() => expmPlain(matrix(2, 2, [800, 0, 0, 1]))).toThrow(/expmPlain: exp\(A\) overflows double precision/);
  });
});

describe('rk45Plain', () => {
  it('takes the same steps as ir.rk45 on a linear system y′ = My', () => {
    const n = 9;
    const rand = rng(4000);
    const M = randomMatrix(rand, n, n);
    for (let i = 0; i < n; i++) M.data[i * n + i] -= 3; // shift the spectrum left: a decaying system
    const y0 = Array.from({ length: n }, () => 2 * rand() - 1);
    // dy = M y summed in the wasm kernel's order (two SIMD lanes over even/odd j, then an odd tail), so that
    // both integrators see bitwise the same f and must accept and reject the same steps
    const f = (_t: number, y: Float64Array, dy: Float64Array): void => {
      for (let i = 0; i < n; i++) {
        let s0 = 0;
        let s1 = 0;
        let j = 0;
        for (; j + 2 <= n; j += 2) {
          s0 += M.data[i * n + j] * y[j];
          s1 += M.data[i * n + j + 1] * y[j + 1];
        }
        let s = s0 + s1;
        if (j < n) s += M.data[i * n + j] * y[j];
        dy[i] = s;
      }
    };
    const opts = { rtol: 1e-8, atol: 1e-10 };
    const p = rk45Plain(f, y0, 0, 10, opts);
    const w = ir.rk45({ system: { kind: 'linear', M }, y0, t1: 10, ...opts });
    expect(p.status).toBe('done');
    expect(w.status).toBe('done');
    expect([p.steps, p.rejected, p.nfev]).toEqual([w.steps, w.rejected, w.nfev]);
    expect(p.t).toBe(10);
    // The same operations except Math.pow in the step-size update (AssemblyScript's and V8's may differ in the
    // last ulp), so step sizes differ by O(ε) relatively and y by O(ε) per step: ≤ steps · 4ε · max|y|.
    // (The proposed next h is not compared: the error estimate it comes from is a difference of nearly equal
    // stages, so a last-ulp change in y moves it far more.)
    expect(maxAbsDiff(p.y, w.y)).toBeLessThanOrEqual(4 * p.steps * EPS * Math.max(1, ...Array.from(w.y, Math.abs)));
  });

  it('matches the logistic closed form y = K / (1 + (K/y0 − 1) e^{−rt}) and ir.rk45 step for step', () => {
    const r = 1.3;
    const K = 1;
    const y0 = [0.1, 0.5, 2];
    const T = 10;
    const rtol = 1e-10;
    const atol = 1e-12;
    const p = rk45Plain((_t, y, dy) => {
      for (let i = 0; i < y.length; i++) dy[i] = r * y[i] * (1 - y[i] / K);
    }, y0, 0, T, { rtol, atol });
    expect(p.status).toBe('done');
    // Global error ≤ (sensitivity of the flow) × Σ local errors. For the logistic flow
    // ∂y(T)/∂y(s) = y(T)(K − y(T)) / (y(s)(K − y(s))), at most ≈ 2.8 on these trajectories, and each accepted
    // step's local error is below atol + rtol·K.
    const bound = 3 * p.steps * (atol + rtol * K);
    for (let i = 0; i < y0.length; i++) {
      const exact = K / (1 + (K / y0[i] - 1) * Math.exp(-r * T));
      expect(Math.abs(p.y[i] - exact)).toBeLessThanOrEqual(bound);
    }
    const w = ir.rk45({ system: { kind: 'logistic', r, K }, y0, t1: T, rtol, atol });
    expect([p.steps, p.rejected, p.nfev]).toEqual([w.steps, w.rejected, w.nfev]);
    expect(maxAbsDiff(p.y, w.y)).toBeLessThanOrEqual(4 * p.steps * EPS * 2); // as above; max|y| ≤ 2 here
  });

  it("ends with status 'maxSteps' at the step limit, and integrates backwards in time", () => {
    const f = (_t: number, y: Float64Array, dy: Float64Array): void => {
      dy[0] = -y[0];
    };
    const capped = rk45Plain(f, [1], 0, 100, { rtol: 1e-12, atol: 1e-14, maxSteps: 3 });
    expect(capped.status).toBe('maxSteps');
    expect(capped.steps).toBe(3);
    const back = rk45Plain(f, [Math.exp(-1)], 1, 0, { rtol: 1e-10, atol: 1e-12 });
    expect(back.status).toBe('done');
    expect(back.t).toBe(0);
    expect(Math.abs(back.y[0] - 1)).toBeLessThanOrEqual(1e-8);
  });

  it('rejects bad arguments with a message naming them', () => {
    const f = (_t: number, _y: Float64Array, dy: Float64Array): void => {
      dy[0] = 0;
    };
    expect(() => rk45Plain(f, [], 0, 1)).toThrow(/rk45Plain: argument y0 must be non-empty/);
    expect(() => rk45Plain(f, [1], 0, 1, { rtol: -1 })).toThrow(/rk45Plain: argument rtol must be a positive finite number, got -1/);
  });
});
