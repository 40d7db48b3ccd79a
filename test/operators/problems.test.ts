// Problem generators and the plain-TS measurement operators (src/problems.ts) against independent references:
// dense ⟨A_i, X⟩ = Σ_jk (A_i)_jk X_jk with A_i built from the docs/model.md encodings in this file, eigenvalues from the
// wasm Jacobi `eigh`, and exact sampling probabilities.
//
// Bounds:
//  - inner products: |computed − reference| ≤ 1e-13·Σ|terms| (the rounding of either sum is ≤ γ_P·Σ|terms| with
//    γ_P ≈ P·1.1e-16 ≤ 1.5e-13 at P = 1275; measured against Σ|terms|, not |result|, which may cancel);
//  - adjoint identity: |⟨A(X), r⟩ − ⟨X, A*(r)⟩| ≤ 1e-13·‖A(X)‖₂‖r‖₂ (the Cauchy–Schwarz scale of both sides);
//  - eigenvalues: eigh is accurate to 1e-13·‖A‖₂ absolute (docs/algorithms/eigh.md), so "zero" means |λ| ≤ 1e-12·‖A‖₂;
//  - sampling: each count within 5 standard deviations of its binomial mean (per-cell false alarm ≈ 6e-7).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ImplicitRegError,
  Rng,
  adjoint,
  commutingSensing,
  denseFromPacked,
  gaussianSensing,
  init,
  lowNuclearNormPSD,
  lowRankPSD,
  measure,
  packSymmetric,
  powerLawCompletion,
  psdMeasurements,
  uniformCompletion,
  unpackSymmetric,
  type Kernels,
  type Matrix,
  type MeasurementOperator,
} from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

// ------------------------------------------------------------------------------------------------
// references

function mat(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** A seeded symmetric test matrix (entries N(0, 1) on and above the diagonal), from the Rng of src/random.ts. */
function randomSymmetric(seed: number, n: number): Matrix {
  const r = new Rng(seed);
  const x = mat(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = r.gaussian();
      x.data[i * n + j] = v;
      x.data[j * n + i] = v;
    }
  }
  return x;
}

function randomMatrix(seed: number, rows: number, cols: number): Matrix {
  const r = new Rng(seed);
  const x = mat(rows, cols);
  for (let i = 0; i < x.data.length; i++) x.data[i] = r.gaussian();
  return x;
}

function randomVector(seed: number, m: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: m }, () => r.gaussian());
}

/** Σ_jk a_jk x_jk and Σ_jk |a_jk x_jk|. */
function inner(a: Matrix, x: Matrix): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) {
    value += a.data[i] * x.data[i];
    scale += Math.abs(a.data[i] * x.data[i]);
  }
  return { value, scale };
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

const norm2 = (x: ArrayLike<number>): number => Math.sqrt(dot(x, x));

function matmul(a: Matrix, b: Matrix, transB = false): Matrix {
  const n = a.rows;
  const k = a.cols;
  const p = transB ? b.rows : b.cols;
  const c = mat(n, p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a.data[i * k + l] * (transB ? b.data[j * b.cols + l] : b.data[l * b.cols + j]);
      c.data[i * p + j] = s;
    }
  }
  return c;
}

function frob(a: Matrix | Float64Array): number {
  return norm2('data' in a ? a.data : a);
}

/** A_i of an entry operator, densely, from the docs/model.md encoding. */
function entryMatrix(n: number, j: number, k: number): Matrix {
  const a = mat(n, n);
  if (j === k) a.data[j * n + j] = 1;
  else {
    a.data[j * n + k] = 0.5;
    a.data[k * n + j] = 0.5;
  }
  return a;
}

/** A_i = V diag(d_i) Vᵀ, densely. */
function commutingMatrix(op: { n: number; V: Matrix; d: Float64Array }, i: number): Matrix {
  const n = op.n;
  const a = mat(n, n);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += op.V.data[p * n + l] * op.d[i * n + l] * op.V.data[q * n + l];
      a.data[p * n + q] = s;
    }
  }
  return a;
}

const bytes = (x: Float64Array | Int32Array): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);

