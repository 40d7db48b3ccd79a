// The certified SDP solver (Wen–Goldfarb–Yin ADAL): certificates checked independently, exact recovery, a 3×3
// completion against its closed-form minimum, infeasible and unbounded problems, bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianSensing, identity, ImplicitRegError, init, lowRankPSD, matrix, measure, minNuclearNorm, minNuclearNormAsym, psdMeasurements, solveLP, solveSDP, uniformCompletion, type Kernels } from '../../src/node.js';
import { Rng } from '../../src/core/random.js';
import { commutativeInstance } from '../../src/theory/commutative.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

describe('certificates on Gaussian sensing', () => {
  for (const [n, m] of [[5, 12], [20, 80], [50, 300]]) {
    it(`n = ${n}, m = ${m}: λ_min(X) ≥ −tol, λ_min(I − A*(ν)) ≥ −tol, gap ≤ tol, residual ≤ tol (tol = 1e-8)`, () => {
      const op = gaussianSensing({ n, m, seed: 100 + n });
      const y = measure(op, lowRankPSD({ n, r: 2, seed: 200 + n }).X);
      const r = minNuclearNorm(ir, { A: op, y });
      expect(r.status).toBe('optimal');
      const tol = 1e-8;
      expect(r.certificate.minEigX).toBeGreaterThanOrEqual(-tol);
      expect(r.certificate.dualInfeasibility).toBeLessThanOrEqual(tol);
      expect(r.certificate.relativeGap).toBeLessThanOrEqual(tol);
      expect(r.certificate.primalResidual).toBeLessThanOrEqual(tol);
    });
  }
});

describe('exact recovery', () => {
  it('Gaussian sensing m = 3nr, rank-r X* (n = 20, r = 2): the minimizer equals X* to 1e-6 relative', () => {
    const n = 20;
    const op = gaussianSensing({ n, m: 3 * n * 2, seed: 1 });
    const { X: Xs } = lowRankPSD({ n, r: 2, seed: 2 });
    const r = minNuclearNorm(ir, { A: op, y: measure(op, Xs) });
    let e = 0;
    for (let i = 0; i < n * n; i++) e += (r.X.data[i] - Xs.data[i]) ** 2;
    expect(Math.sqrt(e)).toBeLessThanOrEqual(1e-6); // ‖X*‖_F = 1
  });
});

describe('uniform completion where recovery holds', () => {
  // n = 50, r = 2 (99 degrees of freedom): at m = 400 the minimum nuclear norm PSD completion is X* itself, so the
  // reference is exact: min tr X = tr X*. (At m = 300, seed 1, recovery fails — the optimum has rank 3 and
  // tr X < tr X* — and strict complementarity fails too: rank X + rank S ≈ 3 + 42 < 50, where ADMM converges only
  // sublinearly; see the report of the SDP convergence work. That case is not certified within 1e5 iterations.)
  it('n = 50, m = 400, rank-2 X*: optimal, certificate ≤ 1e-8, value = tr X* and X = X* to 1e-6', () => {
    const n = 50;
    const op = uniformCompletion({ n, m: 400, seed: 1 });
    const { X: Xs } = lowRankPSD({ n, r: 2, seed: 2 });
    const r = minNuclearNorm(ir, { A: op, y: measure(op, Xs) });
    expect(r.status).toBe('optimal');
    expect(r.certificate.primalResidual).toBeLessThanOrEqual(1e-8);
    expect(r.certificate.dualInfeasibility).toBeLessThanOrEqual(1e-8);
    expect(r.certificate.relativeGap).toBeLessThanOrEqual(1e-8);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += Xs.data[i * n + i];
    // tr X* ≈ 1.35: the relative gap and residual at 1e-8 bound the value error by a few 1e-8
    expect(Math.abs(r.value - tr)).toBeLessThanOrEqual(1e-7);
    let e = 0;
    for (let i = 0; i < n * n; i++) e += (r.X.data[i] - Xs.data[i]) ** 2;
    expect(Math.sqrt(e)).toBeLessThanOrEqual(1e-6); // ‖X*‖_F = 1; measured ≈ 1.2e-8
  });
});

