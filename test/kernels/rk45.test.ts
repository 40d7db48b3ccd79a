// Dormand–Prince 5(4): the tableau itself, closed-form and cross-method trajectories, the error estimator,
// cost and bookkeeping, output times, and the stop conditions.
//
// Accuracy criterion for whole trajectories (stated once, used everywhere below): with atol = rtol·1e-3,
//   max_i |y_i − y_exact,i| / (atol + rtol·|y_exact,i|) < 5.
// The controller bounds the LOCAL error per step by ~1 in that scaled norm; on these non-expanding problems
// (decaying linear systems, the logistic equation) the global error stays within a small multiple of it over
// horizons of a few steps; over long horizons at loose rtol it accumulates (see the linear-system block).
import { beforeAll, describe, expect, it } from 'vitest';
import { init, type Kernels, type Matrix, type Rk45Result } from '../../src/node.js';
import { Rng, U, dopri5Reference, gamma, gaussMatrix, mat, naiveMatmul, scale } from '../support/helpers.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

/** Normwise variant for trajectories whose components cross zero: ‖y − y*‖∞ / (atol + rtol·‖y*‖∞). */
function normwiseError(y: ArrayLike<number>, exact: ArrayLike<number>, rtol: number, atol: number): number {
  let err = 0;
  let big = 0;
  for (let i = 0; i < exact.length; i++) {
    err = Math.max(err, Math.abs(y[i] - exact[i]));
    big = Math.max(big, Math.abs(exact[i]));
  }
  return err / (atol + rtol * big);
}

/** The trajectory criterion above (max over components). */
function scaledError(y: ArrayLike<number>, exact: ArrayLike<number>, rtol: number, atol: number): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(y[i] - exact[i]) / (atol + rtol * Math.abs(exact[i])));
  return worst;
}

const logisticExact = (t: number, y0: number, r: number, K: number): number => K / (1 + (K / y0 - 1) * Math.exp(-r * t));

// ------------------------------------------------------------------------------------------------
// The tableau

// Dormand & Prince 1980, Table 2 (also Hairer–Nørsett–Wanner I, Table 5.2), transcribed independently of
// assembly/rk45.ts: c, A (row 7 = b, FSAL), b (5th order), bh (embedded 4th order).
const DP = {
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  bh: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
};

/** Rooted trees up to the given order, each as the list of its children (Butcher 1963). */
interface Tree {
  order: number;
  children: Tree[];
}
function treesUpTo(maxOrder: number): Tree[] {
  const all: Tree[] = [{ order: 1, children: [] }];
  // multisets of already-built trees with total order `rem`, indices non-increasing (canonical)
  const multisets = (rem: number, maxIdx: number): number[][] => {
    if (rem === 0) return [[]];
    const out: number[][] = [];
    for (let i = maxIdx; i >= 0; i--) {
      if (all[i].order > rem) continue;
      for (const rest of multisets(rem - all[i].order, i)) out.push([i, ...rest]);
    }
    return out;
  };
  for (let n = 2; n <= maxOrder; n++) {
    const sets = multisets(n - 1, all.length - 1);
    for (const s of sets) all.push({ order: n, children: s.map((i) => all[i]) });
  }
  return all;
}

/** Σ_i w_i Φ_i(t) and Σ_i |w_i Φ_i(t)| (elementary weight, Butcher), with A the full 7×7 matrix. */
function elementaryWeight(t: Tree, w: number[], A: number[][], absolute: boolean): number {
  const phi = (tr: Tree): number[] =>
    A.map((_, i) => {
      let p = 1;
      for (const ch of tr.children) {
        const pc = phi(ch);
        let s = 0;
        for (let j = 0; j < A.length; j++) s += (absolute ? Math.abs(A[i][j]) : A[i][j]) * pc[j];
        p *= s;
      }
      return p;
    });
  const ph = phi(t);
  let s = 0;
  for (let i = 0; i < w.length; i++) s += (absolute ? Math.abs(w[i]) : w[i]) * ph[i];
  return s;
}
const density = (t: Tree): number => t.children.reduce((g, ch) => g * density(ch), t.order); // γ(t)