function thrown(fn: () => unknown): ImplicitRegError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImplicitRegError);
    return e as ImplicitRegError;
  }
  throw new Error('expected an ImplicitRegError, nothing was thrown');
}

// ------------------------------------------------------------------------------------------------

describe('packing', () => {
  it('packSymmetric is the plain upper triangle row by row; unpackSymmetric inverts it', () => {
    const x = { rows: 3, cols: 3, data: Float64Array.from([1, 2, 3, 2, 4, 5, 3, 5, 6]) };
    expect(Array.from(packSymmetric(x))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(unpackSymmetric(3, [1, 2, 3, 4, 5, 6]).data)).toEqual(Array.from(x.data));
    expect(unpackSymmetric(1, [7]).data[0]).toBe(7);
  });

  it('n = 1: a 1×1 operator is a scalar measurement', () => {
    const op = gaussianSensing({ n: 1, m: 3, seed: 0 });
    expect(op.packed.length).toBe(3);
    const y = measure(op, { rows: 1, cols: 1, data: Float64Array.from([2]) });
    for (let i = 0; i < 3; i++) expect(y[i]).toBe(2 * op.packed[i]);
  });
});

describe('low-rank PSD ground truth', () => {
  it('determinism: same seed → identical bytes; another seed differs', () => {
    const a = lowRankPSD({ n: 20, r: 3, seed: 5 });
    const b = lowRankPSD({ n: 20, r: 3, seed: 5 });
    expect(bytes(a.X.data)).toEqual(bytes(b.X.data));
    expect(bytes(a.W.data)).toEqual(bytes(b.W.data));
    expect(lowRankPSD({ n: 20, r: 3, seed: 6 }).X.data).not.toEqual(a.X.data);
  });

  it('shapes, X = WWᵀ exactly symmetric, ‖X‖_F = 1 (default) to 1e-14', () => {
    const { X, W } = lowRankPSD({ n: 30, r: 2, seed: 1 });
    expect([X.rows, X.cols, W.rows, W.cols]).toEqual([30, 30, 30, 2]);
    expect(Math.abs(frob(X) - 1)).toBeLessThan(1e-14);
    const wwt = matmul(W, W, true);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) expect(X.data[i * 30 + j]).toBe(X.data[j * 30 + i]);
    expect(frob({ ...X, data: X.data.map((v, i) => v - wwt.data[i]) })).toBeLessThan(1e-15);
  });

  it("normalize: 'trace' gives tr X = 1 to 1e-14", () => {
    const { X } = lowRankPSD({ n: 30, r: 2, seed: 1, normalize: 'trace' });
    let tr = 0;
    for (let i = 0; i < 30; i++) tr += X.data[i * 31];
    expect(Math.abs(tr - 1)).toBeLessThan(1e-14);
  });

  it('rank r (eigh): r eigenvalues > 1e-3, the other n − r within 1e-12 of 0 (r = 1, 2, 5 and r = n)', () => {
    for (const [n, r] of [
      [20, 1],
      [50, 2],
      [30, 5],
      [6, 6],
    ]) {
      const { X } = lowRankPSD({ n, r, seed: n + r });
      const w = ir.eigh(X).values; // ascending
      for (let k = 0; k < n - r; k++) expect(Math.abs(w[k])).toBeLessThan(1e-12);
      for (let k = n - r; k < n; k++) expect(w[k]).toBeGreaterThan(1e-3);
    }
  });
});

