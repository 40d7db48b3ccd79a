// Ratings (src/ratings.ts): the MovieLens u.data format, the held-out split, synthetic data and the asymmetric
// completion operator with its symmetric lift. References: literal lines of the format, counting, and the lift
// identity (WWᵀ)_{j, n1+k} = (UVᵀ)_jk checked through the plain-TS `measure`.
import { describe, expect, it } from 'vitest';
import {
  ImplicitRegError,
  Rng,
  asymmetricCompletion,
  formatRatings,
  liftAsymmetric,
  measure,
  parseRatings,
  splitHeldOut,
  syntheticRatings,
  type Matrix,
  type Ratings,
} from '../../src/node.js';

// the first lines of MovieLens 100k u.data
const SAMPLE = '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n244\t51\t2\t880606923\n166\t346\t1\t886397596\n';

function thrown(fn: () => unknown): ImplicitRegError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImplicitRegError);
    return e as ImplicitRegError;
  }
  throw new Error('expected an ImplicitRegError, nothing was thrown');
}

const keys = (r: Ratings): string[] => Array.from(r.user, (u, t) => `${u},${r.item[t]}`);

function gaussian(seed: number, rows: number, cols: number): Matrix {
  const g = new Rng(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => g.gaussian()) };
}

describe('parseRatings / formatRatings', () => {
  it('parses u.data lines into 1-based ids, ratings and timestamps', () => {
    const r = parseRatings(SAMPLE);
    expect(r.count).toBe(5);
    expect(Array.from(r.user)).toEqual([196, 186, 22, 244, 166]);
    expect(Array.from(r.item)).toEqual([242, 302, 377, 51, 346]);
    expect(Array.from(r.rating)).toEqual([3, 3, 1, 2, 1]);
    expect(r.timestamp[0]).toBe(881250949);
  });

  it('tolerates a missing trailing newline, \\r\\n endings and trailing blank lines', () => {
    const base = parseRatings(SAMPLE);
    for (const text of [SAMPLE.trimEnd(), SAMPLE.replace(/\n/g, '\r\n'), `${SAMPLE}\n\n`, SAMPLE.replace(/\t/g, ' ')]) {
      const r = parseRatings(text);
      expect(keys(r)).toEqual(keys(base));
      expect(Array.from(r.rating)).toEqual(Array.from(base.rating));
    }
    expect(parseRatings('').count).toBe(0);
  });

  it('round trip: formatRatings(parseRatings(text)) === text for synthetic data and the sample', () => {
    expect(formatRatings(parseRatings(SAMPLE))).toBe(SAMPLE);
    const text = syntheticRatings({ users: 40, items: 60, perUser: 25, seed: 3 });
    expect(formatRatings(parseRatings(text))).toBe(text);
    expect(formatRatings(parseRatings('1\t2\t3.5\t0\n'))).toBe('1\t2\t3.5\t0\n');
  });
});

describe('malformed input: ImplicitRegError naming the line', () => {
  const cases: [string, string, RegExp][] = [
    ['3 fields', '1\t2\t3\t4\n5\t6\t7\n', /^parseRatings: line 2: expected 4 fields .*found 3, got "5\\t6\\t7"/],
    ['5 fields', '1\t2\t3\t4\t5\n', /^parseRatings: line 1: expected 4 fields .*found 5/],
    ['user id 0', '0\t2\t3\t4\n', /^parseRatings: line 1: user id must be an integer in \[1, 2147483647\]/],
    ['user id not an integer', '1.5\t2\t3\t4\n', /^parseRatings: line 1: user id must be/],
    ['item id negative', '1\t-2\t3\t4\n', /^parseRatings: line 1: item id must be/],
    ['rating not a number', '1\t2\tfive\t4\n', /^parseRatings: line 1: rating must be a finite number, got "1\\t2\\tfive\\t4"/],
    ['rating NaN', '1\t2\tNaN\t4\n', /^parseRatings: line 1: rating must be a finite number/],
    ['timestamp negative', '1\t2\t3\t-4\n', /^parseRatings: line 1: timestamp must be a non-negative integer/],
    ['duplicate (user, item)', '1\t2\t3\t4\n3\t2\t3\t4\n1\t2\t5\t9\n', /^parseRatings: line 3: duplicate rating of item 2 by user 1 \(first on line 1\)/],
    ['a blank line does not shift the line count', '1\t2\t3\t4\n\nx\t2\t3\t4\n', /^parseRatings: line 3: user id/],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      expect(thrown(() => parseRatings(text)).message).toMatch(message);
    });
  }
});