describe('rk45 tableau', () => {
  let tab: { c: number[]; a: number[][]; b: number[]; e: number[] };
  let A7: number[][]; // 7×7 stage matrix, row 7 = b (FSAL)
  beforeAll(() => {
    tab = ir.rk45Tableau();
    A7 = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => (i < 6 ? (tab.a[i][j] ?? 0) : tab.b[j])));
  });

  it('Σ b = 1', () => {
    // the seven weights are each rounded once and summed: |Σ − 1| ≤ 2γ_7 Σ|b|
    const s = tab.b.reduce((x, y) => x + y, 0);
    expect(Math.abs(s - 1)).toBeLessThanOrEqual(2 * gamma(7) * tab.b.reduce((x, y) => x + Math.abs(y), 0));
  });

  it('row sums of A equal c (rows 2–6; row 7 = b sums to c₇ = 1)', () => {
    for (let i = 1; i < 6; i++) {
      const row = tab.a[i];
      const s = row.reduce((x, y) => x + y, 0);
      const bound = 2 * gamma(row.length + 1) * row.reduce((x, y) => x + Math.abs(y), 0) + U * tab.c[i];
      expect(Math.abs(s - tab.c[i])).toBeLessThanOrEqual(bound);
    }
  });

  it('Σ e = 0 (e = b − b̂ and both weight sets sum to 1)', () => {
    const s = tab.e.reduce((x, y) => x + y, 0);
    expect(Math.abs(s)).toBeLessThanOrEqual(2 * gamma(7) * tab.e.reduce((x, y) => x + Math.abs(y), 0));
  });

  it('FSAL: b₇ = 0 and c₇ = 1 (the last stage is f(t + h, y_new), reused as the next first stage)', () => {
    expect(tab.b[6]).toBe(0);
    expect(tab.c[6]).toBe(1);
    expect(tab.c[5]).toBe(1);
  });

  it('c, A and b are the published Dormand–Prince values (same rational, same rounding)', () => {
    // each coefficient is p/q with p, q exact doubles: IEEE division rounds it identically on both sides
    expect(tab.c).toEqual(DP.c);
    for (let i = 0; i < 6; i++) expect(tab.a[i]).toEqual(DP.a[i]);
    expect(tab.b).toEqual(DP.b);
  });

  it('e = b − b̂ with the published 4th-order weights b̂', () => {
    for (let i = 0; i < 7; i++) {
      // b_i, b̂_i rounded once each, their difference once more; e_i rounded once
      expect(Math.abs(tab.e[i] - (DP.b[i] - DP.bh[i]))).toBeLessThanOrEqual(3 * U * (Math.abs(DP.b[i]) + Math.abs(DP.bh[i])));
    }
  });

  it('the tree generator yields 1, 1, 2, 4, 9 trees of orders 1–5', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const t of treesUpTo(5)) counts[t.order - 1]++;
    expect(counts).toEqual([1, 1, 2, 4, 9]);
  });

  it('b satisfies all 17 order conditions up to order 5: Σ b_i Φ_i(t) = 1/γ(t)', () => {
    // each elementary weight is a nested sum of ≤ 7⁴ products of ≤ 5 rounded coefficients, evaluated in
    // ≤ 40 floating-point steps per term: |computed − exact| ≤ γ_40 Σ|terms| + u/γ(t)
    for (const t of treesUpTo(5)) {
      const got = elementaryWeight(t, tab.b, A7, false);
      const bound = gamma(40) * elementaryWeight(t, tab.b, A7, true) + U / density(t);
      expect(Math.abs(got - 1 / density(t))).toBeLessThanOrEqual(bound);
    }
  });

  it('b̂ = b − e satisfies the 8 order conditions up to order 4 but not all of order 5', () => {
    const bh = tab.b.map((x, i) => x - tab.e[i]);
    let worst5 = 0;
    for (const t of treesUpTo(5)) {
      const got = elementaryWeight(t, bh, A7, false);
      const dev = Math.abs(got - 1 / density(t));
      if (t.order <= 4) {
        const bound = gamma(40) * elementaryWeight(t, bh, A7, true) + U / density(t) + 2 * U * elementaryWeight(t, tab.e, A7, true);
        expect(dev).toBeLessThanOrEqual(bound);
      } else {
        worst5 = Math.max(worst5, dev);
      }
    }
    // a genuine 4th-order method: some order-5 condition is missed by far more than rounding
    expect(worst5).toBeGreaterThan(1e-6);
  });
});

// ------------------------------------------------------------------------------------------------
// Trajectories