describe('low nuclear norm PSD ground truth (Gunasekar Fig. 1b)', () => {
  it('‖X‖_* = √2·‖X‖_F (trace and Frobenius from X and from eigh) and ‖X‖_F = 1, to 1e-13', () => {
    const { X, ratio, spectrum } = lowNuclearNormPSD({ n: 50, seed: 0 });
    expect(Math.abs(ratio - Math.SQRT2)).toBeLessThan(1e-14);
    let tr = 0;
    for (let i = 0; i < 50; i++) tr += X.data[i * 51];
    expect(Math.abs(frob(X) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(tr / frob(X) - Math.SQRT2)).toBeLessThan(1e-13);
    const w = Array.from(ir.eigh(X).values).reverse();
    for (let k = 0; k < 50; k++) expect(Math.abs(w[k] - spectrum[k])).toBeLessThan(1e-13);
    expect(w[49]).toBeGreaterThan(0);
  });

  it('tail decays exactly as k^{-decay}: s_k/s_{k+1} = ((k+1)/k)^decay for k ≥ 2 (decay 1.5 and 1)', () => {
    for (const decay of [1.5, 1]) {
      const { spectrum, ratio } = lowNuclearNormPSD({ n: 40, seed: 2, decay, r: 2 });
      expect(Math.abs(ratio - Math.SQRT2)).toBeLessThan(1e-14);
      expect(spectrum[0]).toBeGreaterThan(spectrum[1]);
      for (let k = 2; k < 40; k++) expect(spectrum[k - 1] / spectrum[k]).toBeCloseTo(((k + 1) / k) ** decay, 13);
    }
  });

  it('other r: r = 3 gives ratio √3; r at the pure power-law limit gives s_1 = 1 relative to s_k = k^{-decay}', () => {
    expect(lowNuclearNormPSD({ n: 50, seed: 1, r: 3 }).ratio).toBeCloseTo(Math.sqrt(3), 13);
    let s1 = 0;
    let s2 = 0;
    for (let k = 1; k <= 10; k++) {
      s1 += k ** -1.5;
      s2 += k ** -3;
    }
    // just inside the limit (the limit itself is computed by a differently ordered sum)
    const { spectrum } = lowNuclearNormPSD({ n: 10, seed: 1, r: ((s1 * s1) / s2) * (1 - 1e-12) });
    expect(spectrum[0] / spectrum[1]).toBeCloseTo(2 ** 1.5, 8);
  });

  it('determinism and Haar eigenvectors: V orthogonal, X = V diag(s) Vᵀ', () => {
    const a = lowNuclearNormPSD({ n: 12, seed: 9 });
    expect(bytes(lowNuclearNormPSD({ n: 12, seed: 9 }).X.data)).toEqual(bytes(a.X.data));
    const vs = mat(12, 12);
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) vs.data[i * 12 + j] = a.V.data[i * 12 + j] * a.spectrum[j];
    const x = matmul(vs, a.V, true);
    expect(frob({ ...x, data: x.data.map((v, i) => v - a.X.data[i]) })).toBeLessThan(1e-14);
  });
});

describe('Gaussian sensing (packed dense)', () => {
  it('shape and determinism (identical bytes), different seed differs', () => {
    const op = gaussianSensing({ n: 10, m: 7, seed: 3 });
    expect([op.kind, op.n, op.m, op.packed.length]).toEqual(['dense', 10, 7, 7 * 55]);
    expect(bytes(gaussianSensing({ n: 10, m: 7, seed: 3 }).packed)).toEqual(bytes(op.packed));
    expect(gaussianSensing({ n: 10, m: 7, seed: 4 }).packed).not.toEqual(op.packed);
  });

  it('packed dot = ⟨A_i, X⟩ computed densely to 1e-13 (n = 50, m = 40)', () => {
    const n = 50;
    const op = gaussianSensing({ n, m: 40, seed: 1 });
    const x = randomSymmetric(100, n);
    const xp = packSymmetric(x);
    const P = xp.length;
    const y = measure(op, x);
    for (let i = 0; i < op.m; i++) {
      const a = denseFromPacked(op, i);
      const ref = inner(a, x);
      const packedDot = dot(op.packed.subarray(i * P, (i + 1) * P), xp);
      expect(Math.abs(packedDot - ref.value)).toBeLessThan(1e-13 * ref.scale);
      expect(Math.abs(y[i] - ref.value)).toBeLessThan(1e-13 * ref.scale);
    }
  });

  it('A_i are symmetric with i.i.d. N(0, 1) entries on and off the diagonal (moments over 100 matrices, 5 s.e.)', () => {
    const n = 20;
    const op = gaussianSensing({ n, m: 100, seed: 2 });
    const stats = { diag: [0, 0, 0], off: [0, 0, 0] };
    for (let i = 0; i < op.m; i++) {
      const a = denseFromPacked(op, i);
      for (let j = 0; j < n; j++) {
        for (let k = j; k < n; k++) {
          expect(a.data[j * n + k]).toBe(a.data[k * n + j]);
          const s = j === k ? stats.diag : stats.off;
          s[0]++;
          s[1] += a.data[j * n + k];
          s[2] += a.data[j * n + k] ** 2;
        }
      }
    }
    for (const [cnt, s1, s2] of [stats.diag, stats.off]) {
      expect(Math.abs(s1 / cnt)).toBeLessThan(5 / Math.sqrt(cnt));
      expect(Math.abs(s2 / cnt - 1)).toBeLessThan(5 * Math.sqrt(2 / cnt));
    }
  });
});