describe('a 3×3 completion with a closed-form minimum', () => {
  it('observed X00 = 1, X11 = 1, X01 = 1 (X22 free): min trace = 2 with X22 = 0', () => {
    // [[1, 1, ·], [1, 1, ·], [·, ·, ·]]: the PSD completion of least trace sets X22 = X02 = X12 = 0
    const op = { kind: 'entry' as const, n: 3, m: 3, rows: Int32Array.from([0, 1, 0]), cols: Int32Array.from([0, 1, 1]) };
    const r = minNuclearNorm(ir, { A: op, y: [1, 1, 1] });
    expect(r.status).toBe('optimal');
    expect(Math.abs(r.value - 2)).toBeLessThanOrEqual(1e-7);
  });
});

describe('infeasible and unbounded problems are reported, never as a number', () => {
  it('2×2 with |X01| > sqrt(X00 X11): infeasible with an exact Farkas certificate (ε = 0), value NaN', () => {
    const op = { kind: 'entry' as const, n: 2, m: 3, rows: Int32Array.from([0, 0, 1]), cols: Int32Array.from([0, 1, 1]) };
    const r = minNuclearNorm(ir, { A: op, y: [0.1, 1, 0.1] });
    expect(r.status).toBe('infeasible');
    expect(r.evidence).toBe(0);
    expect(r.value).toBeNaN();
  });

  it('an observed diagonal entry −0.5: infeasible; evidence ε ≤ 1e-3 (any feasible X would need tr X ≥ 1/ε)', () => {
    const op = { kind: 'entry' as const, n: 3, m: 4, rows: Int32Array.from([0, 0, 1, 2]), cols: Int32Array.from([0, 1, 2, 2]) };
    const r = minNuclearNorm(ir, { A: op, y: [-0.5, 0.3, 0.2, 1] });
    expect(r.status).toBe('infeasible');
    expect(r.evidence).toBeLessThanOrEqual(1e-3);
    expect(r.value).toBeNaN();
  });

  it('inconsistent sensing (the same measurement matrix with two different values, scaled): infeasible', () => {
    // A_1 = E00, A_2 = 2·E00 with y = (1, 1): X00 = 1 and X00 = ½ — no X at all, PSD or not
    const P = 3;
    const packed = new Float64Array(2 * P);
    packed[0] = 1;
    packed[P] = 2;
    const r = minNuclearNorm(ir, { A: { kind: 'dense', n: 2, m: 2, packed }, y: [1, 1] });
    expect(r.status).toBe('infeasible');
    expect(r.evidence).toBe(0); // an exact certificate: a null vector v of AA* with yᵀv ≠ 0
    expect(r.value).toBeNaN();
    expect(r.X.data.every((v) => v === 0)).toBe(true);
  });

  it('redundant but consistent measurements are named as such', () => {
    const P = 3;
    const packed = new Float64Array(2 * P);
    packed[0] = 1;
    packed[P] = 2;
    expect(() => minNuclearNorm(ir, { A: { kind: 'dense', n: 2, m: 2, packed }, y: [1, 2] })).toThrowError(/redundant/);
  });

  it('max tr X with a free diagonal entry: unbounded, with evidence ⟨C, δX⟩ < 0 in the min form', () => {
    const op = { kind: 'entry' as const, n: 3, m: 4, rows: Int32Array.from([0, 0, 1, 2]), cols: Int32Array.from([0, 1, 2, 2]) };
    const r = solveSDP(ir, { C: identity(3), A: op, y: [0.8, -0.3, 0.5, 0.6], sense: 'max' });
    expect(r.status).toBe('unbounded');
    expect(r.evidence).toBeLessThan(0);
  });
});

