// G-movielens (Gunasekar et al. 2017, Fig. 3(iv)) at the 'tiny' scale through reproduce(), on the seeded synthetic
// ratings and on a user-given u.data file: results.json valid against the schema, figures written, invariants of the
// solutions, the claims robust at this scale; its nuclear norm, error and block helpers against closed forms.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, parseRatings, syntheticRatings, type Kernels } from '../../src/node.js';
import { reproduceTiny, type Row, type Written } from '../support/experiment-harness.js';
import { resultsSchema } from '../../src/experiments/schema.js';
import { nuclearNorm, ratingsBlock, relativeError } from '../../src/experiments/g-movielens.js';
import { Rng, mat, mgsQ, gaussMatrix, naiveMatmul, diag } from '../support/helpers.js';


let ir: Kernels;
let out: string;
let synth: Written;
let given: Written;

beforeAll(async () => {
  ir = await init();
  out = mkdtempSync(join(tmpdir(), 'implicit-reg-movielens-'));
  synth = (await reproduceTiny(ir, join(out, 'synthetic'), ['G-movielens']))['G-movielens'];
  // a user's file with more users and items than the tiny block: it is cut to the most active ones
  const file = join(out, 'u.data');
  writeFileSync(file, syntheticRatings({ users: 30, items: 45, perUser: 22, seed: 99 }));
  given = (await reproduceTiny(ir, join(out, 'given'), ['G-movielens'], { ratings: file }))['G-movielens'];
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const final = (w: Written, s: string) => w.points.find((p) => p.kind === 'final' && p.solution === s)!;

describe('G-movielens at the tiny scale', () => {
  it('results.json validates against the schema; SVG, Vega-Lite spec and CSV files exist', () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(resultsSchema);
    for (const [dir, w] of [['synthetic', synth], ['given', given]] as const) {
      validate(w);
      expect(validate.errors ?? [], dir).toEqual([]);
      expect(statSync(join(out, dir, 'G-movielens', 'results.csv')).size).toBeGreaterThan(100);
      expect(w.figures.map((f) => f.name)).toEqual(['errors', 'nuclear-norm']);
      for (const f of w.figures) {
        expect(readFileSync(join(out, dir, 'G-movielens', f.svg), 'utf8')).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
        expect(JSON.parse(readFileSync(join(out, dir, 'G-movielens', f.spec), 'utf8')).$schema).toMatch(/vega-lite/);
      }
    }
  });

  it('without --ratings: writes the seeded synthetic file in u.data format and says so in notes and claims', () => {
    const file = join(out, 'synthetic', 'G-movielens', 'synthetic-u.data');
    expect(existsSync(file)).toBe(true);
    expect(parseRatings(readFileSync(file, 'utf8')).count).toBe(20 * 20);
    expect(synth.notes[0]).toMatch(/synthetic/);
    for (const c of synth.claims) expect(c.claim).toMatch(/SYNTHETIC/);
  });

  it('with --ratings: reads the file, cuts it to the tiny block, and names the file', () => {
    expect(existsSync(join(out, 'given', 'G-movielens', 'synthetic-u.data'))).toBe(false);
    expect(given.config.n1).toBe(20);
    expect(given.config.n2).toBe(30);
    expect(given.notes.join(' ')).toMatch(/u\.data/);
    expect(given.notes.join(' ')).toMatch(/most active users/);
  });

  it('GD reaches the fit (< 1e-2), the SDP is certified, and ‖X‖_* ≤ ½‖W‖_F² along GD', () => {
    for (const w of [synth, given]) {
      const gd = final(w, 'gradient descent');
      expect(gd.status).toBe('converged');
      expect(gd.trainError as number).toBeLessThan(1e-2);
      const mn = final(w, 'min nuclear norm');
      expect(mn.status).toBe('optimal');
      expect(mn.primalResidual as number).toBeLessThanOrEqual(1e-8);
      expect(Math.abs((mn.nuclearNorm as number) - (mn.sdpValue as number))).toBeLessThanOrEqual(1e-5 * (mn.sdpValue as number));
      for (const p of w.points.filter((x) => x.kind === 'gd' && typeof x.nuclearNorm === 'number')) {
        expect(p.nuclearNorm as number).toBeLessThanOrEqual((p.halfFrobenius as number) * (1 + 1e-9));
      }
      expect(final(w, 'X_gd (zero-filled)').testError).toBe(1);
    }
  });

  it('claims robust at this scale: GD\'s nuclear norm within 25% of the minimum, far below X_gd\'s, and its test error below X_gd\'s', () => {
    for (const w of [synth, given]) {
      const gd = final(w, 'gradient descent'), mn = final(w, 'min nuclear norm'), zf = final(w, 'X_gd (zero-filled)');
      expect(Math.abs((gd.nuclearNorm as number) / (mn.nuclearNorm as number) - 1)).toBeLessThan(0.25);
      expect(gd.nuclearNorm as number).toBeLessThan(zf.nuclearNorm as number);
      expect(gd.testError as number).toBeLessThan(0.7);
      expect(w.claims[0].verdict).not.toBe('not reproduced');
    }
  });
});

describe('G-movielens helpers against closed forms', () => {
  // X = Q1 diag(s) Q2ᵀ with orthonormal Q1 (6×k), Q2 (9×k): ‖X‖_* = Σs; Xᵀ too
  const build = (s: number[], seed: number) => {
    const rng = new Rng(seed);
    const q1 = mgsQ(mgsQ(gaussMatrix(rng, 6, s.length)));
    const q2 = mgsQ(mgsQ(gaussMatrix(rng, 9, s.length)));
    const X = naiveMatmul(naiveMatmul(q1, diag(s)), q2, false, true);
    return { X, Xt: mat(9, 6, Array.from({ length: 54 }, (_, k) => X.data[(k % 6) * 9 + Math.floor(k / 6)])), sum: s.reduce((a, b) => a + b, 0) };
  };

  it('nuclearNorm of a full-rank Q1 diag(s) Q2ᵀ is Σs to 1e-9 (wide and tall)', () => {
    const { X, Xt, sum } = build([5, 2, 1, 0.5, 0.1, 1e-2], 7);
    expect(Math.abs(nuclearNorm(ir, X) - sum)).toBeLessThanOrEqual(1e-9 * sum);
    expect(Math.abs(nuclearNorm(ir, Xt) - sum)).toBeLessThanOrEqual(1e-9 * sum);
  });

  it('rank-deficient X: zero singular values add only rounding (the dilation\'s eigenvalues, ~nε·σ₁ each)', () => {
    const s = [5, 2, 1, 0.5];
    const { X, Xt, sum } = build(s, 8);
    const bound = 1e-12 * sum; // the Gram's square root would allow √(nε)·σ₁ ≈ 2e-7 per zero singular value
    expect(Math.abs(nuclearNorm(ir, X) - sum)).toBeLessThanOrEqual(bound);
    expect(Math.abs(nuclearNorm(ir, Xt) - sum)).toBeLessThanOrEqual(bound);
  });

  it('relativeError is ‖P(X) − y‖/‖y‖ over the listed ratings', () => {
    const r = parseRatings('1\t1\t3\t0\n2\t3\t4\t0\n');
    const X = mat(2, 3, [3, 0, 0, 0, 0, 1]); // exact on (1,1), off by 3 on (2,3)
    expect(relativeError(X, r)).toBeCloseTo(3 / 5, 15);
  });

  it('ratingsBlock keeps the most active users and their most rated items, renumbered from 1', () => {
    // user 5: 3 ratings, user 9: 2, user 2: 1; items 40 (3 raters), 7 (2), 8 (1)
    const r = parseRatings('5\t40\t1\t0\n5\t7\t2\t0\n5\t8\t3\t0\n9\t40\t4\t0\n9\t7\t5\t0\n2\t40\t1\t0\n');
    const b = ratingsBlock(r, 2, 2);
    expect(b.count).toBe(4);
    expect(Array.from(b.user)).toEqual([1, 1, 2, 2]); // 5 → 1, 9 → 2
    expect(Array.from(b.item)).toEqual([2, 1, 2, 1]); // 7 → 1, 40 → 2
    expect(Array.from(b.rating)).toEqual([1, 2, 4, 5]);
    expect(ratingsBlock(r).count).toBe(6);
  });
});