describe('uniform completion', () => {
  it('m distinct upper-triangle entries within range, sorted row-major; deterministic', () => {
    const n = 30;
    const op = uniformCompletion({ n, m: 200, seed: 1 });
    expect([op.kind, op.n, op.m, op.rows.length, op.cols.length]).toEqual(['entry', n, 200, 200, 200]);
    const keys = new Set<number>();
    for (let i = 0; i < op.m; i++) {
      const [j, k] = [op.rows[i], op.cols[i]];
      expect(j >= 0 && j <= k && k < n).toBe(true);
      keys.add(j * n + k);
      if (i > 0) expect(op.rows[i - 1] * n + op.cols[i - 1]).toBeLessThan(j * n + k);
    }
    expect(keys.size).toBe(200);
    const again = uniformCompletion({ n, m: 200, seed: 1 });
    expect(bytes(again.rows)).toEqual(bytes(op.rows));
    expect(bytes(again.cols)).toEqual(bytes(op.cols));
  });

  it('m = n(n+1)/2 observes every cell once; n = 1, m = 1 observes (0, 0)', () => {
    const op = uniformCompletion({ n: 6, m: 21, seed: 0 });
    let t = 0;
    for (let j = 0; j < 6; j++) for (let k = j; k < 6; k++, t++) expect([op.rows[t], op.cols[t]]).toEqual([j, k]);
    const one = uniformCompletion({ n: 1, m: 1, seed: 0 });
    expect([one.rows[0], one.cols[0]]).toEqual([0, 0]);
  });

  it('every cell is included with probability m/P (n = 4, m = 3, 20 000 seeds, 5 s.d.)', () => {
    const n = 4;
    const P = 10;
    const m = 3;
    const K = 20_000;
    const counts = new Float64Array(n * n);
    for (let s = 0; s < K; s++) {
      const op = uniformCompletion({ n, m, seed: s });
      for (let i = 0; i < m; i++) counts[op.rows[i] * n + op.cols[i]]++;
    }
    const p = m / P;
    for (let j = 0; j < n; j++) for (let k = j; k < n; k++) expect(Math.abs(counts[j * n + k] - K * p)).toBeLessThan(5 * Math.sqrt(K * p * (1 - p)));
  });

  it('measure reads X_jk and equals ⟨A_i, X⟩ with the dense SPEC encoding of A_i', () => {
    const n = 9;
    const op = uniformCompletion({ n, m: 30, seed: 7 });
    const x = randomSymmetric(8, n);
    const y = measure(op, x);
    for (let i = 0; i < op.m; i++) {
      expect(y[i]).toBe(x.data[op.rows[i] * n + op.cols[i]]);
      expect(inner(entryMatrix(n, op.rows[i], op.cols[i]), x).value).toBe(y[i]);
    }
  });
});