describe('rk45: closed forms', () => {
  // y_i(t) = e^{λ_i t} y_i(0)
  const lambda = [-2, -0.5, 0.3, -7];
  const y0 = [1, -3, 0.25, 2];
  const t1 = 4;
  const exact = y0.map((v, i) => v * Math.exp(lambda[i] * t1));

  for (const rtol of [1e-3, 1e-6, 1e-10]) {
    it(`diagonal system (kind 'diagonal'), rtol = ${rtol}: scaled global error < 5`, () => {
      const res = ir.rk45({ system: { kind: 'diagonal', lambda }, y0, t1, rtol, atol: rtol * 1e-3 });
      expect(res.status).toBe('done');
      expect(scaledError(res.y, exact, rtol, rtol * 1e-3)).toBeLessThan(5);
    });
  }

  it("diagonal system through kind 'linear' (M = diag λ), rtol = 1e-10: scaled global error < 5", () => {
    const M = mat(4, 4);
    lambda.forEach((l, i) => (M.data[i * 5] = l));
    const res = ir.rk45({ system: { kind: 'linear', M }, y0, t1, rtol: 1e-10, atol: 1e-13 });
    expect(scaledError(res.y, exact, 1e-10, 1e-13)).toBeLessThan(5);
  });

  // logistic: y(t) = K / (1 + (K/y0 − 1) e^{−rt}); components below, near and above K
  const r = 1.5;
  const K = 2;
  const ly0 = [0.1, 0.5, 3];
  for (const rtol of [1e-3, 1e-6, 1e-10]) {
    it(`logistic, rtol = ${rtol}: scaled global error < 5 at t = 10`, () => {
      const res = ir.rk45({ system: { kind: 'logistic', r, K }, y0: ly0, t1: 10, rtol, atol: rtol * 1e-3 });
      expect(res.status).toBe('done');
      expect(scaledError(res.y, ly0.map((v) => logisticExact(10, v, r, K)), rtol, rtol * 1e-3)).toBeLessThan(5);
    });
  }
});

describe('rk45: linear systems against expm(tM)·y0 (cross-method)', () => {
  // M1: symmetric part −(BBᵀ/4 + I/2) is negative definite, so every eigenvalue has Re < 0 (field of values)
  const rng = new Rng(900);
  const B = gaussMatrix(rng, 4, 4);
  const C = gaussMatrix(rng, 4, 4);
  const M1 = mat(4, 4);
  const BBt = naiveMatmul(B, B, false, true);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      M1.data[i * 4 + j] = -BBt.data[i * 4 + j] / 4 - (i === j ? 0.5 : 0) + (C.data[i * 4 + j] - C.data[j * 4 + i]) / 2;
    }
  }
  // M2: two lightly damped rotations (frequencies 2 and 1), rotation-like
  const M2 = mat(4, 4, [-0.1, 2, 0, 0, -2, -0.1, 0, 0, 0, 0, -0.05, 1, 0, 0, -1, -0.05]);
  const y0 = [1, -0.5, 0.25, 2];
  const t1 = 5;

  const reference = (M: Matrix, t: number): Float64Array => {
    // expm is accurate to ~1e-15 relative here (‖tM‖ ≲ 20, normal-ish): negligible next to rtol
    const E = ir.expm(scale(M, t));
    const y = new Float64Array(4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) y[i] += E.data[i * 4 + j] * y0[j];
    return y;
  };

  // The components of these oscillating systems cross zero (M1's third component passes −0.003 at t = 0.5),
  // where no local-error controller can promise componentwise relative accuracy: the tolerance a step used was
  // scaled by |y| at its start. The criterion here is therefore normwise, ‖y − y*‖∞ / (atol + rtol·‖y*‖∞) < 5
  // (componentwise, M1 at rtol = 1e-3 reads 9.3 at t = 1 — all of it in the component at its zero crossing).
  for (const [name, M] of [['M1 (Re λ < 0)', M1], ['M2 (damped rotations)', M2]] as Array<[string, Matrix]>) {
    for (const rtol of [1e-3, 1e-6, 1e-10]) {
      it(`${name}, rtol = ${rtol}: normwise scaled global error < 5`, () => {
        const res = ir.rk45({ system: { kind: 'linear', M }, y0, t1, rtol, atol: rtol * 1e-3 });
        expect(res.status).toBe('done');
        expect(normwiseError(res.y, reference(M, t1), rtol, rtol * 1e-3)).toBeLessThan(5);
      });
    }
  }

  it('M1 at intermediate output times (tEval), rtol = 1e-8', () => {
    const tEval = [0.5, 1, 2.25, 4];
    const res = ir.rk45({ system: { kind: 'linear', M: M1 }, y0, t1, rtol: 1e-8, atol: 1e-11, tEval });
    for (let k = 0; k < tEval.length; k++) {
      expect(scaledError(res.yEval!.data.subarray(k * 4, k * 4 + 4), reference(M1, tEval[k]), 1e-8, 1e-11)).toBeLessThan(5);
    }
  });
});

