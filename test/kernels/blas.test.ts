// Level-1/2/3 kernels against plain-TS loops (test/helpers.ts).
//
// Error bound used throughout: for a length-k dot product in any summation order,
// |fl(xᵀy) − xᵀy| ≤ γ_k Σ|x_i y_i|, γ_k = ku/(1 − ku), u = 2⁻⁵³ (Higham 2002, §3.1, eq. 3.5).
// The kernel's result and the naive reference each satisfy it, so they differ by at most 2γ_k·(|A||B|)_ij.
// (|A||B| is itself computed in floating point, which can only make it smaller by a factor (1 − γ_k):
// hence the extra 1/(1 − γ_k).) This is the standard bound k·ε·(|A||B|)_ij with its first-order term made
// rigorous. It is far above typical rounding (~√k·u) yet any indexing, packing or edge-tile bug gives O(1)
// relative errors, so it separates "right up to rounding" from "wrong".
import { beforeAll, describe, expect, it } from 'vitest';
import { init, matrix, type Kernels, type Matrix } from '../../src/node.js';
import { Rng, absOf, gamma, gaussMatrix, mat, naiveMatmul } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

/** max_ij |C − R|_ij / (2γ_k/(1 − γ_k) · (|A||B|)_ij): ≤ 1 means within the rounding bound. */
function boundRatio(c: Matrix, ref: Matrix, absProd: Matrix, k: number): number {
  const g = (2 * gamma(k)) / (1 - gamma(k));
  let worst = 0;
  for (let i = 0; i < c.data.length; i++) {
    const diff = Math.abs(c.data[i] - ref.data[i]);
    const bound = g * absProd.data[i];
    if (diff === 0) continue;
    worst = Math.max(worst, bound === 0 ? Infinity : diff / bound);
  }
  return worst;
}

function checkMatmul(seed: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  const rng = new Rng(seed);
  const a = transA ? gaussMatrix(rng, k, m) : gaussMatrix(rng, m, k);
  const b = transB ? gaussMatrix(rng, n, k) : gaussMatrix(rng, k, n);
  const c = ir.matmul(a, b, { transA, transB });
  expect(c.rows).toBe(m);
  expect(c.cols).toBe(n);
  const ref = naiveMatmul(a, b, transA, transB);
  const absProd = naiveMatmul(absOf(a), absOf(b), transA, transB);
  expect(boundRatio(c, ref, absProd, k)).toBeLessThanOrEqual(1);
}