describe('power-law completion', () => {
  const pj = (j: number, gamma: number): number => (j + 1) ** -gamma;

  it('m distinct entries within range, sorted; deterministic', () => {
    const n = 25;
    const op = powerLawCompletion({ n, m: 150, seed: 2 });
    const keys = new Set<number>();
    for (let i = 0; i < op.m; i++) {
      expect(op.rows[i] >= 0 && op.rows[i] <= op.cols[i] && op.cols[i] < n).toBe(true);
      keys.add(op.rows[i] * n + op.cols[i]);
    }
    expect(keys.size).toBe(150);
    expect(bytes(powerLawCompletion({ n, m: 150, seed: 2 }).cols)).toEqual(bytes(op.cols));
    expect(powerLawCompletion({ n: 5, m: 15, seed: 0 }).m).toBe(15);
  });

  it('m = 1: P(cell (j, k)) = p_j p_k / Σ_{j≤k} p_j p_k, p_j = (j+1)^{-γ} (n = 4, γ = 1 and 2, 20 000 seeds, 5 s.d.)', () => {
    const n = 4;
    const K = 20_000;
    for (const gamma of [1, 2]) {
      const counts = new Float64Array(n * n);
      for (let s = 0; s < K; s++) {
        const op = powerLawCompletion({ n, m: 1, seed: s, gamma });
        counts[op.rows[0] * n + op.cols[0]]++;
      }
      let total = 0;
      for (let j = 0; j < n; j++) for (let k = j; k < n; k++) total += pj(j, gamma) * pj(k, gamma);
      for (let j = 0; j < n; j++) {
        for (let k = j; k < n; k++) {
          const p = (pj(j, gamma) * pj(k, gamma)) / total;
          expect(Math.abs(counts[j * n + k] - K * p)).toBeLessThan(5 * Math.sqrt(K * p * (1 - p)));
        }
      }
    }
  });

  it('m = 2 is sequential sampling without replacement: P({a, b}) = w_a w_b/W·(1/(W − w_a) + 1/(W − w_b)) (n = 2, 20 000 seeds)', () => {
    // cells (0,0), (0,1), (1,1) with γ = 2: weights 1, 1/4, 1/16
    const w = [1, 0.25, 0.0625];
    const W = w[0] + w[1] + w[2];
    const cell = (j: number, k: number): number => (j === 0 ? k : 2);
    const K = 20_000;
    const counts = new Map<string, number>();
    for (let s = 0; s < K; s++) {
      const op = powerLawCompletion({ n: 2, m: 2, seed: s, gamma: 2 });
      const key = `${cell(op.rows[0], op.cols[0])}${cell(op.rows[1], op.cols[1])}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const p = ((w[a] * w[b]) / W) * (1 / (W - w[a]) + 1 / (W - w[b]));
      expect(Math.abs((counts.get(`${a}${b}`) ?? 0) - K * p)).toBeLessThan(5 * Math.sqrt(K * p * (1 - p)));
    }
  });

  it('frequency ordering: over 300 seeds (n = 20, m = 40) index 0 appears most and frequencies fall with the index', () => {
    const n = 20;
    const freq = new Float64Array(n);
    for (let s = 0; s < 300; s++) {
      const op = powerLawCompletion({ n, m: 40, seed: s });
      for (let i = 0; i < op.m; i++) {
        freq[op.rows[i]]++;
        freq[op.cols[i]]++;
      }
    }
    expect(freq.indexOf(Math.max(...freq))).toBe(0);
    // blocks of 5 indices: strictly decreasing totals
    const block = [0, 1, 2, 3].map((b) => freq.subarray(5 * b, 5 * b + 5).reduce((x, y) => x + y, 0));
    for (let b = 1; b < 4; b++) expect(block[b]).toBeLessThan(block[b - 1]);
  });

  it('γ = 0 is uniform: m = 1 hits each of the 10 cells of n = 4 with probability 1/10 (5 s.d.)', () => {
    const K = 10_000;
    const counts = new Float64Array(16);
    for (let s = 0; s < K; s++) {
      const op = powerLawCompletion({ n: 4, m: 1, seed: s, gamma: 0 });
      counts[op.rows[0] * 4 + op.cols[0]]++;
    }
    for (let j = 0; j < 4; j++) for (let k = j; k < 4; k++) expect(Math.abs(counts[j * 4 + k] - K / 10)).toBeLessThan(5 * Math.sqrt(K * 0.09));
  });
});

describe('commuting sensing', () => {
  it('shapes, determinism, V orthogonal', () => {
    const op = commutingSensing({ n: 8, m: 3, seed: 1 });
    expect([op.kind, op.n, op.m, op.V.rows, op.V.cols, op.d.length]).toEqual(['commuting', 8, 3, 8, 8, 24]);
    expect(bytes(commutingSensing({ n: 8, m: 3, seed: 1 }).d)).toEqual(bytes(op.d));
    const vtv = matmul({ rows: 8, cols: 8, data: transposeData(op.V) }, op.V);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) expect(Math.abs(vtv.data[i * 8 + j] - (i === j ? 1 : 0))).toBeLessThan(1e-14);
  });

  it('A_i pairwise commute: ‖A_iA_j − A_jA_i‖_F ≤ 1e-12', () => {
    const op = commutingSensing({ n: 15, m: 4, seed: 2 });
    const A = [0, 1, 2, 3].map((i) => commutingMatrix(op, i));
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        const ab = matmul(A[i], A[j]);
        const ba = matmul(A[j], A[i]);
        expect(frob({ ...ab, data: ab.data.map((v, t) => v - ba.data[t]) })).toBeLessThan(1e-12);
      }
    }
  });

  it('measure = ⟨A_i, X⟩ with A_i = V diag(d_i) Vᵀ formed densely, to 1e-13', () => {
    const n = 12;
    const op = commutingSensing({ n, m: 5, seed: 3 });
    const x = randomSymmetric(4, n);
    const y = measure(op, x);
    for (let i = 0; i < op.m; i++) {
      const ref = inner(commutingMatrix(op, i), x);
      expect(Math.abs(y[i] - ref.value)).toBeLessThan(1e-13 * ref.scale);
    }
  });
});

function transposeData(a: Matrix): Float64Array {
  const t = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

describe('PSD measurements with a prescribed spectrum (Belabbas)', () => {
  const cases = [
    { n: 7, ranks: [3, 2, 2], spectrum: [3, 1, 1, 1, 1, 1, 1] }, // B-fig2 shape: {α + β, β, …}
    { n: 4, ranks: [2, 2], spectrum: [1.5, 1.2, 1.05, 1.3] }, // B-fig3 shape
    { n: 9, ranks: [1, 2, 2], spectrum: [2, 1, 0.5, 0.25, 0.125] }, // M < n: Σ A_i has 4 zero eigenvalues
  ];

  it('eigenvalues of Σ A_i are the prescribed λ (plus n − M zeros) to 1e-12 relative', () => {
    for (const [c, { n, ranks, spectrum }] of cases.entries()) {
      const op = psdMeasurements({ n, ranks, spectrum, seed: c });
      const sum = mat(n, n);
      for (const a of op.A) for (let t = 0; t < n * n; t++) sum.data[t] += a.data[t];
      const w = ir.eigh(sum).values;
      const expected = [...spectrum, ...new Array(n - spectrum.length).fill(0)].sort((x, y) => x - y);
      const big = Math.max(...spectrum);
      for (let k = 0; k < n; k++) expect(Math.abs(w[k] - expected[k])).toBeLessThan(1e-12 * big);
    }
  });

  it('each A_i = B_i B_iᵀ is PSD of rank r_i (eigh: r_i eigenvalues > 1e-6‖A_i‖, the rest |λ| ≤ 1e-12‖A_i‖)', () => {
    for (const [c, { n, ranks, spectrum }] of cases.entries()) {
      const op = psdMeasurements({ n, ranks, spectrum, seed: 10 + c });
      expect(op.m).toBe(ranks.length);
      ranks.forEach((ri, i) => {
        const w = ir.eigh(op.A[i]).values;
        const top = w[n - 1];
        for (let k = 0; k < n - ri; k++) expect(Math.abs(w[k])).toBeLessThan(1e-12 * top);
        for (let k = n - ri; k < n; k++) expect(w[k]).toBeGreaterThan(1e-6 * top);
      });
    }
  });

  it('B = W diag(√λ) Zᵀ with W orthonormal columns; packed rows match the dense A_i; deterministic', () => {
    const { n, ranks, spectrum } = cases[0];
    const op = psdMeasurements({ n, ranks, spectrum, seed: 3 });
    const M = spectrum.length;
    expect([op.B.rows, op.B.cols, op.W.rows, op.W.cols, op.Z.rows]).toEqual([n, M, n, M, M]);
    // BᵀB = Z diag(λ) Zᵀ, so tr BᵀB = Σλ and BBᵀ = W diag(λ) Wᵀ
    const bbt = matmul(op.B, op.B, true);
    const wl = mat(n, M);
    for (let a = 0; a < n; a++) for (let l = 0; l < M; l++) wl.data[a * M + l] = op.W.data[a * M + l] * spectrum[l];
    const ref = matmul(wl, op.W, true);
    expect(frob({ ...bbt, data: bbt.data.map((v, t) => v - ref.data[t]) })).toBeLessThan(1e-13 * frob(ref));
    for (let i = 0; i < op.m; i++) {
      const d = denseFromPacked(op, i);
      for (let t = 0; t < n * n; t++) expect(Math.abs(d.data[t] - op.A[i].data[t])).toBeLessThanOrEqual(1e-15 * frob(op.A[i]));
    }
    expect(bytes(psdMeasurements({ n, ranks, spectrum, seed: 3 }).packed)).toEqual(bytes(op.packed));
  });

  it('y = A(X*) > 0 for a PSD X* of full rank', () => {
    const { n, ranks, spectrum } = cases[0];
    const op = psdMeasurements({ n, ranks, spectrum, seed: 4 });
    const y = measure(op, lowRankPSD({ n, r: n, seed: 1 }).X);
    for (const v of y) expect(v).toBeGreaterThan(0);
  });
});

describe('adjoint identity ⟨A(X), r⟩ = ⟨X, A*(r)⟩ for every kind (1e-13·‖A(X)‖‖r‖)', () => {
  const n = 11;
  const ops: Record<string, MeasurementOperator> = {
    dense: gaussianSensing({ n, m: 17, seed: 1 }),
    entry: uniformCompletion({ n, m: 30, seed: 2 }),
    'entry (power law)': powerLawCompletion({ n, m: 30, seed: 3 }),
    commuting: commutingSensing({ n, m: 6, seed: 4 }),
    'dense (PSD measurements)': psdMeasurements({ n, ranks: [2, 3, 1], spectrum: [3, 2, 2, 1, 1, 0.5], seed: 5 }),
    'entry-asym': { kind: 'entry-asym', n1: 4, n2: 7, m: 5, rows: Int32Array.from([0, 1, 3, 3, 2]), cols: Int32Array.from([6, 0, 2, 5, 2]) },
  };
  for (const [name, op] of Object.entries(ops)) {
    it(name, () => {
      const asym = op.kind === 'entry-asym';
      const x = asym ? randomMatrix(20, op.n1, op.n2) : randomSymmetric(20, n);
      const r = randomVector(21, op.m);
      const ax = measure(op, x);
      const lhs = dot(ax, r);
      const rhs = dot(x.data, adjoint(op, r).data);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-13 * norm2(ax) * norm2(r));
    });
  }

  it('entry adjoint equals Σ r_i A_i with the dense SPEC encoding, exactly', () => {
    const op = ops.entry as { n: number; m: number; rows: Int32Array; cols: Int32Array; kind: 'entry' };
    const r = randomVector(22, op.m);
    const ref = mat(n, n);
    for (let i = 0; i < op.m; i++) {
      const a = entryMatrix(n, op.rows[i], op.cols[i]);
      for (let t = 0; t < n * n; t++) ref.data[t] += r[i] * a.data[t];
    }
    expect(Array.from(adjoint(op, r).data)).toEqual(Array.from(ref.data));
  });
});

describe('bad input → ImplicitRegError naming the argument', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['lowRankPSD n = 0', () => lowRankPSD({ n: 0, r: 1, seed: 0 }), /^lowRankPSD: argument n must be an integer ≥ 1, got 0/],
    ['lowRankPSD r > n', () => lowRankPSD({ n: 3, r: 4, seed: 0 }), /^lowRankPSD: argument r must be an integer in \[1, n = 3\], got 4/],
    ['lowRankPSD bad normalize', () => lowRankPSD({ n: 3, r: 1, seed: 0, normalize: 'max' as 'fro' }), /argument normalize must be 'fro' or 'trace', got max/],
    ['lowRankPSD seed −1', () => lowRankPSD({ n: 3, r: 1, seed: -1 }), /^lowRankPSD: argument seed must be an integer in \[0, 2\^32\), got -1/],
    ['lowNuclearNormPSD n = 1', () => lowNuclearNormPSD({ n: 1, seed: 0 }), /^lowNuclearNormPSD: argument n must be an integer ≥ 2, got 1/],
    ['lowNuclearNormPSD r = 1', () => lowNuclearNormPSD({ n: 10, seed: 0, r: 1 }), /^lowNuclearNormPSD: argument r must satisfy 1 < r ≤ .*, got 1$/],
    ['lowNuclearNormPSD r too large', () => lowNuclearNormPSD({ n: 10, seed: 0, r: 9 }), /argument r must satisfy 1 < r ≤ 3\.\d+ .*got 9$/],
    ['lowNuclearNormPSD decay NaN', () => lowNuclearNormPSD({ n: 10, seed: 0, decay: NaN }), /^lowNuclearNormPSD: argument decay must be a finite number, got NaN/],
    ['gaussianSensing m = 0', () => gaussianSensing({ n: 3, m: 0, seed: 0 }), /^gaussianSensing: argument m must be an integer ≥ 1, got 0/],
    ['gaussianSensing n = 2.5', () => gaussianSensing({ n: 2.5, m: 1, seed: 0 }), /argument n must be an integer ≥ 1, got 2\.5/],
    ['uniformCompletion m > n(n+1)/2', () => uniformCompletion({ n: 3, m: 7, seed: 0 }), /^uniformCompletion: argument m must be an integer in \[1, n\(n\+1\)\/2 = 6\] .*got 7/],
    ['powerLawCompletion m > n(n+1)/2', () => powerLawCompletion({ n: 4, m: 11, seed: 0 }), /^powerLawCompletion: argument m must be an integer in \[1, n\(n\+1\)\/2 = 10\] .*got 11/],
    ['powerLawCompletion gamma Infinity', () => powerLawCompletion({ n: 4, m: 2, seed: 0, gamma: Infinity }), /argument gamma must be a finite number, got Infinity/],
    ['commutingSensing n = 0', () => commutingSensing({ n: 0, m: 2, seed: 0 }), /^commutingSensing: argument n must be an integer ≥ 1, got 0/],
    ['psdMeasurements ranks sum > n', () => psdMeasurements({ n: 4, ranks: [3, 2], spectrum: [1, 1, 1, 1, 1], seed: 0 }), /^psdMeasurements: argument ranks must sum to at most n = 4, got sum 5/],
    ['psdMeasurements spectrum length', () => psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [1, 1, 1], seed: 0 }), /^psdMeasurements: argument spectrum must have Σ ranks = 4 entries, got 3/],
    ['psdMeasurements spectrum NaN', () => psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [1, NaN, 1, 1], seed: 0 }), /^psdMeasurements: argument spectrum must be finite, got NaN at index 1/],
    ['psdMeasurements spectrum ≤ 0', () => psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [1, 0, 1, 1], seed: 0 }), /argument spectrum must be positive, got 0 at index 1/],
    ['psdMeasurements rank 0', () => psdMeasurements({ n: 4, ranks: [2, 0], spectrum: [1, 1], seed: 0 }), /argument ranks\[1\] must be an integer ≥ 1, got 0/],
    ['measure X wrong shape', () => measure(gaussianSensing({ n: 3, m: 2, seed: 0 }), mat(2, 2)), /^measure: argument X must be 3×3, got 2×2/],
    ['measure X non-finite', () => measure(uniformCompletion({ n: 2, m: 1, seed: 0 }), { rows: 2, cols: 2, data: Float64Array.from([1, Infinity, 0, 0]) }), /^measure: argument X must be finite, got Infinity at index 1/],
    ['adjoint r wrong length', () => adjoint(gaussianSensing({ n: 3, m: 2, seed: 0 }), [1]), /^adjoint: argument r must have m = 2 entries, got 1/],
    ['unpackSymmetric wrong length', () => unpackSymmetric(3, [1, 2]), /^unpackSymmetric: argument p must have n\(n\+1\)\/2 = 6 entries, got 2/],
    ['denseFromPacked i out of range', () => denseFromPacked(gaussianSensing({ n: 2, m: 2, seed: 0 }), 2), /^denseFromPacked: argument i must be an integer in \[0, 1\], got 2/],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(thrown(call).message).toMatch(message);
    });
  }
});