describe('bad input', () => {
  const op = { kind: 'entry' as const, n: 2, m: 1, rows: Int32Array.from([0]), cols: Int32Array.from([0]) };
  it('C not symmetric', () => {
    expect(() => solveSDP(ir, { C: matrix(2, 2, [1, 1, 0, 1]), A: op, y: [1] })).toThrowError(/argument C must be symmetric/);
  });
  it('C of the wrong size', () => {
    expect(() => solveSDP(ir, { C: identity(3), A: op, y: [1] })).toThrowError(/argument C must be 2×2/);
  });
  it('y of the wrong length', () => {
    expect(() => solveSDP(ir, { C: identity(2), A: op, y: [1, 2] })).toThrowError(/argument y must have length 1/);
  });
  it('non-finite y', () => {
    expect(() => solveSDP(ir, { C: identity(2), A: op, y: [NaN] })).toThrowError(ImplicitRegError);
  });
  it('an entry observed twice with the same value is named (measurements 0 and 1)', () => {
    const dup = { kind: 'entry' as const, n: 2, m: 2, rows: Int32Array.from([0, 1]), cols: Int32Array.from([1, 0]) };
    expect(() => minNuclearNorm(ir, { A: dup, y: [1, 1] })).toThrowError(/observes the same entry twice \(measurements 0 and 1\)/);
  });
  it('an entry observed twice with different values is infeasible with an exact certificate', () => {
    const dup = { kind: 'entry' as const, n: 2, m: 2, rows: Int32Array.from([0, 0]), cols: Int32Array.from([1, 1]) };
    const r = minNuclearNorm(ir, { A: dup, y: [1, 0.5] });
    expect(r.status).toBe('infeasible');
    expect(r.evidence).toBe(0);
  });
});

describe('asymmetric minimum nuclear norm through the lift (C = ½I)', () => {
  it('full observation of a 4×3 X̃: the minimum equals the sum of singular values (from eigh of X̃ᵀX̃) to 1e-7', () => {
    const n1 = 4;
    const n2 = 3;
    const Xt = matrix(n1, n2, [0.3, -1.2, 0.5, 0.9, 0.1, -0.4, -0.7, 0.8, 0.2, 0.05, 0.6, -1.1]);
    const m = n1 * n2;
    const rows = new Int32Array(m);
    const cols = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      rows[i] = Math.floor(i / n2);
      cols[i] = i % n2;
    }
    const r = minNuclearNormAsym(ir, { A: { kind: 'entry-asym', n1, n2, m, rows, cols }, y: Xt.data });
    expect(r.status).toBe('optimal');
    const sv = ir.eigh(ir.matmul(Xt, Xt, { transA: true })).values.map((v) => Math.sqrt(Math.max(v, 0)));
    const nuclear = sv.reduce((a, b) => a + b, 0);
    // value accuracy ≈ tol·(1 + value) from the certificate's relative gap and residual
    expect(Math.abs(r.value - nuclear)).toBeLessThanOrEqual(1e-7 * (1 + nuclear));
    for (let i = 0; i < m; i++) expect(Math.abs(r.Xtilde.data[i] - Xt.data[i])).toBeLessThanOrEqual(1e-7);
  });
});

describe('the LP special case against enumeration of basic feasible solutions', () => {
  // min Σx s.t. Dx = y, x ≥ 0: every vertex is a basic feasible solution (m columns B with D_B x_B = y, x_B ≥ 0);
  // the optimum is the best vertex. Small m so all C(n, m) bases can be enumerated.
  function bfsOptimum(D: number[][], y: number[]): number {
    const m = D.length;
    const n = D[0].length;
    let best = Infinity;
    const solve2 = (B: number[]): number[] | null => {
      if (m === 1) return Math.abs(D[0][B[0]]) > 1e-14 ? [y[0] / D[0][B[0]]] : null;
      const [a, b] = B;
      const det = D[0][a] * D[1][b] - D[0][b] * D[1][a];
      if (Math.abs(det) < 1e-14) return null;
      return [(y[0] * D[1][b] - y[1] * D[0][b]) / det, (D[0][a] * y[1] - D[1][a] * y[0]) / det];
    };
    for (let a = 0; a < n; a++) {
      for (let b = m === 1 ? a : a + 1; b < (m === 1 ? a + 1 : n); b++) {
        const B = m === 1 ? [a] : [a, b];
        const xB = solve2(B);
        if (xB && xB.every((v) => v >= -1e-12)) best = Math.min(best, xB.reduce((s, v) => s + v, 0));
      }
    }
    return best;
  }
  const cases: Array<[number[][], number[]]> = [
    [[[1, 2, 3, 0.5]], [2]],
    [[[1, 2, 0.5, 1, 3], [0.5, -1, 2, 1, 1]], [1, 0.7]],
    [[[2, -1, 1, 0.3, 1.5], [1, 1, -0.5, 2, 0.2]], [0.9, 1.3]],
    [[[1, 0.2, 0.7, 2.5, 1.1, 0.4], [0.3, 1, 1.4, 0.2, 0.9, 2.2]], [1.5, 1.2]],
  ];
  cases.forEach(([D, y], idx) => {
    it(`case ${idx}: optimum equals the best basic feasible solution to 1e-7`, () => {
      const r = solveLP(ir, { D: matrix(D.length, D[0].length, D.flat()), y });
      expect(r.status).toBe('optimal');
      expect(r.x.every((v) => v >= -1e-9)).toBe(true);
      expect(Math.abs(r.value - bfsOptimum(D, y))).toBeLessThanOrEqual(1e-7);
    });
  });
});

