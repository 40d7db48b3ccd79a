// Belabbas toolkit (src/theory/belabbas.ts, belabbas-metrics.ts) against Lemma 7's identities, the original flow
// (wasm gradientFlow vs the normal form integrated in plain TS and mapped back), Thm. 24's count 2^{q−i}·C(q, i)
// (indices computed from the vector field's Jacobian), Lemma 14/23 (Λ_v invariant; reduced = normal dynamics there),
// and the RelativeError behaviour of Fig. 4 and of a large spectral gap.
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientFlow, init, matrix, psdMeasurements, type Kernels, type Matrix } from '../../src/node.js';
import { factorPSD, normalForm, normalFormFlow, normalRhs, rankSpread, reducedCriticalPoints, reducedRhs, tameSpectrum } from '../../src/theory/belabbas.js';
import { belabbasExperiment, bottleneck, spectralRatio, traceBounds } from '../../src/theory/belabbas-metrics.js';
import { rk45Plain } from '../../src/kernels/plain/rk45.js';
import { Rng, gaussMatrix, mat, naiveMatmul, thrown } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const maxAbs = (a: ArrayLike<number>): number => Math.max(...Array.from(a, Math.abs));
const fro = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
const binom = (q: number, i: number): number => {
  let c = 1;
  for (let j = 0; j < i; j++) c = (c * (q - j)) / (j + 1);
  return c;
};

describe('normal form (Lemma 7, eq. 23–24)', () => {
  const op = () => psdMeasurements({ n: 8, ranks: [3, 2, 2], spectrum: [3, 2.5, 2, 1.5, 1.2, 1, 0.7], seed: 21 });

  it('PᵀA_iP = E_i, P·P⁻¹ = I, Q = BᵀB and the leading block of PᵀP is Q⁻¹ (to 1e-12)', () => {
    const o = op();
    const nf = normalForm(ir, o.A);
    const n = 8;
    // conditioning: κ(Q) = 3/0.7, entries O(1): products to ~1e-14, bound 1e-12
    const PPi = naiveMatmul(nf.P, nf.Pinv);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(PPi.data[i * n + j] - (i === j ? 1 : 0))).toBeLessThanOrEqual(1e-12);
    nf.blocks.forEach((blk, i) => {
      const E = naiveMatmul(naiveMatmul(nf.P, o.A[i], true), nf.P);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
        const want = a === b && blk.includes(a) ? 1 : 0;
        expect(Math.abs(E.data[a * n + b] - want)).toBeLessThanOrEqual(1e-12);
      }
    });
    const PtP = naiveMatmul(nf.P, nf.P, true);
    const QQi = naiveMatmul(nf.Q, nf.Qinv);
    for (let a = 0; a < 7; a++) for (let b = 0; b < 7; b++) {
      expect(Math.abs(PtP.data[a * n + b] - nf.Qinv.data[a * 7 + b])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(QQi.data[a * 7 + b] - (a === b ? 1 : 0))).toBeLessThanOrEqual(1e-12);
    }
    expect(Math.abs(PtP.data[7 * n + 7] - 1)).toBeLessThanOrEqual(1e-12);
  });

  it('the normal-form flow mapped back agrees with the original flow to 1e-8 (n = 8, ranks 3,2,2, U ∈ R^{8×2})', () => {
    const o = op();
    const nf = normalForm(ir, o.A);
    const y = [1.5, 0.8, 2.2];
    const U0 = gaussMatrix(new Rng(3), 8, 2, 0.3);
    const times = [0.5, 1, 2, 5];
    // both integrations at rtol 1e-12 (wasm RK45 in U, plain RK45 in x): each globally accurate to ~1e-10 relative
    const gf = gradientFlow(ir, { op: o, y, d: 2, init: { kind: 'given', U: U0 }, tMax: 5, tEval: times, rtol: 1e-12, atol: 1e-15, gtol: 0 });
    const back: Matrix[] = normalFormFlow(nf, y, U0, times);
    expect(gf.snapshots.length).toBe(4);
    let worst = 0;
    gf.snapshots.forEach((s, k) => {
      const d = s.U.data.map((v, i) => v - back[k].data[i]);
      worst = Math.max(worst, fro(d) / fro(s.U.data));
    });
    expect(worst).toBeLessThanOrEqual(1e-8);
    // and the flow moved: U(5) differs from U0 by O(1) relative
    expect(fro(gf.U.data.map((v, i) => v - U0.data[i])) / fro(U0.data)).toBeGreaterThan(0.1);
  });
});

