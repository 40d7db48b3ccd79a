// The census (src/grid/census.ts, assembly/grid/census.ts): stable ids, the 3×3 grid through the general enumerator
// bit for bit, feasibility / borderline / minimum trace by the SDP path against the 3×3 closed forms and against the
// package's general SDP solver, the 4×4 flow against the general flow, independence from how ranges are split.
import { beforeAll, describe, expect, it } from 'vitest';
import { completion3, GRID_VALUES } from '../../src/grid/completion3.js';
import {
  CENSUS_FIELDS, CENSUS_STATUS, censusDefaults, censusInitialU, censusInstance, censusLayout, censusRange, completionLambdaStar, gridValues,
  censusSweep, runCensus, FIVE_VALUES,
} from '../../src/grid/census.js';
import { mergeTallies, sweepOutcome, tallyRecords, tallySize } from '../../src/grid/census-summary.js';
import { GRID_FIELDS, gridInitialU, runGrid3 } from '../../src/grid/grid3.js';
import { entryIndex } from '../../src/grid/masks.js';
import { matrix, type Matrix } from '../../src/core/matrix.js';
import { gradientFlow, init, minNuclearNorm, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

const rec = (r: Float64Array, q: number, a: number, na: number) => r.subarray((q * na + a) * CENSUS_FIELDS, (q * na + a + 1) * CENSUS_FIELDS);
const P3 = { n: 3, values: gridValues(10), k: [4], masks: 'all' as const };

describe('census ids', () => {
  it('blocks by k: offset(k) = Σ_{k′<k} M(k′)·V^{k′} — the first 4×4 id with k = 4 is 1 + 2·5 + 5·25 + 11·125 = 1511', () => {
    const L = censusLayout(4, 5, 'orbits');
    expect(L.blocks.map((b) => b.count)).toEqual([1, 2, 5, 11, 17, 18, 17, 11, 5, 2, 1]);
    expect(L.blocks[4].offset).toBe(1511);
    expect(censusRange({ alphas: [1] })).toEqual([1511, 1511 + 17 * 625 + 18 * 3125 + 17 * 5 ** 6 + 11 * 5 ** 7 + 5 * 5 ** 8]);
  });

  it('the issue\'s instance counts: 265 625 / 859 375 / 1 953 125 with 5 values, 1.7·10⁷ / 1.1·10⁸ with 10 (k = 6, 7, 8)', () => {
    const L5 = censusLayout(4, 5, 'orbits');
    expect([6, 7, 8].map((k) => L5.blocks[k].count * L5.blocks[k].Vk)).toEqual([265_625, 859_375, 1_953_125]);
    const [lo, hi] = censusRange({ alphas: [1], values: gridValues(10), k: [6, 7] });
    expect(hi - lo).toBe(17e6 + 11e7);
  });

  it('id = offset(k) + rank·V^k + Σ_q d_q·V^(k−1−q), first observed entry slowest; ids do not depend on the k selected', () => {
    const o = { alphas: [1], k: [6, 7] };
    const L = censusLayout(4, 5, 'orbits');
    for (const id of [68_386, 68_387, 100_000, 333_999, 1_193_385]) {
      const a = censusInstance(o, id);
      const b = censusInstance({ alphas: [1] }, id);
      expect(a).toEqual(b);
      const blk = L.blocks[a.k];
      expect(blk.offset + a.rank * blk.Vk + a.digits.reduce((s, d) => s * 5 + d, 0)).toBe(id);
      expect(a.values).toEqual(a.digits.map((d) => FIVE_VALUES[d]));
      expect(a.entries).toEqual(a.mask.map((e) => (e < 4 ? [e, e] : [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]][e - 4])));
    }
    expect(censusRange(o)).toEqual([68_386, 1_193_386]);
    expect(censusInstance(o, 68_386)).toMatchObject({ k: 6, rank: 0, local: 0, digits: [0, 0, 0, 0, 0, 0] });
    expect(censusInstance(o, 68_387).digits).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('values: (2j − (V − 1))/(V − 1), one correctly rounded division; V = 10 is docs/algorithms/grid.md\'s grid', () => {
    expect(gridValues(5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(gridValues(10)).toEqual(GRID_VALUES);
    expect(gridValues(10).map((v, j) => v + gridValues(10)[9 - j])).toEqual(new Array(10).fill(0));
  });

  it('options are validated with messages naming them', () => {
    expect(() => censusDefaults({ alphas: [1], n: 5 })).toThrow(/options\.n must be 3 or 4/);
    expect(() => censusDefaults({ alphas: [1], k: [4, 6] })).toThrow(/options\.k must be ascending consecutive integers in \[1, 10\]/);
    expect(() => censusDefaults({ alphas: [1], values: [0, 0.5, 0] })).toThrow(/options\.values must be distinct/);
    expect(() => censusDefaults({ alphas: [1], masks: 'some' as 'all' })).toThrow(/options\.masks must be 'orbits' or 'all'/);
    expect(() => censusDefaults({ alphas: [-1] })).toThrow(/censusDefaults: argument options\.alphas\[0\] must be/);
    expect(() => censusDefaults({ alphas: Array(256).fill(1) })).toThrow(/options\.alphas must be 1 to 255/);
    expect(() => censusDefaults({ alphas: [1], sdpTol: 0 })).toThrow(/options\.sdpTol must be in \(0, 1\)/);
    expect(() => runCensus(ir, 0, 10, { alphas: [1] })).toThrow(/runCensus: arguments start, count must select ids within \[1511, 3146511\)/);
    expect(() => censusInstance({ alphas: [1] }, -1)).toThrow(/censusInstance: argument id must be an integer/);
    // found by the fuzz suite: a null field took its default, a wasm-saturated iteration cap, an unchecked layout, the
    // sweep's id reported as runCensus's start, a Matrix read field by field, a tally from a non-numeric start
    expect(() => censusDefaults({ alphas: [1], n: null as unknown as number })).toThrow(/options\.n must not be null/);
    expect(() => censusDefaults({ alphas: [1], sdpMaxIter: 2 ** 32 + 3 })).toThrow(/options\.sdpMaxIter must be an integer ≥ 1 and ≤ 2³¹ − 1/);
    expect(() => censusLayout(4, NaN, 'orbits')).toThrow(/censusLayout: argument V must be an integer/);
    expect(() => censusLayout(4, 5, 'bogus' as 'all')).toThrow(/censusLayout: argument masks must be 'orbits' or 'all'/);
    expect(() => censusLayout(4, 100, 'orbits')).toThrow(/V = 100 values .* more than 2\^53/);
    expect(() => censusSweep(ir, { alphas: [1], k: [4] }, 3, [1e-3])).toThrow(/censusSweep: argument id must be an integer ≥ 1511 and ≤ 12135, got 3/);
    expect(() => completionLambdaStar(ir, null as unknown as Matrix)).toThrow(/completionLambdaStar: argument known must be a Matrix/);
    expect(() => tallyRecords({ alphas: [1], k: [4] }, '1511' as unknown as number, new Float64Array(12))).toThrow(/tallyRecords: argument start must be an integer/);
    expect(() => mergeTallies({ alphas: [1], k: [4] }, [new Float64Array(tallySize({ alphas: [1], k: [4] })).fill(NaN)])).toThrow(/mergeTallies: argument tallies\[0\] must be finite/);
    expect(() => sweepOutcome([{ id: 1, alpha: 0.1, delta: NaN, status: 0 }])).toThrow(/sweepOutcome: argument rows\[0\]\.delta must be a finite number/);
    expect(sweepOutcome([{ id: 1, alpha: 0.1, delta: NaN, status: CENSUS_STATUS.diverged }]).unfinished).toBe(1);
  });
});

describe('the 3×3 grid through the census', () => {
  it('all 150 000 instances: records equal grid3\'s bit for bit (flows to t = 1e-3: the exact part and the first steps)', () => {
    const [lo] = censusRange(P3);
    const o = { ...P3, alphas: [1e-3, 1], tMax: 1e-3 };
    for (let s = 0; s < 150_000; s += 50_000) {
      const g = runGrid3(ir, s, 50_000, o);
      const c = runCensus(ir, lo + s, 50_000, o);
      let diff = 0;
      for (let i = 0; i < 100_000; i++) for (let f = 0; f < GRID_FIELDS; f++) if (!Object.is(g[i * GRID_FIELDS + f], c[i * CENSUS_FIELDS + f])) diff++;
      expect(diff, `instances ${s} …`).toBe(0);
    }
  });

  it('whole flows (default tolerances and stopping rule) on 3 × 150 instances × 3 α: records equal grid3\'s bit for bit', () => {
    const [lo] = censusRange(P3);
    const o = { ...P3, alphas: [1e-5, 1e-3, 1] };
    for (const s of [5_000, 95_000, 131_000]) {
      const g = runGrid3(ir, s, 150, o);
      const c = runCensus(ir, lo + s, 150, o);
      for (let i = 0; i < 450; i++) for (let f = 0; f < GRID_FIELDS; f++) expect(Object.is(g[i * GRID_FIELDS + f], c[i * CENSUS_FIELDS + f]), `instance ${s + Math.floor(i / 3)} field ${f}`).toBe(true);
    }
  });

  it('U0 is grid3\'s: keyed by the local id (the 3×3 grid\'s instance id)', () => {
    const [lo] = censusRange(P3);
    for (const id of [0, 95_025, 149_999]) {
      expect(Array.from(censusInitialU(ir, { ...P3, alphas: [1] }, lo + id, 1, 1e-3).data)).toEqual(Array.from(gridInitialU(ir, 0, id, 1, 1e-3).data));
    }
  });
});

describe('feasibility, borderline and minimum trace by the SDP path', () => {
  it('λ* of the pattern analysis equals the 3×3 closed forms\' on 4000 instances (10 and 5 values)', () => {
    let checked = 0;
    for (const values of [gridValues(10), FIVE_VALUES as number[]]) {
      const o = { ...P3, values, alphas: [1] };
      const [lo, hi] = censusRange(o);
      for (let id = lo; id < hi; id += Math.floor((hi - lo) / 2000)) {
        const inst = censusInstance(o, id);
        const known = matrix(3, 3, new Float64Array(9).fill(NaN));
        inst.entries.forEach(([i, j], q) => { known.data[i * 3 + j] = known.data[j * 3 + i] = inst.values[q]; });
        const ex = completion3(inst.mask, inst.values);
        const got = completionLambdaStar(ir, known);
        if (Number.isFinite(ex.lambdaStar)) expect(Math.abs(got.lambdaStar - ex.lambdaStar), `instance ${id}`).toBeLessThanOrEqual(1e-13);
        else expect(got.lambdaStar).toBe(ex.lambdaStar);
        // the closed forms call every zero-diagonal corner unattained; they decide attainment when they find a minimum
        if (ex.feasible && Number.isFinite(ex.minTrace)) expect(got.attained, `instance ${id}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3900);
  });

  it('3×3 instances embedded as 4×4 with a free fourth index: feasible, borderline, λ*, attainment and tr X_min (certified SDP) equal the closed forms', () => {
    // the fourth index is unobserved: its row is free, so the 4×4 minimum is the 3×3 one with X_33 = 0; the census runs
    // these through the SDP path (free diagonal), runs of ten instances every 70 of the 15 masks inside {0, 1, 2}
    const o = { n: 4, values: gridValues(10), k: [4], masks: 'all' as const, alphas: [1], tMax: 1e-9 };
    const L = censusLayout(4, 10, 'all');
    const inner = [0, 1, 2, 4, 5, 7]; // 4×4 entry indices of (0,0), (1,1), (2,2), (0,1), (0,2), (1,2)
    const ranks = L.blocks[4].masks.map((m, r) => [m, r] as const).filter(([m]) => m.every((e) => inner.includes(e)));
    expect(ranks.length).toBe(15);
    let feasible = 0, borderline = 0, compared = 0;
    for (const [m, r] of ranks) {
      const first = L.blocks[4].offset + r * 10_000;
      const m3 = m.map((e) => inner.indexOf(e)); // the same entries in the 3×3 order
      // runs of ten: one whole warm-start chain (the last value) each
      for (let d0 = 0; d0 < 10_000; d0 += 70) {
        const rr = runCensus(ir, first + d0, 10, o);
        for (let d = d0; d < d0 + 10; d++) {
          const digits = [Math.floor(d / 1000), Math.floor(d / 100) % 10, Math.floor(d / 10) % 10, d % 10];
          const ex = completion3(m3, digits.map((q) => GRID_VALUES[q]));
          const f = rec(rr, d - d0, 0, 1);
          expect(f[0] === 1, `mask ${r}, digits ${digits}`).toBe(ex.feasible);
          expect(f[1] === 1, `mask ${r}, digits ${digits}`).toBe(ex.borderline);
          expect(Math.abs(f[8] - ex.lambdaStar)).toBeLessThanOrEqual(1e-13);
          if (!ex.feasible) { expect(f[5]).toBe(CENSUS_STATUS.infeasible); continue; }
          feasible++;
          if (ex.borderline) borderline++;
          if (!Number.isFinite(ex.minTrace)) { expect(f[5]).toBe(CENSUS_STATUS.unattained); continue; }
          expect(f[5]).not.toBe(CENSUS_STATUS.uncertified);
          expect(Math.abs(f[2] - ex.minTrace), `mask ${r}, digits ${digits}`).toBeLessThanOrEqual(1e-7 * ex.minTrace);
          expect(Math.max(f[9], f[10], f[11])).toBeLessThanOrEqual(1e-8); // the certificate
          compared++;
        }
      }
    }
    expect(feasible).toBeGreaterThan(1500);
    expect(borderline).toBeGreaterThanOrEqual(0);
    expect(compared).toBe(feasible);
  });

  it('λ* on the 4-cycle equals a dense scan of the missing chord', () => {
    // X with all diagonals and the edges (0,1), (1,2), (2,3), (0,3) observed; scan X_02 on a fine grid (X_13 left free:
    // the pattern with the chord is chordal, λ* of it = min over its two triangles)
    const lmin3 = (A: number[][]) => {
      // λ_min of a symmetric 3×3 by bisection on the characteristic polynomial's sign (independent of Jacobi)
      const det = (t: number) => { const a = A.map((r, i) => r.map((x, j) => x - (i === j ? t : 0))); return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]); };
      let lo = -10, hi = Math.min(A[0][0], A[1][1], A[2][2]);
      // det(A − tI) > 0 for t < λ_min; find the first sign change
      for (let it = 0; it < 60; it++) { const mid = 0.5 * (lo + hi); if (det(mid) > 0 && [0, 1].every((s) => { const b = A.slice(0, s + 1).map((r) => r.slice(0, s + 1)); return s === 0 ? b[0][0] - mid > 0 : (b[0][0] - mid) * (b[1][1] - mid) - b[0][1] * b[1][0] > 0; })) lo = mid; else hi = mid; }
      return lo;
    };
    let cases = 0;
    for (const y of [[1, 1, 1, 1, 0.5, 0.5, 0.5, -0.5], [1, 1, 1, 1, 1, 1, 1, -1], [1, 0.5, 1, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1, 0.9, 0.9, 0.9, -0.9]]) {
      const X = new Float64Array(16).fill(NaN);
      for (let i = 0; i < 4; i++) X[i * 5] = y[i];
      const edges: [number, number][] = [[0, 1], [1, 2], [2, 3], [0, 3]];
      edges.forEach(([i, j], q) => { X[i * 4 + j] = X[j * 4 + i] = y[4 + q]; });
      const got = completionLambdaStar(ir, matrix(4, 4, X)).lambdaStar;
      let best = -Infinity;
      for (let w = -1.5; w <= 1.5; w += 1e-3) {
        const g = (i: number, j: number) => (i === j ? y[i] : (i === 0 && j === 2) || (i === 2 && j === 0) ? w : X[i * 4 + j]);
        const t1 = lmin3([0, 1, 2].map((i) => [0, 1, 2].map((j) => g(i, j))));
        const t2 = lmin3([0, 2, 3].map((i) => [0, 2, 3].map((j) => g(i, j))));
        best = Math.max(best, Math.min(t1, t2));
      }
      expect(Math.abs(got - best), `y = ${y}`).toBeLessThanOrEqual(1e-3);
      expect(got).toBeGreaterThanOrEqual(best - 1e-9);
      cases++;
    }
    expect(cases).toBe(4);
  });

  it('4×4, k = 5 … 8: the minimum trace equals the general SDP solver\'s (solveSDP, cold start) on a sample, and its infeasible / unattained verdicts are never "optimal" there', () => {
    let optimal = 0, infeasible = 0, unattained = 0;
    for (const k of [5, 6, 7, 8]) {
      const o = { alphas: [1], k: [k], tMax: 1e-9 };
      const [lo, hi] = censusRange(o);
      for (let s = 0; s < 6; s++) {
        const start = lo + Math.floor(((hi - lo - 200) * (2 * s + 1)) / 12);
        const r = runCensus(ir, start, 200, o);
        for (let q = 0; q < 200; q += 7) {
          const f = rec(r, q, 0, 1);
          const inst = censusInstance(o, start + q);
          const op = { kind: 'entry' as const, n: 4, m: k, rows: Int32Array.from(inst.entries.map((e) => e[0])), cols: Int32Array.from(inst.entries.map((e) => e[1])) };
          if (f[5] === CENSUS_STATUS.infeasible) {
            if (infeasible >= 40) continue;
            const sd = minNuclearNorm(ir, { A: op, y: inst.values }, { maxIter: 20_000 });
            expect(sd.status, `infeasible #${start + q}`).not.toBe('optimal');
            infeasible++;
          } else if (f[5] === CENSUS_STATUS.unattained) {
            if (unattained >= 10) continue;
            const sd = minNuclearNorm(ir, { A: op, y: inst.values }, { maxIter: 20_000 });
            expect(sd.status, `unattained #${start + q}`).not.toBe('optimal');
            unattained++;
          } else if (f[5] === 0 || f[5] === CENSUS_STATUS.tMax) {
            const sd = minNuclearNorm(ir, { A: op, y: inst.values }, { maxIter: 200_000, tol: 1e-10 });
            if (sd.status !== 'optimal') continue; // the general solver stalls on some borderline instances (no facial reduction)
            expect(Math.abs(sd.value - f[2]), `#${start + q}`).toBeLessThanOrEqual(1e-6 * Math.max(1, f[2]));
            optimal++;
          }
        }
      }
    }
    expect(optimal).toBeGreaterThan(20);
    expect(infeasible).toBeGreaterThan(20);
  });

  it('no false positives: a random search over completions finds a PSD one for no instance called infeasible', () => {
    // free off-diagonals uniform in [−2, 2], free diagonals 50: any PSD hit would contradict the certificate
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    let tested = 0;
    const o = { alphas: [1], k: [5], tMax: 1e-9 };
    const [lo] = censusRange(o);
    const r = runCensus(ir, lo, 3000, o);
    for (let q = 0; q < 3000 && tested < 60; q += 17) {
      if (rec(r, q, 0, 1)[5] !== CENSUS_STATUS.infeasible) continue;
      const inst = censusInstance(o, lo + q);
      for (let t = 0; t < 300; t++) {
        const X = new Float64Array(16);
        for (let i = 0; i < 4; i++) for (let j = i; j < 4; j++) X[i * 4 + j] = X[j * 4 + i] = i === j ? 50 : 4 * rnd() - 2;
        inst.entries.forEach(([i, j], p) => { X[i * 4 + j] = X[j * 4 + i] = inst.values[p]; });
        expect(ir.eigh(matrix(4, 4, X)).values[0], `#${lo + q}`).toBeLessThan(0);
      }
      tested++;
    }
    expect(tested).toBe(60);
  });
});

describe('4×4 flows', () => {
  it('flow4 follows the general flow (Jacobian column by column through the operator) from the same U0: same status, limits to 1e-8', () => {
    const o = { alphas: [1e-3], k: [6] };
    const [lo] = censusRange(o);
    // feasible instances of the k = 6 block, found by the exact part alone (tMax tiny), spread over its masks
    const ids: number[] = [];
    for (let rank = 0; rank < 17 && ids.length < 25; rank += 2) {
      const start = lo + rank * 15_625 + 7_000;
      const ex = runCensus(ir, start, 300, { ...o, tMax: 1e-9 });
      for (let q = 0; q < 300 && ids.length < 3 * (rank / 2 + 1); q += 3) if (rec(ex, q, 0, 1)[5] >= 0) ids.push(start + q);
    }
    let compared = 0;
    for (const id of ids) {
      const f = runCensus(ir, id, 1, o);
      if (f[5] !== 0) continue;
      const inst = censusInstance(o, id);
      const U0 = censusInitialU(ir, o, id, 0, 1e-3);
      const op = { kind: 'entry' as const, n: 4, m: 6, rows: Int32Array.from(inst.entries.map((e) => e[0])), cols: Int32Array.from(inst.entries.map((e) => e[1])) };
      const g = gradientFlow(ir, { op, y: inst.values, init: { kind: 'given', U: U0 }, tMax: 1e12, gtol: 1e-13, qtol: 1e-10, rtol: 1e-10, atol: 1e-13 });
      expect(g.status).toBe('converged');
      expect(Math.abs(g.trace - f[3]), `#${id}`).toBeLessThanOrEqual(1e-8 * g.trace);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  });

  it('records do not depend on how a range is split into calls (the SDP\'s warm-start chains restart inside a call)', () => {
    const o = { alphas: [1e-3, 1], k: [5], tMax: 50 };
    const [lo] = censusRange(o);
    const start = lo + 7 * 3125 + 1200;
    const whole = runCensus(ir, start, 60, o);
    const a = runCensus(ir, start, 23, o);
    const b = runCensus(ir, start + 23, 37, o);
    expect(Array.from(whole)).toEqual([...Array.from(a), ...Array.from(b)]);
  });

  it('censusSweep (one α per call, U0 keyed by the α\'s index) equals the instance\'s records with every α in one call', () => {
    const alphas = [1e-1, 1e-3, 1e-5];
    const o = { alphas, k: [6], tMax: 200 };
    const [lo] = censusRange(o);
    for (const id of [lo + 93_718, lo + 108_673]) { // feasible instances whose flows run (status 0)
      const r = runCensus(ir, id, 1, o);
      const rows = censusSweep(ir, o, id, alphas);
      expect(rows.map((w) => w.status)).toEqual([0, 0, 0]);
      expect(rows.map((w) => [w.trMin, w.trace, w.delta, w.status, w.nfev])).toEqual(alphas.map((_, a) => [2, 3, 4, 5, 7].map((f) => rec(r, 0, a, 3)[f])));
    }
  });

  it('runCensus stopped by its signal returns the records of the instances it finished: a prefix of the whole run\'s', () => {
    const o = { alphas: [1e-3, 1], k: [6], tMax: 200 };
    const start = censusRange(o)[0] + 93_718; // feasible: its SDP and flows run
    const whole = runCensus(ir, start, 20, o);
    // the kernel ticks between instances; the first tick (after instance 0) reports progress, which aborts
    const ctl = new AbortController();
    const part = runCensus(ir, start, 20, { ...o, signal: ctl.signal, onProgress: () => ctl.abort() });
    expect(part.length).toBe(2 * CENSUS_FIELDS);
    expect(Array.from(part)).toEqual(Array.from(whole.subarray(0, part.length)));
    const spent = runCensus(ir, start, 20, { ...o, timeBudget: 1e-6 });
    // the budget is checked from the first tick on (between instances: the SDP and flows inside one do not stop on
    // it), so one whole instance is always done
    expect(Array.from(spent)).toEqual(Array.from(whole.subarray(0, 2 * CENSUS_FIELDS)));
    expect(whole[5]).toBe(CENSUS_STATUS.converged); // that instance ran its SDP and its flows
  });

  it('censusSweep stopped between α returns the rows it finished', () => {
    const alphas = [1e-1, 1e-3, 1e-5, 1e-7];
    const o = { alphas, k: [6], tMax: 200 };
    const id = censusRange(o)[0] + 93_718;
    const all = censusSweep(ir, o, id, alphas);
    const ctl = new AbortController();
    // progress is reported at most every 100 ms: the first report (before α 0) waits that out, so the next check
    // (after α 0) reports again and aborts
    const onProgress = (p: { done: number }): void => {
      if (p.done === 0) { const t = performance.now(); while (performance.now() < t + 110); } else ctl.abort();
    };
    const rows = censusSweep(ir, { ...o, signal: ctl.signal, onProgress }, id, alphas);
    expect(rows).toEqual(all.slice(0, 1));
    expect(() => censusSweep(ir, { ...o, signal: ctl.signal }, id, alphas)).toThrow(/censusSweep: the signal was aborted before the run started/);
  });

  it('U0: n×n, ‖U0‖_F = α, keyed by (seed, local id, α index)', () => {
    const o = { alphas: [1e-3] };
    const id = censusRange(o)[0] + 777;
    const u = censusInitialU(ir, o, id, 0, 1e-3);
    expect([u.rows, u.cols]).toEqual([4, 4]);
    expect(Math.abs(Math.hypot(...u.data) - 1e-3)).toBeLessThanOrEqual(1e-18);
    expect(Array.from(censusInitialU(ir, { ...o, seed: 1 }, id, 0, 1e-3).data)).not.toEqual(Array.from(u.data));
    expect(Array.from(censusInitialU(ir, o, id, 1, 1e-3).data)).not.toEqual(Array.from(u.data));
  });

  it('an all-zero instance is recorded as X_min = 0 (Δ undefined), not flowed; a zero diagonal with a nonzero entry in its row as unattained', () => {
    const o = { alphas: [1], k: [4], tMax: 1e-9 };
    const L = censusLayout(4, 5, 'orbits');
    // rank 0 is the mask (0,0), (1,1), (2,2), (3,3): digit 2 is the value 0
    const zero = L.blocks[4].offset + 2 * 125 + 2 * 25 + 2 * 5 + 2;
    expect(censusInstance(o, zero).values).toEqual([0, 0, 0, 0]);
    expect(rec(runCensus(ir, zero, 1, o), 0, 0, 1)[5]).toBe(CENSUS_STATUS.zeroTrace);
    // mask rank 3 = (0,0), (1,1), (0,1), (0,2): X_00 = 0 with X_01 = 0 and X_02 = 1/2 (index 2 free): unattained
    const m = L.blocks[4].masks[3];
    expect(m).toEqual([0, 1, 4, 5]);
    const id = L.blocks[4].offset + 3 * 625 + 2 * 125 + 4 * 25 + 2 * 5 + 3;
    expect(censusInstance(o, id).values).toEqual([0, 1, 0, 0.5]);
    const f = rec(runCensus(ir, id, 1, o), 0, 0, 1);
    expect([f[0], f[1], f[5]]).toEqual([1, 1, CENSUS_STATUS.unattained]);
  });

  it('n = 3, k = 4 with a zero diagonal: where the closed forms see no minimum (tr = +∞) but a PSD completion exists, the general path finds it', () => {
    // (0,0) = 0, (1,1) = ½, (0,1) = 0, (0,2) = 0: X = diag(0, ½, 0) is a completion (trace ½); the closed forms
    // report tr X_min = +∞ for any zero diagonal (case b2 with X_00 = 0), right only when its row is not zero
    expect(completion3([0, 1, 3, 4], [0, 0.5, 0, 0]).minTrace).toBe(Infinity);
    const o = { n: 3, values: [...FIVE_VALUES], k: [4], masks: 'all' as const, alphas: [1e-3] };
    const L = censusLayout(3, 5, 'all');
    const rank = L.blocks[4].masks.findIndex((m) => m.join(',') === '0,1,3,4');
    const id = L.blocks[4].offset + rank * 625 + 2 * 125 + 3 * 25 + 2 * 5 + 2;
    expect(censusInstance(o, id).values).toEqual([0, 0.5, 0, 0]);
    const f = runCensus(ir, id, 1, o);
    expect([f[0], f[1], f[5]]).toEqual([1, 1, 0]);
    expect(Math.abs(f[2] - 0.5)).toBeLessThanOrEqual(1e-8);
    expect(entryIndex(3, 0, 2)).toBe(4);
  });
});