describe('rk45: step for step against a plain-TS Dormand–Prince (SciPy RK45 algorithm, test/helpers.ts)', () => {
  // Same method, same controller: the same sequence of accepted and rejected steps (so identical steps,
  // rejected and nfev), and states that differ only by summation order inside a step (a few u per step,
  // ≤ 2000 steps on non-expanding problems: ≤ 1e-12 relative to |y| + atol).
  const rng = new Rng(901);
  const G = gaussMatrix(rng, 5, 5, 0.5);
  const M = mat(5, 5);
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) M.data[i * 5 + j] = G.data[i * 5 + j] - G.data[j * 5 + i] - (i === j ? 0.3 : 0);
  const y0 = [1, 0.5, -1, 2, 0.1];
  const linear = (t: number, y: Float64Array) => {
    const d = new Float64Array(5);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) d[i] += M.data[i * 5 + j] * y[j];
    return d;
  };
  const cases: Array<[string, () => Rk45Result, () => ReturnType<typeof dopri5Reference>, number]> = [];
  for (const rtol of [1e-3, 1e-6, 1e-10]) {
    const atol = rtol * 1e-3;
    cases.push([
      `linear 5×5 (skew − 0.3 I), rtol = ${rtol}`,
      () => ir.rk45({ system: { kind: 'linear', M }, y0, t1: 6, rtol, atol }),
      () => dopri5Reference(linear, 0, y0, 6, rtol, atol),
      atol,
    ]);
    cases.push([
      `logistic r = 1.5, K = 2, rtol = ${rtol}`,
      () => ir.rk45({ system: { kind: 'logistic', r: 1.5, K: 2 }, y0: [0.1, 0.5, 3], t1: 10, rtol, atol }),
      () => dopri5Reference((t, y) => y.map((v) => 1.5 * v * (1 - v / 2)), 0, [0.1, 0.5, 3], 10, rtol, atol),
      atol,
    ]);
  }
  cases.push([
    'diagonal λ = (−200, −1), rtol = 1e-3 (many rejections)',
    () => ir.rk45({ system: { kind: 'diagonal', lambda: [-200, -1] }, y0: [1, 1], t1: 1, rtol: 1e-3, atol: 1e-6 }),
    () => dopri5Reference((t, y) => Float64Array.from([-200 * y[0], -y[1]]), 0, [1, 1], 1, 1e-3, 1e-6),
    1e-6,
  ]);
  cases.push([
    'logistic backwards 3 → 0, rtol = 1e-8',
    () => ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.4], t0: 3, t1: 0, rtol: 1e-8, atol: 1e-11 }),
    () => dopri5Reference((t, y) => y.map((v) => v * (1 - v)), 3, [0.4], 0, 1e-8, 1e-11),
    1e-11,
  ]);

  for (const [name, kernel, reference, atol] of cases) {
    it(`${name}: same steps, rejected, nfev; y to 1e-12`, () => {
      const a = kernel();
      const b = reference();
      expect(b.ok).toBe(true);
      expect([a.steps, a.rejected, a.nfev]).toEqual([b.steps, b.rejected, b.nfev]);
      expect(a.t).toBe(b.t);
      for (let i = 0; i < b.y.length; i++) expect(Math.abs(a.y[i] - b.y[i])).toBeLessThanOrEqual(1e-12 * (Math.abs(b.y[i]) + atol));
    });
  }
});

// ------------------------------------------------------------------------------------------------
// The embedded error estimate (one uncontrolled step, rk45Step)