describe('rank-spread and tame-spectrum tests', () => {
  it('rank spread holds for generic PSD measurements and fails for Σ r_i > n or dependent spans', () => {
    const o = psdMeasurements({ n: 5, ranks: [2, 2], spectrum: [2, 1, 1, 1], seed: 2 });
    expect(rankSpread(ir, o.A).holds).toBe(true);
    expect(rankSpread(ir, [o.A[0], o.A[0]]).holds).toBe(false); // span{B_1} = span{B_2}
    const G = gaussMatrix(new Rng(1), 3, 3);
    const full = naiveMatmul(G, G, false, true);
    const r = rankSpread(ir, [full, full]);
    expect(r.m).toBe(6);
    expect(r.holds).toBe(false);
  });

  it('{5, 1, 1, 1} is tame with α = 4, β = 1; {1, 1, 2, 2} and {3, 2, 1, 1} are not', () => {
    const t = tameSpectrum(ir, normalForm(ir, psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [5, 1, 1, 1], seed: 3 }).A));
    expect(t.tame).toBe(true);
    // Q = ZΛZᵀ built from the exact spectrum: eigenvalues to ~1e-15·5
    expect(Math.abs(t.alpha - 4)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(t.beta - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(fro(t.v) - 1)).toBeLessThanOrEqual(1e-14);
    for (const sp of [[1, 1, 2, 2], [3, 2, 1, 1]]) {
      expect(tameSpectrum(ir, normalForm(ir, psdMeasurements({ n: 4, ranks: [2, 2], spectrum: sp, seed: 3 }).A)).tame).toBe(false);
    }
  });

  it('factorPSD rejects an indefinite matrix and normalForm rejects a rank-spread failure', () => {
    expect(thrown(() => factorPSD(ir, [matrix(2, 2, [1, 0, 0, -1])])).message).toMatch(/positive semidefinite/);
    const o = psdMeasurements({ n: 4, ranks: [2], spectrum: [1, 1], seed: 1 });
    expect(thrown(() => normalForm(ir, [o.A[0], o.A[0]])).message).toMatch(/rank-spread/);
  });
});

