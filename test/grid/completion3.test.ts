// The exact 3×3 completion solver (src/completion3.ts) against the SDP solver on 2000 grid instances, and its
// minimizers checked directly (PSD, matching the observations, trace = minTrace).
import { beforeAll, describe, expect, it } from 'vitest';
import { completion3, ENTRIES3, GRID_MASKS, GRID_VALUES, gridInstance } from '../../src/grid/completion3.js';
import { init, minNuclearNorm, matrix, type Kernels } from '../../src/node.js';

let ir: Kernels;
beforeAll(async () => {
  ir = await init();
});

describe('the grid (docs/algorithms/grid.md)', () => {
  it('values are ±1/9, ±3/9, …, ±1, symmetric under negation exactly', () => {
    expect(GRID_VALUES.length).toBe(10);
    for (let k = 0; k < 10; k++) expect(GRID_VALUES[k]).toBe(-GRID_VALUES[9 - k]);
    expect(GRID_VALUES[0]).toBe(-1);
  });
  it('15 masks in itertools.combinations order', () => {
    expect(GRID_MASKS.length).toBe(15);
    expect(GRID_MASKS[0]).toEqual([0, 1, 2, 3]);
    expect(GRID_MASKS[14]).toEqual([2, 3, 4, 5]);
  });
  it('instance ids decode first-observed-slowest', () => {
    expect(gridInstance(31234)).toMatchObject({ mask: 3, k: [1, 2, 3, 4] });
  });
});

describe('completion3 against the SDP solver on 2000 grid instances', () => {
  it('feasibility agrees on every non-borderline instance and min traces agree to 1e-6', () => {
    let compared = 0;
    let borderline = 0;
    let feasible = 0;
    for (let id = 0; id < 150000; id += 75) {
      const g = gridInstance(id);
      const exact = completion3(g.observed, g.values);
      if (exact.borderline) {
        borderline++;
        continue;
      }
      const rows = Int32Array.from(g.observed.map((e) => ENTRIES3[e][0]));
      const cols = Int32Array.from(g.observed.map((e) => ENTRIES3[e][1]));
      const r = minNuclearNorm(ir, { A: { kind: 'entry', n: 3, m: 4, rows, cols }, y: g.values });
      compared++;
      if (exact.feasible) {
        feasible++;
        expect(r.status, `instance ${id}`).toBe('optimal');
        // the SDP's tol 1e-8 on relative residuals bounds its value error well inside 1e-6
        expect(Math.abs(r.value - exact.minTrace), `instance ${id}`).toBeLessThanOrEqual(1e-6);
      } else {
        // exact (a Farkas certificate, e.g. a negative observed diagonal entry) or heuristic (evidence ε ≤ 1e-3 with
        // the primal residual stalled): both say infeasible, with no value
        expect(['infeasible', 'likelyInfeasible'], `instance ${id}`).toContain(r.status);
        expect(r.value, `instance ${id}`).toBeNaN();
        if (r.status === 'likelyInfeasible') expect(r.evidence, `instance ${id}`).toBeLessThanOrEqual(1e-3);
      }
    }
    expect(compared + borderline).toBe(2000);
    expect(feasible).toBeGreaterThan(100);
  });

  it('every minimizer is PSD (λ_min ≥ −1e-12·scale), matches the observed entries and has trace = minTrace', () => {
    for (let id = 7; id < 150000; id += 61) {
      const g = gridInstance(id);
      const c = completion3(g.observed, g.values);
      if (!c.feasible || c.borderline) continue;
      g.observed.forEach((e, i) => {
        const [a, b] = ENTRIES3[e];
        expect(c.X[a * 3 + b]).toBe(g.values[i]);
        expect(c.X[b * 3 + a]).toBe(g.values[i]);
      });
      expect(c.X[0] + c.X[4] + c.X[8]).toBe(c.minTrace);
      const lmin = ir.eigh(matrix(3, 3, c.X)).values[0];
      expect(lmin, `instance ${id}`).toBeGreaterThanOrEqual(-1e-12 * Math.max(1, c.minTrace));
    }
  });
});
