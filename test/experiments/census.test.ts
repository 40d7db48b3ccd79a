// census-4x4 at the 'tiny' scale through reproduce(): results.json valid against the schema, figures written, the
// invariants the census guarantees whatever the flows do (every converged flow fitted the data: Δ ≥ −1e-7, counts
// consistent), the claims computed from the numbers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type Kernels } from '../../src/node.js';
import { reproduceTiny, type Written } from '../support/experiment-harness.js';
import { resultsSchema } from '../../src/experiments/schema.js';

let ir: Kernels;
let out: string;
let res: Written;

beforeAll(async () => {
  ir = await init();
  out = mkdtempSync(join(tmpdir(), 'implicit-reg-census-'));
  res = (await reproduceTiny(ir, out, ['census-4x4']))['census-4x4'];
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('census-4x4 at the tiny scale', () => {
  it('results.json validates; the histogram and the α sweep are written; REPORT.md has its section', () => {
    const validate = new Ajv({ allErrors: true }).compile(resultsSchema);
    validate(res);
    expect(validate.errors ?? []).toEqual([]);
    expect(res.figures.map((f) => f.name)).toEqual(['histogram', 'alpha-sweep']);
    for (const f of res.figures) expect(readFileSync(join(out, 'census-4x4', f.svg), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    expect(readFileSync(join(out, 'REPORT.md'), 'utf8')).toContain('## census-4x4');
  });

  it('per k and α: converged ≤ run, fractions in [0, 1]; the orbits add up to the k\'s instances', () => {
    const ks = res.points.filter((p) => p.kind === 'k');
    expect(ks.length).toBe(2); // k = 4, two α
    for (const p of ks) {
      expect(p.converged as number).toBeLessThanOrEqual(p.run as number);
      expect(p.within1e3 as number).toBeLessThanOrEqual(p.within1e2 as number);
      expect(p.within1e2 as number).toBeLessThanOrEqual(1);
    }
    const orbits = res.points.filter((p) => p.kind === 'orbit' && p.alpha === 1e-3);
    expect(orbits.reduce((s, p) => s + (p.instances as number), 0)).toBe(ks[0].instances);
    expect(ks[0].instances).toBe(1500);
  });

  it('the sweep rows are the worst instances\' Δ as α goes down; every converged flow fitted the data (Δ ≥ −1e-7)', () => {
    const sweep = res.points.filter((p) => p.kind === 'sweep');
    expect(sweep.length).toBe(4); // two instances × α ∈ {1e-3, 1e-6}
    for (const p of sweep) if (p.status === 'converged') expect(p.delta as number).toBeGreaterThanOrEqual(-1e-7);
    for (const p of res.points.filter((q) => q.kind === 'orbit' && typeof q.worstDelta === 'number')) expect(p.worstDelta as number).toBeGreaterThanOrEqual(-1e-7);
  });

  it('the claims are computed, with verdicts from the numbers', () => {
    expect(res.claims.length).toBeGreaterThanOrEqual(3);
    expect(res.claims.find((c) => /Conjecture/.test(c.claim))!.measured).toMatch(/2 instances swept from α = 0\.001 to 0\.000001/);
    for (const c of res.claims) expect(['reproduced', 'partly', 'not reproduced']).toContain(c.verdict);
  });
});