describe('reduced dynamics (Lemma 23, Thm. 24)', () => {
  it('3^q critical points with Morse-index counts 2^{q−i}·C(q, i), q = 1…4', () => {
    const rng = new Rng(8);
    for (let q = 1; q <= 4; q++) {
      const vbar = Array.from({ length: q }, () => 0.2 + rng.uniform());
      const y = Array.from({ length: q }, () => 0.5 + 4 * rng.uniform());
      const { points, counts } = reducedCriticalPoints(ir, vbar, 2.5, 1, y);
      expect(points.length).toBe(3 ** q);
      for (const p of points) expect(p.residual).toBeLessThanOrEqual(1e-12 * (1 + Math.max(...y)) ** 2);
      for (let i = 0; i <= q; i++) expect(counts[i]).toBe(2 ** (q - i) * binom(q, i));
    }
  });

  it('Λ_v is invariant for the normal dynamics and there ż = −(αG + βI)F(z)z with z_i = λ_i‖v̄_i‖ (to 1e-9)', () => {
    const o = psdMeasurements({ n: 5, ranks: [2, 1, 2], spectrum: [4, 1, 1, 1, 1], seed: 9 });
    const nf = normalForm(ir, o.A);
    const t = tameSpectrum(ir, nf);
    expect(t.tame).toBe(true);
    const y = [1.2, 0.7, 2.0];
    const lam0 = [0.05, 0.08, 0.03];
    const x0 = new Float64Array(5);
    nf.blocks.forEach((blk, i) => blk.forEach((j) => (x0[j] = lam0[i] * t.v[j])));
    const xr = rk45Plain(normalRhs(nf, y, 1), x0, 0, 3, { rtol: 1e-12, atol: 1e-15 });
    const f = reducedRhs(t.vbar, t.alpha, t.beta, y);
    const z0 = lam0.map((l, i) => l * t.vbar[i]);
    const zr = rk45Plain((_t, z, dz) => dz.set(f(z)), z0, 0, 3, { rtol: 1e-12, atol: 1e-15 });
    nf.blocks.forEach((blk, i) => {
      // invariance: x stays Λv, one λ_i per block (v may vanish at some j inside a block: B_i is only defined up to
      // O(r_i)); λ_i read at the block's largest |v_j|; both integrations at rtol 1e-12 over O(1) dynamics
      const jmax = blk.reduce((a, j) => (Math.abs(t.v[j]) > Math.abs(t.v[a]) ? j : a));
      const li = xr.y[jmax] / t.v[jmax];
      for (const j of blk) expect(Math.abs(xr.y[j] - li * t.v[j])).toBeLessThanOrEqual(1e-9 * Math.abs(li));
      expect(Math.abs(li * t.vbar[i] - zr.y[i])).toBeLessThanOrEqual(1e-9 * Math.abs(zr.y[i]));
    });
    // and the dynamics went somewhere: z(3) is near the sink (√y_i)
    for (let i = 0; i < 3; i++) expect(Math.abs(Math.abs(zr.y[i]) - Math.sqrt(y[i]))).toBeLessThanOrEqual(0.2);
  });

  it('rejects non-positive y and β ≤ 0', () => {
    expect(thrown(() => reducedCriticalPoints(ir, [1], 1, 1, [0])).message).toMatch(/y must be positive/);
    expect(thrown(() => reducedCriticalPoints(ir, [1], 1, 0, [1])).message).toMatch(/beta > 0/);
  });
});