describe('matmul', () => {
  // shapes: scalar, tiny square and odd sizes on the direct (unpacked) path, which takes k ≤ KC = 256 and k·n ≤ 32768,
  // with edge tiles (257 = 64·4 + 1 rows, 61 = 15·4 + 1 columns); the packed/blocked path for k > KC (two k-blocks,
  // the second accumulating) and for k·n > 32768 (40 = 2·4·5 rows in 96-row blocks, 401 = 100·4 + 1 columns);
  // whole 4×4 tiles only. The FMA build's blocked path has 6×4 tiles: 40 = 6·6 + 4 and 5 rows end in edge tiles,
  // 203 = 2·96 + 11 rows span three row blocks with a 6-row tile and a 5-row edge in the last.
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1],
    [3, 3, 3],
    [7, 13, 5],
    [257, 130, 61],
    [5, 300, 7],
    [40, 100, 401],
    [64, 64, 64],
    [203, 300, 52],
  ];
  for (const [m, k, n] of shapes) {
    it(`${m}×${k} · ${k}×${n} is within 2γ_k(|A||B|)_ij of the triple loop`, () => {
      checkMatmul(1000 + m * 7 + k * 3 + n, m, k, n, false, false);
    });
  }

  for (const [m, k, n] of [[7, 13, 5], [257, 130, 61], [5, 300, 7]] as Array<[number, number, number]>) {
    it(`transA: Aᵀ·B for op(A) ${m}×${k}, B ${k}×${n}`, () => {
      checkMatmul(2000 + m + k + n, m, k, n, true, false);
    });
    it(`transB: A·Bᵀ for A ${m}×${k}, op(B) ${k}×${n}`, () => {
      checkMatmul(3000 + m + k + n, m, k, n, false, true);
    });
    it(`transA and transB: Aᵀ·Bᵀ for op(A) ${m}×${k}, op(B) ${k}×${n}`, () => {
      checkMatmul(4000 + m + k + n, m, k, n, true, true);
    });
  }

  it('small integer matrices multiply exactly', () => {
    // every product and partial sum is an integer below 2^53, so any summation order is exact
    const a = matrix(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const b = matrix(3, 3, [-2, 0, 1, 3, 7, -1, 4, 2, 5]);
    expect(Array.from(ir.matmul(a, b).data)).toEqual([16, 20, 14, 31, 47, 29, 50, 76, 49]);
  });

  it('1×1 times 1×1 is the scalar product', () => {
    expect(ir.matmul(matrix(1, 1, [3]), matrix(1, 1, [-0.5])).data[0]).toBe(-1.5);
  });

  it('writes into `out` and returns that same object', () => {
    const rng = new Rng(11);
    const a = gaussMatrix(rng, 6, 9);
    const b = gaussMatrix(rng, 9, 4);
    const out = mat(6, 4, new Float64Array(24).fill(NaN));
    const r = ir.matmul(a, b, { out });
    expect(r).toBe(out);
    const absProd = naiveMatmul(absOf(a), absOf(b));
    expect(boundRatio(out, naiveMatmul(a, b), absProd, 9)).toBeLessThanOrEqual(1);
  });

  it('reusing `out` across calls overwrites it (β = 0: old contents are not read)', () => {
    const rng = new Rng(12);
    const out = mat(40, 40);
    for (let rep = 0; rep < 3; rep++) {
      const a = gaussMatrix(rng, 40, 33);
      const b = gaussMatrix(rng, 33, 40);
      ir.matmul(a, b, { out });
      expect(boundRatio(out, naiveMatmul(a, b), naiveMatmul(absOf(a), absOf(b)), 33)).toBeLessThanOrEqual(1);
    }
  });

  it('`out` may alias an input (inputs are copied into wasm before the product)', () => {
    const rng = new Rng(13);
    const a = gaussMatrix(rng, 5, 5);
    const b = gaussMatrix(rng, 5, 5);
    const ref = naiveMatmul(a, b);
    const absProd = naiveMatmul(absOf(a), absOf(b));
    const r = ir.matmul(a, b, { out: a });
    expect(r).toBe(a);
    expect(boundRatio(a, ref, absProd, 5)).toBeLessThanOrEqual(1);
  });
});

describe('syrk', () => {
  function naiveUUt(u: Matrix, trans: boolean): { ref: Matrix; absProd: Matrix; k: number } {
    const ref = naiveMatmul(u, u, trans, !trans);
    const absProd = naiveMatmul(absOf(u), absOf(u), trans, !trans);
    return { ref, absProd, k: trans ? u.rows : u.cols };
  }

  function exactlySymmetric(c: Matrix): boolean {
    const n = c.rows;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (c.data[i * n + j] !== c.data[j * n + i]) return false;
    return true;
  }

  // (n, k): the direct upper-triangle path (k ≤ 256, k·n ≤ 32768) with edge tiles, and the blocked lower-triangle
  // path (k = 301 > 256)
  const cases: Array<[number, number]> = [
    [1, 1],
    [3, 4],
    [13, 7],
    [130, 70],
    [97, 301],
  ];
  for (const [n, k] of cases) {
    it(`U·Uᵀ for U ${n}×${k} is within 2γ_k of the triple loop`, () => {
      const u = gaussMatrix(new Rng(5000 + n + k), n, k);
      const c = ir.syrk(u);
      const { ref, absProd } = naiveUUt(u, false);
      expect(boundRatio(c, ref, absProd, k)).toBeLessThanOrEqual(1);
    });
    it(`Uᵀ·U (trans) for U ${k}×${n} is within 2γ_k of the triple loop`, () => {
      const u = gaussMatrix(new Rng(6000 + n + k), k, n);
      const c = ir.syrk(u, { trans: true });
      const { ref, absProd } = naiveUUt(u, true);
      expect(boundRatio(c, ref, absProd, k)).toBeLessThanOrEqual(1);
    });
  }

  for (const [n, k] of cases) {
    it(`U·Uᵀ for U ${n}×${k} is exactly symmetric`, () => {
      const u = gaussMatrix(new Rng(7000 + n + k), n, k);
      expect(exactlySymmetric(ir.syrk(u))).toBe(true);
      expect(exactlySymmetric(ir.syrk(u, { trans: true }))).toBe(true);
    });
  }

  it('writes into `out` and returns it', () => {
    const u = gaussMatrix(new Rng(14), 8, 3);
    const out = mat(8, 8, new Float64Array(64).fill(NaN));
    expect(ir.syrk(u, { out })).toBe(out);
    const { ref, absProd, k } = naiveUUt(u, false);
    expect(boundRatio(out, ref, absProd, k)).toBeLessThanOrEqual(1);
  });
});