// Regressions for μ that cycled forever: the old rule doubled/halved μ every 10 iterations by the residual ratio, and
// on these problems it switched between two values indefinitely (a limit cycle, never 'optimal'). See assembly/sdp.ts.
describe('penalty adaptation that settles (regressions: problems where μ cycled)', () => {
  // Vertex enumeration for min Σx s.t. Dx = y, x ≥ 0 with any m: each m-subset B with D_B non-singular gives
  // x_B = D_B⁻¹y (Gaussian elimination with partial pivoting); the optimum is the best feasible one.
  function vertexOptimum(D: Float64Array, m: number, n: number, y: ArrayLike<number>): number {
    let best = Infinity;
    const B = Array.from({ length: m }, (_, i) => i);
    for (;;) {
      const a = B.map((_, i) => [...B.map((k) => D[i * n + k]), y[i]]);
      let ok = true;
      for (let c = 0; c < m && ok; c++) {
        let p = c;
        for (let r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
        if (Math.abs(a[p][c]) < 1e-12) ok = false;
        else {
          [a[c], a[p]] = [a[p], a[c]];
          for (let r = 0; r < m; r++) {
            if (r === c) continue;
            const f = a[r][c] / a[c][c];
            for (let j = c; j <= m; j++) a[r][j] -= f * a[c][j];
          }
        }
      }
      if (ok) {
        const x = a.map((row, i) => row[m] / row[i]);
        if (x.every((v) => v >= -1e-12)) best = Math.min(best, x.reduce((s, v) => s + v, 0));
      }
      let i = m - 1;
      while (i >= 0 && B[i] === n - m + i) i--;
      if (i < 0) return best;
      B[i]++;
      for (let j = i + 1; j < m; j++) B[j] = B[j - 1] + 1;
    }
  }

  it('the LP of commutativeInstance(8, 3, 3): optimal, certificate ≤ 1e-9, value = best vertex to 1e-7 (was maxIter, residuals 2e-3)', () => {
    const { D, y } = commutativeInstance(8, 3, 3);
    const r = solveLP(ir, { D, y }, { tol: 1e-9 });
    expect(r.status).toBe('optimal');
    expect(r.certificate.primalResidual).toBeLessThanOrEqual(1e-9);
    expect(r.certificate.dualInfeasibility).toBeLessThanOrEqual(1e-9);
    expect(r.certificate.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(r.x.every((v) => v >= -1e-9)).toBe(true);
    // value ≈ 1.8: a relative gap and residual of 1e-9 leave the value within a few 1e-9 of the optimum
    expect(Math.abs(r.value - vertexOptimum(D.data, D.rows, D.cols, y))).toBeLessThanOrEqual(1e-7);
  });

  // max tr X s.t. ⟨A_i, X⟩ = y_i, X ⪰ 0 with A_i = B_iB_iᵀ and B = [B_1 B_2] square (4×4, invertible): with
  // X = B⁻ᵀX̄B⁻¹ the constraints are the block traces tr X̄_ii = y_i and tr X = ⟨M, X̄⟩, M = (BᵀB)⁻¹. Its dual
  // min y₁t₁ + y₂t₂ s.t. diag(t₁I, t₂I) ⪰ M has, for t₁ > λ_max(M₁₁), the least feasible
  // t₂(t₁) = λ_max(M₂₂ + M₂₁(t₁I − M₁₁)⁻¹M₁₂) (Schur complement), convex in t₁: a 1-D golden-section minimization,
  // independent of the SDP solver, gives the value.
  function maxTraceReference(B: Float64Array, y: number[]): number {
    const n = 4;
    const Q = new Float64Array(16);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = 0; a < n; a++) Q[i * n + j] += B[a * n + i] * B[a * n + j];
    // M = Q⁻¹ by Gauss–Jordan (Q is SPD, no pivoting needed)
    const aug = Array.from({ length: n }, (_, i) => [...Array.from({ length: n }, (_, j) => Q[i * n + j]), ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
    for (let c = 0; c < n; c++) {
      const p = aug[c][c];
      for (let j = 0; j < 2 * n; j++) aug[c][j] /= p;
      for (let r = 0; r < n; r++) if (r !== c) { const f = aug[r][c]; for (let j = 0; j < 2 * n; j++) aug[r][j] -= f * aug[c][j]; }
    }
    const M = (i: number, j: number): number => 0.5 * (aug[i][n + j] + aug[j][n + i]);
    const lmax2 = (a: number, b: number, d: number): number => 0.5 * (a + d) + Math.hypot(0.5 * (a - d), b);
    const l11 = lmax2(M(0, 0), M(0, 1), M(1, 1));
    const t2 = (t1: number): number => {
      // (t₁I − M₁₁)⁻¹ in closed form (2×2), then the Schur complement's λ_max
      const a = t1 - M(0, 0), b = -M(0, 1), d = t1 - M(1, 1);
      const det = a * d - b * b;
      const inv = [d / det, -b / det, -b / det, a / det];
      const S = [0, 0, 0, 0];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
        let s = M(2 + i, 2 + j);
        for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) s += M(2 + i, k) * inv[k * 2 + l] * M(l, 2 + j);
        S[i * 2 + j] = s;
      }
      return lmax2(S[0], 0.5 * (S[1] + S[2]), S[3]);
    };
    const f = (t1: number): number => y[0] * t1 + y[1] * t2(t1);
    // bracket: t₂ ≥ λ_max(M₂₂) and t₁ = t₂ = λ_max(M) is feasible, so t₁* ≤ ((y₁ + y₂)λ_max(M) − y₂λ_max(M₂₂))/y₁
    let lmaxM = 0;
    for (let i = 0; i < n; i++) lmaxM = Math.max(lmaxM, aug[i].slice(n).reduce((s, v) => s + Math.abs(v), 0)); // ≥ λ_max (row sums)
    let lo = l11 * (1 + 1e-12) + 1e-300;
    let hi = ((y[0] + y[1]) * lmaxM - y[1] * lmax2(M(2, 2), M(2, 3), M(3, 3))) / y[0];
    const g = (Math.sqrt(5) - 1) / 2;
    let c = hi - g * (hi - lo), d = lo + g * (hi - lo), fc = f(c), fd = f(d);
    for (let k = 0; k < 200; k++) {
      if (fc < fd) { hi = d; d = c; fd = fc; c = hi - g * (hi - lo); fc = f(c); }
      else { lo = c; c = d; fc = fd; d = lo + g * (hi - lo); fd = f(d); }
    }
    return Math.min(fc, fd);
  }

  it('max tr X on Belabbas instances (ranks [2, 2], spectrum [20, 1, 1, 1], seeds 1–20): all optimal, certificate ≤ 1e-9, value = the dual 1-D reference to 1e-7 (was 19 of 20 at maxIter)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const op = psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [20, 1, 1, 1], seed });
      const rng = new Rng(seed).fork(1);
      const y = [0, 1].map(() => 5 * (1 - rng.uniform())); // belabbasExperiment's draws
      const r = solveSDP(ir, { C: identity(4), A: op, y, sense: 'max' }, { tol: 1e-9 });
      expect(r.status, `seed ${seed}`).toBe('optimal');
      expect(r.certificate.primalResidual, `seed ${seed}`).toBeLessThanOrEqual(1e-9);
      expect(r.certificate.dualInfeasibility, `seed ${seed}`).toBeLessThanOrEqual(1e-9);
      expect(r.certificate.relativeGap, `seed ${seed}`).toBeLessThanOrEqual(1e-9);
      const ref = maxTraceReference(op.B.data, y);
      // values 2–15; relative gap and residual ≤ 1e-9 bound the error by ~1e-8, the golden section by ~1e-14
      expect(Math.abs(r.value - ref), `seed ${seed}`).toBeLessThanOrEqual(1e-7 * (1 + ref));
    }
  });
});