describe('RelativeError (eq. 39), SpectralRatio (eq. 40) and the rank-1 bottleneck', () => {
  it('SpectralRatio of diag(3, 1, 0) is 3/4; of I_4 is 1/4', () => {
    expect(spectralRatio(ir, matrix(3, 3, [3, 0, 0, 0, 1, 0, 0, 0, 0]))).toBeCloseTo(0.75, 15);
    expect(spectralRatio(ir, mat(4, 4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]))).toBeCloseTo(0.25, 15);
  });

  it('tame spectrum {20, 1, 1, 1} (gap 19): RelativeError ≤ 1e-3 at δ = 1e-10 on 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = belabbasExperiment(ir, { ranks: [2, 2], spectrum: [20, 1, 1, 1], seed, deltas: [1e-10] });
      expect(r.tame).toBe(true);
      expect(r.bounds.minStatus).toBe('optimal');
      expect(r.bounds.maxStatus).toBe('optimal');
      // K_min two ways (direct and in normal coordinates), both certified at 1e-9
      expect(Math.abs(r.bounds.kMin - r.bounds.kMinNormal)).toBeLessThanOrEqual(1e-7 * r.bounds.kMin);
      expect(r.rows[0].status).toBe('converged');
      // K from the flow (‖∇L‖ ≤ 1e-8) and K_min/K_max at SDP tolerance 1e-9: RelativeError known to ~1e-7 absolute
      expect(r.rows[0].relativeError).toBeGreaterThanOrEqual(-1e-6);
      expect(r.rows[0].relativeError).toBeLessThanOrEqual(1e-3);
    }
  });

  it('traceBounds runs its SDPs under the caller\'s budget: spent, they report status \'budget\' instead of running on', () => {
    const op = psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [20, 1, 1, 1], seed: 2 });
    const y = [1, 2];
    const b = traceBounds(ir, op.A, op, y);
    expect([b.minStatus, b.maxStatus]).toEqual(['optimal', 'optimal']);
    expect(b.kMin).toBeLessThanOrEqual(b.kMax);
    const spent = traceBounds(ir, op.A, op, y, { timeBudget: 1e-9 });
    expect([spent.minStatus, spent.maxStatus]).toEqual(['budget', 'budget']);
  });

  it('Fig. 4: {1,1,1,2} → RelativeError decreases to 0 with δ; {1,1,2,2} stays bounded away from 0 (6 seeds)', () => {
    const deltas = [1e-2, 1e-4, 1e-6, 1e-8, 1e-10];
    const mean = (sp: number[]) => {
      const acc = new Array<number>(deltas.length).fill(0);
      for (let seed = 1; seed <= 6; seed++) {
        const r = belabbasExperiment(ir, { ranks: [2, 2], spectrum: sp, seed, deltas });
        expect([r.bounds.minStatus, r.bounds.maxStatus]).toEqual(['optimal', 'optimal']);
        // every limit is feasible, so K_min ≤ K ≤ K_max (SDP values to ~1e-8 relative)
        for (const w of r.rows) {
          expect(w.K).toBeGreaterThanOrEqual(r.bounds.kMin * (1 - 1e-7));
          expect(w.K).toBeLessThanOrEqual(r.bounds.kMax * (1 + 1e-7));
        }
        if (sp[2] === 1) for (let i = 1; i < deltas.length; i++) expect(r.rows[i].relativeError).toBeLessThan(r.rows[i - 1].relativeError);
        r.rows.forEach((w, i) => (acc[i] += w.relativeError / 6));
      }
      return acc;
    };
    const tame = mean([1, 1, 1, 2]);
    const wild = mean([1, 1, 2, 2]);
    // tame: every seed decreases monotonically (checked above); the mean drops ~4× per 4 decades of δ here
    expect(tame[4]).toBeLessThanOrEqual(0.5 * tame[2]);
    expect(tame[4]).toBeLessThanOrEqual(5e-3);
    // non-tame: a minimum at some δ > 0, then it grows again (Belabbas Fig. 4); floor ≥ 5e-3 for δ ≤ 1e-4
    for (let i = 1; i < deltas.length; i++) expect(wild[i]).toBeGreaterThanOrEqual(5e-3);
    expect(wild[4]).toBeGreaterThan(wild[2]);
    expect(wild[4]).toBeGreaterThan(2 * tame[4]);
  });

  it('the rank-1 bottleneck: from δ = 1e-8 the flow passes a rank-1 X aligned with the top eigenvector of Σy_iA_i', () => {
    const o = psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [2, 1, 1, 1], seed: 5 });
    const y = [2.5, 1.5];
    const times = Array.from({ length: 40 }, (_, k) => 0.05 * 1.15 ** k);
    const fl = gradientFlow(ir, { op: o, y, init: { kind: 'gaussian', scale: 1e-4, seed: 3 }, tMax: times[39], tEval: times, rtol: 1e-10, atol: 1e-16, gtol: 0 });
    const rows = bottleneck(ir, o.A, y, [{ t: 0, U: gaussMatrix(new Rng(3), 4, 4) }, ...fl.snapshots]);
    expect(rows[0].spectralRatio).toBeLessThan(0.9); // a generic Gaussian start is not rank 1
    const best = rows.reduce((a, r) => (r.angle < a.angle ? r : a));
    // the ratio of the top two growth rates of U̇ ≈ (Σy_iA_i)U makes the other directions ≲ δ^{1−λ2/λ1} smaller
    expect(best.angle).toBeLessThanOrEqual(1e-2);
    expect(best.spectralRatio).toBeGreaterThanOrEqual(0.999);
    expect(best.epsRank).toBe(1);
  });
});