describe('rk45Step: the error estimate', () => {
  // Sweep of small steps on the logistic equation (r = K = 1, y(0) = 0.2): y5 is the propagated 5th-order
  // solution, err = y5 − y4 the estimate, y4 = y5 − err the embedded 4th-order solution.
  // As h → 0: y_exact − y5 = O(h⁶), err = O(h⁵), so y_exact − y4 = err + O(h⁶) ≈ err.
  const hs = [0.2, 0.1, 0.05, 0.025];
  const y0 = 0.2;
  const run = () =>
    hs.map((h) => {
      const s = ir.rk45Step({ kind: 'logistic', r: 1, K: 1 }, 0, [y0], h);
      const exact = logisticExact(h, y0, 1, 1);
      const y5 = s.y[0];
      const err = s.err[0];
      return { h, e5: exact - y5, err, e4: exact - (y5 - err) };
    });

  it('the estimate bounds the true error of the propagated (5th-order) solution: |y − y5| ≤ |err|', () => {
    for (const { e5, err } of run()) expect(Math.abs(e5)).toBeLessThanOrEqual(Math.abs(err));
  });

  it('the estimate matches the true error of the 4th-order solution within a factor 1.5 (→ 1 as h → 0)', () => {
    for (const { e4, err } of run()) {
      expect(e4 / err).toBeGreaterThan(1 / 1.5);
      expect(e4 / err).toBeLessThan(1.5);
    }
  });

  it('|e4/err − 1| shrinks with h (it is O(h))', () => {
    const dev = run().map(({ e4, err }) => Math.abs(e4 / err - 1));
    for (let i = 1; i < dev.length; i++) expect(dev[i]).toBeLessThan(dev[i - 1]);
  });

  it('observed orders: err ~ h⁵ and y − y5 ~ h⁶ (log₂ of successive ratios within ±0.5)', () => {
    const r = run();
    for (let i = 1; i < r.length; i++) {
      expect(Math.log2(r[i - 1].err / r[i].err)).toBeGreaterThan(4.5);
      expect(Math.log2(r[i - 1].err / r[i].err)).toBeLessThan(5.5);
      expect(Math.log2(r[i - 1].e5 / r[i].e5)).toBeGreaterThan(5.5);
      expect(Math.log2(r[i - 1].e5 / r[i].e5)).toBeLessThan(6.5);
    }
  });

  it('on a diagonal linear system each component of the estimate bounds that component of y − y5', () => {
    const lambda = [-1, -3, 2];
    const yy = [1, 0.5, -2];
    for (const h of hs) {
      const s = ir.rk45Step({ kind: 'diagonal', lambda }, 0, yy, h);
      for (let i = 0; i < 3; i++) {
        const exact = yy[i] * Math.exp(lambda[i] * h);
        expect(Math.abs(exact - s.y[i])).toBeLessThanOrEqual(Math.abs(s.err[i]));
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Cost, bookkeeping, output times, stop conditions

describe('rk45: cost and bookkeeping', () => {
  const identity = (r: Rk45Result, extra: number) => r.nfev === 6 * (r.steps + r.rejected) + extra;

  it('logistic 0 → 10 at rtol 1e-6 costs fewer than 500 RHS evaluations', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol: 1e-6 });
    expect(res.status).toBe('done');
    expect(res.nfev).toBeLessThan(500);
  });

  it('nfev = 6·(steps + rejected) + 2 (FSAL: 6 new stages per attempt; +1 initial f, +1 for Hairer’s h₀)', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol: 1e-6 });
    expect(identity(res, 2)).toBe(true);
  });

  it('the identity also holds on a run with rejected steps', () => {
    // λ = −200 puts the step at the stability boundary, where the controller rejects repeatedly
    const res = ir.rk45({ system: { kind: 'diagonal', lambda: [-200, -1] }, y0: [1, 1], t1: 1, rtol: 1e-3, atol: 1e-6 });
    expect(res.rejected).toBeGreaterThan(0);
    expect(identity(res, 2)).toBe(true);
  });

  it('with a user h0 there is no initial-step evaluation: nfev = 6·(steps + rejected) + 1', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol: 1e-6, h0: 0.01 });
    expect(identity(res, 1)).toBe(true);
  });

  it('hMax caps the step: at least |t1 − t0|/hMax steps', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol: 1e-3, hMax: 0.1 });
    expect(res.status).toBe('done');
    expect(res.steps).toBeGreaterThanOrEqual(100);
  });
});

