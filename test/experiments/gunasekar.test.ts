// G-fig1-2, G-fig3, G-fig4 (Gunasekar et al. 2017) at the 'tiny' scale through reproduce(): results.json valid
// against the schema, figures written, invariants that hold whatever the dynamics do (every fitted solution's
// trace ≥ the certified minimum), and the claims that are robust at this scale.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type Kernels } from '../../src/node.js';
import { reproduce, resolveIds } from '../../src/experiments/reproduce.js';
import { reproduceTiny, type Written } from '../support/experiment-harness.js';
import { resultsSchema } from '../../src/experiments/schema.js';
import { GRID_FIELDS } from '../../src/grid/grid3.js';


const IDS = ['G-fig1-2', 'G-fig3', 'G-fig4'];
let ir: Kernels;
let out: string;
const res: Record<string, Written> = {};

beforeAll(async () => {
  ir = await init();
  out = mkdtempSync(join(tmpdir(), 'implicit-reg-gunasekar-'));
  Object.assign(res, await reproduceTiny(ir, out, IDS));
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Gunasekar experiments at the tiny scale', () => {
  it('results.json validates against the schema; SVG, Vega-Lite spec and CSV files exist; REPORT.md has a section each', () => {
    const validate = new Ajv({ allErrors: true }).compile(resultsSchema);
    for (const id of IDS) {
      validate(res[id]);
      expect(validate.errors ?? [], id).toEqual([]);
      expect(statSync(join(out, id, 'results.csv')).size).toBeGreaterThan(100);
      for (const f of res[id].figures) {
        expect(readFileSync(join(out, id, f.svg), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
        expect(JSON.parse(readFileSync(join(out, id, f.spec), 'utf8')).$schema).toMatch(/vega-lite/);
      }
    }
    const report = readFileSync(join(out, 'REPORT.md'), 'utf8');
    for (const id of IDS) expect(report).toContain(`## ${id}`);
  });

  it('G-fig1-2: the minimum nuclear norm recovers the rank-2 X* of setting (a) (≤ 1e-6); no fitted solution has a smaller nuclear norm than it', () => {
    const pts = res['G-fig1-2'].points;
    const min = (s: string) => pts.find((p) => p.setting === s && p.policy === 'min ‖X‖_*')!;
    // exact recovery of a rank-2 X* from m = 3nr Gaussian measurements (Recht, Fazel & Parrilo 2010); SDP tol 1e-8
    expect(min('a').relErr as number).toBeLessThanOrEqual(1e-6);
    for (const p of pts) {
      if (p.policy === 'min ‖X‖_*' || typeof p.train !== 'number' || p.train > 1e-8) continue; // fitted solutions only
      // a fitted X (L ≤ 1e-8·L(0)) is feasible to ~1e-4 relative, so its trace can undercut the minimum by that much
      expect(p.nuclear as number, `${p.setting} d=${p.d} ${p.policy}`).toBeGreaterThanOrEqual((min(p.setting as string).nuclear as number) * (1 - 1e-3));
    }
  });

  it('G-fig1-2: at d = n in setting (a), ‖U0‖_F = 1e-4 reconstructs X* (< 1e-2) and better than ‖U0‖_F = 1 does', () => {
    const pts = res['G-fig1-2'].points;
    const n = res['G-fig1-2'].config.n as number;
    const at = (policy: string) => pts.find((p) => p.setting === 'a' && p.d === n && p.policy === policy)!.relErr as number;
    expect(at('‖U0‖=1e-4, η')).toBeLessThan(1e-2);
    expect(at('‖U0‖=1e-4, η')).toBeLessThan(at('‖U0‖=1, η'));
  });

  it('G-fig3: halving GD\'s step never moves it away from the RK45 flow\'s solution; no solution is below the certified minimum', () => {
    const pts = res['G-fig3'].points;
    const panels = new Set(pts.map((p) => `${p.operator}|${p.setting}`));
    expect(panels.size).toBe(9);
    for (const key of panels) {
      const rows = pts.filter((p) => `${p.operator}|${p.setting}` === key);
      const nuc = (mth: string) => rows.find((p) => p.method === mth)!.nuclear as number;
      const flow = nuc('ODE (RK45)');
      // GD is a first-order discretization of the flow: its distance to the flow's limit is O(η) plus what the
      // shared stopping rule (L ≤ 1e-8·L(0)) leaves, ~1e-5 relative — so at η/2 it is no larger than at η
      expect(Math.abs(nuc('GD, η/2') - flow), key).toBeLessThanOrEqual(Math.abs(nuc('gradient descent') - flow) + 1e-5 * flow);
      const min = rows.find((p) => p.method === 'min ‖X‖_*')!;
      expect(min.status, key).toBe('optimal');
      // fitted to L ≤ 1e-8·L(0): feasible to ~1e-4 relative, so a trace may undercut the minimum by that much
      for (const mth of ['ODE (RK45)', 'time-ordered exp.', 'gradient descent', 'GD, η/2']) expect(nuc(mth), `${key} ${mth}`).toBeGreaterThanOrEqual((min.nuclear as number) * (1 - 1e-3));
    }
  });

  it('G-fig4: records, summary and sweep are consistent: histogram counts add up to the converged flows; sweep rows per worst instance', () => {
    const dir = join(out, 'G-fig4');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const buf = readFileSync(join(dir, 'records.bin'));
    const rec = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    const na = summary.alphas.length;
    expect(rec.length).toBe(summary.instances * na * GRID_FIELDS);
    for (const [a, s] of summary.alphas.entries()) {
      let conv = 0;
      for (let id = 0; id < summary.instances; id++) if (rec[(id * na + a) * GRID_FIELDS + 5] === 0) conv++;
      expect(s.converged).toBe(conv);
      expect(s.histogram.bins.reduce((x: number, y: number) => x + y, 0) + s.histogram.below + s.histogram.above).toBe(conv);
    }
    expect(summary.alphaSweep.length).toBeGreaterThan(0);
    expect(typeof summary.conclusion).toBe('string');
  });

  it('--resume reuses finished experiments: the second run re-runs nothing and reports the same claims', async () => {
    const t0 = performance.now();
    const again = await reproduce(['G-fig4'], { ir, out, scale: 'tiny', resume: true });
    expect(performance.now() - t0).toBeLessThan(res['G-fig4'].seconds * 1e3 + 2000);
    expect(again.results[0].claims).toEqual(res['G-fig4'].claims);
  });

  it('unknown experiment ids are refused with the list of known ones', () => {
    expect(() => resolveIds('G-fig9')).toThrow(/unknown experiment 'G-fig9'.*G-fig4/);
    expect(resolveIds('all')).toContain('G-fig1-2');
    expect(existsSync(join(out, 'REPORT.md'))).toBe(true);
  });
});