describe('gemv', () => {
  function naiveGemv(a: Matrix, x: ArrayLike<number>, trans: boolean, abs: boolean): Float64Array {
    const m = trans ? a.cols : a.rows;
    const n = trans ? a.rows : a.cols;
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const aij = trans ? a.data[j * a.cols + i] : a.data[i * a.cols + j];
        s += abs ? Math.abs(aij * x[j]) : aij * x[j];
      }
      y[i] = s;
    }
    return y;
  }

  for (const trans of [false, true]) {
    for (const [r, c] of [[1, 1], [37, 23], [4, 301]] as Array<[number, number]>) {
      it(`${trans ? 'Aᵀx' : 'Ax'} for A ${r}×${c} is within 2γ_n of the plain loop`, () => {
        const rng = new Rng(8000 + r * c + (trans ? 1 : 0));
        const a = gaussMatrix(rng, r, c);
        const x = Array.from({ length: trans ? r : c }, () => rng.gauss());
        const y = ir.gemv(a, x, { trans });
        const ref = naiveGemv(a, x, trans, false);
        const absRef = naiveGemv(a, x, trans, true);
        const k = x.length;
        expect(y.length).toBe(ref.length);
        for (let i = 0; i < y.length; i++) {
          expect(Math.abs(y[i] - ref[i])).toBeLessThanOrEqual(((2 * gamma(k)) / (1 - gamma(k))) * absRef[i]);
        }
      });
    }
  }

  it('writes into `out` and returns it', () => {
    const a = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
    const out = new Float64Array([NaN, NaN]);
    // integer data: exact
    expect(ir.gemv(a, [1, -1, 2], { out })).toBe(out);
    expect(Array.from(out)).toEqual([5, 11]);
  });
});

describe('dot', () => {
  for (const n of [1, 2, 3, 4, 5, 7, 1001]) {
    it(`length ${n} (SIMD body and scalar remainder) is within 2γ_n Σ|x_i y_i| of the plain sum`, () => {
      const rng = new Rng(9000 + n);
      const x = Array.from({ length: n }, () => rng.gauss());
      const y = Float64Array.from({ length: n }, () => rng.gauss());
      let ref = 0;
      let absSum = 0;
      for (let i = 0; i < n; i++) {
        ref += x[i] * y[i];
        absSum += Math.abs(x[i] * y[i]);
      }
      expect(Math.abs(ir.dot(x, y) - ref)).toBeLessThanOrEqual(((2 * gamma(n)) / (1 - gamma(n))) * absSum);
    });
  }

  it('integer vectors give the exact value', () => {
    expect(ir.dot([1, 2, 3, 4, 5], [5, -4, 3, -2, 1])).toBe(3);
  });

  it('empty vectors give 0', () => {
    expect(ir.dot([], [])).toBe(0);
  });
});

describe('axpy', () => {
  it('updates y in place, returns y, leaves x alone (exact on small integers)', () => {
    const x = [1, 2, 3, 4, 5];
    const y = new Float64Array([10, 20, 30, 40, 50]);
    const r = ir.axpy(-2, x, y);
    expect(r).toBe(y);
    expect(Array.from(y)).toEqual([8, 16, 24, 32, 40]);
    expect(x).toEqual([1, 2, 3, 4, 5]);
  });

  for (const n of [1, 2, 3, 1001]) {
    it(`length ${n}: each entry within 2γ_2(|y| + |αx|) of y + αx`, () => {
      // y + αx is two roundings away from exact (γ_2) in the kernel and in the reference alike
      const rng = new Rng(9500 + n);
      const alpha = rng.gauss();
      const x = Float64Array.from({ length: n }, () => rng.gauss());
      const y0 = Float64Array.from({ length: n }, () => rng.gauss());
      const y = ir.axpy(alpha, x, Float64Array.from(y0));
      for (let i = 0; i < n; i++) {
        const ref = y0[i] + alpha * x[i];
        expect(Math.abs(y[i] - ref)).toBeLessThanOrEqual(2 * gamma(2) * (Math.abs(y0[i]) + Math.abs(alpha * x[i])));
      }
    });
  }
});