describe('syntheticRatings', () => {
  it('deterministic; another seed differs', () => {
    const a = syntheticRatings({ users: 30, items: 50, perUser: 20, seed: 1 });
    expect(syntheticRatings({ users: 30, items: 50, perUser: 20, seed: 1 })).toBe(a);
    expect(syntheticRatings({ users: 30, items: 50, perUser: 20, seed: 2 })).not.toBe(a);
  });

  it('every user 1…U rates exactly perUser distinct items in 1…I, with integer ratings 1…5 using the whole scale', () => {
    const r = parseRatings(syntheticRatings({ users: 50, items: 80, perUser: 30, seed: 4 }));
    expect(r.count).toBe(1500);
    const perUser = new Map<number, Set<number>>();
    const levels = new Set<number>();
    for (let t = 0; t < r.count; t++) {
      const s = perUser.get(r.user[t]) ?? new Set<number>();
      s.add(r.item[t]);
      perUser.set(r.user[t], s);
      expect(r.item[t] >= 1 && r.item[t] <= 80).toBe(true);
      expect(Number.isInteger(r.rating[t]) && r.rating[t] >= 1 && r.rating[t] <= 5).toBe(true);
      levels.add(r.rating[t]);
    }
    expect([...perUser.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const s of perUser.values()) expect(s.size).toBe(30);
    expect(levels.size).toBe(5);
  });

  it('bad perUser > items throws naming perUser', () => {
    expect(thrown(() => syntheticRatings({ users: 2, items: 3, perUser: 4, seed: 0 })).message).toMatch(/^syntheticRatings: argument perUser must be an integer in \[1, items = 3\], got 4/);
  });
});

describe('splitHeldOut', () => {
  // users with 12 ratings, except user 2 (k = 10 ratings exactly) and user 5 (3 ratings)
  function data(): Ratings {
    const lines: string[] = [];
    for (let u = 1; u <= 8; u++) {
      const count = u === 2 ? 10 : u === 5 ? 3 : 12;
      for (let i = 1; i <= count; i++) lines.push(`${u}\t${(7 * i + u) % 40 + 1}\t${(i % 5) + 1}\t${1000 + i}`);
    }
    return parseRatings(lines.join('\n'));
  }

  it('exactly k held out per user with more than k ratings; users with ≤ k keep all in train', () => {
    const r = data();
    const { train, test } = splitHeldOut(r, { perUser: 10, seed: 0 });
    const count = (x: Ratings, u: number): number => x.user.filter((v) => v === u).length;
    for (let u = 1; u <= 8; u++) {
      if (u === 2 || u === 5) {
        expect(count(test, u)).toBe(0);
        expect(count(train, u)).toBe(u === 2 ? 10 : 3);
      } else {
        expect(count(test, u)).toBe(10);
        expect(count(train, u)).toBe(2);
      }
    }
  });

  it('train and test are disjoint, their union is the input, and each keeps the input order', () => {
    const r = data();
    const { train, test } = splitHeldOut(r, { perUser: 4, seed: 1 });
    const all = keys(r);
    const tr = keys(train);
    const te = keys(test);
    expect(tr.filter((k) => te.includes(k))).toEqual([]);
    expect([...tr, ...te].sort()).toEqual([...all].sort());
    const pos = (k: string): number => all.indexOf(k);
    for (const part of [tr, te]) for (let i = 1; i < part.length; i++) expect(pos(part[i])).toBeGreaterThan(pos(part[i - 1]));
    // ratings and timestamps travel with their (user, item)
    for (let t = 0; t < test.count; t++) expect(test.rating[t]).toBe(r.rating[pos(te[t])]);
  });

  it('deterministic; another seed gives another split', () => {
    const r = data();
    const a = splitHeldOut(r, { perUser: 5, seed: 7 });
    expect(keys(splitHeldOut(r, { perUser: 5, seed: 7 }).test)).toEqual(keys(a.test));
    expect(keys(splitHeldOut(r, { perUser: 5, seed: 8 }).test)).not.toEqual(keys(a.test));
  });

  it("a user's held-out set does not depend on the other users in the data", () => {
    const r = data();
    const only3 = parseRatings(formatRatings(r).split('\n').filter((l) => l.startsWith('3\t')).join('\n'));
    const a = keys(splitHeldOut(r, { perUser: 5, seed: 9 }).test).filter((k) => k.startsWith('3,'));
    expect(keys(splitHeldOut(only3, { perUser: 5, seed: 9 }).test)).toEqual(a);
  });

  it('perUser = 0 keeps everything in train; bad perUser throws naming it', () => {
    const r = data();
    const { train, test } = splitHeldOut(r, { perUser: 0, seed: 0 });
    expect([train.count, test.count]).toEqual([r.count, 0]);
    expect(thrown(() => splitHeldOut(r, { perUser: -1, seed: 0 })).message).toMatch(/^splitHeldOut: argument perUser must be an integer ≥ 0, got -1/);
  });
});

describe('asymmetricCompletion and liftAsymmetric', () => {
  it('rows/cols are 0-based user/item indices and y the ratings; n1, n2 default to the largest ids', () => {
    const op = asymmetricCompletion(parseRatings(SAMPLE));
    expect([op.kind, op.n1, op.n2, op.m]).toEqual(['entry-asym', 244, 377, 5]);
    expect(Array.from(op.rows)).toEqual([195, 185, 21, 243, 165]);
    expect(Array.from(op.cols)).toEqual([241, 301, 376, 50, 345]);
    expect(Array.from(op.y)).toEqual([3, 3, 1, 2, 1]);
    expect(asymmetricCompletion(parseRatings(SAMPLE), 943, 1682).n2).toBe(1682);
  });

  it('an id beyond n1 throws naming n1', () => {
    expect(thrown(() => asymmetricCompletion(parseRatings(SAMPLE), 100, 400)).message).toMatch(/^asymmetricCompletion: argument n1 must be an integer ≥ the largest user id 244/);
  });

  it('lift: n = n1 + n2, rows < cols, and ⟨A_i, WWᵀ⟩ = (UVᵀ)_jk for W = [U; V] (through measure on both sides)', () => {
    const ratings = parseRatings(syntheticRatings({ users: 12, items: 9, perUser: 5, seed: 5 }));
    const op = asymmetricCompletion(ratings);
    const sym = liftAsymmetric(op);
    expect([sym.kind, sym.n, sym.m]).toEqual(['entry', op.n1 + op.n2, op.m]);
    for (let t = 0; t < sym.m; t++) {
      expect(sym.rows[t]).toBe(op.rows[t]);
      expect(sym.cols[t]).toBe(op.cols[t] + op.n1);
      expect(sym.rows[t]).toBeLessThan(sym.cols[t]);
    }
    expect(Array.from(sym.y ?? [])).toEqual(Array.from(op.y));
    const d = 3;
    const U = gaussian(1, op.n1, d);
    const V = gaussian(2, op.n2, d);
    const n = op.n1 + op.n2;
    const W = { rows: n, cols: d, data: Float64Array.from([...U.data, ...V.data]) };
    const wwt: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) wwt.data[i * n + j] += W.data[i * d + c] * W.data[j * d + c];
    const uvt: Matrix = { rows: op.n1, cols: op.n2, data: new Float64Array(op.n1 * op.n2) };
    for (let i = 0; i < op.n1; i++) for (let j = 0; j < op.n2; j++) for (let c = 0; c < d; c++) uvt.data[i * op.n2 + j] += U.data[i * d + c] * V.data[j * d + c];
    const ySym = measure(sym, wwt);
    const yAsym = measure(op, uvt);
    for (let t = 0; t < op.m; t++) expect(Math.abs(ySym[t] - yAsym[t])).toBeLessThanOrEqual(1e-15 * (Math.abs(yAsym[t]) + 1));
  });
});