describe('rk45: output times', () => {
  it('steps land exactly on tEval: for y₁′ = y₂, y₂′ = 0 (y₁ = t under RK, a polynomial) yEval reproduces the times', () => {
    // RK is exact on a linear-in-t solution, so y₁ at an output equals the time the integrator stood at,
    // up to the rounding of the step sums (≲ steps·u·t ≈ 1e-15); interpolation or overshoot would be O(h)
    const tEval = [0.1, 0.37, 1.234, 2.5];
    const res = ir.rk45({ system: { kind: 'linear', M: mat(2, 2, [0, 1, 0, 0]) }, y0: [0, 1], t1: 3, tEval });
    expect(res.evaluated).toBe(4);
    for (let k = 0; k < 4; k++) expect(Math.abs(res.yEval!.data[2 * k] - tEval[k])).toBeLessThanOrEqual(1e-13);
  });

  it('the final time is t1 exactly', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 0.7, rtol: 1e-6 });
    expect(res.t).toBe(0.7);
  });

  it('logistic yEval rows agree with the closed form (criterion < 5), a row at t0 is y0 itself', () => {
    const tEval = [0, 0.3, 1.7, 2, 5.55, 9.9];
    const rtol = 1e-8;
    const y0 = [0.1, 3];
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 2 }, y0, t1: 10, rtol, atol: rtol * 1e-3, tEval });
    expect(res.evaluated).toBe(tEval.length);
    expect(Array.from(res.yEval!.data.subarray(0, 2))).toEqual(y0);
    for (let k = 1; k < tEval.length; k++) {
      const exact = y0.map((v) => logisticExact(tEval[k], v, 1, 2));
      expect(scaledError(res.yEval!.data.subarray(2 * k, 2 * k + 2), exact, rtol, rtol * 1e-3)).toBeLessThan(5);
    }
  });
});

describe('rk45: stop conditions and direction', () => {
  it("ftol: a decaying linear system stops with status 'ftol' once ‖f(t, y)‖₂ ≤ ftol", () => {
    const lambda = [-1, -2];
    const res = ir.rk45({ system: { kind: 'diagonal', lambda }, y0: [1, 1], t1: 100, rtol: 1e-8, atol: 1e-11, ftol: 1e-6 });
    expect(res.status).toBe('ftol');
    expect(res.fNorm).toBeLessThanOrEqual(1e-6);
    // it stops at the crossing (‖f‖ ≈ e^{−t} reaches 1e-6 near t = 13.8), not at t1
    expect(res.t).toBeGreaterThan(13);
    expect(res.t).toBeLessThan(100);
    // the reported ‖f‖ is that of the returned state
    const f = Math.hypot(lambda[0] * res.y[0], lambda[1] * res.y[1]);
    expect(Math.abs(res.fNorm - f)).toBeLessThanOrEqual(4 * U * f);
  });

  it('backwards integration (t1 < t0) reaches t1 and matches the closed form', () => {
    const rtol = 1e-8;
    const y3 = logisticExact(3, 0.1, 1, 1);
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [y3], t0: 3, t1: 0, rtol, atol: rtol * 1e-3 });
    expect(res.status).toBe('done');
    expect(res.t).toBe(0);
    expect(scaledError(res.y, [0.1], rtol, rtol * 1e-3)).toBeLessThan(5);
  });

  it('backwards with tEval (decreasing times) fills every row', () => {
    const tEval = [2.5, 1, 0.25];
    const lambda = [-0.5];
    const res = ir.rk45({ system: { kind: 'diagonal', lambda }, y0: [1], t0: 3, t1: 0, rtol: 1e-8, atol: 1e-11, tEval });
    expect(res.evaluated).toBe(3);
    for (let k = 0; k < 3; k++) {
      expect(scaledError([res.yEval!.data[k]], [Math.exp(-0.5 * (tEval[k] - 3))], 1e-8, 1e-11)).toBeLessThan(5);
    }
  });

  it("maxSteps small → status 'maxSteps' with exactly that many steps, short of t1", () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol: 1e-10, maxSteps: 3 });
    expect(res.status).toBe('maxSteps');
    expect(res.steps).toBe(3);
    expect(res.t).toBeLessThan(10);
  });

  it('the state returned at a maxSteps stop is the solution at the time reached', () => {
    const rtol = 1e-10;
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1], t1: 10, rtol, atol: rtol * 1e-3, maxSteps: 5 });
    expect(scaledError(res.y, [logisticExact(res.t, 0.1, 1, 1)], rtol, rtol * 1e-3)).toBeLessThan(5);
  });

  it('finite-time blow-up (logistic with y0 < 0, pole at t = ln 11) ends with a failure status before the pole', () => {
    const res = ir.rk45({ system: { kind: 'logistic', r: 1, K: 1 }, y0: [-0.1], t1: 5 });
    expect(['stepTooSmall', 'nonFinite']).toContain(res.status);
    expect(res.t).toBeLessThanOrEqual(Math.log(11) * (1 + 1e-6));
  });
});
